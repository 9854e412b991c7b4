package app

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"commons/internal/config"
	"commons/internal/platform/db/dbtest"
)

// TestPostgresStatementTimeout: on PostgreSQL the server itself stops any statement of Commons
// past --db-timeout (V1), after the migrations (which run without it).
func TestPostgresStatementTimeout(t *testing.T) {
	if u, ok := withStatementTimeout("commons.db", time.Second); ok {
		t.Errorf("a SQLite path got %q", u)
	}
	if _, ok := withStatementTimeout("postgres://h/db?statement_timeout=0", time.Second); ok {
		t.Error("a URL's own statement_timeout was replaced")
	}
	if u, _ := withStatementTimeout("postgres://u:p@h:5432/db?sslmode=disable", 1500*time.Millisecond); u != "postgres://u:p@h:5432/db?sslmode=disable&statement_timeout=1500" {
		t.Errorf("got %q", u)
	}
	c := config.Config{DatabaseURL: dbtest.URL(t, "postgres"), DBTimeout: 250 * time.Millisecond}
	d, err := openDB(t.Context(), c, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var setting string
	if err := d.QueryRow(context.Background(), `SHOW statement_timeout`).Scan(&setting); err != nil || setting != "250ms" {
		t.Fatalf("statement_timeout %q (%v), want 250ms", setting, err)
	}
	start := time.Now()
	_, err = d.Exec(context.Background(), `SELECT pg_sleep(30)`)
	if err == nil || time.Since(start) > 20*time.Second {
		t.Fatalf("a 30 s statement was not stopped: %v", err)
	}
}
