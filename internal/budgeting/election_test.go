package budgeting_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/budgeting"
	"commons/internal/budgeting/pabulib"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/capability"
)

// A real Pabulib election (Assen 2024: 14 projects, 84 ballots, equal shares) loads as a
// finished process with its count published: every ballot counted, the rule of the file, a
// reason for every project, and its pages in English and Welsh. Loading it again changes nothing.
func TestDemoLoadsARealElection(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		svc := app.Service[*budgeting.Service](a.Server)
		id := a.MustAccount(t, "Owen Officer", "owen@example.org", pw, identity.RoleOfficer)
		officer := &actor.Actor{ID: id, Name: "Owen Officer", Roles: []string{identity.RoleResident, identity.RoleOfficer}}
		f, err := os.Open("testdata/Netherlands_Assen_2024.pb")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		e, err := pabulib.Read(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.LoadElection(ctx, &actor.Actor{ID: id, Roles: []string{identity.RoleResident}}, e, "Assen"); err == nil {
			t.Fatal("a resident loaded an election")
		}
		// Through the command, as the officer named.
		var cmd capability.Command
		for _, c := range budgeting.Capability().Commands {
			if c.Name == "demo" {
				cmd = c
			}
		}
		var out, errb bytes.Buffer
		if err := cmd.Run(ctx, a.Env, []string{"--officer", "owen@example.org"}, &out, &errb); !errors.Is(err, capability.ErrUsage) {
			t.Errorf("no --election: %v", err)
		}
		if err := cmd.Run(ctx, a.Env, []string{"--election", "testdata/Netherlands_Assen_2024.pb"}, &out, &errb); err == nil || !strings.Contains(err.Error(), "commons serve --demo") {
			t.Errorf("without the demo borough's officer: %v", err)
		}
		if err := cmd.Run(ctx, a.Env, []string{"--election", "testdata/Netherlands_Assen_2024.pb", "--officer", "owen@example.org"}, &out, &errb); err != nil {
			t.Fatalf("%v\n%s", err, errb.String())
		}
		if !strings.Contains(out.String(), "loaded Assen Top Idee 2024 with 84 ballots, counted and published") {
			t.Errorf("the command said %q", out.String())
		}
		var pid string
		if err := a.Server.DB.QueryRow(ctx, `SELECT id FROM budget_processes WHERE title = 'Assen Top Idee 2024'`).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		p, err := svc.Process(ctx, pid)
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != "Assen Top Idee 2024" || p.Phase != "results" || p.CountState != budgeting.CountPublished || p.TotalPence != 100000_00 || p.Rule != "mes" {
			t.Errorf("process: %q phase %s count %s total %d rule %s", p.Title, p.Phase, p.CountState, p.TotalPence, p.Rule)
		}
		res, err := svc.Results(ctx, nil, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Ballots != 84 || len(res.Projects) != 14 || res.Rule != "mes-add1-greedy" && !strings.HasPrefix(res.Rule, "mes") {
			t.Fatalf("results: %d ballots, %d projects, rule %s", res.Ballots, len(res.Projects), res.Rule)
		}
		funded := 0
		for _, pr := range res.Projects {
			if pr.Reason == "" || pr.Why == nil {
				t.Errorf("%s has no reason", pr.Title)
			}
			if pr.Funded {
				funded++
			}
		}
		if funded == 0 || res.Spent > res.Budget || len(res.Turnout) != 1 || res.Turnout[0].Ballots != 84 {
			t.Errorf("%d funded, spent %d of %d, turnout %+v", funded, res.Spent, res.Budget, res.Turnout)
		}
		c := a.Client(t)
		page := c.Get("/budgets/" + p.ID + "/results")
		apptest.MustStatus(t, page, 200)
		if !strings.Contains(page.Body, "PopUp Podium") || !strings.Contains(page.Body, "Assen Top Idee") {
			t.Errorf("the results page does not show the election's projects")
		}
		apptest.MustStatus(t, c.Get("/budgets/"+p.ID), 200)
		apptest.MustStatus(t, c.Get("/?lang=cy"), 303)
		if page := c.Get("/budgets/" + p.ID + "/results"); page.Status != 200 || !strings.Contains(page.Body, `lang="cy"`) {
			t.Errorf("the Welsh results page: %d", page.Status)
		}

		again, loaded, err := svc.LoadElection(ctx, officer, e, "Netherlands_Assen_2024")
		if err != nil || loaded || again.ID != p.ID {
			t.Errorf("loading it again: loaded %v, id %s (first %s): %v", loaded, again.ID, p.ID, err)
		}
	})
}
