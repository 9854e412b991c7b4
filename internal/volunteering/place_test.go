package volunteering_test

import (
	"net/http"
	"net/url"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/platform/place"
	"commons/internal/volunteering"
)

// With the asset map there, a coordinator names the village hall and the opportunity is held
// there (several matches are offered to choose from, without JavaScript); the asset's page
// lists what is held at the place.
func TestOpportunityAtAnAssetOfTheMap(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.Server.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	vs := &world{a: a, svc: app.Service[*volunteering.Service](a.Server), ctx: t.Context()}
	orgs, _ := a.Identity.Organisations(vs.ctx, "", 100, 0)
	for _, o := range orgs {
		if o.Name == "Nant Village Hall Committee" {
			vs.org = o
		}
	}
	if vs.svc.Finder == nil || vs.svc.Places == nil {
		t.Fatal("the asset map's places were not found")
	}
	found, err := vs.svc.Finder.FindPlaces(vs.ctx, "Nant Community Centre", 5)
	var ps []place.Place
	for _, p := range found {
		if p.Name == "Nant Community Centre" {
			ps = append(ps, p)
		}
	}
	if err != nil || len(ps) != 1 {
		t.Fatalf("places %v %v", found, err)
	}
	c := a.Client(t)
	c.SignIn("member@aberhaven.example", "commons-demo")
	c.Get("/volunteering/new")
	form := url.Values{"organisation_id": {vs.org.ID}, "title": {"Hall garden"}, "description": {"Dig."}, "kind": {"one_off"},
		"causes": {"Environment"}, "where": {"place"}, "place_q": {"Library"}, "role_title": {"Gardener"}, "role_check_needed": {"none"}}
	r := c.PostForm("/volunteering", form)
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Several places match", "Which place?", "Nant Library")
	form.Set("place_q", "Nant Community Centre")
	r = c.PostForm("/volunteering", form)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	o, err := vs.svc.Opportunity(vs.ctx, oppRE.FindStringSubmatch(r.Location())[1])
	if err != nil || o.PlaceID != ps[0].ID || o.Venue != "Nant Community Centre" || !o.HasPoint() {
		t.Fatalf("opportunity %+v %v", o, err)
	}
	ms, err := vs.svc.AtPlace(vs.ctx, ps[0].ID, "cy", nil)
	if err != nil || len(ms) != 1 || ms[0].Title != "Hall garden" || ms[0].Status != "Unwaith" {
		t.Fatalf("mentions %+v %v", ms, err)
	}
}
