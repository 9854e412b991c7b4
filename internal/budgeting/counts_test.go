package budgeting_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"commons/internal/budgeting"
	"commons/internal/platform/actor"
	"commons/internal/platform/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/errs"
)

// afterVoting is a clock after processInput's voting dates (1–31 March 2026).
func afterVoting() *clock.Fixed { return clock.NewFixed(time.Date(2026, 4, 2, 12, 0, 0, 0, time.UTC)) }

// Once counted, a process's rule, budgets, projects and ballots are frozen: the results it
// publishes come from the stored count and name the rule that made them. Changing anything takes
// an explicit, audited reopening; the re-count, once published, replaces the earlier results and
// says why.
func TestCountFreezesUntilReopenedAndARecountReplacesIt(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		in := processInput(budgeting.FormatBudget, "mes")
		in.Total = "£5,000"
		p, ideas := f.setup(t, in, "4000", "1500", "3200")
		// Four voters want the £4,000 project; two want the other two (£4,700 together).
		for n, cs := range [][]budgeting.Idea{{ideas[0]}, {ideas[0]}, {ideas[0]}, {ideas[0]}, {ideas[1], ideas[2]}, {ideas[1], ideas[2]}} {
			if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.officer, PaperRef: fmt.Sprint("P-", n)}, p.ID, budgeting.BallotInput{Choices: approve(cs...)}); err != nil {
				t.Fatal(err)
			}
		}
		// Counting asks for confirmation, and to close voting before its published day.
		err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{})
		if e := errs.As(err); e.Fields["confirm"] == "" || e.Fields["close_early"] == "" {
			t.Fatalf("count without confirmation: %v", err)
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
			t.Fatal(err)
		}
		// Waiting to be checked: officers see it, nobody else does.
		if _, err := f.svc.Results(ctx, nil, p.ID); !errs.Is(err, errs.NotFound) || errs.As(err).Key != "budgeting.not_published" {
			t.Fatalf("public results before publication: %v", err)
		}
		first, err := f.svc.Results(ctx, f.officer, p.ID)
		if err != nil || !first.Draft() || !first.ClosedEarly || first.Rule != "mes-add1-greedy" {
			t.Fatalf("officer's view: %+v %v", first, err)
		}
		// Frozen: the rule, the budget, a review and a ballot are all refused.
		changed := in
		changed.Phase, changed.Rule, changed.Total = "results", "greedy", "£20,000"
		err = asFields(f.svc.SaveProcess(ctx, f.officer, p.ID, changed))
		if e := errs.As(err); e.Fields["rule"] != "budgeting.err.frozen" || e.Fields["total"] != "budgeting.err.frozen" {
			t.Errorf("editing a counted process: %v", err)
		}
		changed = in
		changed.Phase = "voting"
		if e := errs.As(asFields(f.svc.SaveProcess(ctx, f.officer, p.ID, changed))); e.Fields["phase"] != "budgeting.err.frozen_phase" {
			t.Errorf("reopening voting by the edit form: %v", e)
		}
		if err := f.svc.Review(ctx, f.officer, ideas[2].ID, budgeting.ReviewInput{Decision: "rejected", Feasibility: "x", Reason: "y"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("review after the count: %v", err)
		}
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.officer, PaperRef: "LATE"}, p.ID, budgeting.BallotInput{Choices: approve(ideas[2])}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a ballot after the count: %v", err)
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true}); !errs.Is(err, errs.Conflict) {
			t.Errorf("counting again without reopening: %v", err)
		}
		// Title and phase may still move on; the count stands.
		retitled := in
		retitled.Phase, retitled.Title = "results", "Greener streets 2026"
		if _, err := f.svc.SaveProcess(ctx, f.officer, p.ID, retitled); err != nil {
			t.Errorf("retitling a counted process: %v", err)
		}
		if err := f.svc.Publish(ctx, f.officer, p.ID, false); errs.As(err).Fields["publish_confirm"] == "" {
			t.Errorf("publishing without confirmation: %v", err)
		}
		if err := f.svc.Publish(ctx, f.officer, p.ID, true); err != nil {
			t.Fatal(err)
		}
		published, err := f.svc.Results(ctx, nil, p.ID)
		if err != nil || published.Draft() || published.PublishedAt == nil || published.CountID != first.CountID {
			t.Fatalf("published: %+v %v", published, err)
		}
		// Equal Shares completed: nothing that fits is left out, and no reason claims the budget
		// is used up when it is not.
		var left int64 = published.Budget - published.Spent
		for _, pr := range published.Projects {
			if !pr.Funded && pr.CostPence <= left {
				t.Errorf("%s (£%d) fits in the £%d left but was not funded", pr.Title, pr.CostPence/100, left/100)
			}
			if strings.Contains(pr.Reason, "used up") && left > 0 {
				t.Errorf("%s: %q while £%d is left", pr.Title, pr.Reason, left/100)
			}
		}
		if published.Spent != 470000 {
			t.Errorf("spent %d, want £4,700 (£1,500 and £3,200)", published.Spent)
		}

		// Reopening needs a reason.
		if err := f.svc.Reopen(ctx, f.officer, p.ID, " "); errs.As(err).Fields["reopen_reason"] == "" {
			t.Errorf("reopening without a reason: %v", err)
		}
		if err := f.svc.Reopen(ctx, f.officer, p.ID, "Two paper ballots from the library were found after the count."); err != nil {
			t.Fatal(err)
		}
		// While reopened the published results stand, and settings may change.
		changed = in
		changed.Phase, changed.Rule = "voting", "greedy"
		if _, err := f.svc.SaveProcess(ctx, f.officer, p.ID, changed); err != nil {
			t.Fatalf("editing a reopened process: %v", err)
		}
		if res, err := f.svc.Results(ctx, nil, p.ID); err != nil || res.CountID != first.CountID || res.Rule != "mes-add1-greedy" {
			t.Errorf("public results while reopened: %+v %v", res, err)
		}
		for _, ref := range []string{"LIB-LATE-1", "LIB-LATE-2"} {
			if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.officer, PaperRef: ref}, p.ID, budgeting.BallotInput{Choices: approve(ideas[0])}); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
			t.Fatal(err)
		}
		if res, _ := f.svc.Results(ctx, nil, p.ID); res.CountID != first.CountID {
			t.Errorf("the re-count was public before it was published")
		}
		if err := f.svc.Publish(ctx, f.officer, p.ID, true); err != nil {
			t.Fatal(err)
		}
		second, err := f.svc.Results(ctx, nil, p.ID)
		if err != nil || second.Seq != 2 || second.Rule != "greedy" || second.Ballots != 8 || second.Replaces == nil ||
			second.RecountReason != "Two paper ballots from the library were found after the count." {
			t.Fatalf("the re-count: %+v %v", second, err)
		}
		// The process holds one published count; the first is marked replaced.
		states, err := db.Strings(ctx, d, `SELECT state FROM budget_counts WHERE process_id = $1 ORDER BY seq`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(states, ",") != "replaced,published" {
			t.Errorf("count states: %v", states)
		}
		// Every step is in the audit log.
		actions, err := db.Strings(ctx, d, `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at, action`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"budget.count", "budget.publish", "budget.reopen", "budget.voting.close_early"} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("audit log lacks %s: %v", want, actions)
			}
		}
	})
}

func asFields(_ budgeting.Process, err error) error { return err }

// After the published closing day the count needs only a confirmation, and records no early close.
func TestCountAfterTheClosingDay(t *testing.T) {
	dbtest.Each(t, afterVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "4000")
		if _, err := f.svc.Vote(ctx, budgeting.Voter{Account: f.officer, PaperRef: "P-1"}, p.ID, budgeting.BallotInput{Choices: approve(ideas[0])}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true}); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Results(ctx, f.officer, p.ID)
		if err != nil || res.ClosedEarly || res.Ballots != 1 {
			t.Errorf("results: %+v %v", res, err)
		}
	})
}

// A voting ballot cannot open empty: a process moves to voting only with a project on the ballot
// of every area that has a budget.
func TestVotingCannotOpenOnAnEmptyBallot(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		in := processInput(budgeting.FormatBudget, "greedy")
		in.Phase = "voting"
		if _, err := f.svc.SaveProcess(ctx, f.officer, "", in); errs.As(err).Fields["phase"] != "budgeting.err.no_projects" {
			t.Errorf("a new process straight into voting: %v", err)
		}
		p, _ := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "4000")
		if p.Phase != "voting" {
			t.Fatalf("with a project: phase %s", p.Phase)
		}
	})
}

// Ballots cast while the votes are counted are either counted or refused: none is acknowledged
// and left out of the count.
func TestBallotsRacingTheCountAreCountedOrRefused(t *testing.T) {
	dbtest.Each(t, inVoting(), sets, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		p, ideas := f.setup(t, processInput(budgeting.FormatBudget, "greedy"), "3000", "2000")
		const n = 60
		voters := make([]*actor.Actor, n)
		for i := range voters {
			voters[i] = f.account(t, fmt.Sprint("Voter ", i))
		}
		var acked atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := f.svc.Vote(ctx, budgeting.Voter{Account: voters[i], NoMail: true}, p.ID, budgeting.BallotInput{Eligible: true, Choices: approve(ideas[i%2])})
				switch {
				case err == nil:
					acked.Add(1)
				case !errs.Is(err, errs.Conflict):
					t.Errorf("voter %d: %v", i, err)
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			time.Sleep(time.Millisecond)
			if err := f.svc.Count(ctx, f.officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
				t.Errorf("count: %v", err)
			}
		}()
		close(start)
		wg.Wait()
		res, err := f.svc.Results(ctx, f.officer, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var stored int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM budget_ballots WHERE process_id = $1`, p.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if int64(res.Ballots) != acked.Load() || stored != res.Ballots {
			t.Errorf("%d ballots acknowledged, %d stored, %d counted", acked.Load(), stored, res.Ballots)
		}
	})
}
