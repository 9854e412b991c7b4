// Ballots cast per second with 64 voters at once, on SQLite and PostgreSQL, beside the same
// database's rate of one-row commits measured in the same run (see README.md, "Casting ballots").

package bench

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"commons/internal/budgeting"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/ids"
	"commons/internal/platform/outbox"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
)

const voters = 64

func ballotCount() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_BALLOTS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// BenchmarkCastBallots: go test ./bench -run XXX -bench CastBallots -benchtime 1x
// (COMMONS_TEST_POSTGRES_URL set for the PostgreSQL half; BENCH_BALLOTS sets the ballots per run).
func BenchmarkCastBallots(b *testing.B) {
	sets := []db.Migrations{web.Migrations, ratelimit.Migrations, audit.Migrations, outbox.Migrations, identity.Migrations, budgeting.Migrations}
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			if dialect == "postgres" && os.Getenv(dbtest.EnvPostgres) == "" {
				b.Skip("set " + dbtest.EnvPostgres)
			}
			for range b.N {
				d := dbtest.Open(b, dialect, nil, sets...)
				commitRate, ballotRate := castBallots(b, d)
				b.ReportMetric(commitRate.perSecond, "commits/s")
				b.ReportMetric(ballotRate.perSecond, "ballots/s")
				b.ReportMetric(ballotRate.perSecond/commitRate.perSecond, "ratio")
				b.ReportMetric(float64(ballotRate.p50.Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(ballotRate.p99.Microseconds())/1000, "p99-ms")
				b.ReportMetric(float64(commitRate.p50.Microseconds())/1000, "commit-p50-ms")
			}
		})
	}
}

// BenchmarkSQLiteSynchronous casts the same ballots into two fresh SQLite files in one run, one
// with synchronous=FULL (the default: every commit flushed to disk before it is acknowledged)
// and one with synchronous=NORMAL (COMMONS_SQLITE_SYNCHRONOUS=normal), alternating which goes
// first, and reports both rates and their ratio (README.md, "Acknowledged means on disk"):
//
//	go test ./bench -run XXX -bench SQLiteSynchronous -benchtime 3x
func BenchmarkSQLiteSynchronous(b *testing.B) {
	sets := []db.Migrations{web.Migrations, ratelimit.Migrations, audit.Migrations, outbox.Migrations, identity.Migrations, budgeting.Migrations}
	var full, normal, fullCommits, normalCommits []float64
	for i := range b.N {
		modes := []string{"full", "normal"}
		if i%2 == 1 {
			modes = []string{"normal", "full"}
		}
		for _, mode := range modes {
			d := dbtest.OpenWith(b, "sqlite", nil, db.Options{SQLiteSynchronous: mode}, sets...)
			commitRate, ballotRate := castBallots(b, d)
			d.Close()
			b.Logf("round %d, synchronous=%s: %.0f commits/s, %.0f ballots/s (p50 %v, p99 %v)", i+1, mode,
				commitRate.perSecond, ballotRate.perSecond, ballotRate.p50.Round(time.Microsecond*100), ballotRate.p99.Round(time.Microsecond*100))
			if mode == "full" {
				full, fullCommits = append(full, ballotRate.perSecond), append(fullCommits, commitRate.perSecond)
			} else {
				normal, normalCommits = append(normal, ballotRate.perSecond), append(normalCommits, commitRate.perSecond)
			}
		}
	}
	b.ReportMetric(median(full), "full-ballots/s")
	b.ReportMetric(median(normal), "normal-ballots/s")
	b.ReportMetric(median(fullCommits), "full-commits/s")
	b.ReportMetric(median(normalCommits), "normal-commits/s")
	b.ReportMetric(median(full)/median(normal), "full/normal")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func castBallots(b *testing.B, d *db.DB) (commitRate, ballotRate rate) {
	ctx := context.Background()
	n := ballotCount()
	ob := outbox.New(d, nil, nil)
	svc := budgeting.NewService(budgeting.Deps{DB: d, Outbox: ob, T: func(_, key string, _ ...any) string { return key }, BaseURL: "http://bench"})
	officer := &actor.Actor{ID: ids.New(), Name: "Officer", Roles: []string{identity.RoleOfficer}}
	people := make([]*actor.Actor, n)
	err := d.WithTx(ctx, func(ctx context.Context) error {
		for _, u := range append(people[:0:0], officer) {
			if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, created_at) VALUES ($1, $2, $3, 'x', $4)`, u.ID, u.Name, u.ID+"@bench", d.Now(ctx)); err != nil {
				return err
			}
		}
		for i := range people {
			people[i] = &actor.Actor{ID: ids.New(), Name: fmt.Sprint("Voter ", i), Email: fmt.Sprintf("v%d@bench.example", i), Roles: []string{identity.RoleResident}}
			if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, created_at) VALUES ($1, $2, $3, 'x', $4)`, people[i].ID, people[i].Name, people[i].Email, d.Now(ctx)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	day := func(offset int) string {
		return d.Now(ctx).AddDate(0, 0, offset).In(budgeting.London).Format(time.DateOnly)
	}
	in := budgeting.ProcessInput{Title: "Bench", Total: "100000", Phase: "ideas", IdeasFrom: day(-3), ReviewFrom: day(-2),
		VotingFrom: day(-1), VotingUntil: day(1), ResultsFrom: day(2), Format: budgeting.FormatBudget, Rule: "greedy", MinAge: "0", VoterAccess: "account"}
	p, err := svc.SaveProcess(ctx, officer, "", in)
	if err != nil {
		b.Fatal(err)
	}
	var projects []budgeting.Idea
	for i := range 12 {
		idea, err := svc.SubmitIdea(ctx, officer, p.ID, budgeting.IdeaInput{Title: fmt.Sprint("Project ", i), Description: "x", Estimate: strconv.Itoa(5000 + 1000*i)})
		if err != nil {
			b.Fatal(err)
		}
		if err := svc.Review(ctx, officer, idea.ID, budgeting.ReviewInput{Decision: "accepted", Feasibility: "ok", Cost: strconv.Itoa(5000 + 1000*i)}); err != nil {
			b.Fatal(err)
		}
		projects = append(projects, idea)
	}
	in.Phase = "voting"
	if _, err := svc.SaveProcess(ctx, officer, p.ID, in); err != nil {
		b.Fatal(err)
	}

	// The same database's one-row commit rate, with the same number of writers, first.
	if _, err := d.Exec(ctx, `CREATE TABLE bench_commits (id TEXT PRIMARY KEY, at TIMESTAMP NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	commitRate = run(n, func(i int) error {
		return d.WithTx(ctx, func(ctx context.Context) error {
			_, err := d.Exec(ctx, `INSERT INTO bench_commits (id, at) VALUES ($1, $2)`, ids.New(), d.Now(ctx))
			return err
		})
	})

	// Ballots: each voter chooses three projects (a third of voters change their ballot once more).
	ballotRate = run(n, func(i int) error {
		cs := []budgeting.Choice{{IdeaID: projects[i%12].ID, Points: 1}, {IdeaID: projects[(i+3)%12].ID, Points: 1}, {IdeaID: projects[(i+7)%12].ID, Points: 1}}
		_, err := svc.Vote(ctx, budgeting.Voter{Account: people[i], NoMail: true}, p.ID, budgeting.BallotInput{Choices: cs})
		return err
	})
	var got int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM budget_ballots`).Scan(&got); err != nil || got != n {
		b.Fatalf("%d ballots stored for %d cast: %v", got, n, err)
	}
	return commitRate, ballotRate
}

type rate struct {
	perSecond float64
	p50, p99  time.Duration
}

// run calls f(0) … f(n-1) from 64 goroutines and returns the rate and latency percentiles.
func run(n int, f func(i int) error) rate {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	start := time.Now()
	for range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t := time.Now()
				if err := f(i); err != nil {
					failed.Store(err)
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, _ := failed.Load().(error); err != nil {
		panic(err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return rate{perSecond: float64(n) / elapsed.Seconds(), p50: lat[n/2], p99: lat[n*99/100]}
}
