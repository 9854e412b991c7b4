package budgeting_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"commons/internal/budgeting"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/ids"
)

// recount is a process's turnout counted from its ballots, the way the results page counted it
// on every view before the live counters.
func recount(t testing.TB, d *db.DB, processID string) []budgeting.Turnout {
	t.Helper()
	out, err := db.List(context.Background(), d, func(r db.Scanner) (budgeting.Turnout, error) {
		var tu budgeting.Turnout
		err := r.Scan(&tu.AreaID, &tu.AreaName, &tu.Channel, &tu.Ballots)
		return tu, err
	}, `SELECT COALESCE(b.area_id, ''), COALESCE(a.name, ''), b.channel, COUNT(*) FROM budget_ballots b
		LEFT JOIN areas a ON a.id = b.area_id WHERE b.process_id = $1 GROUP BY b.area_id, a.name, b.channel ORDER BY COALESCE(a.name, ''), b.channel`, processID)
	if err != nil {
		t.Fatal(err)
	}
	if out == nil {
		out = []budgeting.Turnout{}
	}
	return out
}

// checkTurnout fails the test when the live turnout is not what a recount of the ballots gives.
func checkTurnout(t testing.TB, d *db.DB, svc *budgeting.Service, processID string) int {
	t.Helper()
	live, total, err := svc.Turnout(context.Background(), processID)
	if err != nil {
		t.Fatal(err)
	}
	want := recount(t, d, processID)
	if !reflect.DeepEqual(live, want) {
		t.Errorf("live turnout %+v, a recount of the ballots gives %+v", live, want)
	}
	n := 0
	for _, tu := range want {
		n += tu.Ballots
	}
	if total != n {
		t.Errorf("live total %d, %d ballots", total, n)
	}
	return n
}

// The live turnout kept as ballots arrive equals a recount of the ballots after many voters at
// once: accounts voting and changing their ballot (and the area they say they live in), one-time
// codes, paper ballots entered and withdrawn, all at the same time.
func TestLiveTurnoutEqualsARecountUnderConcurrency(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		var areas []string
		for _, name := range []string{"North", "South"} {
			id := ids.New()
			if _, err := d.Exec(ctx, `INSERT INTO areas (id, name, kind, postcode_districts, created_at) VALUES ($1, $2, 'ward', '', $3)`, id, name, d.Now(ctx)); err != nil {
				t.Fatal(err)
			}
			areas = append(areas, id)
		}
		areas = append(areas, "")
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "3000", "2000")
		if n := checkTurnout(t, d, f.svc, p.ID); n != 0 {
			t.Fatalf("%d ballots before voting", n)
		}
		const n = 24
		voters := make([]*budgeting.Voter, n)
		for i := range voters {
			voters[i] = &budgeting.Voter{Account: f.account(t, fmt.Sprint("Voter ", i)), NoMail: true}
		}
		codes := f.codes(t, p.ID, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		fail := func(who string, i int, err error) {
			if err != nil {
				t.Errorf("%s %d: %v", who, i, err)
			}
		}
		for i := range n {
			wg.Add(3)
			go func() { // an account votes three times, moving between areas
				defer wg.Done()
				<-start
				for k := range 3 {
					area := areas[(i+k)%3]
					if k == 2 && i%2 == 0 {
						area = areas[0] // most end up in North
					}
					_, err := f.svc.Vote(ctx, *voters[i], p.ID, budgeting.BallotInput{AreaID: area, Eligible: true, Choices: approve(ideas[(i+k)%2])})
					fail("account", i, err)
				}
			}()
			go func() { // a code, sent twice (the second is the same ballot again)
				defer wg.Done()
				<-start
				for range 2 {
					_, err := f.svc.Vote(ctx, budgeting.Voter{Code: codes[i]}, p.ID, budgeting.BallotInput{AreaID: areas[i%3], Eligible: true, Choices: approve(ideas[i%2])})
					fail("code", i, err)
				}
			}()
			go func() { // a paper ballot, every third one withdrawn again
				defer wg.Done()
				<-start
				ref := fmt.Sprint("P-", i)
				_, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.officer, PaperRef: ref}, p.ID, budgeting.BallotInput{AreaID: areas[i%3], Choices: approve(ideas[0])})
				fail("paper", i, err)
				if i%3 != 0 || err != nil {
					return
				}
				var id string
				if err := d.QueryRow(ctx, `SELECT id FROM budget_ballots WHERE process_id = $1 AND voter_key = $2`, p.ID, "paper:"+ref).Scan(&id); err != nil {
					t.Error(err)
					return
				}
				fail("withdraw", i, f.svc.WithdrawPaper(ctx, f.officer, p.ID, id))
			}()
		}
		close(start)
		wg.Wait()
		if got, want := checkTurnout(t, d, f.svc, p.ID), n+n+n-n/3; got != want {
			t.Errorf("%d ballots, want %d", got, want)
		}
		// The count stores the same turnout with its results.
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Results(ctx, f.officer, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := recount(t, d, p.ID); !reflect.DeepEqual(res.Turnout, want) {
			t.Errorf("counted turnout %+v, recount %+v", res.Turnout, want)
		}
	})
}

// Ballots cast before the live counters existed are counted once by the migration that adds them.
func TestTurnoutMigrationCountsEarlierBallots(t *testing.T) {
	dbtest.Each(t, inVoting(), sets[:len(sets)-1], func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Migrate(ctx, before(t, "011")); err != nil {
			t.Fatal(err)
		}
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "3000", "2000")
		// Cast without the counters (the table is not there yet): straight into the ballots.
		for i := range 5 {
			channel := []string{"online", "code", "paper"}[i%3]
			if _, err := d.Exec(ctx, `INSERT INTO budget_ballots (id, process_id, voter_key, channel, area_id, receipt, choices, created_at, updated_at)
				VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $7)`, ids.New(), p.ID, fmt.Sprint("k:", i), channel, fmt.Sprint("R", i), ideas[0].ID+":1", d.Now(ctx)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Migrate(ctx, budgeting.Migrations); err != nil {
			t.Fatal(err)
		}
		if n := checkTurnout(t, d, f.svc, p.ID); n != 5 {
			t.Errorf("%d ballots after the migration, want 5", n)
		}
		// And ballots after it are added to them.
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.account(t, "Late"), NoMail: true}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[1])}); err != nil {
			t.Fatal(err)
		}
		if n := checkTurnout(t, d, f.svc, p.ID); n != 6 {
			t.Errorf("%d ballots, want 6", n)
		}
	})
}

// Ballots imported in bulk (another system's export, a real election) are stored with their
// turnout and counted like any other; a ballot naming another channel or a project not on the
// ballot refuses the import, and only officers import.
func TestImportedBallotsAreCountedWithTheirTurnout(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "3000", "2000", "6000")
		const n = 1203 // more than one statement's worth
		bs := make([]budgeting.ImportedBallot, n)
		for i := range bs {
			bs[i] = budgeting.ImportedBallot{Channel: []string{"online", "paper"}[i%2], Choices: approve(ideas[i%3])}
		}
		if err := f.svc.ImportBallots(ctx, f.account(t, "Rhys Resident"), p.ID, bs); err == nil {
			t.Fatal("a resident imported ballots")
		}
		for _, bad := range []budgeting.ImportedBallot{{Channel: "fax", Choices: approve(ideas[0])}, {Channel: "online", Choices: []budgeting.Choice{{IdeaID: ids.New(), Points: 1}}}} {
			if err := f.svc.ImportBallots(ctx, f.officer, p.ID, append(bs[:1:1], bad)); err == nil {
				t.Errorf("imported %+v", bad)
			}
		}
		if n := checkTurnout(t, d, f.svc, p.ID); n != 0 {
			t.Fatalf("a refused import left %d ballots", n)
		}
		if err := f.svc.ImportBallots(ctx, f.officer, p.ID, bs); err != nil {
			t.Fatal(err)
		}
		if got := checkTurnout(t, d, f.svc, p.ID); got != n {
			t.Fatalf("%d ballots, want %d", got, n)
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Results(ctx, f.officer, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		votes := map[string]int64{}
		for _, pr := range res.Projects {
			votes[pr.IdeaID] = pr.Votes
		}
		if res.Ballots != n || votes[ideas[0].ID] != 401 || votes[ideas[1].ID] != 401 || votes[ideas[2].ID] != 401 {
			t.Errorf("counted %d ballots, votes %v", res.Ballots, votes)
		}
	})
}
