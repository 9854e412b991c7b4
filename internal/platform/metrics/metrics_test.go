package metrics

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/mail"
	"commons/internal/platform/outbox"
)

func TestCountsByRoutePattern(t *testing.T) {
	m := New()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
	h := m.Wrap(mux)
	for _, p := range []string{"/things/1", "/things/2", "/nowhere"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	var b strings.Builder
	if err := m.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`commons_http_requests_total{method="GET",route="GET /things/{id}",status="404"} 2`,
		`commons_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`commons_http_request_duration_seconds_count{route="GET /things/{id}"} 2`,
		`commons_http_request_duration_seconds_bucket{route="GET /things/{id}",le="+Inf"} 2`,
		"# TYPE commons_http_requests_total counter",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// The endpoint speaks the Prometheus exposition format, so existing dashboards and alerts work:
// the standard Go and process collectors, the database pools, transactions, the outbox and the
// jobs, all parsed back with Prometheus' own parser.
func TestStandardAndCommonsSeries(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{outbox.Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		fail := true
		ob := outbox.New(d, func(context.Context, mail.Message) error {
			if fail {
				return errors.New("mail server down")
			}
			return nil
		}, nil)
		ob.Log = discard()
		m := New()
		m.DB(d)
		m.Outbox(ob)
		for _, to := range []string{"a@example.org", "b@example.org"} {
			if err := d.WithTx(ctx, func(ctx context.Context) error { return ob.Enqueue(ctx, to, "Hello", "Text") }); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		n, err := ob.SendDue(ctx) // both fail once
		m.Job("outbox", time.Since(start), n, err)
		m.Job("network_notifications", time.Millisecond, 0, errors.New("boom"))

		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
			t.Fatalf("%d %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		p := expfmt.NewTextParser(model.LegacyValidation)
		families, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
		if err != nil {
			t.Fatalf("not the Prometheus text format: %v", err)
		}
		value := func(name string, labels ...string) float64 {
			t.Helper()
			f, ok := families[name]
			if !ok {
				t.Fatalf("no %s", name)
			}
		metric:
			for _, mt := range f.Metric {
				for i := 0; i+1 < len(labels); i += 2 {
					found := false
					for _, l := range mt.Label {
						if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
							found = true
						}
					}
					if !found {
						continue metric
					}
				}
				switch {
				case mt.Counter != nil:
					return mt.Counter.GetValue()
				case mt.Gauge != nil:
					return mt.Gauge.GetValue()
				case mt.Histogram != nil:
					return float64(mt.Histogram.GetSampleCount())
				}
			}
			t.Fatalf("no %s%v", name, labels)
			return 0
		}
		if value("go_goroutines") < 1 || value("process_resident_memory_bytes") <= 0 {
			t.Error("the Go and process collectors are missing")
		}
		if _, ok := families["go_memstats_heap_alloc_bytes"]; !ok {
			t.Error("no go_memstats_heap_alloc_bytes")
		}
		pool := "main"
		if d.Dialect().Name() == "sqlite" {
			pool = "write"
		}
		if value("go_sql_max_open_connections", "db_name", pool) < 1 {
			t.Error("pool statistics missing")
		}
		if got := value("commons_db_transactions_committed_total"); got < 2 {
			t.Errorf("%v transactions committed, want at least the two enqueues", got)
		}
		if got := value("commons_outbox_pending"); got != 2 {
			t.Errorf("outbox pending %v, want 2", got)
		}
		if got := value("commons_outbox_oldest_pending_seconds"); got < 0 {
			t.Errorf("oldest %v", got)
		}
		if got := value("commons_outbox_send_failures_total"); got != 2 {
			t.Errorf("send failures %v, want 2", got)
		}
		if got := value("commons_job_runs_total", "job", "outbox", "result", "ok"); got != 1 {
			t.Errorf("outbox runs %v", got)
		}
		if got := value("commons_job_runs_total", "job", "network_notifications", "result", "error"); got != 1 {
			t.Errorf("failed job runs %v", got)
		}
		if got := value("commons_job_duration_seconds", "job", "outbox"); got != 1 {
			t.Errorf("job durations %v", got)
		}
		_ = value("commons_job_last_success_timestamp_seconds", "job", "outbox")
		_ = value("commons_db_retries_total")
		_ = value("commons_db_prepared_statements")
	})
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
