// Package metrics counts requests and their durations and writes them in the Prometheus text
// exposition format at /metrics. It is small on purpose: counters and one histogram, no client
// library.
package metrics

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type series struct {
	count  uint64
	sum    float64
	bucket []uint64
}

// Registry holds the request metrics of one process.
type Registry struct {
	mu       sync.Mutex
	requests map[[3]string]uint64 // method, route, status → count
	duration map[string]*series   // route → histogram
	started  time.Time
	gauges   map[string]func() float64
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{requests: map[[3]string]uint64{}, duration: map[string]*series{}, started: time.Now(), gauges: map[string]func() float64{}}
}

// Gauge registers a value read at each scrape (name must be a valid metric name).
func (m *Registry) Gauge(name string, f func() float64) {
	m.mu.Lock()
	m.gauges[name] = f
	m.mu.Unlock()
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(c int) {
	if r.status == 0 {
		r.status = c
	}
	r.ResponseWriter.WriteHeader(c)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Wrap measures every request that the mux (next) routes; the route label is the mux pattern,
// so ids in paths do not explode the number of series.
func (m *Registry) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if rec.status == 0 {
			rec.status = 200
		}
		m.observe(r.Method, route, rec.status, time.Since(start).Seconds())
	})
}

func (m *Registry) observe(method, route string, status int, secs float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[3]string{method, route, strconv.Itoa(status)}]++
	s := m.duration[route]
	if s == nil {
		s = &series{bucket: make([]uint64, len(buckets))}
		m.duration[route] = s
	}
	s.count++
	s.sum += secs
	for i, b := range buckets {
		if secs <= b {
			s.bucket[i]++
		}
	}
}

func label(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// Write writes the exposition text.
func (m *Registry) Write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP commons_http_requests_total HTTP requests by method, route and status.")
	fmt.Fprintln(w, "# TYPE commons_http_requests_total counter")
	keys := make([][3]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.Join(keys[i][:], " ") < strings.Join(keys[j][:], " ") })
	for _, k := range keys {
		fmt.Fprintf(w, "commons_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %d\n", label(k[0]), label(k[1]), k[2], m.requests[k])
	}
	fmt.Fprintln(w, "# HELP commons_http_request_duration_seconds Time to answer HTTP requests, by route.")
	fmt.Fprintln(w, "# TYPE commons_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.duration))
	for r := range m.duration {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		s := m.duration[r]
		for i, b := range buckets {
			fmt.Fprintf(w, "commons_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"} %d\n", label(r), strconv.FormatFloat(b, 'g', -1, 64), s.bucket[i])
		}
		fmt.Fprintf(w, "commons_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", label(r), s.count)
		fmt.Fprintf(w, "commons_http_request_duration_seconds_sum{route=\"%s\"} %g\n", label(r), s.sum)
		fmt.Fprintf(w, "commons_http_request_duration_seconds_count{route=\"%s\"} %d\n", label(r), s.count)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintln(w, "# TYPE commons_go_goroutines gauge")
	fmt.Fprintf(w, "commons_go_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(w, "# TYPE commons_go_heap_alloc_bytes gauge")
	fmt.Fprintf(w, "commons_go_heap_alloc_bytes %d\n", ms.HeapAlloc)
	fmt.Fprintln(w, "# TYPE commons_uptime_seconds gauge")
	fmt.Fprintf(w, "commons_uptime_seconds %g\n", time.Since(m.started).Seconds())
	names := make([]string, 0, len(m.gauges))
	for n := range m.gauges {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "# TYPE %s gauge\n%s %g\n", n, n, m.gauges[n]())
	}
}

// Handler serves the exposition text.
func (m *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		m.Write(w)
	})
}
