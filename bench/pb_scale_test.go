// Participatory budgeting at city scale: the results page, the process page and the live
// turnout with 1,000 to 1,000,000 ballots, on SQLite and PostgreSQL (see README.md, "PB at city
// scale"). Each size gets a fresh database: one process of twelve projects, ballots imported in
// bulk through the budgeting store (budgeting.Service.ImportBallots: the same rows and turnout
// counters a voter's ballot writes). Every size is loaded before any page is timed; the pages are
// then timed in turns across the sizes (one request for each size, round after round), so the
// machine's other work weighs on every size alike: the process page and the turnout while
// voting, then, after each size's count and publication, the results page.
//
//	go test ./bench -run XXX -bench PBScale -benchtime 1x -timeout 60m
//	BENCH_PB_SIZES=1000,100000 …   # the sizes (default 1000,10000,100000)
//	BENCH_PB_1M=1 …                # adds 1,000,000 (several minutes on each database)
//	BENCH_PB_REQUESTS=300 …        # requests per page and size (default 200)
//
// COMMONS_TEST_POSTGRES_URL set for the PostgreSQL half.

package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/budgeting"
	"commons/internal/config"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/ids"
)

func pbSizes() []int {
	sizes := []int{1000, 10000, 100000}
	if s := os.Getenv("BENCH_PB_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
				sizes = append(sizes, n)
			}
		}
	}
	if os.Getenv("BENCH_PB_1M") != "" {
		sizes = append(sizes, 1000000)
	}
	return sizes
}

func BenchmarkPBScale(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			if dialect == "postgres" && os.Getenv(dbtest.EnvPostgres) == "" {
				b.Skip("set " + dbtest.EnvPostgres)
			}
			// Every size is loaded first and its pages are then timed in turns, one request
			// of each size after another, so that whatever else the machine is doing weighs on
			// every size alike and the ratios between them hold even when the medians do not.
			var es []*pbElection
			for _, n := range pbSizes() {
				e := pbLoad(b, dialect, n)
				defer e.close()
				es = append(es, e)
			}
			requests := envInt("BENCH_PB_REQUESTS", 200)
			process := pbRounds(requests, es, func(e *pbElection) { pbGet(b, e.handler, e.processPage) })
			turnout := pbRounds(requests, es, func(e *pbElection) {
				if _, total, err := e.svc.Turnout(context.Background(), e.processID); err != nil || total != e.n {
					b.Fatalf("turnout %d (%v), want %d", total, err, e.n)
				}
			})
			for _, e := range es {
				e.countAndPublish(b)
			}
			results := pbRounds(requests, es, func(e *pbElection) { pbGet(b, e.handler, e.resultsPage) })
			for i, e := range es {
				b.Run(strconv.Itoa(e.n), func(b *testing.B) {
					b.ReportMetric(ms(process[i].median), "process-ms")
					b.ReportMetric(ms(turnout[i].median), "turnout-ms")
					b.ReportMetric(ms(results[i].median), "results-ms")
					b.ReportMetric(ms(results[i].p90), "results-p90-ms")
					b.ReportMetric(ms(process[i].fastest), "process-min-ms")
					b.ReportMetric(ms(results[i].fastest), "results-min-ms")
					b.ReportMetric(e.load.Seconds(), "load-s")
					b.ReportMetric(e.count.Seconds(), "count-s")
				})
				b.Logf("%s, %d ballots: process page %.2f ms (fastest %.2f), turnout %.3f ms, results page %.2f ms (p90 %.2f, fastest %.2f); load %.1f s, count %.1f s",
					dialect, e.n, ms(process[i].median), ms(process[i].fastest), ms(turnout[i].median), ms(results[i].median),
					ms(results[i].p90), ms(results[i].fastest), e.load.Seconds(), e.count.Seconds())
				if i > 0 {
					b.Logf("%s, %d against %d ballots: results page median ×%.2f, fastest ×%.2f; process page median ×%.2f",
						dialect, e.n, es[0].n, ratio(results[i].median, results[0].median), ratio(results[i].fastest, results[0].fastest),
						ratio(process[i].median, process[0].median))
				}
			}
		})
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// pbElection is one size's Commons: its own database, one process in voting with n ballots.
type pbElection struct {
	n                        int
	handler                  http.Handler
	svc                      *budgeting.Service
	officer                  *actor.Actor
	processID                string
	processPage, resultsPage string
	load, count              time.Duration // importing the ballots; counting them
	close                    func()
}

// countAndPublish closes the voting, counts the ballots and publishes the result.
func (e *pbElection) countAndPublish(b *testing.B) {
	ctx := context.Background()
	start := time.Now()
	if err := e.svc.Count(ctx, e.officer, e.processID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
		b.Fatal(err)
	}
	e.count = time.Since(start)
	if err := e.svc.Publish(ctx, e.officer, e.processID, true); err != nil {
		b.Fatal(err)
	}
	if body := pbGet(b, e.handler, e.resultsPage); !strings.Contains(body, "Project 1") {
		b.Fatal("the results page does not show the projects")
	}
}

// pbLoad builds Commons over a fresh database and loads a process in voting with n ballots.
func pbLoad(b *testing.B, dialect string, n int) *pbElection {
	b.Helper()
	ctx := context.Background()
	dbURL := dbtest.URL(b, dialect)
	env := map[string]string{"COMMONS_DATABASE_URL": dbURL, "COMMONS_PLACE_NAME": "Aberhaven"}
	c, _, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	d, err := db.OpenWith(ctx, dbURL, nil, db.Options{SQLiteSynchronous: c.SQLiteSynchronous})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Migrate(ctx, app.Migrations()...); err != nil {
		b.Fatal(err)
	}
	s, err := app.Build(c, d, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		b.Fatal(err)
	}
	svc := app.Service[*budgeting.Service](s)
	now := d.Now(ctx)
	officer := &actor.Actor{ID: ids.New(), Name: "Olwen Officer", Roles: []string{identity.RoleResident, identity.RoleOfficer}}
	if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, created_at) VALUES ($1, $2, $3, 'x', $4)`,
		officer.ID, officer.Name, "olwen-"+officer.ID[:8]+"@example.org", now); err != nil {
		b.Fatal(err)
	}
	areas := []string{""}
	for _, name := range []string{"North ward", "South ward", "Riverside"} {
		id := ids.New()
		if _, err := d.Exec(ctx, `INSERT INTO areas (id, name, kind, postcode_districts, created_at) VALUES ($1, $2, 'ward', '', $3)`, id, name, now); err != nil {
			b.Fatal(err)
		}
		areas = append(areas, id)
	}
	day := func(offset int) string { return now.In(budgeting.London).AddDate(0, 0, offset).Format(time.DateOnly) }
	in := budgeting.ProcessInput{Title: "City budget", Description: "Spend **£1,000,000** across the city.", Total: "£1,000,000",
		Phase: "ideas", IdeasFrom: day(-30), ReviewFrom: day(-20), VotingFrom: day(-10), VotingUntil: day(10), ResultsFrom: day(20),
		Format: budgeting.FormatBudget, MinChoices: "1", MaxChoices: "12", Points: "10", Rule: "greedy", MinAge: "16", VoterAccess: "either"}
	p, err := svc.SaveProcess(ctx, officer, "", in)
	if err != nil {
		b.Fatal(err)
	}
	var projects []budgeting.Idea
	for k := range 12 {
		cost := strconv.Itoa(40000 + 15000*k)
		i, err := svc.SubmitIdea(ctx, officer, p.ID, budgeting.IdeaInput{Title: fmt.Sprintf("Project %d", k+1), Description: "Make the city greener.", Estimate: cost})
		if err != nil {
			b.Fatal(err)
		}
		if err := svc.Review(ctx, officer, i.ID, budgeting.ReviewInput{Decision: "accepted", Feasibility: "Can be done", Cost: cost}); err != nil {
			b.Fatal(err)
		}
		projects = append(projects, i)
	}
	in.Phase = "voting"
	if p, err = svc.SaveProcess(ctx, officer, p.ID, in); err != nil {
		b.Fatal(err)
	}

	// The ballots: one to four projects each, more popular projects chosen more often, from an
	// area (or none) by a channel.
	e := &pbElection{n: n, handler: s.Handler, svc: svc, officer: officer, processID: p.ID,
		processPage: "/budgets/" + p.ID, resultsPage: "/budgets/" + p.ID + "/results", close: func() { d.Close() }}
	rng := rand.New(rand.NewPCG(uint64(n), 27))
	start := time.Now()
	const chunk = 20000
	for done := 0; done < n; done += chunk {
		bs := make([]budgeting.ImportedBallot, min(chunk, n-done))
		for i := range bs {
			k := 1 + rng.IntN(4)
			seen := map[int]bool{}
			var cs []budgeting.Choice
			for len(cs) < k {
				j := min(rng.IntN(12), rng.IntN(12))
				if !seen[j] {
					seen[j] = true
					cs = append(cs, budgeting.Choice{IdeaID: projects[j].ID, Points: 1})
				}
			}
			bs[i] = budgeting.ImportedBallot{AreaID: areas[rng.IntN(len(areas))], Channel: []string{"online", "online", "code", "paper"}[rng.IntN(4)], Choices: cs}
		}
		if err := svc.ImportBallots(ctx, officer, p.ID, bs); err != nil {
			b.Fatal(err)
		}
	}
	e.load = time.Since(start)
	if _, err := d.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	if body := pbGet(b, s.Handler, e.processPage); !strings.Contains(body, strconv.Itoa(n)) {
		b.Fatalf("the process page does not show %d ballots so far", n)
	}
	return e
}

// pbGet serves one anonymous GET through the application's handler and returns the page.
func pbGet(b *testing.B, h http.Handler, path string) string {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d", path, rec.Code)
	}
	return rec.Body.String()
}

// pbTiming is one page's times for one size.
type pbTiming struct{ median, p90, fastest time.Duration }

// pbRounds runs f for every election in turn, n rounds after five warm-up rounds, and returns
// each election's median, 90th percentile and fastest (the least disturbed by other work on the
// machine).
func pbRounds(n int, es []*pbElection, f func(*pbElection)) []pbTiming {
	ds := make([][]time.Duration, len(es))
	for round := -5; round < n; round++ {
		for i, e := range es {
			t := time.Now()
			f(e)
			if round >= 0 {
				ds[i] = append(ds[i], time.Since(t))
			}
		}
	}
	out := make([]pbTiming, len(es))
	for i, d := range ds {
		sort.Slice(d, func(a, b int) bool { return d[a] < d[b] })
		out[i] = pbTiming{median: d[n/2], p90: d[n*9/10], fastest: d[0]}
	}
	return out
}
