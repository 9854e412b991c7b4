package db_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"commons/internal/platform/db"
)

// pragma reads an integer PRAGMA on the read pool and, inside a transaction, on the writer.
func pragma(t *testing.T, d *db.DB, name string) (read, write int) {
	t.Helper()
	ctx := context.Background()
	if err := d.QueryRow(ctx, "PRAGMA "+name).Scan(&read); err != nil {
		t.Fatal(err)
	}
	err := d.WithTx(ctx, func(ctx context.Context) error {
		return d.QueryRow(ctx, "PRAGMA "+name).Scan(&write)
	})
	if err != nil {
		t.Fatal(err)
	}
	return read, write
}

// Acknowledged means on disk: unless told otherwise, SQLite flushes the log at every commit
// (synchronous=FULL, 2), on the writer and on the readers alike.
func TestSQLiteIsSynchronousFullByDefault(t *testing.T) {
	for _, tc := range []struct {
		opt  string
		want int
	}{{"", 2}, {"full", 2}, {"FULL", 2}, {"normal", 1}} {
		d, err := db.OpenWith(context.Background(), filepath.Join(t.TempDir(), "s.db"), nil, db.Options{SQLiteSynchronous: tc.opt})
		if err != nil {
			t.Fatal(err)
		}
		r, w := pragma(t, d, "synchronous")
		if r != tc.want || w != tc.want {
			t.Errorf("synchronous %q: read pool %d, writer %d; want %d", tc.opt, r, w, tc.want)
		}
		var mode string
		if err := d.QueryRow(context.Background(), "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode %q %v", mode, err)
		}
		d.Close()
	}
	if _, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "d.db"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenWith(context.Background(), filepath.Join(t.TempDir(), "x.db"), nil, db.Options{SQLiteSynchronous: "off"}); err == nil {
		t.Fatal("synchronous=off was accepted")
	}
}

func TestSplitStatements(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"CREATE TABLE a (x TEXT);\nCREATE INDEX a_x ON a (x);\n", []string{"CREATE TABLE a (x TEXT)", "CREATE INDEX a_x ON a (x)"}},
		{"-- only a comment; with a semicolon\n", nil},
		{"/* block; */ SELECT 1; -- trailing; comment\n", []string{"/* block; */ SELECT 1"}},
		{"INSERT INTO t VALUES ('a;b', 'it''s;'); SELECT \"x;y\" FROM t", []string{"INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT \"x;y\" FROM t"}},
		{"SELECT $$a;b$$; SELECT $tag$ ; $ $tag$; SELECT $1", []string{"SELECT $$a;b$$", "SELECT $tag$ ; $ $tag$", "SELECT $1"}},
		{"CREATE TABLE t (a INT);;  ;\n\n", []string{"CREATE TABLE t (a INT)"}},
		{"SELECT 'unterminated; still one", []string{"SELECT 'unterminated; still one"}},
	} {
		got := db.SplitStatements(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: statement %d is %q, want %q", tc.in, i, got[i], tc.want[i])
			}
		}
	}
}

// Splitting never loses or invents text: the statements, in order, are the script's non-blank
// pieces between top-level semicolons.
func FuzzSplitStatements(f *testing.F) {
	f.Add("CREATE TABLE a (x TEXT DEFAULT 'a;b'); -- c\nCREATE INDEX i ON a (x);")
	f.Add("SELECT $$;$$; /* ; */ SELECT \"a\"\"b;\"")
	f.Fuzz(func(t *testing.T, s string) {
		parts := db.SplitStatements(s)
		rest := s
		for _, p := range parts {
			if p == "" {
				t.Fatalf("empty statement from %q", s)
			}
			i := strings.Index(rest, p)
			if i < 0 {
				t.Fatalf("statement %q is not in order in %q", p, s)
			}
			rest = rest[i+len(p):]
		}
	})
}
