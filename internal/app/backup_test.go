package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/config"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// demoAt builds Commons over the database at url and loads the demo borough into it.
func demoAt(t *testing.T, url string) *app.Server {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, app.Migrations()...); err != nil {
		t.Fatal(err)
	}
	c, _, err := config.Parse("serve", nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s, err := app.Build(c, d, slog.New(slog.NewTextHandler(io.Discard, nil)), apptest.HashPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// rowCounts counts the rows of every table.
func rowCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	cols, err := d.Columns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, c := range cols {
		if _, done := counts[c.Table]; done {
			continue
		}
		var n int
		if err := d.QueryRow(context.Background(), `SELECT count(*) FROM `+c.Table).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.Table, err)
		}
		counts[c.Table] = n
	}
	return counts
}

func sameCounts(t *testing.T, want, got map[string]int, skip ...string) {
	t.Helper()
	var diff []string
	for table, n := range want {
		if g := got[table]; g != n && !contains(skip, table) {
			diff = append(diff, fmt.Sprintf("%s: %d rows, restored %d", table, n, g))
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 || len(got) != len(want) {
		t.Fatalf("the restored database differs (%d tables, restored %d):\n%s", len(want), len(got), strings.Join(diff, "\n"))
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// docs/operations.md's SQLite backup: `commons backup` takes a consistent copy while the
// server writes, and the copy restores by being put in the database's place: it opens,
// needs no migration, passes SQLite's integrity check and holds everything committed before it.
func TestSQLiteBackupRestores(t *testing.T) {
	file := dbtest.URL(t, "sqlite")
	s := demoAt(t, file)
	ctx := context.Background()
	if _, err := s.DB.Exec(ctx, `CREATE TABLE backup_probe (n INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	before := rowCounts(t, s.DB)
	// Writes go on while the copy is taken.
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.DB.WithTx(ctx, func(ctx context.Context) error {
				_, err := s.DB.Exec(ctx, `INSERT INTO backup_probe (n) VALUES ($1)`, i)
				return err
			}); err != nil {
				t.Error(err)
				return
			}
			written.Store(int64(i))
		}
	}()
	for written.Load() < 50 {
		time.Sleep(time.Millisecond)
	}
	atStart := written.Load()
	copyFile := filepath.Join(t.TempDir(), "backup.db")
	var out strings.Builder
	if err := app.Run(ctx, []string{"backup", "--db", file, copyFile}, func(string) string { return "" }, nil, &out, &out); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	close(stop)
	wg.Wait()

	// Restore: the copy in the database's place.
	restored := filepath.Join(t.TempDir(), "restored.db")
	if err := os.Rename(copyFile, restored); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := app.Run(ctx, []string{"migrate", "--db", restored}, func(string) string { return "" }, nil, &out, &out); err != nil || strings.Contains(out.String(), "migrated") {
		t.Fatalf("migrate on the restored copy: %v %q", err, out.String())
	}
	d, err := db.Open(ctx, restored, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var check string
	if err := d.QueryRow(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check %q %v", check, err)
	}
	got := rowCounts(t, d)
	sameCounts(t, before, got, "backup_probe")
	// Every probe committed before the copy began is in it, and they are a run with no gaps.
	var n, maxN int
	if err := d.QueryRow(ctx, `SELECT count(*), COALESCE(max(n), 0) FROM backup_probe`).Scan(&n, &maxN); err != nil {
		t.Fatal(err)
	}
	if int64(n) < atStart || n != maxN {
		t.Fatalf("the copy holds %d probes up to %d; %d were committed before it began", n, maxN, atStart)
	}
}

// pgTool finds a PostgreSQL client program (pg_dump, pg_restore).
func pgTool(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	sort.Sort(sort.Reverse(sort.StringSlice(matches)))
	if len(matches) > 0 {
		return matches[0]
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing: install the postgresql package", name)
	}
	t.Skipf("%s is missing", name)
	return ""
}

// docs/operations.md's PostgreSQL backup: pg_dump in its custom format, restored with
// pg_restore into an empty database, gives back every row; Commons opens it with nothing to
// migrate.
func TestPostgresDumpRestores(t *testing.T) {
	url := dbtest.URL(t, "postgres")
	s := demoAt(t, url)
	want := rowCounts(t, s.DB)
	dump := filepath.Join(t.TempDir(), "commons.dump")
	if out, err := exec.Command(pgTool(t, "pg_dump"), "--format=custom", "--no-owner", "--file", dump, url).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	target := dbtest.URL(t, "postgres")
	if out, err := exec.Command(pgTool(t, "pg_restore"), "--no-owner", "--exit-on-error", "--dbname", target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	var out strings.Builder
	if err := app.Run(context.Background(), []string{"migrate", "--db", target}, func(string) string { return "" }, nil, &out, &out); err != nil || strings.Contains(out.String(), "migrated") {
		t.Fatalf("migrate on the restored database: %v %q", err, out.String())
	}
	d, err := db.Open(context.Background(), target, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sameCounts(t, want, rowCounts(t, d))
}
