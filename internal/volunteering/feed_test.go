package volunteering_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/volunteering"
)

type rpdePage struct {
	Next    string                  `json:"next"`
	License string                  `json:"license"`
	Items   []volunteering.FeedItem `json:"items"`
}

// walkFeed follows the sessions feed from the start, page by page, checking RPDE 1.0's rules,
// and returns its items in order.
func walkFeed(t *testing.T, c *apptest.Client, base, first string) []volunteering.FeedItem {
	t.Helper()
	var all []volunteering.FeedItem
	url := first
	for pages := 0; pages < 100; pages++ {
		r := c.Get(url)
		apptest.MustStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Fatalf("content type %q", ct)
		}
		var p rpdePage
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
			t.Fatal(err)
		}
		if p.Next == "" || p.License == "" {
			t.Fatalf("page lacks next or license: %s", r.Body)
		}
		for _, it := range p.Items {
			if it.Kind != "ScheduledSession" || it.ID == "" || (it.State != "updated" && it.State != "deleted") {
				t.Fatalf("bad item %+v", it)
			}
			if (it.State == "updated") != (it.Data != nil) {
				t.Fatalf("data present exactly when updated: %+v", it)
			}
			if n := len(all); n > 0 {
				prev := all[n-1]
				if it.Modified < prev.Modified || (it.Modified == prev.Modified && it.ID <= prev.ID) {
					t.Fatalf("items out of (modified, id) order: %+v after %+v", it, prev)
				}
			}
			all = append(all, it)
		}
		if len(p.Items) == 0 {
			if p.Next != base+url {
				t.Fatalf("last page's next %q is not its own address %q", p.Next, base+url)
			}
			if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=8" {
				t.Errorf("last page cache %q", cc)
			}
			return all
		}
		if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
			t.Errorf("page cache %q", cc)
		}
		url = p.Next[len(base):]
	}
	t.Fatal("the feed did not end")
	return nil
}

// The sessions feed is an RPDE 1.0 change feed: every shift once, in (modified, id) order;
// a change moves a shift to the end; the last page points at itself.
func TestSessionsFeedFollowsRPDE(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
		var shifts []volunteering.Shift
		for i := 0; i < 5; i++ {
			shifts = append(shifts, w.shift(t, o.Roles[0].ID, time.Duration(48+24*i)*time.Hour, 1, 3))
		}
		c := a.Client(t)
		items := walkFeed(t, c, a.URL, "/feeds/volunteering-sessions?limit=2")
		if len(items) != 5 {
			t.Fatalf("%d items, want 5", len(items))
		}
		last := items[len(items)-1]
		// A sign-up changes the first shift's remaining places: it moves to the end, and a
		// consumer who had read to the end sees only it.
		p := w.person(t, "Ann")
		if _, err := w.svc.SignUp(w.ctx, p, shifts[0].ID); err != nil {
			t.Fatal(err)
		}
		more := walkFeed(t, c, a.URL, "/feeds/volunteering-sessions?afterTimestamp="+itoa64(last.Modified)+"&afterId="+last.ID+"&limit=2")
		if len(more) != 1 || more[0].ID != shifts[0].ID || more[0].Data["remainingAttendeeCapacity"].(float64) != 2 {
			t.Fatalf("after the sign-up: %+v", more)
		}
		// Calling off a shift people signed up for is an update with the event cancelled; one
		// nobody signed up for is deleted.
		if err := w.svc.CancelShift(w.ctx, w.coord, shifts[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.CancelShift(w.ctx, w.coord, shifts[1].ID); err != nil {
			t.Fatal(err)
		}
		all := walkFeed(t, c, a.URL, "/feeds/volunteering-sessions")
		if len(all) != 5 || all[3].ID != shifts[0].ID || all[3].Data["eventStatus"] != "https://schema.org/EventCancelled" {
			t.Fatalf("after calling off: %+v", all[3])
		}
		if all[4].ID != shifts[1].ID || all[4].State != "deleted" || all[4].Data != nil {
			t.Fatalf("after deleting: %+v", all[4])
		}
		apptest.MustStatus(t, c.Get("/feeds/volunteering-sessions?afterTimestamp=x"), http.StatusUnprocessableEntity)
		apptest.MustStatus(t, c.Get("/feeds/volunteering-sessions?afterId=abc"), http.StatusUnprocessableEntity)
	})
}

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
