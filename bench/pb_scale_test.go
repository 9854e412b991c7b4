// Participatory budgeting at city scale: the results page, the process page and the live
// turnout with 1,000 to 1,000,000 ballots, on SQLite and PostgreSQL (see README.md, "PB at city
// scale"). Each size gets a fresh database: one process of twelve projects, ballots imported in
// bulk through the budgeting store (budgeting.Service.ImportBallots: the same rows and turnout
// counters a voter's ballot writes), the process page and the turnout measured while voting,
// then the count and its publication, then the results page.
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
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
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
			for _, n := range pbSizes() {
				b.Run(strconv.Itoa(n), func(b *testing.B) {
					for range b.N {
						m := pbScale(b, dialect, n)
						b.ReportMetric(ms(m.process), "process-ms")
						b.ReportMetric(ms(m.turnout), "turnout-ms")
						b.ReportMetric(ms(m.results), "results-ms")
						b.ReportMetric(ms(m.results90), "results-p90-ms")
						b.ReportMetric(ms(m.processMin), "process-min-ms")
						b.ReportMetric(ms(m.resultsMin), "results-min-ms")
						b.ReportMetric(m.load.Seconds(), "load-s")
						b.ReportMetric(m.count.Seconds(), "count-s")
					}
				})
			}
		})
	}
}

var pbFastest time.Duration

type pbScaleFigures struct {
	process, turnout, results, results90 time.Duration // medians (and the results page's 90th percentile)
	processMin, resultsMin               time.Duration // the fastest of each page
	load, count                          time.Duration // importing the ballots; counting them
}

// pbScale builds Commons over a fresh database, loads a process with n ballots and times its pages.
func pbScale(b *testing.B, dialect string, n int) pbScaleFigures {
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
	defer d.Close()
	if _, err := d.Migrate(ctx, app.Migrations()...); err != nil {
		b.Fatal(err)
	}
	s, err := app.Build(c, d, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		b.Fatal(err)
	}
	svc := app.Service[*budgeting.Service](s)
	now := d.Now(ctx)
	officer := &web.User{ID: ids.New(), Name: "Olwen Officer", Roles: []string{identity.RoleResident, identity.RoleOfficer}}
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
	var f pbScaleFigures
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
	f.load = time.Since(start)
	if _, err := d.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	requests := envInt("BENCH_PB_REQUESTS", 200)

	// While voting: the process page (with its turnout so far) and the turnout alone.
	procPage := "/budgets/" + p.ID
	if body := pbGet(b, s.Handler, procPage); !strings.Contains(body, strconv.Itoa(n)) {
		b.Fatalf("the process page does not show %d ballots so far", n)
	}
	f.process, _ = pbTime(requests, func() { pbGet(b, s.Handler, procPage) })
	f.processMin = pbFastest
	f.turnout, _ = pbTime(requests, func() {
		if _, total, err := svc.Turnout(ctx, p.ID); err != nil || total != n {
			b.Fatalf("turnout %d (%v), want %d", total, err, n)
		}
	})

	// Counted and published: the results page.
	start = time.Now()
	if err := svc.Count(ctx, officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
		b.Fatal(err)
	}
	f.count = time.Since(start)
	if err := svc.Publish(ctx, officer, p.ID, true); err != nil {
		b.Fatal(err)
	}
	resPage := "/budgets/" + p.ID + "/results"
	if body := pbGet(b, s.Handler, resPage); !strings.Contains(body, "Project 1") {
		b.Fatal("the results page does not show the projects")
	}
	f.results, f.results90 = pbTime(requests, func() { pbGet(b, s.Handler, resPage) })
	f.resultsMin = pbFastest
	b.Logf("%s, %d ballots: process page %.2f ms (fastest %.2f), turnout %.3f ms, results page %.2f ms (p90 %.2f, fastest %.2f); load %.1f s, count %.1f s",
		dialect, n, ms(f.process), ms(f.processMin), ms(f.turnout), ms(f.results), ms(f.results90), ms(f.resultsMin), f.load.Seconds(), f.count.Seconds())
	return f
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

// pbTime runs f n times after a warm-up and returns the median and 90th percentile (and keeps
// the fastest, the least disturbed by other work on the machine, in pbFastest).
func pbTime(n int, f func()) (median, p90 time.Duration) {
	for range 5 {
		f()
	}
	ds := make([]time.Duration, n)
	for i := range ds {
		t := time.Now()
		f()
		ds[i] = time.Since(t)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	pbFastest = ds[0]
	return ds[n/2], ds[n*9/10]
}
