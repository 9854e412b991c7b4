package timebank_test

import (
	"context"
	"testing"

	"commons/internal/app/apptest"
)

func TestDemo(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		if err := a.LoadDemo(ctx); err != nil {
			t.Fatal(err)
		}
		if err := a.LoadDemo(ctx); err != nil { // idempotent
			t.Fatal(err)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_banks`); n != 2 {
			t.Fatalf("%d demo banks", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_agreements WHERE status = 'active'`); n != 1 {
			t.Fatal("no agreement between the demo banks")
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_exchanges WHERE status = 'confirmed'`); n < 100 {
			t.Fatalf("only %d exchanges in the demo's year", n)
		}
		if n := a.Count(t, `SELECT count(DISTINCT substr(happened_on, 1, 7)) FROM timebank_exchanges`); n < 12 {
			t.Fatalf("the demo's exchanges cover %d months", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions t JOIN timebank_postings p ON p.transaction_id = t.id
			JOIN timebank_accounts a ON a.id = p.account_id WHERE a.kind = 'clearing'`); n == 0 {
			t.Fatal("no exchanges between the demo banks")
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_exchanges WHERE status = 'pending'`); n != 1 {
			t.Fatalf("%d exchanges waiting", n)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_members m JOIN timebank_members n ON m.account_id = n.account_id AND m.bank_id < n.bank_id`); n != 2 {
			t.Fatal("the demo resident and officer are not both in both banks")
		}
		svcCheck(t, a)
		// The demo's pages answer.
		c := a.Client(t)
		c.SignIn("officer@aberhaven.example", "commons-demo")
		r := c.Get("/timebanks")
		apptest.MustContain(t, r, "Nant Valley Time Bank", "Harbourside Hours")
	})
}

func svcCheck(t *testing.T, a *apptest.App) {
	t.Helper()
	checkLedger(t, a, serviceOf(a))
}

// The demo's one reversal is of an exchange recorded in the Nant bank, whatever order the random
// ids put the year's exchanges in: the demo once picked the sixth exchange of the bank's list,
// which is sometimes one recorded in the other bank, and failed to load (exchange not found).
// Several fresh loads make that order vary.
func TestDemoAlwaysLoadsWithItsReversal(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo several times")
	}
	for i := 0; i < 6; i++ {
		a := apptest.New(t, apptest.Options{})
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatalf("load %d: %v", i+1, err)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions t JOIN timebank_banks b ON b.id = t.bank_id
			WHERE t.kind = 'reversal' AND b.name = 'Nant Valley Time Bank'`); n != 1 {
			t.Fatalf("load %d: %d reversals in the Nant bank", i+1, n)
		}
	}
}
