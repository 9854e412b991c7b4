package campaigns_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// A method's template starts an unpublished campaign led by the person, with its organising
// plan of actions from the day asked for; the public cannot see it until its team publishes it.
func TestTemplateStartsAnUnpublishedCampaignWithItsPlan(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		b := newBorough(t, a)
		gwen := &actor.Actor{ID: b.gwenID, Roles: []string{"resident"}}
		day := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
		url, err := b.svc.StartFromTemplate(t.Context(), gwen, "campaigns/organising", map[string]string{hub.ParamTitle: "Keep the library open", hub.ParamDate: day, hub.ParamLang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(url, "/campaigns/"), "/manage")
		c, err := b.svc.Campaign(t.Context(), gwen, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Published || c.Title != "Keep the library open" {
			t.Fatalf("campaign: %+v", c)
		}
		acts, err := b.svc.Actions(t.Context(), id)
		if err != nil || len(acts) != 3 || acts[2].HappensOn != day { // newest first
			t.Fatalf("plan: %+v %v", acts, err)
		}
		apptest.MustStatus(t, a.Client(t).Get("/campaigns/"+id), http.StatusNotFound)
		apptest.MustStatus(t, b.gwen.Get(url), http.StatusOK)
		if _, err := b.svc.StartFromTemplate(t.Context(), &actor.Actor{}, "campaigns/organising", map[string]string{hub.ParamTitle: "x", hub.ParamDate: day}); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("a stranger started a campaign: %v", err)
		}
	})
}
