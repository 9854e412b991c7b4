package db_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"testing/fstest"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

var tables = db.Migrations{Capability: "dbtest", FS: fstest.MapFS{
	"001_t.sql": {Data: []byte("-- two tables; one file\nCREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'a;b');\nCREATE TABLE u (id INTEGER PRIMARY KEY);\nCREATE INDEX t_name ON t (name);\n")},
	"002_v.sql": {Data: []byte("CREATE TABLE v (id INTEGER PRIMARY KEY);\nINSERT INTO v (id) VALUES (1);\n")},
}}

// Statements are prepared once and reused: on SQLite through the pools' statement caches, in and
// out of transactions, without mixing up results; a query run again while its own rows are read
// inside a transaction still works.
func TestStatementsAreReused(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i := range 50 {
			err := d.WithTx(ctx, func(ctx context.Context) error {
				_, err := d.Exec(ctx, `INSERT INTO t (id, name) VALUES ($1, $2)`, i, fmt.Sprint("n", i))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for i := range 50 {
			var name string
			if err := d.QueryRow(ctx, `SELECT name FROM t WHERE id = $1`, i).Scan(&name); err != nil || name != fmt.Sprint("n", i) {
				t.Fatalf("row %d: %q %v", i, name, err)
			}
		}
		// Nested use of one query inside a transaction (SQLite: pgx cannot run a query while
		// another's rows are open on the connection, prepared or not).
		err := d.WithTx(ctx, func(ctx context.Context) error {
			if d.Dialect().Name() != "sqlite" {
				return nil
			}
			rows, err := d.Query(ctx, `SELECT id FROM t WHERE id < $1 ORDER BY id`, 3)
			if err != nil {
				return err
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					return err
				}
				var inner int
				if err := d.QueryRow(ctx, `SELECT count(*) FROM t WHERE id < $1`, id+1).Scan(&inner); err != nil || inner != id+1 {
					return fmt.Errorf("inner count %d for %d: %v", inner, id, err)
				}
				again, err := d.Query(ctx, `SELECT id FROM t WHERE id < $1 ORDER BY id`, 3)
				if err != nil {
					return err
				}
				again.Close()
				n++
			}
			if n != 3 {
				return fmt.Errorf("%d rows", n)
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errc := make(chan error, 16)
		for g := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 50 {
					var name string
					id := (g + i) % 50
					if err := d.QueryRow(ctx, `SELECT name FROM t WHERE id = $1`, id).Scan(&name); err != nil || name != fmt.Sprint("n", id) {
						errc <- fmt.Errorf("row %d: %q %v", id, name, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		read, write := d.PreparedStatements()
		if d.Dialect().Name() == "sqlite" {
			if read < 1 || read > 10 || write < 2 || write > 10 {
				t.Fatalf("prepared statements: %d read, %d write; want the few queries above", read, write)
			}
			return
		}
		// PostgreSQL: pgx prepares each query once on a connection and keeps it.
		err = d.WithTx(ctx, func(ctx context.Context) error {
			var x, n int
			for range 3 {
				if err := d.QueryRow(ctx, `SELECT count(*) FROM t WHERE id >= $1`, 0).Scan(&x); err != nil {
					return err
				}
			}
			if err := d.QueryRow(ctx, `SELECT count(*) FROM pg_prepared_statements WHERE statement = $1`, `SELECT count(*) FROM t WHERE id >= $1`).Scan(&n); err != nil {
				return err
			}
			if n != 1 {
				return fmt.Errorf("%d prepared copies of the query on this connection, want 1", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// The cache stays bounded when queries are built at run time, and every answer stays right.
func TestStatementCacheIsBounded(t *testing.T) {
	d := dbtest.Open(t, "sqlite", nil, tables)
	ctx := context.Background()
	for i := range 600 {
		var got int
		if err := d.QueryRow(ctx, fmt.Sprintf(`SELECT %d + $1`, i), 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("%d: %d %v", i, got, err)
		}
	}
	if read, _ := d.PreparedStatements(); read > 256 {
		t.Fatalf("%d statements kept", read)
	}
}

// Two servers starting at once on one database both migrate it without an advisory lock: each
// migration is applied once, its statements one at a time.
func TestMigrateFromTwoServersAtOnce(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			var handles []*db.DB
			for range 3 {
				d, err := db.Open(context.Background(), url, nil)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				handles = append(handles, d)
			}
			var wg sync.WaitGroup
			applied := make([][]string, len(handles))
			errs := make([]error, len(handles))
			for i, d := range handles {
				wg.Add(1)
				go func() {
					defer wg.Done()
					applied[i], errs[i] = d.Migrate(context.Background(), tables)
				}()
			}
			wg.Wait()
			total := 0
			for i := range handles {
				if errs[i] != nil {
					t.Fatalf("server %d: %v", i, errs[i])
				}
				total += len(applied[i])
			}
			if total != 2 {
				t.Fatalf("migrations applied %d times in all, want 2: %v", total, applied)
			}
			var n int
			if err := handles[0].QueryRow(context.Background(), `SELECT count(*) FROM v`).Scan(&n); err != nil || n != 1 {
				t.Fatalf("v has %d rows: %v", n, err)
			}
		})
	}
}

// Under COMMONS_TEST_POSTGRES_ISOLATION=serializable the test databases really run at
// SERIALIZABLE, so the second pass of `make test` tests what it claims.
func TestIsolationIsWhatTheTestsAskFor(t *testing.T) {
	d := dbtest.Open(t, "postgres", nil)
	var level string
	err := d.WithTx(context.Background(), func(ctx context.Context) error {
		return d.QueryRow(ctx, `SHOW transaction_isolation`).Scan(&level)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "read committed"
	if os.Getenv(dbtest.EnvIsolation) == "serializable" {
		want = "serializable"
	}
	if level != want {
		t.Fatalf("transactions run at %q, want %q", level, want)
	}
}
