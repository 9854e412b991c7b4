package db_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

type named struct {
	id   int
	name string
}

func scanNamed(r db.Scanner) (named, error) {
	var n named
	err := r.Scan(&n.id, &n.name)
	return n, err
}

// List, Collect, Each and Strings read every row in order on both databases, inside and outside
// a transaction; no rows is an empty list; a failing scan or query is returned, not half a list.
func TestListsReadEveryRowOnce(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i, n := range []string{"ash", "birch", "cedar"} {
			if _, err := d.Exec(ctx, `INSERT INTO t (id, name) VALUES ($1, $2)`, i+1, n); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.List(ctx, d, scanNamed, `SELECT id, name FROM t WHERE id > $1 ORDER BY id`, 1)
		if want := []named{{2, "birch"}, {3, "cedar"}}; err != nil || !slices.Equal(got, want) {
			t.Errorf("List: %v, %v; want %v", got, err, want)
		}
		if got, err := db.List(ctx, d, scanNamed, `SELECT id, name FROM t WHERE id > 9`); err != nil || len(got) != 0 {
			t.Errorf("List of nothing: %v, %v", got, err)
		}
		err = d.WithTx(ctx, func(ctx context.Context) error {
			if _, err := d.Exec(ctx, `INSERT INTO t (id, name) VALUES (4, 'dogwood')`); err != nil {
				return err
			}
			names, err := db.Strings(ctx, d, `SELECT name FROM t ORDER BY id DESC`)
			if want := []string{"dogwood", "cedar", "birch", "ash"}; err != nil || !slices.Equal(names, want) {
				t.Errorf("Strings in a transaction: %v, %v; want %v", names, err, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := d.Query(ctx, `SELECT id, name FROM t ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.Collect(rows, scanNamed); err != nil || len(got) != 4 || got[3].name != "dogwood" {
			t.Errorf("Collect: %v, %v", got, err)
		}
		total := 0
		err = db.Each(ctx, d, func(r db.Scanner) error {
			var id int
			err := r.Scan(&id)
			total += id
			return err
		}, `SELECT id FROM t`)
		if err != nil || total != 10 {
			t.Errorf("Each: total %d, %v", total, err)
		}

		stop := errors.New("stop")
		calls := 0
		err = db.Each(ctx, d, func(db.Scanner) error { calls++; return stop }, `SELECT id FROM t`)
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("Each with a failing row: %d calls, %v", calls, err)
		}
		if got, err := db.List(ctx, d, scanNamed, `SELECT id FROM t`); err == nil || got != nil {
			t.Errorf("a scan of the wrong columns: %v, %v", got, err)
		}
		if _, err := db.Strings(ctx, d, `SELECT name FROM no_such_table`); err == nil {
			t.Error("a failing query gave no error")
		}
	})
}
