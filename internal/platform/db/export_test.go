package db_test

import (
	"context"
	"testing"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// Exports reads every part of a person's data download with the account as $1, a part with no
// rows as an empty list; a failing query fails the whole download rather than leave a part out.
func TestExportsReadEveryPartForTheAccount(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i, n := range []string{"ash", "birch", "ash"} {
			if _, err := d.Exec(ctx, `INSERT INTO t (id, name) VALUES ($1, $2)`, i+1, n); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Exports(ctx, d, "ash", map[string]string{
			"mine": `SELECT id, name FROM t WHERE name = $1 ORDER BY id`,
			"none": `SELECT id FROM t WHERE name = $1 AND id > 9`,
		})
		if err != nil {
			t.Fatal(err)
		}
		mine, _ := got["mine"].([]map[string]any)
		none, ok := got["none"].([]map[string]any)
		if len(got) != 2 || len(mine) != 2 || mine[1]["name"] != "ash" || !ok || none == nil || len(none) != 0 {
			t.Errorf("exports: %#v", got)
		}
		if _, err := db.Exports(ctx, d, "ash", map[string]string{"mine": `SELECT id FROM t WHERE name = $1`, "bad": `SELECT x FROM no_such_table`}); err == nil {
			t.Error("a failing part gave no error")
		}
	})
}
