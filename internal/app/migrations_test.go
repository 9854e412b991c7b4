package app_test

import (
	"slices"
	"testing"

	"commons/internal/app"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// Every migration is written once (its SQLite text derived by db.Rewrite) or for both databases,
// under the same names in the same order, and every one of them runs on a fresh database of
// each kind, where it is recorded under its name.
func TestEveryMigrationRunsOnBothDatabases(t *testing.T) {
	var want []string
	for _, set := range app.Migrations() {
		lite, err := set.For("sqlite")
		if err != nil {
			t.Fatal(err)
		}
		pg, err := set.For("postgres")
		if err != nil {
			t.Fatal(err)
		}
		names := func(ms []db.Migration) (out []string) {
			for _, m := range ms {
				out = append(out, set.Capability+"/"+m.Name)
			}
			return out
		}
		if a, b := names(lite), names(pg); !slices.Equal(a, b) {
			t.Errorf("%s: SQLite's migrations %v, PostgreSQL's %v", set.Capability, a, b)
		}
		want = append(want, names(lite)...)
	}
	slices.Sort(want)
	for _, dialect := range []string{"sqlite", "postgres"} {
		d := dbtest.Open(t, dialect, nil, app.Migrations()...)
		rows, err := d.Query(t.Context(), `SELECT capability, name FROM schema_migrations ORDER BY capability, name`)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var c, n string
			if err := rows.Scan(&c, &n); err != nil {
				t.Fatal(err)
			}
			got = append(got, c+"/"+n)
		}
		rows.Close()
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s recorded %v, want %v", dialect, got, want)
		}
	}
}
