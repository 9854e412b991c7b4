// Package dbtest runs a test on every configured database, each on a fresh database: SQLite in
// a temporary file always, and PostgreSQL when COMMONS_TEST_POSTGRES_URL names a server (a
// database is created for the test and dropped after). Under CI (CI=true) a missing PostgreSQL
// fails the test instead of skipping it.
package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commons/internal/platform/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// EnvPostgres names the PostgreSQL server tests may create databases on.
const EnvPostgres = "COMMONS_TEST_POSTGRES_URL"

// EnvIsolation, set to "serializable", makes each test's PostgreSQL database default to the
// SERIALIZABLE isolation level (ALTER DATABASE … SET default_transaction_isolation), as
// PostgreSQL-compatible distributed databases run; `make test` runs the store tests once so.
// Each then runs on PostgreSQL only (SQLite has run them already).
const EnvIsolation = "COMMONS_TEST_POSTGRES_ISOLATION"

// serializable reports whether the tests run at SERIALIZABLE.
func serializable(t testing.TB) bool {
	switch v := os.Getenv(EnvIsolation); v {
	case "", "read committed":
		return false
	case "serializable":
		return true
	default:
		t.Fatalf("%s=%q: want serializable or nothing", EnvIsolation, v)
		return false
	}
}

// Each runs fn as a subtest on SQLite and on PostgreSQL, each migrated with sets.
func Each(t *testing.T, clk clock.Clock, sets []db.Migrations, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, Open(t, "sqlite", clk, sets...)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Open(t, "postgres", clk, sets...)) })
}

// Open returns a fresh migrated database of the dialect ("sqlite" or "postgres"), closed and
// removed when the test ends.
func Open(t testing.TB, dialect string, clk clock.Clock, sets ...db.Migrations) *db.DB {
	t.Helper()
	return OpenWith(t, dialect, clk, db.Options{}, sets...)
}

// OpenWith is Open with db.Options (SQLite's synchronous setting, for benchmarks).
func OpenWith(t testing.TB, dialect string, clk clock.Clock, o db.Options, sets ...db.Migrations) *db.DB {
	t.Helper()
	url := URL(t, dialect)
	d, err := db.OpenWith(context.Background(), url, clk, o)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background(), sets...); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return d
}

// URL returns the URL of a fresh, empty database of the dialect.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == "sqlite" {
		if serializable(t) {
			t.Skip("SQLite ran in the first pass; this pass is PostgreSQL at SERIALIZABLE")
		}
		return filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: under CI the PostgreSQL tests must run (see scripts/with-postgres.sh)", EnvPostgres)
		}
		t.Skipf("PostgreSQL tests skipped: set %s (make test does this when PostgreSQL is installed)", EnvPostgres)
	}
	name := "t_" + strings.ReplaceAll(ids.New(), "-", "")
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("postgres: create database: %v", err)
	}
	if serializable(t) {
		if _, err := admin.Exec("ALTER DATABASE " + name + " SET default_transaction_isolation TO 'serializable'"); err != nil {
			t.Fatalf("postgres: set serializable: %v", err)
		}
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return withDatabase(t, base, name)
}

func withDatabase(t testing.TB, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	return fmt.Sprint(u)
}
