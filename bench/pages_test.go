// Pages at the machine's pace: four database-backed pages of the demo borough (the asset
// search, a participatory budget in voting, a counted one's results, the events list) against
// a bare html/template page of the same size, each under 64 concurrent keep-alive connections
// on loopback, app and bare in turn, for a bounded time (see README.md, "Pages against a bare
// template").
//
//	go test ./bench -run XXX -bench Pages -benchtime 1x -timeout 20m
//	BENCH_SECONDS=8 BENCH_ROUNDS=5 …   # seconds per measurement (default 5), rounds (default 3)
//	BENCH_PAGES=assets …               # only the pages whose name contains this

package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/config"
	"commons/internal/platform/db"
)

const connections = 64

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// demoServer builds Commons over a fresh SQLite file with the demo borough loaded and serves
// it on loopback.
func demoServer(b *testing.B) (*app.Server, string) {
	b.Helper()
	ctx := context.Background()
	file := filepath.Join(b.TempDir(), "demo.db")
	env := map[string]string{"COMMONS_DATABASE_URL": file, "COMMONS_PLACE_NAME": "Aberhaven"}
	c, _, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	d, err := db.OpenWith(ctx, c.DatabaseURL, nil, db.Options{SQLiteSynchronous: c.SQLiteSynchronous})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, app.Migrations()...); err != nil {
		b.Fatal(err)
	}
	s, err := app.Build(c, d, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.LoadDemo(ctx); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler)
	b.Cleanup(ts.Close)
	return s, ts.URL
}

type benchPage struct{ name, path string }

// demoPages finds the demo's pages: the process in voting and the counted one by their phase.
func demoPages(b *testing.B, s *app.Server) []benchPage {
	ctx := context.Background()
	id := func(phases ...string) string {
		var id string
		if err := s.DB.QueryRow(ctx, `SELECT id FROM budget_processes WHERE phase IN ($1, $2) ORDER BY created_at LIMIT 1`, phases[0], phases[len(phases)-1]).Scan(&id); err != nil {
			b.Fatalf("demo process in %s: %v", phases, err)
		}
		return id
	}
	return []benchPage{
		{"asset-search", "/assets?q=hall"},
		{"pb-process", "/budgets/" + id("voting")},
		{"pb-results", "/budgets/" + id("results", "delivery") + "/results"},
		{"events", "/events"},
	}
}

// bareServer serves one html/template page of exactly size bytes, rendered on every request
// from rows held in memory: the yardstick of the findings (no database, no middleware).
func bareServer(b *testing.B, size int) string {
	b.Helper()
	ts := httptest.NewServer(bareHandler(b, size))
	b.Cleanup(ts.Close)
	return ts.URL + "/page"
}

// bareHandler renders the bare page of size bytes.
func bareHandler(b *testing.B, size int) http.Handler {
	b.Helper()
	tmpl := template.Must(template.New("p").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><main><h1>{{.Title}}</h1><ul>{{range .Rows}}
<li><a href="/things/{{.ID}}">{{.Name}}</a> <span>{{.Text}}</span></li>{{end}}
</ul><p>{{.Pad}}</p></main></body></html>
`))
	type row struct{ ID, Name, Text string }
	data := struct {
		Title string
		Rows  []row
		Pad   string
	}{Title: "Community assets & places"}
	for i := 0; ; i++ {
		r := row{ID: fmt.Sprint(10000 + i), Name: fmt.Sprintf("Village hall <%d>", i), Text: "A place for the choir, the food bank & the youth club"}
		var buf bytes.Buffer
		_ = tmpl.Execute(&buf, struct {
			Title string
			Rows  []row
			Pad   string
		}{data.Title, append(data.Rows, r), ""})
		if buf.Len() > size {
			break
		}
		data.Rows = append(data.Rows, r)
	}
	var buf bytes.Buffer
	_ = tmpl.Execute(&buf, data)
	data.Pad = strings.Repeat("x", max(0, size-buf.Len()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, data); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(buf.Bytes())
	})
}

// pageLoad is one measurement: throughput and latency percentiles.
type pageLoad struct {
	perSecond float64
	p50, p99  time.Duration
	bytes     int
}

// hammer sends GET url over n keep-alive connections for d (after a second's warm-up) and
// measures it. The client is a few lines of HTTP/1.1 over a buffered socket, so it costs the
// shared cores little beside the server.
func hammer(b *testing.B, rawURL string, n int, d time.Duration) pageLoad {
	b.Helper()
	u, err := http.NewRequest("GET", rawURL, nil)
	if err != nil {
		b.Fatal(err)
	}
	req := []byte("GET " + u.URL.RequestURI() + " HTTP/1.1\r\nHost: " + u.URL.Host + "\r\nUser-Agent: commons-bench\r\nAccept: text/html\r\n\r\n")
	var (
		mu      sync.Mutex
		lat     []time.Duration
		size    int
		wg      sync.WaitGroup
		failure error
	)
	warm := time.Now().Add(time.Second)
	stop := warm.Add(d)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", u.URL.Host)
			if err != nil {
				mu.Lock()
				failure = err
				mu.Unlock()
				return
			}
			defer conn.Close()
			r := bufio.NewReaderSize(conn, 64<<10)
			mine := make([]time.Duration, 0, 4096)
			for {
				start := time.Now()
				if start.After(stop) {
					break
				}
				if _, err := conn.Write(req); err != nil {
					mu.Lock()
					failure = err
					mu.Unlock()
					return
				}
				got, err := readResponse(r)
				if err != nil {
					mu.Lock()
					failure = err
					mu.Unlock()
					return
				}
				if start.After(warm) {
					mine = append(mine, time.Since(start))
					size = got
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if failure != nil {
		b.Fatalf("%s: %v", rawURL, failure)
	}
	if len(lat) == 0 {
		b.Fatalf("%s: no answers", rawURL)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return pageLoad{perSecond: float64(len(lat)) / d.Seconds(), p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], bytes: size}
}

// readResponse reads one HTTP/1.1 answer (Content-Length or chunked) and returns its body's
// size; anything but 200 is an error.
func readResponse(r *bufio.Reader) (int, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if !bytes.HasPrefix(line, []byte("HTTP/1.1 200")) {
		return 0, fmt.Errorf("answer %q", bytes.TrimSpace(line))
	}
	length, chunked := -1, false
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(line) <= 2 {
			break
		}
		k, v, _ := bytes.Cut(line, []byte(":"))
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			length, _ = strconv.Atoi(string(v))
		case bytes.EqualFold(k, []byte("Transfer-Encoding")) && bytes.EqualFold(v, []byte("chunked")):
			chunked = true
		}
	}
	if !chunked {
		_, err := r.Discard(length)
		return length, err
	}
	total := 0
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil {
			return 0, err
		}
		if _, err := r.Discard(int(n) + 2); err != nil {
			return 0, err
		}
		total += int(n)
		if n == 0 {
			return total, nil
		}
	}
}

func medianDur(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkPages measures each page against its bare twin, side by side, and reports for each
// the median throughput ratio (app ÷ bare) and the app's median p99.
func BenchmarkPages(b *testing.B) {
	s, base := demoServer(b)
	pages := demoPages(b, s)
	secs := time.Duration(envInt("BENCH_SECONDS", 5)) * time.Second
	rounds := envInt("BENCH_ROUNDS", 3)
	filter := os.Getenv("BENCH_PAGES")
	b.ResetTimer()
	for range b.N {
		for _, p := range pages {
			if filter != "" && !strings.Contains(p.name, filter) {
				continue
			}
			// The bare page is as big as the app's.
			res, err := http.Get(base + p.path)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("%s: %d", p.path, res.StatusCode)
			}
			bare := bareServer(b, len(body))
			var ratios []float64
			var appP99, bareP99, appRate, bareRate []time.Duration
			for round := range rounds {
				var a, z pageLoad
				if round%2 == 0 {
					a = hammer(b, base+p.path, connections, secs)
					z = hammer(b, bare, connections, secs)
				} else {
					z = hammer(b, bare, connections, secs)
					a = hammer(b, base+p.path, connections, secs)
				}
				ratios = append(ratios, a.perSecond/z.perSecond)
				appP99, bareP99 = append(appP99, a.p99), append(bareP99, z.p99)
				appRate, bareRate = append(appRate, time.Duration(a.perSecond)), append(bareRate, time.Duration(z.perSecond))
				b.Logf("%-12s round %d: app %6.0f req/s p50 %5.1f ms p99 %6.1f ms | bare %6.0f req/s p50 %5.1f ms p99 %6.1f ms | ratio %.2f (%d bytes)",
					p.name, round+1, a.perSecond, ms(a.p50), ms(a.p99), z.perSecond, ms(z.p50), ms(z.p99), a.perSecond/z.perSecond, a.bytes)
			}
			b.ReportMetric(median(ratios), p.name+"-ratio")
			b.ReportMetric(ms(medianDur(appP99)), p.name+"-p99-ms")
			b.ReportMetric(float64(medianDur(appRate)), p.name+"-req/s")
			b.ReportMetric(float64(medianDur(bareRate)), p.name+"-bare-req/s")
			b.ReportMetric(ms(medianDur(bareP99)), p.name+"-bare-p99-ms")
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkPageCPU calls each page's handler directly (no network, no client), app and bare in
// turn, and measures the process's CPU time (user and system, from getrusage) per request: what
// a request costs the server, far steadier than throughput on a shared machine. bare ÷ app is
// what the throughput ratio would be on cores with nothing else to do.
//
//	go test ./bench -run XXX -bench PageCPU -benchtime 1x      # BENCH_REQUESTS per side and round (default 2000)
func BenchmarkPageCPU(b *testing.B) {
	s, base := demoServer(b)
	n := envInt("BENCH_REQUESTS", 2000)
	rounds := envInt("BENCH_ROUNDS", 3)
	filter := os.Getenv("BENCH_PAGES")
	for range b.N {
		for _, p := range demoPages(b, s) {
			if filter != "" && !strings.Contains(p.name, filter) {
				continue
			}
			res, err := http.Get(base + p.path)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			bare := bareHandler(b, len(body))
			var apps, bares, ratios []float64
			for round := range rounds {
				sides := []http.Handler{s.Handler, bare}
				if round%2 == 1 {
					sides = []http.Handler{bare, s.Handler}
				}
				var got [2]float64
				for i, h := range sides {
					got[i] = cpuPerRequest(b, h, p.path, n)
				}
				app, z := got[0], got[1]
				if round%2 == 1 {
					app, z = got[1], got[0]
				}
				apps, bares, ratios = append(apps, app), append(bares, z), append(ratios, z/app)
				b.Logf("%-12s round %d: app %6.0f µs CPU/request, bare %6.0f µs, bare ÷ app %.2f", p.name, round+1, app, z, z/app)
			}
			b.ReportMetric(median(apps), p.name+"-app-µs")
			b.ReportMetric(median(bares), p.name+"-bare-µs")
			b.ReportMetric(median(ratios), p.name+"-ratio")
		}
	}
}

// cpuPerRequest serves path n times from two goroutines and returns the process's CPU
// microseconds per request.
func cpuPerRequest(b *testing.B, h http.Handler, path string, n int) float64 {
	runtime.GC()
	before := cpuTime()
	var wg sync.WaitGroup
	var next atomic.Int64
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != 200 {
					b.Errorf("%s: %d", path, rec.Code)
					return
				}
			}
		}()
	}
	wg.Wait()
	return float64((cpuTime() - before).Microseconds()) / float64(n)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
