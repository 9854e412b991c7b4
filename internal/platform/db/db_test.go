package db_test

import (
	"context"
	"path/filepath"
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
