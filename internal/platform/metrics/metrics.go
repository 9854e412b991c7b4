// Package metrics serves /metrics through the Prometheus Go client: the standard Go runtime and
// process collectors (go_goroutines, go_memstats_*, process_resident_memory_bytes, …), the
// database pools' statistics (go_sql_*), and Commons' own series: HTTP requests by route and
// status with their durations, transactions and their retries, the mail outbox and the
// background jobs. Each Registry is its own prometheus.Registry: nothing is global.
package metrics

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/expfmt"

	"commons/internal/platform/db"
	"commons/internal/platform/outbox"
)

// Registry holds the metrics of one process.
type Registry struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	jobRuns  *prometheus.CounterVec
	jobTime  *prometheus.HistogramVec
	jobItems *prometheus.CounterVec
	jobLast  *prometheus.GaugeVec
}

// New returns a registry with the Go and process collectors and the request and job series.
func New() *Registry {
	m := &Registry{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "commons_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "commons_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "commons_job_runs_total", Help: "Runs of background jobs by job and result (ok or error).",
		}, []string{"job", "result"}),
		jobTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "commons_job_duration_seconds", Help: "Time a background job's run took.",
			Buckets: []float64{0.01, 0.05, 0.25, 1, 5, 30, 120},
		}, []string{"job"}),
		jobItems: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "commons_job_items_total", Help: "What background jobs did (messages queued or sent, reminders), by job.",
		}, []string{"job"}),
		jobLast: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "commons_job_last_success_timestamp_seconds", Help: "When a background job last ran without an error (Unix time).",
		}, []string{"job"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.jobRuns, m.jobTime, m.jobItems, m.jobLast,
	)
	return m
}

// Register adds collectors (for a capability's own series).
func (m *Registry) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// Gauge registers a value read at each scrape (name must be a valid metric name).
func (m *Registry) Gauge(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// DB adds the database's series: each pool's connection statistics (go_sql_*, db_name "read" and
// "write" on SQLite, "main" on PostgreSQL), transactions by result, retries after busy or
// serialization failures, and the statements SQLite keeps prepared.
func (m *Registry) DB(d *db.DB) {
	for name, pool := range d.Pools() {
		m.reg.MustRegister(collectors.NewDBStatsCollector(pool, name))
	}
	tx := func(f func(db.TxStats) uint64) func() float64 {
		return func() float64 { return float64(f(d.TxStats())) }
	}
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_db_transactions_committed_total", Help: "Database transactions committed."},
			tx(func(s db.TxStats) uint64 { return s.Commits })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_db_transactions_rolled_back_total", Help: "Database transactions rolled back (an error, or a failed commit)."},
			tx(func(s db.TxStats) uint64 { return s.Rollbacks })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_db_retries_total", Help: "Transactions and statements run again after a busy or serialization failure."},
			tx(func(s db.TxStats) uint64 { return s.Retries })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "commons_db_prepared_statements", Help: "Statements kept prepared by the SQLite pools (PostgreSQL's driver keeps its own)."},
			func() float64 { r, w := d.PreparedStatements(); return float64(r + w) }),
	)
}

// Outbox adds the mail outbox's series: messages waiting and the age of the oldest (read from
// the database at each scrape, so every server reports the shared queue), and what this
// server's worker sent, failed to send and gave up.
func (m *Registry) Outbox(o *outbox.Outbox) {
	m.reg.MustRegister(&backlog{o: o,
		pending: prometheus.NewDesc("commons_outbox_pending", "Mail messages waiting to be sent (all servers share the queue).", nil, nil),
		oldest:  prometheus.NewDesc("commons_outbox_oldest_pending_seconds", "How long the oldest waiting mail message has waited.", nil, nil),
		errors:  prometheus.NewDesc("commons_outbox_scrape_error", "1 when the outbox could not be read at this scrape.", nil, nil),
	})
	st := func(f func(outbox.Stats) uint64) func() float64 {
		return func() float64 { return float64(f(o.Stats())) }
	}
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_outbox_sent_total", Help: "Mail messages this server handed to the mail server."},
			st(func(s outbox.Stats) uint64 { return s.Sent })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_outbox_send_failures_total", Help: "Attempts to send mail that failed (each is tried again later)."},
			st(func(s outbox.Stats) uint64 { return s.Failures })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_outbox_given_up_total", Help: "Mail messages given up after the last attempt."},
			st(func(s outbox.Stats) uint64 { return s.GivenUp })),
	)
}

type backlog struct {
	o                       *outbox.Outbox
	pending, oldest, errors *prometheus.Desc
}

func (b *backlog) Describe(ch chan<- *prometheus.Desc) {
	ch <- b.pending
	ch <- b.oldest
	ch <- b.errors
}

func (b *backlog) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, age, err := b.o.Backlog(ctx)
	failed := 0.0
	if err != nil {
		failed = 1
	} else {
		ch <- prometheus.MustNewConstMetric(b.pending, prometheus.GaugeValue, float64(n))
		ch <- prometheus.MustNewConstMetric(b.oldest, prometheus.GaugeValue, age.Seconds())
	}
	ch <- prometheus.MustNewConstMetric(b.errors, prometheus.GaugeValue, failed)
}

// Job records one run of a background job: how long it took, how many things it did, and
// whether it failed.
func (m *Registry) Job(name string, took time.Duration, items int, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	} else {
		m.jobLast.WithLabelValues(name).SetToCurrentTime()
	}
	m.jobRuns.WithLabelValues(name, result).Inc()
	m.jobTime.WithLabelValues(name).Observe(took.Seconds())
	if items > 0 {
		m.jobItems.WithLabelValues(name).Add(float64(items))
	}
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
		m.requests.WithLabelValues(r.Method, route, strconv.Itoa(rec.status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// Write writes every series in the Prometheus text format (for tests and debugging).
func (m *Registry) Write(w io.Writer) error {
	families, err := m.reg.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}

// Handler serves the metrics in whichever Prometheus format the scraper asks for (text by
// default).
func (m *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
