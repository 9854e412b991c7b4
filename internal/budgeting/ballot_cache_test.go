package budgeting_test

import (
	"context"
	"testing"

	"commons/internal/budgeting"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// A burst of posted ballots reads the process and its projects once: later ballots within the
// snapshot's life take them from the service's cache, and any change the service makes to the
// process or its ideas drops it at once.
func TestBallotPathReadsTheProcessOnce(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		in := processInput(budgeting.FormatBudget, "greedy")
		p, ideas := f.setup(t, in, "3000", "4000")
		first, err := f.svc.BallotProcess(ctx, p.ID)
		if err != nil || first.Title != p.Title {
			t.Fatalf("%q %v", first.Title, err)
		}
		projects, err := f.svc.BallotProjects(ctx, p.ID, "")
		if err != nil || len(projects) != len(ideas) {
			t.Fatalf("%d projects, %v", len(projects), err)
		}
		// Changed behind the service's back (as another server would): the burst keeps what it read.
		if _, err := d.Exec(ctx, `UPDATE budget_processes SET title = 'Changed elsewhere' WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE budget_ideas SET status = 'rejected' WHERE id = $1`, ideas[0].ID); err != nil {
			t.Fatal(err)
		}
		again, _ := f.svc.BallotProcess(ctx, p.ID)
		cached, _ := f.svc.BallotProjects(ctx, p.ID, "")
		if again.Title != p.Title || len(cached) != len(ideas) {
			t.Fatalf("read again within the burst: %q, %d projects", again.Title, len(cached))
		}
		// A change through the service drops the cache.
		in.Phase = "voting"
		in.Title = "Greener streets 2026"
		if _, err := f.svc.SaveProcess(ctx, f.officer, p.ID, in); err != nil {
			t.Fatal(err)
		}
		fresh, _ := f.svc.BallotProcess(ctx, p.ID)
		projects, _ = f.svc.BallotProjects(ctx, p.ID, "")
		if fresh.Title != "Greener streets 2026" || len(projects) != len(ideas)-1 {
			t.Fatalf("after a change: %q, %d projects", fresh.Title, len(projects))
		}
	})
}
