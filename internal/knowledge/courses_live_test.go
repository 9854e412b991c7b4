package knowledge_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/knowledge"
	"commons/internal/platform/errs"
)

// liveEvents stands in for the events capability, which does not yet offer EventSummary: one
// event, at 18:30 in London on a summer's day.
type liveEvents struct{ id string }

func (l liveEvents) EventSummary(_ context.Context, id string) (string, string, time.Time, error) {
	if id != l.id {
		return "", "", time.Time{}, errs.E(errs.NotFound, "error.not_found")
	}
	return "Co-production workshop at the library", "/events/" + id, time.Date(2026, 7, 14, 17, 30, 0, 0, time.UTC), nil
}

// A course names the event that runs it live: without the events capability its page still
// works and says nothing of it; with it, the page links to the event with its date and time in
// Europe/London, in Welsh on a Welsh page.
func TestACourseLinksToTheEventThatRunsItLive(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer)
		editor, stranger := a.Client(t), a.Client(t)
		editor.SignIn("olwen@example.org", pw)
		course, _ := courseWithModules(t, a, editor, "Live and online")
		event := "0b9f3c1e-6a53-4f1e-9d38-3c1f4b1e2a77"
		editor.Get(course + "/edit")
		r := editor.PostForm(course+"/edit", url.Values{"title_en": {"Live and online"}, "summary_en": {"Both ways."}, "minutes": {"25"}, "event_id": {"/events/x"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter the event's id")
		r = editor.PostForm(course+"/edit", url.Values{"title_en": {"Live and online"}, "summary_en": {"Both ways."}, "minutes": {"25"}, "event_id": {event}})
		apptest.MustStatus(t, r, http.StatusSeeOther)

		svc := app.Service[*knowledge.Service](a.Server)
		r = stranger.Get(course)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustNotContain(t, r, "also run live")

		svc.Events = liveEvents{id: event}
		defer func() { svc.Events = nil }()
		r = stranger.Get(course)
		apptest.MustContain(t, r, "This course is also run live", `href="/events/`+event+`"`, "Co-production workshop at the library", "18:30")
		r = stranger.Follow(stranger.Get(course + "?lang=cy"))
		apptest.MustContain(t, r, "Gorffennaf")
		if strings.Contains(r.Body, "17:30") {
			t.Error("the event's time is shown in UTC")
		}
	})
}
