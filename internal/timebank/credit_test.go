package timebank_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/timebank"
)

// crediter is the volunteering capability's view of the time bank, as CONTRACTS.md gives it.
type crediter interface {
	CreditVolunteering(ctx context.Context, organisationID, accountID, ref string, minutes int, note string) (bool, error)
}

func TestCreditVolunteeringOncePerRef(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, true)
		var c crediter = w.svc
		admin := &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin), Roles: []string{identity.RoleAdmin}}
		orgs, err := w.svc.Identity.Organisations(ctx, "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		var orgID string
		if len(orgs) > 0 {
			orgID = orgs[0].ID
		} else {
			o, err := w.svc.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: "Nant Village Hall", Sector: "vcf"})
			if err != nil {
				t.Fatal(err)
			}
			orgID = o.ID
		}
		// Not yet in the bank: nothing is credited, and nothing fails.
		if ok, err := c.CreditVolunteering(ctx, orgID, w.annID, "volunteering/hours/1", 120, "Lunch club, 3 March"); ok || err != nil {
			t.Fatalf("an organisation in no time bank: %v, %v", ok, err)
		}
		broker := &actor.Actor{ID: w.brokerID, Name: "Bethan Broker", Roles: []string{"resident", "officer"}}
		org, err := w.svc.AddOrganisation(ctx, broker, w.bank.ID, orgID)
		if err != nil {
			t.Fatal(err)
		}
		ok, err := c.CreditVolunteering(ctx, orgID, w.annID, "volunteering/hours/1", 120, "Lunch club, 3 March")
		if !ok || err != nil {
			t.Fatalf("first credit: %v, %v", ok, err)
		}
		if ok, err := c.CreditVolunteering(ctx, orgID, w.annID, "volunteering/hours/1", 120, "Lunch club, 3 March"); ok || err != nil {
			t.Fatalf("the same ref again: %v, %v", ok, err)
		}
		if b := w.balance(t, w.annMember); b != 150 {
			t.Fatalf("Ann's balance %d, want 150", b)
		}
		if b := w.balance(t, org); b != -120 {
			t.Fatalf("the organisation's balance %d, want -120", b)
		}
		mail := a.MustMailTo(t, "ann@example.org", "2 hours for volunteering at")
		if !strings.Contains(mail, "Lunch club, 3 March") {
			t.Fatalf("mail:\n%s", mail)
		}
		// The statement names the organisation and keeps the ref.
		st, err := w.svc.StatementFor(ctx, &actor.Actor{ID: w.annID}, w.bank.ID, w.annMember.Account, "", "")
		if err != nil {
			t.Fatal(err)
		}
		last := st.Rows[len(st.Rows)-1]
		if last.Kind != timebank.TxVolunteering || last.Ref != "volunteering/hours/1" || !strings.Contains(last.With, "Nant") && last.With == "" {
			t.Fatalf("statement row %+v", last)
		}
		page := w.ann.Get("/timebanks/" + w.bank.ID + "/accounts/" + w.annMember.Account + "/statement")
		apptest.MustContain(t, page, "Volunteering", "Lunch club, 3 March", "your volunteering record")

		// It runs in the caller's transaction: rolled back with it, credited by the retry.
		rollback := errors.New("the volunteering confirmation failed")
		err = a.DB.WithTx(ctx, func(ctx context.Context) error {
			if ok, err := c.CreditVolunteering(ctx, orgID, w.annID, "volunteering/hours/2", 30, "Café"); !ok || err != nil {
				t.Fatalf("credit in a transaction: %v %v", ok, err)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions WHERE ref = 'volunteering/hours/2'`); n != 0 {
			t.Fatal("a credit outlived its caller's rolled-back transaction")
		}
		// Many at once with one ref: one credit.
		var wg sync.WaitGroup
		var mu sync.Mutex
		yes := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := c.CreditVolunteering(ctx, orgID, w.annID, "volunteering/hours/3", 15, "Litter pick")
				mu.Lock()
				defer mu.Unlock()
				if ok {
					yes++
				}
				_ = err // a loser may meet the winner's unique ref as an error; nothing is doubled
			}()
		}
		wg.Wait()
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions WHERE ref = 'volunteering/hours/3'`); n != 1 || yes != 1 {
			t.Fatalf("one ref credited %d times (%d said yes)", n, yes)
		}
		// The organisation's limit holds: 20 hours, and it has paid 2:45.
		_, err = c.CreditVolunteering(ctx, orgID, w.annID, "volunteering/hours/4", 1200, "A very long day")
		if _, ok := timebank.AsLimit(err); !ok {
			t.Fatalf("a credit past the organisation's limit: %v", err)
		}
		w.booksBalance(t)
	})
}
