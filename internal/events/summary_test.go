package events_test

import (
	"context"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/events"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Other capabilities link to an event through its summary (CONTRACTS: a course run live, a
// campaign's action): its title, page and start; an unknown or malformed id is not found.
func TestEventSummaryForOtherCapabilities(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		_, e := fixture(t, a, 10)
		svc := app.Service[*events.Service](a.Server)
		title, url, starts, err := svc.EventSummary(context.Background(), e.ID)
		if err != nil || title != "Pop-up day" || url != "/events/"+e.ID || !starts.Equal(e.StartsAt) {
			t.Fatalf("summary %q %q %v %v", title, url, starts, err)
		}
		for _, id := range []string{ids.New(), "not-an-id", ""} {
			if _, _, _, err := svc.EventSummary(context.Background(), id); !errs.Is(err, errs.NotFound) {
				t.Errorf("summary of %q: %v, want not found", id, err)
			}
		}
	})
}
