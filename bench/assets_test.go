package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/assets"
	"commons/internal/assets/geo"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/ids"
)

// The asset map at scale: 100,000 assets (BENCH_ASSETS changes the number) loaded through the
// CSV import, then text searches and map-window queries timed one by one for p50 and p99, on
// SQLite and on PostgreSQL (when COMMONS_TEST_POSTGRES_URL is set). Run:
//
//	COMMONS_TEST_POSTGRES_URL=... go test ./bench -run XXX -bench Assets -benchtime 300x -timeout 60m

var (
	benchWords = []string{"community", "village", "hall", "library", "park", "garden", "choir", "youth", "club", "market",
		"credit", "union", "café", "chapel", "surgery", "school", "allotment", "football", "repair", "cycling", "heritage",
		"museum", "theatre", "pantry", "food", "bank", "advice", "warm", "space", "walking", "swimming", "bowls", "boxing",
		"dance", "drama", "eisteddfod", "ysgol", "capel", "neuadd", "siop", "men's", "shed", "toddler", "yoga", "knitting"}
	benchCategories = []string{"individuals", "associations", "institutions", "spaces", "economic", "cultural"}
)

// The borough box the generated assets are spread over (about 35 × 55 km).
const (
	south, north = 51.40, 51.90
	west, east   = -4.30, -3.50
)

func loadAssets(b *testing.B, d *db.DB, n int) *assets.Service {
	ctx := context.Background()
	svc := assets.NewService(assets.Deps{DB: d, T: func(_, k string, _ ...any) string { return k }})
	officer := &actor.Actor{ID: ids.New(), Name: "Bench Officer", Roles: []string{identity.RoleOfficer}}
	if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, created_at) VALUES ($1, 'Bench Officer', 'bench@example.org', 'x', $2)`,
		officer.ID, time.Now().UTC()); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 100000))
	hours := []string{"", "24/7", "Mo-Fr 09:00-17:00", "Sa 10:00-13:00", "Mo-Sa 08:00-22:00"}
	start := time.Now()
	for done := 0; done < n; {
		var sb strings.Builder
		sb.WriteString("name,description,category,tags,postcode,latitude,longitude,opening_hours,step_free\n")
		for i := 0; i < 5000 && done < n; i, done = i+1, done+1 {
			w := func() string { return benchWords[rng.IntN(len(benchWords))] }
			fmt.Fprintf(&sb, "%s %s %s %d,\"A %s %s for %s and %s.\",%s,\"%s, %s\",AH%d %d%c%c,%.5f,%.5f,%s,%s\n",
				strings.ToUpper(w()[:1])+w()[1:], w(), w(), done, w(), w(), w(), w(), benchCategories[rng.IntN(6)], w(), w(),
				1+rng.IntN(12), 1+rng.IntN(9), 'A'+rune(rng.IntN(26)), 'A'+rune(rng.IntN(26)),
				south+rng.Float64()*(north-south), west+rng.Float64()*(east-west), hours[rng.IntN(len(hours))], []string{"yes", "no"}[rng.IntN(2)])
		}
		p, saved, _, err := svc.Import(ctx, officer, sb.String())
		if err != nil || !p.OK() {
			b.Fatalf("import: %v %+v", err, p.FileError)
		}
		_ = saved
	}
	b.Logf("%s: loaded %d assets in %s", d.Dialect().Name(), n, time.Since(start).Round(time.Second))
	return svc
}

// timed runs op b.N times and reports the median and 99th percentile in milliseconds, and the
// mean number of assets returned.
func timed(b *testing.B, op func(i int) int) {
	durs := make([]time.Duration, 0, b.N)
	rows := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		rows += op(i)
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(durs)
	pct := func(p float64) float64 {
		return float64(durs[min(len(durs)-1, int(p*float64(len(durs))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(rows)/float64(b.N), "assets/op")
}

func BenchmarkAssets(b *testing.B) {
	n := 100000
	if s := os.Getenv("BENCH_ASSETS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		d := dbtest.Open(b, dialect, nil, app.Migrations()...)
		svc := loadAssets(b, d, n)
		ctx := context.Background()
		if dialect == "postgres" {
			if _, err := d.Exec(ctx, `ANALYZE`); err != nil {
				b.Fatal(err)
			}
		} else if _, err := d.Exec(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
		logPlans(b, d)
		// Text search as the list page does it: the first page of 20 and the count, which stops
		// past 1,000 ("more than 1,000 assets").
		b.Run(dialect+"/text-search", func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			timed(b, func(int) int {
				f := assets.Filter{Q: benchQuery(rng), Limit: 20}
				as, err := svc.Search(ctx, nil, f)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.CountUpTo(ctx, f, assets.CountCap); err != nil {
					b.Fatal(err)
				}
				return len(as)
			})
		})
		// The same queries with the exact count of every match, as the page did before (and as
		// the Open Referral feed's total_items still does), for the ratio in the same run.
		b.Run(dialect+"/text-search-exact-count", func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			timed(b, func(int) int {
				f := assets.Filter{Q: benchQuery(rng), Limit: 20}
				as, err := svc.Search(ctx, nil, f)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.Count(ctx, f); err != nil {
					b.Fatal(err)
				}
				return len(as)
			})
		})
		// A map window as /assets.geojson?bbox= asks for it: up to 500 assets in a box of about
		// 4.1 × 3.9 km somewhere in the borough, only the columns the map shows.
		b.Run(dialect+"/map-window", func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 4))
			timed(b, func(int) int {
				as, err := svc.MapWindow(ctx, nil, assets.Filter{BBox: randomWindow(rng)})
				if err != nil {
					b.Fatal(err)
				}
				return min(len(as), assets.MapWindowLimit)
			})
		})
		// The same windows read as whole assets (every column, area and organisation joined), as
		// the GeoJSON did before, for the ratio in the same run.
		b.Run(dialect+"/map-window-full-rows", func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 4))
			timed(b, func(int) int {
				as, err := svc.Search(ctx, nil, assets.Filter{BBox: randomWindow(rng), Limit: assets.MapWindowLimit})
				if err != nil {
					b.Fatal(err)
				}
				return min(len(as), assets.MapWindowLimit)
			})
		})
		// Nearest first from a postcode district, first page.
		b.Run(dialect+"/nearest", func(b *testing.B) {
			rng := rand.New(rand.NewPCG(5, 6))
			timed(b, func(int) int {
				p := nearPoint(south+rng.Float64()*(north-south), west+rng.Float64()*(east-west))
				as, err := svc.Search(ctx, nil, assets.Filter{Near: &p, Category: benchCategories[rng.IntN(6)], Limit: 20})
				if err != nil {
					b.Fatal(err)
				}
				return len(as)
			})
		})
	}
}

// benchQuery is one or two words of the vocabulary.
func benchQuery(rng *rand.Rand) string {
	q := benchWords[rng.IntN(len(benchWords))]
	if rng.IntN(2) == 0 {
		q += " " + benchWords[rng.IntN(len(benchWords))]
	}
	return q
}

// randomWindow is a 0.06° × 0.035° window somewhere in the borough.
func randomWindow(rng *rand.Rand) *geo.BBox {
	lat := south + rng.Float64()*(north-south-0.035)
	lon := west + rng.Float64()*(east-west-0.06)
	return boxOf(lon, lat, lon+0.06, lat+0.035)
}

// logPlans writes the query plans of a map window and of a two-word search (the SQL the store
// builds for them, written out here) into the benchmark's log.
func logPlans(b *testing.B, d *db.DB) {
	ctx := context.Background()
	explain := "EXPLAIN QUERY PLAN "
	if d.Dialect().Name() == "postgres" {
		explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "
	}
	word := func(n int) string {
		return fmt.Sprintf("a.id IN (SELECT asset_id FROM asset_words WHERE word >= $%d AND word < $%d)", n, n+1)
	}
	probe := func(n int) string {
		return fmt.Sprintf("EXISTS (SELECT 1 FROM asset_words w WHERE w.asset_id = a.id AND w.word >= $%d AND w.word < $%d)", n, n+1)
	}
	for _, q := range []struct {
		name, sql string
		args      []any
	}{
		{"map window", `SELECT a.id, a.name, a.category, a.tags, a.address, a.postcode, a.lat, a.lon, a.opening_hours, a.step_free, a.status
			FROM assets a WHERE a.status = $1 AND a.lat BETWEEN $2 AND $3 AND a.lon BETWEEN $4 AND $5 ORDER BY a.name, a.id LIMIT 501`,
			[]any{"published", 51.6, 51.635, -4.0, -3.94}},
		{"search page (common words: walk the names)", `SELECT a.id FROM assets a WHERE a.status = $1 AND ` + probe(2) + ` AND ` + probe(4) + ` ORDER BY a.name, a.id LIMIT 21`,
			[]any{"published", "hall", "hall\U0010FFFF", "choir", "choir\U0010FFFF"}},
		{"capped count (from the rarest word)", `SELECT count(*) FROM (SELECT 1 FROM assets a WHERE a.status = $1 AND ` + word(2) + ` AND ` + probe(4) + ` LIMIT 1001) m`,
			[]any{"published", "hall", "hall\U0010FFFF", "choir", "choir\U0010FFFF"}},
	} {
		rows, err := d.Query(ctx, explain+q.sql, q.args...)
		if err != nil {
			b.Fatal(err)
		}
		var lines []string
		for rows.Next() {
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
		}
		rows.Close()
		b.Logf("%s plan of the %s:\n  %s", d.Dialect().Name(), q.name, strings.Join(lines, "\n  "))
	}
}
