package events_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/events"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// A method's template starts an event with its workshop programme: a draft only its organisers
// see until they publish it, filled in in the person's language, and only for an organisation they
// organise for.
func TestTemplatesStartAnEventWithItsProgramme(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 10)
		svc := app.Service[*events.Service](a.Server)
		keys := map[string]bool{}
		for _, tpl := range svc.Templates("cy") {
			keys[tpl.Key] = true
			if tpl.Capability != "events" || tpl.Title == "" || strings.HasPrefix(tpl.Title, "events.") {
				t.Fatalf("template without Welsh text: %+v", tpl)
			}
		}
		for _, k := range []string{"events/world-cafe", "events/fishbowl", "events/open-space"} {
			if !keys[k] {
				t.Fatalf("no template %s in %v", k, keys)
			}
		}
		day := events.Local(a.Clock.Now().Add(30 * 24 * time.Hour)).Format("2006-01-02")
		params := map[string]string{hub.ParamTitle: "Caffi'r Byd: y parc", hub.ParamOrganisation: e.OrganisationID, hub.ParamDate: day, hub.ParamLang: "cy"}
		url, err := svc.StartFromTemplate(ctx, officer, "events/world-cafe", params)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(url, "/events/"), "/edit")
		got, err := svc.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Draft || got.InvitationOnly || got.Title != "Caffi'r Byd: y parc" || len(got.Sessions) != 5 || !strings.Contains(got.Description, "Caffi'r Byd") {
			t.Fatalf("draft event: %+v", got)
		}
		if l := events.Local(got.StartsAt); l.Format("2006-01-02 15:04") != day+" 10:00" {
			t.Fatalf("starts %v", l)
		}
		// A member of another organisation may not start an event for this one; a resident with
		// no organisation may not start one at all; a template nobody offers is not found.
		member := &actor.Actor{ID: "m", Roles: []string{identity.RoleMember}, Orgs: []string{"another"}}
		if _, err := svc.StartFromTemplate(ctx, member, "events/fishbowl", params); errs.As(err).Fields["organisation_id"] == "" {
			t.Fatalf("a member of another organisation started an event for this one: %v", err)
		}
		if _, err := svc.StartFromTemplate(ctx, &actor.Actor{ID: "r", Roles: []string{identity.RoleResident}}, "events/fishbowl", params); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a resident started an event: %v", err)
		}
		if _, err := svc.StartFromTemplate(ctx, officer, "events/nothing", params); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown template: %v", err)
		}
		// A bad day is refused on its field, and nothing is left behind.
		before := a.Count(t, `SELECT COUNT(*) FROM events`)
		params[hub.ParamDate] = "someday"
		if _, err := svc.StartFromTemplate(ctx, officer, "events/open-space", params); errs.As(err).Fields["date"] == "" {
			t.Fatalf("bad day: %v", err)
		}
		if a.Count(t, `SELECT COUNT(*) FROM events`) != before {
			t.Fatal("a refused start left an event behind")
		}
	})
}

// An event whose themes are published is offered to its organisers as a case study, drafted
// from its themes and attendance; others are not offered it.
func TestPublishedThemesDraftACase(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		officer, e := fixture(t, a, 10)
		svc := app.Service[*events.Service](a.Server)
		if _, err := register(a, e, 1); err != nil {
			t.Fatal(err)
		}
		g, err := svc.AddGroup(ctx, officer, e.ID, "Table 1", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddNotes(ctx, officer, e.ID, g, []string{"Buses stop too early", "Evening buses needed", "Buses to the hospital"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ProposeThemes(ctx, officer, e.ID); err != nil {
			t.Fatal(err)
		}
		a.Clock.Advance(8 * 24 * time.Hour)
		refs, _ := svc.CaseSources(ctx, officer, "en")
		if len(refs) != 0 {
			t.Fatalf("unpublished themes offered: %+v", refs)
		}
		if err := svc.PublishThemes(ctx, officer, e.ID, true); err != nil {
			t.Fatal(err)
		}
		refs, err = svc.CaseSources(ctx, officer, "en")
		if err != nil || len(refs) != 1 || refs[0].Title != "Pop-up day" {
			t.Fatalf("sources %+v %v", refs, err)
		}
		stranger := &actor.Actor{ID: "x", Roles: []string{identity.RoleMember}, Orgs: []string{"someone-else"}}
		if others, _ := svc.CaseSources(ctx, stranger, "en"); len(others) != 0 {
			t.Fatalf("offered to a stranger: %+v", others)
		}
		if _, err := svc.DraftCase(ctx, stranger, refs[0].Ref); err == nil {
			t.Fatal("a stranger drafted a case from the event")
		}
		d, err := svc.DraftCase(ctx, officer, refs[0].Ref)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.Story, "###") || !strings.Contains(d.Story, "Buses") || len(d.Organisations) != 1 || d.Organisations[0] != e.OrganisationID {
			t.Fatalf("draft: %+v", d)
		}
		if len(d.Indicators) < 3 || d.Indicators[0].Value != 1 {
			t.Fatalf("indicators: %+v", d.Indicators)
		}
	})
}

// A draft event (started from a method) is its organisers' alone until they publish it: not in
// the lists, the calendar feeds, the API or the search, its page and registration not found for
// anyone else; its organisers find it among their drafts and publish it.
func TestADraftEventIsSeenOnlyByItsOrganisers(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		officer, e := fixture(t, a, 10)
		svc := app.Service[*events.Service](a.Server)
		day := events.Local(a.Clock.Now().Add(30 * 24 * time.Hour)).Format("2006-01-02")
		url, err := svc.StartFromTemplate(context.Background(), officer, "events/fishbowl", map[string]string{hub.ParamTitle: "Fishbowl on the quay",
			hub.ParamOrganisation: e.OrganisationID, hub.ParamDate: day, hub.ParamLang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		page := strings.TrimSuffix(url, "/edit")
		id := strings.TrimPrefix(page, "/events/")
		a.MustAccount(t, "Rhys", "rhys@example.org", "correct horse battery", identity.RoleResident)
		anon, resident, owen := a.Client(t), a.Client(t), a.Client(t)
		resident.SignIn("rhys@example.org", "correct horse battery")
		owen.SignIn("owen@example.org", "correct horse battery")
		for name, c := range map[string]*apptest.Client{"a stranger": anon, "a resident": resident} {
			for _, path := range []string{page, page + ".ics", page + "/register", "/api/v1/events/" + id} {
				if r := c.Get(path); r.Status != http.StatusNotFound {
					t.Errorf("%s gets %s: %d, want 404", name, path, r.Status)
				}
			}
			for _, path := range []string{"/events", "/events.ics", "/api/v1/events", "/events.ics?organisation=" + e.OrganisationID} {
				apptest.MustNotContain(t, c.Get(path), "Fishbowl on the quay")
			}
			c.Get("/events")
			apptest.MustStatus(t, c.PostForm(page+"/publish", nil), map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[c == anon])
		}
		if _, _, _, err := svc.EventSummary(context.Background(), id); !errs.Is(err, errs.NotFound) {
			t.Errorf("a draft's summary: %v", err)
		}
		// Its organiser finds it among their drafts, sees it marked, and publishes it.
		apptest.MustContain(t, owen.Get("/events"), "Your draft events", "Fishbowl on the quay")
		apptest.MustContain(t, owen.Get(page), "This event is a draft", "Publish the event")
		apptest.MustStatus(t, owen.PostForm(page+"/publish", nil), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get("/events"), "Fishbowl on the quay")
		apptest.MustStatus(t, anon.Get(page), http.StatusOK)
		apptest.MustNotContain(t, owen.Get(page), "This event is a draft")
	})
}
