package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"commons/internal/platform/clock"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// TestStaticFiles: a folder of the embedded files is not found (it was a 500), and a static
// file, cached for a year by anyone, carries no cookie (it carried a fresh CSRF token, which a
// shared cache would have handed to everyone) (V10).
func TestStaticFiles(t *testing.T) {
	d := dbtest.Open(t, "sqlite", clock.System(), web.Migrations)
	bundle, err := i18n.New(web.Messages)
	if err != nil {
		t.Fatal(err)
	}
	kit, err := web.New(web.Options{Bundle: bundle, DB: d, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", kit.Static())
	srv := httptest.NewServer(kit.Handler(mux))
	defer srv.Close()
	for _, path := range []string{"/static/x/govuk/", "/static/x/govuk", "/static/x/", "/static/" + "missing" + "/commons.css/"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
	}
	res, err := http.Get(srv.URL + kit.Static().URL("commons.css"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("commons.css: %d", res.StatusCode)
	}
	if c := res.Header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("a static file sets cookies: %v", c)
	}
}
