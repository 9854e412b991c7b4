package volunteering_test

import (
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// A method's template starts an action day with its role for the coordinator's organisation,
// closed until they open it; someone outside the organisation may not.
func TestTemplateStartsAClosedOpportunityWithItsRole(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		params := map[string]string{hub.ParamTitle: "Diwrnod glanhau'r traeth", hub.ParamOrganisation: w.org.ID, hub.ParamLang: "cy"}
		url, err := w.svc.StartFromTemplate(w.ctx, w.coord, "volunteering/action-day", params)
		if err != nil {
			t.Fatal(err)
		}
		o, err := w.svc.Opportunity(w.ctx, strings.TrimSuffix(strings.TrimPrefix(url, "/volunteering/opportunities/"), "/edit"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Open() || o.Title != "Diwrnod glanhau'r traeth" || len(o.Roles) != 1 || o.Roles[0].Title != "Gwirfoddolwr diwrnod gweithredu" {
			t.Fatalf("opportunity: %+v", o)
		}
		outsider := w.person(t, "Owain Outsider")
		if _, err := w.svc.StartFromTemplate(w.ctx, outsider, "volunteering/action-day", params); errs.As(err).Fields["organisation_id"] == "" {
			t.Fatalf("an outsider started an opportunity: %v", err)
		}
		if got := w.svc.Templates("en"); len(got) != 1 || got[0].Key != "volunteering/action-day" || got[0].Needs[0] != hub.ParamOrganisation {
			t.Fatalf("templates: %+v", got)
		}
	})
}
