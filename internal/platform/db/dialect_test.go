package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// The dialect's words for what capabilities would otherwise branch on the database's name
// for: a typed parameter in a SELECT list, the join that keeps its left side leading, and the
// slots of a counter many writers bump at once.
func TestDialectWordsWorkOnBothDatabases(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
		// In a SELECT list PostgreSQL needs the type given; SQLite takes the parameter as it is
		// (a column declared TIMESTAMP is what makes its driver read a time back).
		var got any
		if err := d.QueryRow(ctx, `SELECT `+d.Dialect().Typed("$1", "TIMESTAMPTZ"), at).Scan(&got); err != nil {
			t.Fatalf("typed parameter: %v", err)
		}
		if tm, ok := got.(time.Time); d.Dialect().Name() == "postgres" && (!ok || !tm.Equal(at)) {
			t.Errorf("typed parameter read back %v, want %v", got, at)
		}
		if got == nil {
			t.Error("typed parameter read back nothing")
		}
		if _, err := d.Exec(ctx, `INSERT INTO t (id, name) VALUES (1, 'x'), (2, 'y')`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO u (id) VALUES (2)`); err != nil {
			t.Fatal(err)
		}
		var name string
		if err := d.QueryRow(ctx, `SELECT t.name FROM u `+d.Dialect().LeadingJoin()+` t ON t.id = u.id`).Scan(&name); err != nil || name != "y" {
			t.Errorf("leading join gave %q, %v", name, err)
		}
		if n := d.Dialect().HotRowSlots(); n < 1 || (d.Dialect().Name() == "sqlite" && n != 1) {
			t.Errorf("%s spreads a hot counter over %d rows", d.Dialect().Name(), n)
		}
	})
}

// A transaction whose code passed over a failed statement (only choosing a default from it) is
// run again rather than failing: on PostgreSQL any failure aborts the transaction, and the next
// statement's "current transaction is aborted" (25P02) is what the code sees. Under SERIALIZABLE
// the passed-over failure is almost always a serialization failure (a sign-up race in
// volunteering's TestLastPlaceGoesToExactlyOne failed this way).
func TestATransactionAbortedByAPassedOverFailureRunsAgain(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		tries := 0
		err := d.WithTx(ctx, func(ctx context.Context) error {
			tries++
			if tries == 1 {
				var x int
				_ = d.QueryRow(ctx, `SELECT 1 FROM t WHERE id = 1/(SELECT count(*) FROM u)`).Scan(&x) // fails on PostgreSQL: division by zero
			}
			_, err := d.Exec(ctx, `INSERT INTO t (id, name) VALUES (9, 'kept')`)
			return err
		})
		if err != nil {
			t.Fatalf("the transaction failed after %d tries: %v", tries, err)
		}
		if d.Dialect().Name() == "postgres" && tries != 2 {
			t.Errorf("ran %d times, want 2 (the first aborted)", tries)
		}
		var name string
		if err := d.QueryRow(ctx, `SELECT name FROM t WHERE id = 9`).Scan(&name); err != nil || name != "kept" {
			t.Errorf("the row: %q, %v", name, err)
		}
	})
}

// A look-up outside a transaction that the database fails as a serialization failure (a lone
// SELECT can be, when the database's default isolation is SERIALIZABLE) runs again; any other
// failure is returned at once, and inside a transaction the look-up runs once, the
// transaction's WithTx being the one that runs it all again. Time banking's group exchange met
// such a failure in CI and took it for an unknown member.
func TestALookUpFailedForSerializationRunsAgain(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		retryable := errors.New("not a database failure")
		if d.Dialect().Name() == "postgres" {
			retryable = &pgconn.PgError{Code: "40001", Message: "could not serialize access due to read/write dependencies among transactions"}
		}
		tries := 0
		err := d.Read(ctx, func(ctx context.Context) error {
			tries++
			if tries == 1 {
				return fmt.Errorf("member look-up: %w", retryable)
			}
			var one int
			return d.QueryRow(ctx, `SELECT 1`).Scan(&one)
		})
		if d.Dialect().Name() == "postgres" {
			if err != nil || tries != 2 {
				t.Errorf("after a serialization failure: %d tries, %v; want 2 tries and no error", tries, err)
			}
		} else if !errors.Is(err, retryable) || tries != 1 {
			t.Errorf("after an ordinary failure: %d tries, %v; want 1 try and that failure", tries, err)
		}

		tries = 0
		other := errors.New("no such member")
		if err := d.Read(ctx, func(context.Context) error { tries++; return other }); !errors.Is(err, other) || tries != 1 {
			t.Errorf("an ordinary failure: %d tries, %v; want 1 try and that failure", tries, err)
		}

		tries = 0
		_ = d.WithTx(ctx, func(ctx context.Context) error {
			return d.Read(ctx, func(context.Context) error {
				tries++
				if tries == 1 {
					return nil
				}
				return retryable
			})
		})
		if tries != 1 {
			t.Errorf("inside a transaction the look-up ran %d times, want 1", tries)
		}
	})
}
