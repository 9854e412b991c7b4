package assets_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app/apptest"
)

var welshMonths = strings.Fields("Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr")

// Review reminders are written by a worker, so each owner gets theirs in the language their
// account prefers, dates included.
func TestRemindersAreInTheOwnersLanguage(t *testing.T) {
	apptest.Each(t, apptest.Options{Env: map[string]string{"COMMONS_ASSET_REVIEW_AGE": "720h"}}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := t.Context()
		if err := a.Identity.SetLanguage(ctx, w.member.ID, "cy"); err != nil {
			t.Fatal(err)
		}
		lastChecked := func(name string) time.Time {
			var at time.Time
			if err := a.DB.QueryRow(ctx, `SELECT last_checked_at FROM assets WHERE id = $1`, w.ids[name]).Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at.UTC()
		}
		checked, cafe := lastChecked("Nant Village Hall"), lastChecked("Caffi Cwtsh")
		a.Clock.Advance(31 * 24 * time.Hour)
		if _, err := w.svc.RemindOwners(ctx); err != nil {
			t.Fatal(err)
		}
		cy := a.MustMailTo(t, "gwen@example.org", `Ydy "Nant Village Hall" yn dal yn gywir?`)
		wantDate := strconv.Itoa(checked.Day()) + " " + welshMonths[checked.Month()-1] + " " + strconv.Itoa(checked.Year())
		for _, want := range []string{"Helo Gwen Member", "ei wirio ddiwethaf ar " + wantDate, "/assets/" + w.ids["Nant Village Hall"]} {
			if !strings.Contains(cy, want) {
				t.Errorf("Welsh reminder lacks %q:\n%s", want, cy)
			}
		}
		en := a.MustMailTo(t, "officer@example.org", `Is "Caffi Cwtsh" still right?`)
		if !strings.Contains(en, "Hello Owen Officer") || !strings.Contains(en, "last checked on "+cafe.Format("2 January 2006")) {
			t.Errorf("English reminder:\n%s", en)
		}
		if strings.Contains(en, "Helo") {
			t.Errorf("English reminder has Welsh in it:\n%s", en)
		}
	})
}

// Every server runs the reminders job; when two run it at the same moment on one database,
// each owner still gets one reminder per entry.
func TestRemindersFromTwoServersAtOnceAreSentOnce(t *testing.T) {
	apptest.Each(t, apptest.Options{Env: map[string]string{"COMMONS_ASSET_REVIEW_AGE": "720h"}}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := t.Context()
		a.Clock.Advance(31 * 24 * time.Hour)
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := w.svc.RemindOwners(ctx); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var total, doubled int
		if err := a.DB.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE subject LIKE '%still right%' OR subject LIKE '%yn dal yn gywir%'`).Scan(&total); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.QueryRow(ctx, `SELECT count(*) FROM (SELECT recipient, subject FROM outbox GROUP BY recipient, subject HAVING count(*) > 1) d`).Scan(&doubled); err != nil {
			t.Fatal(err)
		}
		if total == 0 || doubled != 0 {
			t.Fatalf("%d reminders queued, %d of them more than once", total, doubled)
		}
	})
}
