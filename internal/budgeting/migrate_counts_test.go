package budgeting_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"commons/internal/budgeting"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// before is the budgeting migrations up to (not including) the one named first.
func before(t *testing.T, first string) db.Migrations {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(budgeting.Migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		base := path[strings.LastIndex(path, "/")+1:]
		if base < first {
			b, err := fs.ReadFile(budgeting.Migrations.FS, path)
			if err != nil {
				return err
			}
			out[path] = &fstest.MapFile{Data: b}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db.Migrations{Capability: budgeting.Migrations.Capability, FS: out}
}

// A process counted before counts were stored keeps its published results: the migration makes
// them its first, published count, with the reasons, the turnout and the funded projects, and
// delivery can go on.
func TestResultsCountedBeforeBecomeAPublishedCount(t *testing.T) {
	dbtest.Each(t, inVoting(), sets[:len(sets)-1], func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Migrate(ctx, before(t, "006")); err != nil {
			t.Fatal(err)
		}
		f := newFixture(t, d)
		var area string
		if err := d.QueryRow(ctx, `INSERT INTO areas (id, name, kind, postcode_districts, created_at) VALUES ('a0000000-0000-4000-8000-000000000001', 'Nant', 'ward', '', $1) RETURNING id`, d.Now(ctx)).Scan(&area); err != nil {
			t.Fatal(err)
		}
		now := d.Now(ctx)
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.Exec(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		const pid, funded, unfunded = "b0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002"
		exec(`INSERT INTO budget_processes (id, title, description, description_html, total_pence, phase, ideas_from, review_from, voting_from,
			voting_until, results_from, format, min_choices, max_choices, points, rule, min_age, voter_access, counted_at, created_by, created_at, updated_at)
			VALUES ($1, 'Old fund', '', '', 1000000, 'delivery', '2025-01-01', '2025-02-01', '2025-03-01', '2025-03-31', '2025-04-01',
			'approval_budget', 0, 0, 0, 'mes', 16, 'either', $2, $3, $2, $2)`, pid, now, f.officer.ID)
		for _, i := range []struct{ id, title string }{{funded, "Benches"}, {unfunded, "Fountain"}} {
			exec(`INSERT INTO budget_ideas (id, process_id, title, description, area_id, address, estimate_pence, status, feasibility, cost_pence,
				review_reason, hidden_reason, created_at) VALUES ($1, $2, $3, '', $4, '', 0, 'accepted', '', 400000, '', '', $5)`, i.id, pid, i.title, area, now)
		}
		exec(`INSERT INTO budget_ballots (id, process_id, voter_key, channel, area_id, receipt, created_at, updated_at, choices)
			VALUES ('d0000000-0000-4000-8000-000000000001', $1, 'paper:A', 'paper', $2, 'e0000000-0000-4000-8000-000000000001', $3, $3, $4)`, pid, area, now, funded+":1")
		exec(`INSERT INTO budget_results (process_id, idea_id, area_id, votes, score, funded, position, reason, why)
			VALUES ($1, $2, '', 1, 1, TRUE, 1, 'Funded in round 1.', '{"code":"mes_funded","kind":"approval","round":1,"votes":1,"score":1,"cost":"£4,000","each":"£4,000"}')`, pid, funded)
		exec(`INSERT INTO budget_results (process_id, idea_id, area_id, votes, score, funded, position, reason, why)
			VALUES ($1, $2, '', 0, 0, FALSE, 0, 'Not funded: nobody voted for it.', '')`, pid, unfunded)

		if _, err := d.Migrate(ctx, budgeting.Migrations); err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.Process(ctx, pid)
		if err != nil {
			t.Fatal(err)
		}
		if p.CountState != budgeting.CountPublished || p.PublishedAt == nil || !p.Frozen() {
			t.Errorf("process after the migration: state %q published %v", p.CountState, p.PublishedAt)
		}
		res, err := f.svc.Results(ctx, nil, pid)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rule != "mes-add1" || res.Ballots != 1 || res.Spent != 400000 || len(res.Projects) != 2 || res.Format != budgeting.FormatBudget {
			t.Fatalf("results: %+v", res)
		}
		b, u := res.Projects[0], res.Projects[1]
		if !b.Funded || b.Title != "Benches" || b.AreaName != "Nant" || b.CostPence != 400000 || b.Why == nil || b.Why.Code != "mes_funded" {
			t.Errorf("funded project: %+v (why %+v)", b, b.Why)
		}
		if u.Funded || u.Why != nil || u.Reason != "Not funded: nobody voted for it." {
			t.Errorf("unfunded project: %+v", u)
		}
		if len(res.Turnout) != 1 || res.Turnout[0].Channel != "paper" || res.Turnout[0].AreaName != "Nant" || res.Turnout[0].Ballots != 1 {
			t.Errorf("turnout: %+v", res.Turnout)
		}
		if len(res.Areas) != 1 || res.Areas[0].Spent != 400000 || res.Areas[0].Funded != 1 || res.Areas[0].Projects != 2 {
			t.Errorf("areas: %+v", res.Areas)
		}
		if err := f.svc.SaveMilestone(ctx, f.officer, funded, "", budgeting.MilestoneInput{Title: "Order", Status: "planned", Percent: "0"}); err != nil {
			t.Errorf("delivery of a project funded before the migration: %v", err)
		}
		if pb, err := f.svc.CountFile(ctx, &p, res, ""); err != nil || !strings.Contains(string(pb), "rule;equalshares/add1\n") {
			t.Errorf("the .pb of a count stored before files were kept: %v\n%s", err, pb)
		}
	})
}
