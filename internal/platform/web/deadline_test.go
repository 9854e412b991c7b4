package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"commons/internal/platform/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// TestRequestsRunOutOfDatabaseTime: a request whose queries run past the bound is stopped on
// both databases and answered 503 with a page that says so, instead of holding a connection
// (and with enough of them, the server) for as long as the client waits (V1).
func TestRequestsRunOutOfDatabaseTime(t *testing.T) {
	dbtest.Each(t, clock.System(), []db.Migrations{web.Migrations}, func(t *testing.T, d *db.DB) {
		bundle, err := i18n.New(web.Messages)
		if err != nil {
			t.Fatal(err)
		}
		kit, err := web.New(web.Options{PlaceName: "Testborough", Bundle: bundle, DB: d, DBTimeout: 300 * time.Millisecond,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		slow := `SELECT pg_sleep(60)`
		if d.Dialect().Name() == "sqlite" {
			slow = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c`
		}
		mux := http.NewServeMux()
		mux.Handle("GET /slow", kit.Adapt(func(w http.ResponseWriter, r *http.Request) error {
			_, err := d.Exec(r.Context(), slow)
			return err
		}))
		srv := httptest.NewServer(kit.Handler(mux))
		defer srv.Close()
		for _, accept := range []string{"text/html", "application/json"} {
			done := make(chan struct{})
			go func() {
				defer close(done)
				req, _ := http.NewRequest(http.MethodGet, srv.URL+"/slow", nil)
				req.Header.Set("Accept", accept)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "taking too long") {
					t.Errorf("%s: %d %s, want 503 saying it took too long", accept, res.StatusCode, b)
				}
			}()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the slow query was not stopped")
			}
		}
		// The database answers others straight away afterwards.
		if err := d.Ping(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}
