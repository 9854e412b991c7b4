package budgeting_test

import (
	"context"
	"sync"
	"testing"

	"commons/internal/budgeting"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/errs"
)

// codes makes n one-time codes for the process and returns them.
func (f *fixture) codes(t *testing.T, processID string, n int) []string {
	t.Helper()
	ctx := context.Background()
	if err := f.svc.GenerateCodes(ctx, f.officer, processID, n); err != nil {
		t.Fatal(err)
	}
	cs, err := f.svc.Codes(ctx, processID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

func ballots(t *testing.T, d *db.DB, processID string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT count(*) FROM budget_ballots WHERE process_id = $1`, processID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCodeVoterGetsTheReceiptOnRetry: a code ballot that was saved but whose answer never
// reached the voter (a dropped connection, a crash) is not lost and not refused: sending the same
// ballot again answers with its receipt (V8: the voter was told the code "has already been
// used"). A different ballot with a used code is still refused, and nothing is doubled.
func TestCodeVoterGetsTheReceiptOnRetry(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "3000", "2000")
		code := f.codes(t, p.ID, 2)[0]
		ballot := budgeting.BallotInput{Eligible: true, Choices: approve(ideas[0])}
		first, err := f.svc.Vote(ctx, budgeting.Voter{Code: code}, p.ID, ballot)
		if err != nil {
			t.Fatal(err)
		}
		// The answer was lost; the voter sends the same ballot again, also with the code typed
		// in lower case and spaces.
		for _, c := range []string{code, " " + code + " "} {
			again, err := f.svc.Vote(ctx, budgeting.Voter{Code: c}, p.ID, ballot)
			if err != nil || again != first {
				t.Fatalf("retry: receipt %q (%v), want %q", again, err, first)
			}
		}
		// A different ballot with the used code is refused.
		_, err = f.svc.Vote(ctx, budgeting.Voter{Code: code}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[1])})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("another ballot with a used code: %v", err)
		}
		if n := ballots(t, d, p.ID); n != 1 {
			t.Fatalf("%d ballots, want 1", n)
		}
	})
}

// TestOnePersonOneBallot: a signed-in person votes with their account or with a code, not both,
// whichever comes first, and also when both ballots are sent at the same moment (V10: an
// account that had voted cast a second ballot with a code).
func TestOnePersonOneBallot(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "3000", "2000")
		codes := f.codes(t, p.ID, 40)
		ballot := budgeting.BallotInput{Eligible: true, Choices: approve(ideas[0])}

		// Account first, then a code while signed in: refused.
		alys := f.account(t, "Alys")
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: alys}, p.ID, ballot); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Vote(ctx, budgeting.Voter{Account: alys, Code: codes[0]}, p.ID, ballot)
		if e := errs.As(err); e.Code != errs.Invalid || e.Fields["code"] != "budgeting.err.voted_with_account" {
			t.Fatalf("a code after voting with the account: %v", err)
		}
		// Changing one's own account ballot is still fine.
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: alys}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[1])}); err != nil {
			t.Fatalf("changing the account ballot: %v", err)
		}
		// A code while signed in first, then the account, or a second code: refused; the same
		// code ballot sent again: its receipt.
		bryn := f.account(t, "Bryn")
		receipt, err := f.svc.Vote(ctx, budgeting.Voter{Account: bryn, Code: codes[1]}, p.ID, ballot)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []budgeting.Voter{{Account: bryn}, {Account: bryn, Code: codes[2]}} {
			if _, err := f.svc.Vote(ctx, v, p.ID, ballot); errs.As(err).Fields["code"] != "budgeting.err.voted_with_code" {
				t.Fatalf("%+v after a code ballot: %v", v, err)
			}
		}
		if again, err := f.svc.Vote(ctx, budgeting.Voter{Account: bryn, Code: codes[1]}, p.ID, ballot); err != nil || again != receipt {
			t.Fatalf("the same code ballot again: %q %v, want %q", again, err, receipt)
		}
		if n := ballots(t, d, p.ID); n != 2 {
			t.Fatalf("%d ballots, want 2 (Alys and Bryn)", n)
		}

		// At the same moment: ten people each send an account ballot and a code ballot at once.
		const people = 10
		var wg sync.WaitGroup
		for i := range people {
			u := f.account(t, "Voter")
			for _, v := range []budgeting.Voter{{Account: u}, {Account: u, Code: codes[10+i]}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, _ = f.svc.Vote(ctx, v, p.ID, ballot)
				}()
			}
		}
		wg.Wait()
		if n := ballots(t, d, p.ID); n != 2+people {
			t.Fatalf("%d ballots after %d people each sent two at once, want %d", n, people, 2+people)
		}
	})
}
