package assets_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/assets"
	"commons/internal/assets/record"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/ids"
)

const pw = "correct horse battery"

// world is a small borough: two wards, two organisations, people in each role and a handful of
// assets chosen so each filter keeps a different set.
type world struct {
	a                                *apptest.App
	svc                              *assets.Service
	castle, nant                     string // area ids
	hall, foodbank                   string // organisation ids
	officer, member, other, resident *actor.Actor
	ids                              map[string]string // asset name → id
}

func mustExec(t *testing.T, a *apptest.App, q string, args ...any) {
	t.Helper()
	if _, err := a.DB.Exec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func user(t *testing.T, a *apptest.App, name, email string, roles []string, orgs ...string) *actor.Actor {
	t.Helper()
	id := a.MustAccount(t, name, email, pw, roles...)
	for _, o := range orgs {
		mustExec(t, a, `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ($1, $2, $3)`, o, id, time.Now().UTC())
	}
	return &actor.Actor{ID: id, Name: name, Email: email, Roles: append([]string{identity.RoleResident}, roles...), Orgs: orgs}
}

// dayNotToday is a two-letter day name that is not today (in Europe/London).
func dayNotToday() string {
	loc, _ := time.LoadLocation("Europe/London")
	return []string{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"}[(int(time.Now().In(loc).Weekday())+3)%7]
}

func newWorld(t *testing.T, a *apptest.App) *world {
	t.Helper()
	w := &world{a: a, svc: app.Service[*assets.Service](a.Server), castle: ids.New(), nant: ids.New(), hall: ids.New(), foodbank: ids.New(), ids: map[string]string{}}
	now := time.Now().UTC()
	mustExec(t, a, `INSERT INTO areas (id, name, kind, postcode_districts, created_at) VALUES ($1, 'Castle', 'ward', 'AH1', $3), ($2, 'Nant', 'ward', 'AH3', $3)`, w.castle, w.nant, now)
	mustExec(t, a, `INSERT INTO organisations (id, name, sector, description, website, created_at) VALUES
		($1, 'Nant Village Hall Committee', 'vcf', 'Runs the hall.', 'https://nant.example', $3),
		($2, 'Harbourside Food Bank', 'vcf', '', 'not a url', $3)`, w.hall, w.foodbank, now)
	w.officer = user(t, a, "Owen Officer", "officer@example.org", []string{identity.RoleOfficer})
	w.member = user(t, a, "Gwen Member", "gwen@example.org", []string{identity.RoleMember}, w.hall)
	w.other = user(t, a, "Fran Foodbank", "fran@example.org", []string{identity.RoleMember}, w.foodbank)
	w.resident = user(t, a, "Rhys Resident", "rhys@example.org", nil)
	closed := dayNotToday() + " 09:00-10:00"
	for _, in := range []record.Input{
		{Name: "Nant Village Hall", Category: "spaces", Tags: "hall, hire", Area: "Nant", Postcode: "AH3 4XY", Latitude: "51.642", Longitude: "-3.965",
			OpeningHours: "24/7", StepFree: "yes", Ownership: "community", Capacity: "120", Organisation: "Nant Village Hall Committee",
			Description: "Main hall with a kitchen", Services: "Lunch club", ContactEmail: "hall@nant.example", Website: "https://nant.example/hall",
			Address: "1 Heol y Nant", Accessibility: "Ramp at the side door"},
		{Name: "Caffi Cwtsh", Category: "economic", Tags: "café, food", Area: "Castle", Postcode: "AH1 2AB", Latitude: "51.621", Longitude: "-3.943",
			OpeningHours: closed, Ownership: "private", Description: "Coffee and Welsh cakes – croeso i bawb", Address: "5 High Street"},
		{Name: "Castle Library", Category: "spaces", Tags: "library, books", Area: "Castle", Postcode: "AH1 3CD", Latitude: "51.6215", Longitude: "-3.9435",
			OpeningHours: "24/7", StepFree: "yes", Ownership: "council", Description: "Books 100% free_of charge"},
		{Name: "Harbour Choir", Category: "cultural", Tags: "music, welsh", Area: "Castle", Ownership: "community", Description: "Male voice choir"},
		{Name: "Upper Valley Walking Group", Category: "associations", Tags: "walking", Latitude: "51.685", Longitude: "-3.885", Ownership: "community"},
	} {
		as, err := w.svc.Create(context.Background(), w.officer, in)
		if err != nil {
			t.Fatalf("create %s: %v", in.Name, err)
		}
		w.ids[in.Name] = as.ID
	}
	return w
}

// names returns the asset names in order.
func names(as []assets.Asset) string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return strings.Join(out, "|")
}

func client(t *testing.T, a *apptest.App, email string) *apptest.Client {
	t.Helper()
	c := a.Client(t)
	if email != "" {
		c.SignIn(email, pw)
	}
	return c
}

func mustJSON(t *testing.T, r *apptest.Response, v any) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("status %d: %s", r.Status, apptest.Excerpt(r.Body))
	}
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.Body)
	}
}
