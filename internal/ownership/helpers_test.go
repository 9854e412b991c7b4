package ownership_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/ownership"
	"commons/internal/ownership/clock"
	"commons/internal/platform/actor"
	"commons/internal/platform/i18n"
)

const pw = "correct horse battery"

// world is a test app with an officer, a resident and the ownership service.
type world struct {
	a       *apptest.App
	svc     *ownership.Service
	officer *actor.Actor
	ctx     context.Context
	n       int
}

func newWorld(t *testing.T, a *apptest.App) *world {
	t.Helper()
	w := &world{a: a, svc: app.Service[*ownership.Service](a.Server), ctx: context.Background()}
	w.officer = w.person(t, "Owen Officer", "officer@example.org", identity.RoleOfficer)
	return w
}

// person makes a confirmed account with roles and returns it as an actor.
func (w *world) person(t *testing.T, name, email string, roles ...string) *actor.Actor {
	t.Helper()
	if email == "" {
		w.n++
		email = fmt.Sprintf("p%d@example.org", w.n)
	}
	id := w.a.MustAccount(t, name, email, pw, roles...)
	u, err := w.a.Identity.User(w.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// pub nominates a pub as a community group (online, by the resident given), with its owner.
func (w *world) pub(t *testing.T, by *actor.Actor, ownerEmail string) ownership.Case {
	t.Helper()
	c, err := w.svc.CreateCase(w.ctx, by, "en", ownership.CaseInput{Kind: ownership.KindACV, Name: "The Drovers Arms", Address: "1 Market Street",
		Postcode: "AH3 2NA", Reasons: "The only pub in the village.", Members: "30",
		Group:       ownership.Group{Name: "Friends of the Drovers", Type: ownership.GroupUnincorporated, Connection: "Village residents", NoProfit: true},
		ContactName: "Sam", ContactEmail: by.Email, Owner: ownership.Party{Name: "Brewery plc", Email: ownerEmail}, Confirm: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) apply(t *testing.T, a *actor.Actor, c ownership.Case, step string, in ownership.StepInput) {
	t.Helper()
	if err := w.svc.Apply(w.ctx, a, c.ID, step, in); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

func TestDemoLoadsTwice(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := a.Count(t, `SELECT count(*) FROM own_cases`); n < 8 {
		t.Fatalf("%d demo cases", n)
	}
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func ioNop(b []byte) nopCloser { return nopCloser{bytes.NewReader(b)} }

func dayText(d clock.Date) string { return i18n.DayOf("en", d.String()) }
