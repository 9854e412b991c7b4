package volunteering_test

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/volunteering"
)

const pw = "correct horse battery"

// world is a test app with an organisation, its coordinator and the volunteering service.
type world struct {
	a     *apptest.App
	svc   *volunteering.Service
	org   identity.Organisation
	coord *actor.Actor
	ctx   context.Context
	n     int
}

func newWorld(t *testing.T, a *apptest.App) *world {
	t.Helper()
	ctx := context.Background()
	adminID := a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin)
	admin := &actor.Actor{ID: adminID, Name: "Ada", Roles: []string{identity.RoleAdmin}}
	org, err := a.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: "Harbourside Food Bank", Sector: "vcf"})
	if err != nil {
		t.Fatal(err)
	}
	cid := a.MustAccount(t, "Gwen Coordinator", "gwen@example.org", pw, identity.RoleMember)
	if _, err := a.DB.Exec(ctx, `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ($1, $2, $3)`, org.ID, cid, a.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	coord, err := a.Identity.User(ctx, cid)
	if err != nil {
		t.Fatal(err)
	}
	return &world{a: a, svc: app.Service[*volunteering.Service](a.Server), org: org, coord: coord, ctx: ctx}
}

// person makes a confirmed account and returns it as an actor.
func (w *world) person(t *testing.T, name string) *actor.Actor {
	t.Helper()
	w.n++
	id := w.a.MustAccount(t, name, fmt.Sprintf("p%d@example.org", w.n), pw)
	u, err := w.a.Identity.User(w.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// opportunity posts an opportunity with one role.
func (w *world) opportunity(t *testing.T, title, check string, auto bool, minAge string) volunteering.Opportunity {
	t.Helper()
	o, err := w.svc.CreateOpportunity(w.ctx, w.coord, volunteering.OpportunityInput{OrganisationID: w.org.ID, Title: title,
		Description: "Pack parcels.", Kind: volunteering.Regular, Causes: []string{"AntiPoverty"}, Where: "address", Venue: "Unit 3",
		Postcode: "AH1 2QS", Role: volunteering.RoleInput{Title: "Packer", CheckNeeded: check, AutoAccept: auto, MinAge: minAge}})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// shift adds one shift starting in `in`, lasting three hours.
func (w *world) shift(t *testing.T, roleID string, in time.Duration, min, max int) volunteering.Shift {
	t.Helper()
	start := volunteering.Local(w.a.Clock.Now().Add(in)).Truncate(time.Minute)
	if start.Hour() >= 21 { // keep the shift within one day: it ends three hours later
		start = time.Date(start.Year(), start.Month(), start.Day(), 20, 0, 0, 0, volunteering.London)
	}
	ss, err := w.svc.AddShifts(w.ctx, w.coord, roleID, volunteering.ShiftInput{Date: start.Format("2006-01-02"), Start: start.Format("15:04"),
		End: start.Add(3 * time.Hour).Format("15:04"), Min: fmt.Sprint(min), Max: fmt.Sprint(max), Lead: "Siân"})
	if err != nil {
		t.Fatalf("add shift at %v: %v", start, err)
	}
	return ss[0]
}

// parallel runs fn n times at once and waits.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			fn(i)
		}(i)
	}
	close(start)
	wg.Wait()
}

var oppRE = regexp.MustCompile(`/volunteering/opportunities/([0-9a-f-]{36})`)
