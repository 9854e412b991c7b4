package events_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/events"
	"commons/internal/identity"
	"commons/internal/platform/actor"
)

// fixture makes an organisation, an officer and an event with the given capacity, starting in
// a week's time.
func fixture(t *testing.T, a *apptest.App, capacity int) (*actor.Actor, events.Event) {
	t.Helper()
	ctx := context.Background()
	admin := &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", "correct horse battery", identity.RoleAdmin), Roles: []string{identity.RoleAdmin}}
	org, err := a.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: "Testborough Council", Sector: "public"})
	if err != nil {
		t.Fatal(err)
	}
	officer := &actor.Actor{ID: a.MustAccount(t, "Owen", "owen@example.org", "correct horse battery", identity.RoleOfficer), Roles: []string{identity.RoleOfficer}}
	start := events.Local(a.Clock.Now().Add(7 * 24 * time.Hour))
	e, err := app.Service[*events.Service](a.Server).Save(ctx, officer, "en", "", events.EventInput{Title: "Pop-up day", Description: "A *day*", OrganisationID: org.ID,
		Venue: "Hall", StartDate: start.Format("2006-01-02"), StartTime: "10:00", EndTime: "15:00", Capacity: fmt.Sprint(capacity)})
	if err != nil {
		t.Fatal(err)
	}
	return officer, e
}

func register(a *apptest.App, e events.Event, i int, sessions ...string) (events.Registration, error) {
	return app.Service[*events.Service](a.Server).Register(context.Background(), "en", e.ID, events.RegistrationInput{
		Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@example.org", i), Sector: "vcf", SessionIDs: sessions})
}

func statuses(t *testing.T, a *apptest.App, eventID string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, s := range []string{events.Confirmed, events.Waitlisted, events.Cancelled} {
		out[s] = a.Count(t, `SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = $2`, eventID, s)
	}
	out["counter"] = a.Count(t, `SELECT registered FROM events WHERE id = $1`, eventID)
	return out
}

func TestWaitlistAndPromotion(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, e := fixture(t, a, 2)
		ws, err := app.Service[*events.Service](a.Server).AddSession(context.Background(), officer, e.ID, events.SessionInput{Title: "Workshop", Kind: "workshop", StartTime: "11:00", EndTime: "12:00", Capacity: "1"})
		if err != nil {
			t.Fatal(err)
		}
		e, _ = app.Service[*events.Service](a.Server).Event(context.Background(), e.ID)
		r1, err := register(a, e, 1, ws.ID)
		if err != nil || r1.Status != events.Confirmed {
			t.Fatalf("first: %v %v", r1.Status, err)
		}
		// The workshop's one place is taken: a second person with a place at the event waits
		// for one in the workshop.
		r2, err := register(a, e, 2, ws.ID)
		if err != nil || r2.Status != events.Confirmed || len(r2.Sessions) != 1 || r2.Sessions[0].Status != events.Waitlisted {
			t.Fatalf("second: %+v %v", r2, err)
		}
		r3, err := register(a, e, 3, ws.ID)
		if err != nil || r3.Status != events.Waitlisted {
			t.Fatalf("third: %v %v", r3.Status, err)
		}
		if _, err := register(a, e, 1); err == nil {
			t.Fatal("the same address registered twice")
		}
		confirm := a.MustMailTo(t, "p1@example.org", "Your place at Pop-up day")
		if !strings.Contains(confirm, "you have a place") || !strings.Contains(confirm, "Workshop") {
			t.Errorf("the confirmation does not list the session: %s", confirm)
		}
		if second := a.MustMailTo(t, "p2@example.org", "Your place at Pop-up day"); !strings.Contains(second, "on the waiting list") {
			t.Errorf("the second confirmation does not say the session is full: %s", second)
		}
		a.MustMailTo(t, "p3@example.org", "waiting list")
		var cancel string
		for _, l := range apptest.Links(confirm) {
			if strings.Contains(l, "/cancel/") {
				cancel = l
			}
		}
		if cancel == "" {
			t.Fatalf("no cancel link in %s", confirm)
		}
		raw := ""
		for _, m := range a.Mail.Messages() {
			if m.To[0] == "p1@example.org" {
				raw = string(m.Raw)
			}
		}
		if !strings.Contains(raw, "event.ics") || !strings.Contains(raw, "text/calendar") {
			t.Error("confirmation has no .ics attached")
		}
		token := cancel[strings.LastIndex(cancel, "/")+1:]
		if err := app.Service[*events.Service](a.Server).Cancel(context.Background(), e.ID, token); err != nil {
			t.Fatal(err)
		}
		if err := app.Service[*events.Service](a.Server).Cancel(context.Background(), e.ID, token); err == nil {
			t.Fatal("cancelled twice")
		}
		// Person 1's workshop place goes to person 2, who was waiting for it at the event;
		// person 1's event place goes to person 3, whose workshop choice queues behind.
		a.MustMailTo(t, "p2@example.org", "A place has come free for you in Workshop")
		promoted := a.MustMailTo(t, "p3@example.org", "A place has come free for you at")
		if !strings.Contains(promoted, "/cancel/") {
			t.Errorf("promotion mail has no cancel link: %s", promoted)
		}
		got := statuses(t, a, e.ID)
		if got[events.Confirmed] != 2 || got[events.Waitlisted] != 0 || got[events.Cancelled] != 1 || got["counter"] != 2 {
			t.Fatalf("after cancel: %v", got)
		}
		if n := a.Count(t, `SELECT taken FROM event_sessions WHERE id = $1`, ws.ID); n != 1 {
			t.Errorf("workshop taken = %d, want 1", n)
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM event_registration_sessions WHERE registration_id = $1 AND status = 'confirmed'`, r2.ID); n != 1 {
			t.Errorf("person 2 did not get the workshop place")
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM event_registration_sessions WHERE registration_id = $1 AND status = 'waitlisted'`, r3.ID); n != 1 {
			t.Errorf("promoted person's choice lost or jumped the queue")
		}
	})
}

// Many people register and cancel at once: the counter and the statuses must agree, and no
// more places are given than there are.
func TestConcurrentRegistrationAndCancellation(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		_, e := fixture(t, a, 5)
		const n = 16
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				if _, err := register(a, e, i); err != nil {
					errc <- err
				}
			}(i)
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		got := statuses(t, a, e.ID)
		if got[events.Confirmed] != 5 || got[events.Waitlisted] != n-5 || got["counter"] != 5 {
			t.Fatalf("after registering: %v", got)
		}
		// Cancel every confirmed place at once, by their links.
		var tokens []string
		for _, m := range a.Mail.Messages() {
			if strings.Contains(m.Subject, "Your place") {
				for _, l := range apptest.Links(m.Text) {
					if strings.Contains(l, "/cancel/") {
						tokens = append(tokens, l[strings.LastIndex(l, "/")+1:])
					}
				}
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for len(tokens) < 5 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
			tokens = tokens[:0]
			for _, m := range a.Mail.Messages() {
				if strings.Contains(m.Subject, "Your place") {
					for _, l := range apptest.Links(m.Text) {
						if strings.Contains(l, "/cancel/") {
							tokens = append(tokens, l[strings.LastIndex(l, "/")+1:])
						}
					}
				}
			}
		}
		if len(tokens) != 5 {
			t.Fatalf("%d confirmation mails", len(tokens))
		}
		for _, tok := range tokens {
			wg.Add(1)
			go func(tok string) {
				defer wg.Done()
				if err := app.Service[*events.Service](a.Server).Cancel(context.Background(), e.ID, tok); err != nil {
					t.Error(err)
				}
			}(tok)
		}
		wg.Wait()
		got = statuses(t, a, e.ID)
		if got[events.Confirmed] != 5 || got[events.Waitlisted] != n-10 || got[events.Cancelled] != 5 || got["counter"] != 5 {
			t.Fatalf("after cancelling: %v", got)
		}
	})
}

func TestThemesReviewAndSummary(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 10)
		g1, err := app.Service[*events.Service](a.Server).AddGroup(ctx, officer, e.ID, "Table 1", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Service[*events.Service](a.Server).AddGroup(ctx, officer, e.ID, "Table 1", ""); err == nil {
			t.Fatal("two groups with one name")
		}
		notes := []string{"The bus service stops too early", "Evening bus service needed", "Bus service to the hospital",
			"Housing repairs are slow", "Housing repairs take months", "Damp housing repairs ignored"}
		if _, err := app.Service[*events.Service](a.Server).AddNotes(ctx, officer, e.ID, g1, notes); err != nil {
			t.Fatal(err)
		}
		if n, err := app.Service[*events.Service](a.Server).ProposeThemes(ctx, officer, e.ID); err != nil || n != 2 {
			t.Fatalf("proposed %d themes: %v", n, err)
		}
		ts, _ := app.Service[*events.Service](a.Server).Themes(ctx, e.ID)
		if len(ts) != 2 || len(ts[0].Notes) != 3 || len(ts[1].Notes) != 3 {
			t.Fatalf("themes: %+v", ts)
		}
		// Anyone else sees no summary until it is published.
		if _, _, err := app.Service[*events.Service](a.Server).Summary(ctx, nil, e.ID); err == nil {
			t.Fatal("unpublished summary shown")
		}
		if _, err := app.Service[*events.Service](a.Server).SplitTheme(ctx, officer, e.ID, ts[0].ID, "Hospital", []string{ts[0].Notes[0].ID}); err != nil {
			t.Fatal(err)
		}
		if err := app.Service[*events.Service](a.Server).RenameTheme(ctx, officer, e.ID, ts[1].ID, "Homes"); err != nil {
			t.Fatal(err)
		}
		if err := app.Service[*events.Service](a.Server).MergeThemes(ctx, officer, e.ID, ts[0].ID, []string{ts[0].ID, ts[1].ID}); err != nil {
			t.Fatal(err)
		}
		if err := app.Service[*events.Service](a.Server).PublishThemes(ctx, officer, e.ID, true); err != nil {
			t.Fatal(err)
		}
		_, ts, err = app.Service[*events.Service](a.Server).Summary(ctx, nil, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 2 || len(ts[0].Notes) != 5 || ts[1].Label != "Hospital" || len(ts[1].Notes) != 1 {
			t.Fatalf("after split, rename, merge: %+v", ts)
		}
		// A member of another organisation may not touch the event.
		stranger := &actor.Actor{ID: "x", Roles: []string{identity.RoleMember}, Orgs: []string{"someone-else"}}
		if err := app.Service[*events.Service](a.Server).PublishThemes(ctx, stranger, e.ID, false); err == nil {
			t.Fatal("a stranger withdrew the summary")
		}
	})
}

func TestInvitationsAndMorePlaces(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 1)
		in := events.EventInput{Title: e.Title, OrganisationID: e.OrganisationID, Venue: "Hall",
			StartDate: events.Local(e.StartsAt).Format("2006-01-02"), StartTime: "10:00", EndTime: "15:00", Capacity: "1", InvitationOnly: true}
		if _, err := app.Service[*events.Service](a.Server).Save(ctx, officer, "en", e.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := register(a, e, 1); err == nil {
			t.Fatal("registered for an invitation-only event without an invitation")
		}
		if n, bad, err := app.Service[*events.Service](a.Server).Invite(ctx, officer, "en", e.ID, "p1@example.org, P2@example.org\np1@example.org"); err != nil || n != 2 || len(bad) != 0 {
			t.Fatalf("invited %d (bad %q): %v", n, bad, err)
		}
		if n, _, _ := app.Service[*events.Service](a.Server).Invite(ctx, officer, "en", e.ID, "p1@example.org"); n != 0 {
			t.Fatal("invited twice")
		}
		// One bad address no longer refuses the rest: each bad one is reported as typed.
		n, bad, err := app.Service[*events.Service](a.Server).Invite(ctx, officer, "en", e.ID, "gwen@example,\np9@example.org; <rhys@@example.org>")
		if err != nil || n != 1 || strings.Join(bad, "|") != "gwen@example|rhys@@example.org" {
			t.Fatalf("mixed list: sent %d, bad %q, %v", n, bad, err)
		}
		a.MustMailTo(t, "p9@example.org", "You are invited")
		if _, _, err := app.Service[*events.Service](a.Server).Invite(ctx, officer, "en", e.ID, " \n "); err == nil {
			t.Fatal("an empty list was accepted")
		}
		invited, err := app.Service[*events.Service](a.Server).Invitations(ctx, officer, e.ID)
		if err != nil || len(invited) != 3 {
			t.Fatalf("invitations listed: %+v %v", invited, err)
		}
		tokens := map[string]string{}
		for _, to := range []string{"p1@example.org", "p2@example.org"} {
			link := apptest.Link(a.MustMailTo(t, to, "You are invited"))
			tokens[to] = link[strings.Index(link, "invitation=")+len("invitation="):]
		}
		try := func(i int, token string) (events.Registration, error) {
			return app.Service[*events.Service](a.Server).Register(ctx, "en", e.ID, events.RegistrationInput{Name: "P", Email: fmt.Sprintf("p%d@example.org", i), Sector: "public", Invitation: token})
		}
		if _, err := try(1, tokens["p2@example.org"]); err == nil {
			t.Fatal("someone else's invitation was accepted")
		}
		if r, err := try(1, tokens["p1@example.org"]); err != nil || r.Status != events.Confirmed {
			t.Fatalf("p1: %v %v", r.Status, err)
		}
		if r, err := try(2, tokens["p2@example.org"]); err != nil || r.Status != events.Waitlisted {
			t.Fatalf("p2: %v %v", r.Status, err)
		}
		// Two more places: the person waiting gets one at once.
		in.Capacity = "3"
		if _, err := app.Service[*events.Service](a.Server).Save(ctx, officer, "en", e.ID, in); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "p2@example.org", "A place has come free")
		if got := statuses(t, a, e.ID); got[events.Confirmed] != 2 || got[events.Waitlisted] != 0 || got["counter"] != 2 {
			t.Fatalf("after more places: %v", got)
		}
		in.Capacity = "1"
		if _, err := app.Service[*events.Service](a.Server).Save(ctx, officer, "en", e.ID, in); err == nil {
			t.Fatal("capacity cut below the places taken")
		}
	})
}

// Moving an event to another date moves its programme by as many days, at the same UK times even
// when the clocks change in between; changing only the times leaves the programme alone.
func TestMovingAnEventMovesItsSessions(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 10)
		if _, err := app.Service[*events.Service](a.Server).AddSession(ctx, officer, e.ID, events.SessionInput{Title: "Workshop", Kind: "workshop", StartTime: "11:00", EndTime: "12:30"}); err != nil {
			t.Fatal(err)
		}
		start := events.Local(e.StartsAt)
		// A date on the other side of a change of the clocks.
		target := start.AddDate(0, 0, 30)
		for target.IsDST() == start.IsDST() {
			target = target.AddDate(0, 0, 7)
		}
		in := events.EventInput{Title: e.Title, Description: e.Description, OrganisationID: e.OrganisationID, Venue: e.Venue,
			StartDate: target.Format("2006-01-02"), StartTime: "10:00", EndTime: "15:00", Capacity: "10"}
		if _, err := app.Service[*events.Service](a.Server).Save(ctx, officer, "en", e.ID, in); err != nil {
			t.Fatal(err)
		}
		moved, err := app.Service[*events.Service](a.Server).Event(ctx, e.ID)
		if err != nil || len(moved.Sessions) != 1 {
			t.Fatalf("event %v, %d sessions", err, len(moved.Sessions))
		}
		s := moved.Sessions[0]
		want := target.Format("2006-01-02")
		if got := events.Local(s.StartsAt).Format("2006-01-02 15:04"); got != want+" 11:00" {
			t.Errorf("session starts %s, want %s 11:00", got, want)
		}
		if got := events.Local(s.EndsAt).Format("2006-01-02 15:04"); got != want+" 12:30" {
			t.Errorf("session ends %s, want %s 12:30", got, want)
		}

		// New times on the same date: the programme stays where it was.
		in.StartTime, in.EndTime = "09:00", "16:00"
		if _, err := app.Service[*events.Service](a.Server).Save(ctx, officer, "en", e.ID, in); err != nil {
			t.Fatal(err)
		}
		same, _ := app.Service[*events.Service](a.Server).Event(ctx, e.ID)
		if !same.Sessions[0].StartsAt.Equal(s.StartsAt) || !same.Sessions[0].EndsAt.Equal(s.EndsAt) {
			t.Errorf("changing the times moved the session from %v to %v", s.StartsAt, same.Sessions[0].StartsAt)
		}
	})
}
