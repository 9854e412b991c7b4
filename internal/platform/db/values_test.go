package db_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// The store helpers round-trip through both databases: an empty string is NULL, a NULL time is
// nil and a set one comes back in UTC, and an escaped LIKE pattern matches only itself.
func TestValuesRoundTrip(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{tables}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var isNull bool
		if err := d.QueryRow(ctx, `SELECT CAST($1 AS TEXT) IS NULL`, db.NullString("")).Scan(&isNull); err != nil || !isNull {
			t.Errorf("empty string: null %v, %v", isNull, err)
		}
		if err := d.QueryRow(ctx, `SELECT CAST($1 AS TEXT) IS NULL`, db.NullString("x")).Scan(&isNull); err != nil || isNull {
			t.Errorf("a string: null %v, %v", isNull, err)
		}
		if db.TimeOf(sql.NullTime{}) != nil {
			t.Error("a NULL time is not nil")
		}
		at := time.Date(2026, 12, 7, 5, 30, 0, 0, time.FixedZone("BST", 3600))
		if got := db.TimeOf(sql.NullTime{Time: at, Valid: true}); got == nil || !got.Equal(at) || got.Location() != time.UTC {
			t.Errorf("a set time: %v", got)
		}
		var matches bool
		for _, c := range []struct {
			text, find string
			want       bool
		}{{"100% green", "100%", true}, {"1000 green", "100%", false}, {"a_b", "a_b", true}, {"axb", "a_b", false}, {`c:\x`, `c:\`, true}} {
			q := `SELECT $1 LIKE '%' || $2 || '%' ESCAPE '\'`
			if err := d.QueryRow(ctx, q, c.text, db.LikeEscape(c.find)).Scan(&matches); err != nil || matches != c.want {
				t.Errorf("%q LIKE escaped %q: %v, %v; want %v", c.text, c.find, matches, err, c.want)
			}
		}
	})
}
