package metrics

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
	m.Write(&b)
	out := b.String()
	for _, want := range []string{
		`commons_http_requests_total{method="GET",route="GET /things/{id}",status="404"} 2`,
		`commons_http_request_duration_seconds_count{route="GET /things/{id}"} 2`,
		`commons_http_request_duration_seconds_bucket{route="GET /things/{id}",le="+Inf"} 2`,
		"# TYPE commons_http_requests_total counter",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
