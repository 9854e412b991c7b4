package db_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// Every rule of the rewrite, and what it leaves alone: comments, quoted identifiers, strings
// (but a whole UTC timestamp string), and words that only contain a rule's word.
func TestRewriteDerivesEachDatabasesText(t *testing.T) {
	src := `-- a BIGINT, BYTEA and TIMESTAMPTZ in a comment stay
CREATE TABLE t (
    id        BIGINT NOT NULL,
    bigint_no TEXT NOT NULL DEFAULT 'BIGINT and TIMESTAMPTZ in a string stay',
    "bytea"   bytea,
    lat       DOUBLE   PRECISION,
    at        TimestampTZ NOT NULL DEFAULT '2026-01-01 00:00:00+00',
    word      TEXT COLLATE "C" NOT NULL, /* COLLATE "C" here stays */
    note      TEXT NOT NULL DEFAULT 'not a time: 2026-01-01 00:00:00+00 and more',
    PRIMARY KEY (id, word)
) WITHOUT ROWID;
INSERT INTO t (id, at) VALUES (1, '2026-01-01 00:00:00.5+00'), (2, '2026-01-01 00:00:00+00:00');
`
	lite := `-- a BIGINT, BYTEA and TIMESTAMPTZ in a comment stay
CREATE TABLE t (
    id        INTEGER NOT NULL,
    bigint_no TEXT NOT NULL DEFAULT 'BIGINT and TIMESTAMPTZ in a string stay',
    "bytea"   BLOB,
    lat       REAL,
    at        TIMESTAMP NOT NULL DEFAULT '2026-01-01 00:00:00',
    word      TEXT NOT NULL, /* COLLATE "C" here stays */
    note      TEXT NOT NULL DEFAULT 'not a time: 2026-01-01 00:00:00+00 and more',
    PRIMARY KEY (id, word)
) WITHOUT ROWID;
INSERT INTO t (id, at) VALUES (1, '2026-01-01 00:00:00.5'), (2, '2026-01-01 00:00:00+00:00');
`
	pg := strings.Replace(src, ") WITHOUT ROWID;", ");", 1)
	if got := db.Rewrite("sqlite", src); got != lite {
		t.Errorf("for SQLite:\n%s\nwant:\n%s", got, lite)
	}
	if got := db.Rewrite("postgres", src); got != pg {
		t.Errorf("for PostgreSQL:\n%s\nwant:\n%s", got, pg)
	}
	for _, d := range []string{"sqlite", "postgres"} {
		plain := "CREATE TABLE u (id TEXT PRIMARY KEY, n INTEGER NOT NULL);\n"
		if got := db.Rewrite(d, plain); got != plain {
			t.Errorf("%s changed SQL that needs no change: %q", d, got)
		}
	}
}

// The rewritten text runs on both databases, and the columns come out as each database's own
// types: a time is read back as a time, bytes as bytes, on SQLite too.
func TestASharedMigrationRunsOnBothDatabases(t *testing.T) {
	set := db.Migrations{Capability: "rewrite", FS: fstest.MapFS{
		"001_t.sql": {Data: []byte(`CREATE TABLE rw (
    id    TEXT PRIMARY KEY,
    n     BIGINT NOT NULL,
    x     DOUBLE PRECISION NOT NULL,
    data  BYTEA NOT NULL,
    word  TEXT COLLATE "C" NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
INSERT INTO rw (id, n, x, data, word, at) VALUES ('a', 9007199254740993, 0.5, 'AB', 'b', '2026-03-29 01:30:00+00');
`)},
		"002_words.sql": {Data: []byte("CREATE TABLE rw_words (word TEXT COLLATE \"C\" NOT NULL, id TEXT NOT NULL, PRIMARY KEY (word, id)) WITHOUT ROWID;\n")},
	}}
	dbtest.Each(t, nil, []db.Migrations{set}, func(t *testing.T, d *db.DB) {
		var n int64
		var x float64
		var data []byte
		var at time.Time
		if err := d.QueryRow(context.Background(), `SELECT n, x, data, at FROM rw WHERE id = 'a'`).Scan(&n, &x, &data, &at); err != nil {
			t.Fatal(err)
		}
		if n != 9007199254740993 || x != 0.5 || string(data) != "AB" || !at.Equal(time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)) {
			t.Errorf("read back %d %v %q %v", n, x, data, at)
		}
	})
}

// A migration is found under its one name whether it is written once, per database or both (the
// shared statements first), in the names' order; a migration with a file for one database but
// not the other, or a file left in a folder per database, is refused.
func TestMigrationsForEachDatabase(t *testing.T) {
	set := db.Migrations{Capability: "c", FS: fstest.MapFS{
		"001_a.sql":          {Data: []byte("CREATE TABLE a (at TIMESTAMPTZ);")},
		"002_b.sqlite.sql":   {Data: []byte("-- sqlite\n")},
		"002_b.postgres.sql": {Data: []byte("-- postgres\n")},
		"002_b-c.sql":        {Data: []byte("SELECT 1;")},
		"003_c.sql":          {Data: []byte("SELECT 2 -- no semicolon")},
		"003_c.sqlite.sql":   {Data: []byte("SELECT 3;")},
		"003_c.postgres.sql": {Data: []byte("SELECT 4;")},
	}}
	for _, tc := range []struct{ dialect, want, last string }{
		{"sqlite", "001_a [001_a.sql] CREATE TABLE a (at TIMESTAMP);|002_b-c [002_b-c.sql] SELECT 1;|002_b [002_b.sqlite.sql] -- sqlite\n|003_c [003_c.sql 003_c.sqlite.sql] SELECT 2 -- no semicolon\n;\nSELECT 3;", "SELECT 3"},
		{"postgres", "001_a [001_a.sql] CREATE TABLE a (at TIMESTAMPTZ);|002_b-c [002_b-c.sql] SELECT 1;|002_b [002_b.postgres.sql] -- postgres\n|003_c [003_c.sql 003_c.postgres.sql] SELECT 2 -- no semicolon\n;\nSELECT 4;", "SELECT 4"},
	} {
		ms, err := set.For(tc.dialect)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, fmt.Sprintf("%s %v %s", m.Name, m.Files, m.SQL))
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%s:\n%q\nwant\n%q", tc.dialect, g, tc.want)
		}
		if stmts := db.SplitStatements(ms[len(ms)-1].SQL); len(stmts) != 2 || stmts[1] != tc.last {
			t.Errorf("%s: the shared and own statements of 003_c are %q", tc.dialect, stmts)
		}
	}
	for name, fs := range map[string]fstest.MapFS{
		"one only":            {"001_a.sqlite.sql": {}},
		"shared and one only": {"001_a.sql": {}, "001_a.postgres.sql": {}},
		"none at all":         {"README.md": {}},
		"in a folder":         {"001_a.sql": {}, "sqlite/002_b.sql": {}},
	} {
		if _, err := (db.Migrations{Capability: "c", FS: fs}).For("sqlite"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
