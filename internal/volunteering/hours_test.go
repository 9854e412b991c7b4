package volunteering_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"commons/internal/app/apptest"
	"commons/internal/volunteering"
)

// creditLog stands in for the time bank, which another branch builds: it records each call and,
// as the contract says, credits a ref once.
type creditLog struct {
	mu    sync.Mutex
	calls []string
	refs  map[string]bool
}

func (c *creditLog) CreditVolunteering(_ context.Context, orgID, accountID, ref string, minutes int, note string) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, ref)
	if c.refs[ref] {
		return false, nil
	}
	c.refs[ref] = true
	return true, nil
}

var checkInRE = regexp.MustCompile(`href="(http[^"]*/volunteering/check-in/[^"]+)"`)

// A volunteer checks in by the QR code on the coordinator's screen (its address opened on their
// phone); the hours wait until the coordinator confirms them, and confirming twice at once
// credits the time bank once. The ticked list on a tablet confirms at once.
func TestCheckInConfirmAndCreditOnce(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		credits := &creditLog{refs: map[string]bool{}}
		w.svc.Credit = credits
		o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
		sh := w.shift(t, o.Roles[0].ID, 5*time.Hour, 1, 4)
		p, q := w.person(t, "Ann"), w.person(t, "Ben")
		for _, x := range []string{p.ID, q.ID} {
			u, _ := a.Identity.User(w.ctx, x)
			if _, err := w.svc.SignUp(w.ctx, u, sh.ID); err != nil {
				t.Fatal(err)
			}
		}
		gwen := a.Client(t)
		gwen.SignIn("gwen@example.org", pw)
		r := gwen.Get("/volunteering/shifts/" + sh.ID + "/check-in-code")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, `<svg xmlns="http://www.w3.org/2000/svg" role="img"`, "Check-in code for Packer")
		link := checkInRE.FindStringSubmatch(r.Body)[1]
		// The QR code is the address: drawing it again gives the same picture.
		svg, _ := volunteering.QRSVG(link, "Check-in code for Packer")
		if !strings.Contains(r.Body, string(svg)) {
			t.Fatal("the QR code on the page is not the check-in address")
		}
		a.Clock.Advance(4*time.Hour + 30*time.Minute) // the code works from an hour before the shift
		ann := a.Client(t)
		apptest.MustStatus(t, ann.Get(link), http.StatusSeeOther) // signs in first
		ann.SignIn(p.Email, pw)
		apptest.MustContain(t, ann.Get(link), "Check in now")
		apptest.MustStatus(t, ann.PostForm(link, url.Values{}), http.StatusSeeOther)
		apptest.MustStatus(t, ann.PostForm(link, url.Values{}), http.StatusSeeOther) // scanned twice
		apptest.MustContain(t, ann.Get(link), "You are checked in")
		if n := a.Count(t, `SELECT count(*) FROM vol_hours WHERE shift_id = $1 AND status = 'pending' AND source = 'checkin'`, sh.ID); n != 1 {
			t.Fatalf("%d pending hours from check-in", n)
		}
		var hoursID string
		if err := a.DB.QueryRow(w.ctx, `SELECT id FROM vol_hours WHERE shift_id = $1`, sh.ID).Scan(&hoursID); err != nil {
			t.Fatal(err)
		}
		parallel(4, func(int) {
			if err := w.svc.Confirm(context.Background(), w.coord, hoursID, true); err != nil {
				t.Error(err)
			}
		})
		if len(credits.calls) != 1 || credits.calls[0] != "volunteering/hours/"+hoursID {
			t.Fatalf("time bank called %v, want once", credits.calls)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_hours WHERE id = $1 AND status = 'confirmed' AND credited = 1`, hoursID); n != 1 {
			t.Fatal("hours not confirmed and credited")
		}
		a.MustMailTo(t, p.Email, "Your hours are confirmed")
		// The tablet's ticked list: Ben came; his hours count at once.
		r = gwen.Get("/volunteering/shifts/" + sh.ID + "/register")
		apptest.MustContain(t, r, "Ben")
		var benSignup string
		a.DB.QueryRow(w.ctx, `SELECT g.id FROM vol_signups g JOIN vol_people p ON p.id = g.person_id WHERE p.account_id = $1`, q.ID).Scan(&benSignup)
		apptest.MustStatus(t, gwen.PostForm("/volunteering/shifts/"+sh.ID+"/register", url.Values{"present": {benSignup}}), http.StatusSeeOther)
		if n := a.Count(t, `SELECT count(*) FROM vol_hours WHERE shift_id = $1 AND status = 'confirmed'`, sh.ID); n != 2 {
			t.Fatalf("%d confirmed hours, want 2", n)
		}
		if len(credits.calls) != 2 {
			t.Fatalf("time bank calls %v", credits.calls)
		}
		// Ann's record: page, print view, CSV and calendar.
		r = ann.Get("/volunteering/me")
		apptest.MustContain(t, r, "Confirmed hours", "3 h", "Harbourside Food Bank", "Anti-Poverty")
		apptest.MustStatus(t, ann.Get("/volunteering/me/record"), http.StatusOK)
		r = ann.Get("/volunteering/me/hours.csv")
		apptest.MustStatus(t, r, http.StatusOK)
		if !strings.Contains(r.Body, "Saturday shifts") || !strings.Contains(r.Body, "180") {
			t.Fatalf("csv:\n%s", r.Body)
		}
	})
}

// A coordinator logs hours and signs up someone without an account on their behalf; the record
// says who helped. A volunteer's own hours wait for confirmation.
func TestAssistedDigitalAndOwnHours(t *testing.T) {
	apptest.Each(t, apptest.Options{Log: testLog{t}}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Lunch club", volunteering.CheckNone, false, "")
		sh := w.shift(t, o.Roles[0].ID, 72*time.Hour, 1, 3)
		g, err := w.svc.SignUpFor(w.ctx, w.coord, sh.ID, volunteering.PersonInput{Name: "Margaret Hughes", Phone: "01632 960123"})
		if err != nil || g.Status != "confirmed" || g.AssistedBy != "Gwen Coordinator" {
			t.Fatalf("assisted sign-up: %+v %v", g, err)
		}
		day := volunteering.Local(a.Clock.Now()).Format("2006-01-02")
		h, err := w.svc.LogHoursFor(w.ctx, w.coord, volunteering.HoursInput{OpportunityID: o.ID, Day: day, Hours: "2"},
			volunteering.PersonInput{PersonID: g.PersonID})
		if err != nil || h.Status != "confirmed" || !h.Assisted || h.LoggedBy != "Gwen Coordinator" {
			t.Fatalf("assisted hours: %+v %v", h, err)
		}
		gwen := a.Client(t)
		gwen.SignIn("gwen@example.org", pw)
		r := gwen.Get("/volunteering/opportunities/" + o.ID + "/manage")
		apptest.MustContain(t, r, "Margaret Hughes", "helped by Gwen Coordinator")
		apptest.MustContain(t, gwen.Get("/volunteering/organisations/"+w.org.ID+"/hours"), "logged by Gwen Coordinator")
		// A volunteer's own hours.
		p := w.person(t, "Ann")
		c := a.Client(t)
		c.SignIn(p.Email, pw)
		c.Get("/volunteering/me")
		tomorrow := volunteering.Local(a.Clock.Now().Add(48 * time.Hour)).Format("2006-01-02")
		r = c.PostForm("/volunteering/me/hours", url.Values{"opportunity_id": {o.ID}, "day": {tomorrow}, "hours": {"2"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Hours cannot be in the future")
		r = c.PostForm("/volunteering/me/hours", url.Values{"opportunity_id": {o.ID}, "day": {day}, "hours": {"1"}, "minutes": {"30"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		a.MustMailTo(t, w.coord.Email, "Hours to confirm")
		apptest.MustContain(t, c.Get("/volunteering/me"), "Waiting for confirmation", "1 h 30 min")
		// The data download has the person's record; deleting the account leaves only numbers.
		exp, err := w.svc.Export(w.ctx, p.ID)
		if err != nil || exp == nil {
			t.Fatalf("export: %v", err)
		}
		err = a.DB.WithTx(w.ctx, func(ctx context.Context) error { return w.svc.DeleteAccount(ctx, p.ID) })
		if err != nil {
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_people WHERE account_id = $1`, p.ID); n != 0 {
			t.Fatal("person kept after deletion")
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_hours WHERE person_id IS NULL AND minutes = 90`); n != 1 {
			t.Fatal("anonymous hours not kept")
		}
	})
}

// A volunteer's own shifts as iCalendar, read by an independent parser.
func TestMyShiftsCalendar(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
	sh := w.shift(t, o.Roles[0].ID, 50*time.Hour, 1, 3)
	p := w.person(t, "Ann")
	if _, err := w.svc.SignUp(w.ctx, p, sh.ID); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	c.SignIn(p.Email, pw)
	r := c.Get("/volunteering/me/shifts.ics")
	apptest.MustStatus(t, r, http.StatusOK)
	cal, err := goical.NewDecoder(strings.NewReader(r.Body)).Decode()
	if err != nil {
		t.Fatalf("%v\n%s", err, r.Body)
	}
	var buf bytes.Buffer
	if err := goical.NewEncoder(&buf).Encode(cal); err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	start, _ := evs[0].DateTimeStart(time.UTC)
	if !start.Equal(sh.StartsAt) {
		t.Fatalf("start %v, want %v", start, sh.StartsAt)
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	if bytes.Contains(b, []byte("level=ERROR")) {
		l.t.Log(string(b))
	}
	return len(b), nil
}
