package volunteering_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/volunteering"
)

// A coordinator posts a regular role with a rota through the forms, without JavaScript; the
// list's filters find it, and only what matches.
func TestPostAndSearchOverHTTP(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		c := a.Client(t)
		c.SignIn("gwen@example.org", pw)
		apptest.MustStatus(t, c.Get("/volunteering/new"), http.StatusOK)
		form := url.Values{"organisation_id": {w.org.ID}, "title": {"Lunch club kitchen"}, "description": {"Cook and **serve**."},
			"kind": {"regular"}, "where": {"address"}, "venue": {"Nant Village Hall"}, "postcode": {"ah3 5nv"},
			"role_title": {"Kitchen helper"}, "role_check_needed": {"none"}, "role_auto_accept": {"yes"}, "role_min_age": {"14"}}
		r := c.PostForm("/volunteering", form)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "govuk-error-summary", "Choose at least one cause", `value="Lunch club kitchen"`)
		form["causes"] = []string{"OlderPeople", "LocalCommunity"}
		form.Set("role_check_needed", "dbs_basic")
		r = c.PostForm("/volunteering", form)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "cannot accept people automatically")
		form.Set("role_check_needed", "none")
		r = c.PostForm("/volunteering", form)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		id := oppRE.FindStringSubmatch(r.Location())[1]
		o, err := w.svc.Opportunity(w.ctx, id)
		if err != nil || o.Postcode != "AH3 5NV" || len(o.Roles) != 1 || !o.Roles[0].AutoAccept {
			t.Fatalf("saved %+v, %v", o, err)
		}
		// A weekly rota of four Wednesday shifts.
		day := volunteering.Local(a.Clock.Now().AddDate(0, 0, 1))
		for day.Weekday() != time.Wednesday {
			day = day.AddDate(0, 0, 1)
		}
		c.Get("/volunteering/opportunities/" + id + "/manage")
		r = c.PostForm("/volunteering/roles/"+o.Roles[0].ID+"/shifts", url.Values{"date": {day.Format("2006-01-02")}, "start": {"11:00"},
			"end": {"10:00"}, "min": {"2"}, "max": {"4"}, "repeat": {"weekly"}, "count": {"4"}, "lead": {"Gwen"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "The end must be after the start")
		r = c.PostForm("/volunteering/roles/"+o.Roles[0].ID+"/shifts", url.Values{"date": {day.Format("2006-01-02")}, "start": {"11:00"},
			"end": {"14:00"}, "min": {"2"}, "max": {"4"}, "repeat": {"weekly"}, "count": {"4"}, "lead": {"Gwen"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if n := a.Count(t, `SELECT count(*) FROM vol_shifts WHERE opportunity_id = $1`, id); n != 4 {
			t.Fatalf("%d shifts, want 4", n)
		}
		r = c.Get("/volunteering/opportunities/" + id + "/manage")
		apptest.MustContain(t, r, "2 more needed", "Led by Gwen")
		// A second opportunity from home, needing a check, for adults.
		w.svc.CreateOpportunity(w.ctx, w.coord, volunteering.OpportunityInput{OrganisationID: w.org.ID, Title: "Phone befriending",
			Description: "Call someone.", Kind: volunteering.Regular, Causes: []string{"MentalHealth"}, Where: "home",
			Role: volunteering.RoleInput{Title: "Befriender", CheckNeeded: volunteering.CheckDBSEnhanced, MinAge: "18"}})
		anon := a.Client(t)
		for q, want := range map[string][]string{
			"":                           {"Lunch club kitchen", "Phone befriending"},
			"cause=OlderPeople":          {"Lunch club kitchen"},
			"cause=MentalHealth":         {"Phone befriending"},
			"from_home=yes":              {"Phone befriending"},
			"no_checks=yes":              {"Lunch club kitchen"},
			"under_18=yes":               {"Lunch club kitchen"},
			"day=Wednesday":              {"Lunch club kitchen"},
			"day=Wednesday&part=Morning": {"Lunch club kitchen"},
			"day=Monday":                 {},
			"part=Evening":               {},
			"q=befriend":                 {"Phone befriending"},
		} {
			r := anon.Get("/volunteering?" + q)
			apptest.MustStatus(t, r, http.StatusOK)
			for _, title := range []string{"Lunch club kitchen", "Phone befriending"} {
				has := strings.Contains(r.Body, ">"+title+"</a>")
				wanted := false
				for _, x := range want {
					wanted = wanted || x == title
				}
				if has != wanted {
					t.Errorf("?%s: %q shown %v, want %v", q, title, has, wanted)
				}
			}
		}
		// A distance search goes through the asset map's postcodes: a known district is found
		// (no notice), an unknown postcode is said to be unknown and everything is listed.
		r = anon.Get("/volunteering?postcode=AH1+2QS")
		apptest.MustStatus(t, r, http.StatusOK)
		if strings.Contains(r.Body, "Searching by distance is not available") || strings.Contains(r.Body, `class="govuk-inset-text"`) {
			t.Errorf("a search near AH1 2QS did not use the asset map's postcodes:\n%s", apptest.Excerpt(r.Body))
		}
		// The API has the same search.
		r = anon.Get("/api/v1/volunteering/opportunities?cause=OlderPeople")
		apptest.MustStatus(t, r, http.StatusOK)
		var page struct {
			Items []volunteering.Opportunity `json:"items"`
		}
		if err := json.Unmarshal([]byte(r.Body), &page); err != nil || len(page.Items) != 1 || page.Items[0].Title != "Lunch club kitchen" {
			t.Fatalf("api: %v %s", err, r.Body)
		}
		apptest.MustStatus(t, anon.Get("/api/v1/volunteering/opportunities?limit=0"), http.StatusUnprocessableEntity)
		// In Welsh.
		cy := a.Client(t)
		cy.Get("/volunteering?lang=cy")
		apptest.MustContain(t, cy.Get("/volunteering/opportunities/"+id), "Pobl hŷn", "Dydd Mercher", "Cymuned leol")
		// Someone else's organisation cannot be managed.
		other := a.Client(t)
		w.person(t, "Rhys")
		other.SignIn("p1@example.org", pw)
		apptest.MustStatus(t, other.Get("/volunteering/opportunities/"+id+"/manage"), http.StatusForbidden)
		apptest.MustStatus(t, other.Get("/volunteering/new"), http.StatusForbidden)
	})
}

// Distance search uses the asset map's postcode lookup when there is one.
func TestSearchByDistance(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	w.svc.Locator = fixedPostcodes{"AH1 2QS": {51.62, -3.94}, "AH7 3CP": {51.70, -3.80}}
	near := w.opportunity(t, "Near", volunteering.CheckNone, true, "")
	far := w.opportunity(t, "Far", volunteering.CheckNone, true, "")
	_ = far
	if _, err := w.svc.UpdateOpportunity(w.ctx, w.coord, far.ID, volunteering.OpportunityInput{Title: "Far", Description: "x", Kind: volunteering.Regular,
		Causes: []string{"AntiPoverty"}, Where: "address", Venue: "Park", Postcode: "AH7 3CP"}, "open"); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Search(w.ctx, volunteering.Search{Postcode: "AH1 2QS", Within: 5})
	if err != nil || len(res.Opportunities) != 1 || res.Opportunities[0].ID != near.ID || *res.Opportunities[0].Distance > 0.1 {
		t.Fatalf("within 5 km: %+v %v", res.Opportunities, err)
	}
	res, _ = w.svc.Search(w.ctx, volunteering.Search{Postcode: "AH1 2QS", Within: 25})
	if len(res.Opportunities) != 2 || res.Opportunities[0].ID != near.ID {
		t.Fatalf("within 25 km, nearest first: %+v", res.Opportunities)
	}
	res, _ = w.svc.Search(w.ctx, volunteering.Search{Postcode: "ZZ9 9ZZ"})
	if !res.UnknownPostcode || len(res.Opportunities) != 2 {
		t.Fatalf("unknown postcode: %+v", res)
	}
}
