package volunteering_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/volunteering"
)

// The last place on a shift goes to exactly one of many people who click at once; the others
// join the waiting list in order.
func TestLastPlaceGoesToExactlyOne(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
		sh := w.shift(t, o.Roles[0].ID, 72*time.Hour, 1, 1)
		people := make([]*actor.Actor, 12)
		for i := range people {
			people[i] = w.person(t, "Volunteer")
		}
		var confirmed, waiting atomic.Int32
		parallel(len(people), func(i int) {
			g, err := w.svc.SignUp(context.Background(), people[i], sh.ID)
			if err != nil {
				t.Errorf("sign-up %d: %v", i, err)
				return
			}
			switch g.Status {
			case "confirmed":
				confirmed.Add(1)
			case "waiting":
				waiting.Add(1)
			}
		})
		if confirmed.Load() != 1 || waiting.Load() != 11 {
			t.Fatalf("confirmed %d, waiting %d; want 1 and 11", confirmed.Load(), waiting.Load())
		}
		if n := a.Count(t, `SELECT taken FROM vol_shifts WHERE id = $1`, sh.ID); n != 1 {
			t.Fatalf("taken = %d, want 1", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_signups WHERE shift_id = $1 AND status = 'confirmed'`, sh.ID); n != 1 {
			t.Fatalf("%d confirmed rows", n)
		}
	})
}

// A double submit (the same person clicking many times at once) makes one sign-up.
func TestDoubleSubmitMakesOneSignup(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
		sh := w.shift(t, o.Roles[0].ID, 72*time.Hour, 1, 5)
		p := w.person(t, "Eager")
		ids := make([]string, 8)
		parallel(8, func(i int) {
			g, err := w.svc.SignUp(context.Background(), p, sh.ID)
			if err != nil {
				t.Errorf("sign-up: %v", err)
				return
			}
			ids[i] = g.ID
		})
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("different sign-ups returned: %v", ids)
			}
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_signups WHERE shift_id = $1`, sh.ID); n != 1 {
			t.Fatalf("%d sign-ups, want 1", n)
		}
		if n := a.Count(t, `SELECT taken FROM vol_shifts WHERE id = $1`, sh.ID); n != 1 {
			t.Fatalf("taken = %d, want 1", n)
		}
		// Over HTTP too: two posts of the same form.
		c := a.Client(t)
		c.SignIn("p1@example.org", pw)
		c.Get("/volunteering/opportunities/" + o.ID)
		for i := 0; i < 2; i++ {
			apptest.MustStatus(t, c.PostForm("/volunteering/shifts/"+sh.ID+"/sign-up", url.Values{}), http.StatusSeeOther)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_signups WHERE shift_id = $1`, sh.ID); n != 1 {
			t.Fatalf("%d sign-ups after two posts, want 1", n)
		}
	})
}

// The day before, everyone with a place gets one reminder (however many servers' workers run),
// with a link; "I can't make it" frees the place, and the first person waiting gets it and is told.
func TestReminderAndCantMakeItPromotesTheWaitingList(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
		sh := w.shift(t, o.Roles[0].ID, 60*time.Hour, 1, 1)
		ann, ben := w.person(t, "Ann"), w.person(t, "Ben")
		if g, err := w.svc.SignUp(w.ctx, ann, sh.ID); err != nil || g.Status != "confirmed" {
			t.Fatalf("ann: %v %v", g.Status, err)
		}
		if g, err := w.svc.SignUp(w.ctx, ben, sh.ID); err != nil || g.Status != "waiting" {
			t.Fatalf("ben: %v %v", g.Status, err)
		}
		a.MustMailTo(t, ann.Email, "You have a place")
		a.MustMailTo(t, ben.Email, "waiting list")
		if err := w.svc.SendReminders(w.ctx); err != nil {
			t.Fatal(err)
		}
		a.NoMail(t, 100*time.Millisecond) // two and a half days ahead: not yet
		a.Clock.Advance(40 * time.Hour)
		parallel(3, func(int) {
			if err := w.svc.SendReminders(context.Background()); err != nil {
				t.Error(err)
			}
		})
		body := a.MustMailTo(t, ann.Email, "Reminder")
		a.NoMail(t, 100*time.Millisecond) // once, though three workers ran
		var cant string
		for _, l := range apptest.Links(body) {
			if strings.Contains(l, "/volunteering/cant/") {
				cant = l
			}
		}
		if cant == "" {
			t.Fatalf("no can't-make-it link in:\n%s", body)
		}
		c := a.Client(t) // not signed in: the link is enough
		r := c.Get(cant)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "free my place")
		if n := a.Count(t, `SELECT taken FROM vol_shifts WHERE id = $1`, sh.ID); n != 1 {
			t.Fatalf("opening the link changed the shift: taken %d", n)
		}
		apptest.MustStatus(t, c.PostForm(cant, url.Values{}), http.StatusSeeOther)
		apptest.MustStatus(t, c.PostForm(cant, url.Values{}), http.StatusSeeOther) // a second click changes nothing
		a.MustMailTo(t, ben.Email, "A place has come up")
		if n := a.Count(t, `SELECT count(*) FROM vol_signups WHERE shift_id = $1 AND status = 'confirmed'`, sh.ID); n != 1 {
			t.Fatalf("%d confirmed", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_signups g JOIN vol_people p ON p.id = g.person_id WHERE g.shift_id = $1 AND g.status = 'confirmed' AND p.account_id = $2`, sh.ID, ben.ID); n != 1 {
			t.Fatal("ben was not promoted")
		}
		// Ben is reminded too, being within the day now.
		if err := w.svc.SendReminders(w.ctx); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, ben.Email, "Reminder")
	})
}

// A shift under its minimum two days ahead is flagged once: the coordinator is told and the
// volunteers accepted for the role are offered it.
func TestShortShiftFlaggedAndOffered(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
		sh := w.shift(t, o.Roles[0].ID, 30*time.Hour, 3, 5)
		other := w.shift(t, o.Roles[0].ID, 100*time.Hour, 1, 5)
		regular := w.person(t, "Regular")
		if _, err := w.svc.SignUp(w.ctx, regular, other.ID); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, regular.Email, "You have a place")
		parallel(2, func(int) {
			if err := w.svc.FlagShortShifts(context.Background()); err != nil {
				t.Error(err)
			}
		})
		a.MustMailTo(t, w.coord.Email, "A shift needs 3 more")
		a.MustMailTo(t, regular.Email, "Can you help?")
		a.NoMail(t, 100*time.Millisecond)
		gaps, err := w.svc.Gaps(w.ctx, w.coord, w.org.ID)
		if err != nil || len(gaps) != 1 || gaps[0].ID != sh.ID || gaps[0].FlaggedAt == nil {
			t.Fatalf("gaps %+v, %v", gaps, err)
		}
	})
}

// A role that needs a DBS check cannot be joined without a valid, unexpired check recorded by
// the organisation; check details are seen only by its coordinators.
func TestCheckGatesSignUp(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Reading friends", volunteering.CheckDBSEnhanced, false, "18")
		sh := w.shift(t, o.Roles[0].ID, 10*24*time.Hour, 1, 3)
		p := w.person(t, "Cai")
		if _, err := w.svc.SignUp(w.ctx, p, sh.ID); !errs.Is(err, errs.Invalid) || errs.As(err).Key != "volunteering.err.not_accepted" {
			t.Fatalf("sign-up before acceptance: %v", err)
		}
		if _, err := w.svc.Apply(w.ctx, p, o.Roles[0].ID, "", false); errs.As(err).Fields["age_confirmed"] == "" {
			t.Fatalf("apply without the age: %v", err)
		}
		app, err := w.svc.Apply(w.ctx, p, o.Roles[0].ID, "I love reading", true)
		if err != nil || app.Status != "applied" {
			t.Fatalf("apply: %v %v", app.Status, err)
		}
		a.MustMailTo(t, w.coord.Email, "New application")
		if err := w.svc.Decide(w.ctx, w.coord, app.ID, true); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, p.Email, "accepted")
		if _, err := w.svc.SignUp(w.ctx, p, sh.ID); errs.As(err).Key != "volunteering.err.check_missing" {
			t.Fatalf("sign-up without a check: %v", err)
		}
		today := volunteering.Local(a.Clock.Now())
		// A lower level, and a check that expires before the shift, do not count.
		for _, c := range []volunteering.CheckInput{
			{Kind: volunteering.CheckDBSStandard, ExpiresOn: today.AddDate(1, 0, 0).Format("2006-01-02")},
			{Kind: volunteering.CheckDBSEnhanced, ExpiresOn: today.AddDate(0, 0, 5).Format("2006-01-02")},
		} {
			c.Person, c.Reference, c.IssuedOn = volunteering.PersonInput{Name: p.Name, Email: p.Email}, "001234567890", today.AddDate(-1, 0, 0).Format("2006-01-02")
			if _, err := w.svc.RecordCheck(w.ctx, w.coord, w.org.ID, c); err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.SignUp(w.ctx, p, sh.ID); errs.As(err).Key != "volunteering.err.check_missing" {
				t.Fatalf("sign-up with %s to %s: %v", c.Kind, c.ExpiresOn, err)
			}
		}
		// Only the organisation's own coordinators record or see checks; not a site admin.
		admin := &actor.Actor{ID: "x", Name: "Ada", Roles: []string{"admin"}}
		if _, err := w.svc.Checks(w.ctx, admin, w.org.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an admin saw the checks: %v", err)
		}
		if _, err := w.svc.RecordCheck(w.ctx, w.coord, w.org.ID, volunteering.CheckInput{Person: volunteering.PersonInput{Name: p.Name, Email: p.Email},
			Kind: volunteering.CheckDBSEnhanced, Reference: "009876543210", IssuedOn: today.AddDate(-1, 0, 0).Format("2006-01-02"),
			ExpiresOn: today.AddDate(2, 0, 0).Format("2006-01-02")}); err != nil {
			t.Fatal(err)
		}
		if g, err := w.svc.SignUp(w.ctx, p, sh.ID); err != nil || g.Status != "confirmed" {
			t.Fatalf("sign-up with a valid check: %v %v", g.Status, err)
		}
		// The references appear nowhere public.
		c := a.Client(t)
		for _, path := range []string{"/volunteering.jsonld", "/feeds/volunteering-sessions", "/api/v1/volunteering/opportunities", "/volunteering/opportunities/" + o.ID} {
			apptest.MustNotContain(t, c.Get(path), "009876543210", "001234567890")
		}
		admc := a.Client(t)
		admc.SignIn("ada@example.org", pw)
		apptest.MustStatus(t, admc.Get("/volunteering/organisations/"+w.org.ID+"/checks"), http.StatusForbidden)
		gc := a.Client(t)
		gc.SignIn("gwen@example.org", pw)
		apptest.MustContain(t, gc.Get("/volunteering/organisations/"+w.org.ID+"/checks"), "009876543210")
	})
}

// Check records past the organisation's retention are deleted by the worker; the volunteer and
// the coordinators are reminded before expiry, once per step.
func TestChecksExpireAndAreDeleted(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		p := w.person(t, "Dee")
		if _, err := w.svc.Me(w.ctx, p); err != nil { // Dee has used volunteering: her account is known
			t.Fatal(err)
		}
		today := volunteering.Local(a.Clock.Now())
		if _, err := w.svc.RecordCheck(w.ctx, w.coord, w.org.ID, volunteering.CheckInput{Person: volunteering.PersonInput{Name: p.Name, Email: p.Email},
			Kind: volunteering.CheckDBSBasic, Reference: "111", IssuedOn: today.AddDate(-2, 0, 0).Format("2006-01-02"),
			ExpiresOn: today.AddDate(0, 0, 20).Format("2006-01-02")}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SaveSettings(w.ctx, w.coord, w.org.ID, "10"); err != nil {
			t.Fatal(err)
		}
		if err := a.Identity.SetLanguage(w.ctx, p.ID, "cy"); err != nil {
			t.Fatal(err)
		}
		parallel(2, func(int) { _ = w.svc.RemindExpiringChecks(context.Background()) })
		// Written in Welsh for a Welsh reader, with the date in words.
		expires := today.AddDate(0, 0, 20)
		body := a.MustMailTo(t, p.Email, "yn dod i ben ar")
		if want := strconv.Itoa(expires.Day()) + " " + welshMonths[expires.Month()-1]; !strings.Contains(body, want) {
			t.Fatalf("the Welsh mail lacks %q:\n%s", want, body)
		}
		a.MustMailTo(t, w.coord.Email, "check expires on")
		a.NoMail(t, 100*time.Millisecond)
		a.Clock.Advance(25 * 24 * time.Hour) // expired five days ago: still kept
		if err := w.svc.DeleteExpiredChecks(w.ctx); err != nil {
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_checks`); n != 1 {
			t.Fatalf("%d checks, want 1 within retention", n)
		}
		a.Clock.Advance(10 * 24 * time.Hour)
		if err := w.svc.DeleteExpiredChecks(w.ctx); err != nil {
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM vol_checks`); n != 0 {
			t.Fatalf("%d checks left past retention", n)
		}
	})
}

var welshMonths = []string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}
