package budgeting_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest/crashtest"
	"commons/internal/budgeting"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// A real commons serve killed with SIGKILL in the middle of a burst of code ballots, on SQLite
// and PostgreSQL: every acknowledged ballot is there once, and the live turnout equals a recount
// of the ballots that survived.
func TestKilledServerKeepsTurnoutEqualToTheBallots(t *testing.T) {
	bin := crashtest.Program(t)
	crashtest.Dialects(t, func(t *testing.T, dbURL string) {
		processID, projects, codes := seedBallotCrash(t, dbURL)
		srv := crashtest.Serve(t, bin, dbURL)
		base := srv.URL

		var mu sync.Mutex
		acked := map[string]bool{} // codes whose ballot was acknowledged
		var wg sync.WaitGroup
		stop := make(chan struct{})
		const workers = 12
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := crashtest.Browser()
				token, status, ok := crashtest.FormToken(c, base+"/budgets/"+processID+"/vote")
				if status == 0 {
					return
				}
				if !ok {
					t.Errorf("no form token on the ballot page (%d)", status)
					return
				}
				for i := w; i < len(codes); i += workers {
					select {
					case <-stop:
						return
					default:
					}
					res, err := c.PostForm(base+"/budgets/"+processID+"/vote", url.Values{"csrf_token": {token}, "code": {codes[i]},
						"choice": {projects[i%len(projects)]}, "eligible": {"yes"}})
					if err != nil {
						return // the server is gone: not acknowledged
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode == http.StatusSeeOther && strings.Contains(res.Header.Get("Location"), "/receipts/") {
						mu.Lock()
						acked[codes[i]] = true
						mu.Unlock()
					}
				}
			}()
		}
		crashtest.WaitUntil(30*time.Second, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(acked) >= 60
		})
		srv.Kill()
		close(stop)
		wg.Wait()
		if len(acked) < 20 {
			t.Fatalf("only %d ballots were acknowledged before the kill", len(acked))
		}
		ctx := context.Background()
		d, err := db.Open(ctx, dbURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		for code := range acked {
			var n int
			if err := d.QueryRow(ctx, `SELECT count(*) FROM budget_codes c JOIN budget_ballots b ON b.process_id = c.process_id AND b.voter_key = 'code:' || c.id
					WHERE c.process_id = $1 AND c.code = $2`, processID, code).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("the acknowledged ballot of code %s is there %d times", code, n)
			}
		}
		svc := budgeting.NewService(budgeting.Deps{DB: d})
		n := checkTurnout(t, d, svc, processID)
		if n < len(acked) || n > len(codes) {
			t.Errorf("%d ballots after the kill, %d acknowledged", n, len(acked))
		}
		t.Logf("%d ballots acknowledged, %d stored, the live turnout equal to a recount after SIGKILL", len(acked), n)
	})
}

// seedBallotCrash makes a process in voting (voting open today) with three projects and 2,000
// one-time codes, through the services over the database.
func seedBallotCrash(t *testing.T, dbURL string) (processID string, projects, codes []string) {
	t.Helper()
	ctx := context.Background()
	d, s := crashtest.Prepare(t, dbURL)
	defer d.Close()
	svc := app.Service[*budgeting.Service](s)
	officer := &actor.Actor{ID: ids.New(), Name: "Olwen Officer", Roles: []string{identity.RoleResident, identity.RoleOfficer}}
	if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, created_at) VALUES ($1, $2, 'olwen@example.org', 'x', $3)`,
		officer.ID, officer.Name, d.Now(ctx)); err != nil {
		t.Fatal(err)
	}
	now := d.Now(ctx).In(budgeting.London)
	day := func(offset int) string { return now.AddDate(0, 0, offset).Format(time.DateOnly) }
	in := budgeting.ProcessInput{Title: "Crash fund", Description: "Spend it.", Total: "£10,000", Phase: "ideas",
		IdeasFrom: day(-30), ReviewFrom: day(-20), VotingFrom: day(-1), VotingUntil: day(10), ResultsFrom: day(20),
		Format: budgeting.FormatBudget, MinChoices: "1", MaxChoices: "3", Points: "10", Rule: "greedy", MinAge: "16", VoterAccess: "code"}
	p, err := svc.SaveProcess(ctx, officer, "", in)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 3 {
		i, err := svc.SubmitIdea(ctx, officer, p.ID, budgeting.IdeaInput{Title: fmt.Sprintf("Project %d", k+1), Description: "Trees", Estimate: "2000"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Review(ctx, officer, i.ID, budgeting.ReviewInput{Decision: "accepted", Feasibility: "ok", Cost: "2000"}); err != nil {
			t.Fatal(err)
		}
		projects = append(projects, i.ID)
	}
	in.Phase = "voting"
	if _, err := svc.SaveProcess(ctx, officer, p.ID, in); err != nil {
		t.Fatal(err)
	}
	for range 4 { // 500 at a time
		if err := svc.GenerateCodes(ctx, officer, p.ID, 500); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := svc.Codes(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		codes = append(codes, c.Code)
	}
	return p.ID, projects, codes
}
