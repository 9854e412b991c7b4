package timebank_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/timebank"
	"commons/internal/volunteering"
)

// TestConfirmedVolunteeringCreditsTheTimeBank goes through the real volunteering capability:
// a volunteer logs hours with an organisation that is a member of their time bank; the
// coordinator confirms them (twice, as a double click would); the time bank credits the
// volunteer once, from the organisation's account, and the statement says where from.
func TestConfirmedVolunteeringCreditsTheTimeBank(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, false)
		vol := app.Service[*volunteering.Service](a.Server)
		admin := &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin), Roles: []string{identity.RoleAdmin}}
		org, err := a.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: "Nant Lunch Club", Sector: "vcf"})
		if err != nil {
			t.Fatal(err)
		}
		cid := a.MustAccount(t, "Gwen Coordinator", "gwen@example.org", pw, identity.RoleMember)
		if _, err := a.DB.Exec(ctx, `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ($1, $2, $3)`, org.ID, cid, a.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		coord, _ := a.Identity.User(ctx, cid)
		broker := &actor.Actor{ID: w.brokerID, Name: "Bethan Broker", Roles: []string{"resident", "officer"}}
		orgMember, err := w.svc.AddOrganisation(ctx, broker, w.bank.ID, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		o, err := vol.CreateOpportunity(ctx, coord, volunteering.OpportunityInput{OrganisationID: org.ID, Title: "Lunch club helper",
			Description: "Serve lunch.", Kind: volunteering.Regular, Causes: []string{"AntiPoverty"}, Where: "address", Venue: "Village hall",
			Postcode: "AH3 1AA", Role: volunteering.RoleInput{Title: "Server", CheckNeeded: volunteering.CheckNone, AutoAccept: true}})
		if err != nil {
			t.Fatal(err)
		}
		ann, _ := a.Identity.User(ctx, w.annID)
		day := time.Now().In(timebank.London).AddDate(0, 0, -1).Format("2006-01-02")
		h, err := vol.LogHours(ctx, ann, volunteering.HoursInput{OpportunityID: o.ID, Day: day, Hours: "2", Minutes: "30", Note: "Served lunch"})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			_ = vol.Confirm(ctx, coord, h.ID, true)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions WHERE kind = 'volunteering' AND ref = $1`, "volunteering/hours/"+h.ID); n != 1 {
			t.Fatalf("%d credits for one confirmation", n)
		}
		if b := w.balance(t, w.annMember); b != 30+150 {
			t.Fatalf("Ann's balance %d, want her welcome half hour and the 2:30 she volunteered", b)
		}
		if b := w.balance(t, orgMember); b != -150 {
			t.Fatalf("the lunch club's balance %d", b)
		}
		st, err := w.svc.StatementFor(ctx, ann, w.bank.ID, w.annMember.Account, "", "")
		if err != nil {
			t.Fatal(err)
		}
		last := st.Rows[len(st.Rows)-1]
		if last.Kind != timebank.TxVolunteering || last.With != "Nant Lunch Club" || !strings.Contains(last.Note, "Lunch club helper") {
			t.Fatalf("statement row %+v", last)
		}
		w.booksBalance(t)
	})
}
