package db_test

import (
	"context"
	"errors"
	"testing"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// Value reads one column of one row of any type, and says when there is no row; Affected counts
// the rows a statement changed, none when it matched nothing, and passes a failure on; MapsOf
// gives each named query's rows under its name.
func TestValueAffectedAndMapsOf(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i, n := range []string{"ash", "birch", "cedar"} {
			if _, err := d.Exec(ctx, `INSERT INTO t (id, name) VALUES ($1, $2)`, i+1, n); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.Value[int](ctx, d, `SELECT COUNT(*) FROM t WHERE id > $1`, 1); err != nil || n != 2 {
			t.Errorf("a count: %d, %v", n, err)
		}
		if s, err := db.Value[string](ctx, d, `SELECT name FROM t WHERE id = $1`, 3); err != nil || s != "cedar" {
			t.Errorf("a name: %q, %v", s, err)
		}
		if s, err := db.Value[string](ctx, d, `SELECT name FROM t WHERE id = $1`, 9); !db.IsNoRows(err) || s != "" {
			t.Errorf("no row: %q, %v", s, err)
		}
		if n, err := db.Affected(d.Exec(ctx, `UPDATE t SET name = 'x' || name WHERE id >= $1`, 2)); err != nil || n != 2 {
			t.Errorf("two changed: %d, %v", n, err)
		}
		if n, err := db.Affected(d.Exec(ctx, `DELETE FROM t WHERE id = $1`, 9)); err != nil || n != 0 {
			t.Errorf("none changed: %d, %v", n, err)
		}
		if n, err := db.Affected(d.Exec(ctx, `UPDATE nowhere SET x = 1`)); err == nil || n != 0 {
			t.Errorf("a failing statement: %d, %v", n, err)
		}
		got, err := db.MapsOf(ctx, d, map[string]string{"names": `SELECT name FROM t WHERE id > $1 ORDER BY id`, "none": `SELECT id FROM t WHERE id > $1 + 10`}, 2)
		if names, _ := got["names"].([]map[string]any); err != nil || len(got) != 2 || len(names) != 1 || names[0]["name"] != "xcedar" {
			t.Errorf("maps of two queries: %v, %v", got, err)
		}
		if none, _ := got["none"].([]map[string]any); none == nil || len(none) != 0 {
			t.Errorf("a query of no rows is an empty list: %#v", got["none"])
		}
		if got, err := db.MapsOf(ctx, d, map[string]string{"bad": `SELECT x FROM nowhere`}); err == nil || got != nil {
			t.Errorf("a failing query: %v, %v", got, err)
		}
		failed := errors.New("failed")
		if _, err := db.Affected(nil, failed); !errors.Is(err, failed) {
			t.Errorf("an error passed in: %v", err)
		}
	})
}
