package volunteering_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/volunteering"
)

// Coordinators see their organisation's insights, the council the borough's: charts each with
// its table, and a CSV; a resident sees none.
func TestInsights(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		o := w.opportunity(t, "Saturday shifts", volunteering.CheckNone, true, "")
		w.shift(t, o.Roles[0].ID, 72*time.Hour, 2, 4) // unfilled
		day := volunteering.Local(a.Clock.Now()).Format("2006-01-02")
		for _, name := range []string{"Ann", "Ben"} {
			if _, err := w.svc.LogHoursFor(w.ctx, w.coord, volunteering.HoursInput{OpportunityID: o.ID, Day: day, Hours: "2"},
				volunteering.PersonInput{Name: name}); err != nil {
				t.Fatal(err)
			}
		}
		in, err := w.svc.Insights(w.ctx, w.coord, w.org.ID, func(k string, _ ...any) string { return k })
		if err != nil || in.Volunteers != 2 || in.Minutes != 240 || in.Unfilled != 1 || len(in.ByCause) != 1 || in.ByCause[0].Key != "AntiPoverty" {
			t.Fatalf("insights %+v %v", in, err)
		}
		gwen := a.Client(t)
		gwen.SignIn("gwen@example.org", pw)
		r := gwen.Get("/volunteering/insights")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, `role="img"`, "Confirmed hours by cause", "Anti-Poverty", "4 h", "Under their minimum")
		r = gwen.Get("/volunteering/insights.csv?organisation=" + w.org.ID)
		apptest.MustStatus(t, r, http.StatusOK)
		if !strings.Contains(r.Body, "Anti-Poverty,2,240") {
			t.Fatalf("csv:\n%s", r.Body)
		}
		a.MustAccount(t, "Owen", "owen@example.org", pw, identity.RoleOfficer)
		owen := a.Client(t)
		owen.SignIn("owen@example.org", pw)
		apptest.MustContain(t, owen.Get("/volunteering/insights"), "The whole borough", "Voluntary, community and faith sector")
		res := a.Client(t)
		w.person(t, "Rhys")
		res.SignIn("p1@example.org", pw)
		apptest.MustStatus(t, res.Get("/volunteering/insights"), http.StatusForbidden)
	})
}
