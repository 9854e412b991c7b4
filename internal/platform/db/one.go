package db

import (
	"context"
	"database/sql"
)

// Value runs a query of one row and one column and returns that column: a count, a title, an
// id. No row is sql.ErrNoRows, as from QueryRow.
func Value[T any](ctx context.Context, d *DB, query string, args ...any) (T, error) {
	var v T
	err := d.QueryRow(ctx, query, args...).Scan(&v)
	return v, err
}

// Affected is how many rows a statement changed, for stores whose callers tell "not found"
// from "done" by it: n, err := db.Affected(d.Exec(ctx, query, args...)).
func Affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// MapsOf runs every query with the same args and returns each one's rows, as QueryMaps reads
// them, under the query's name: what a capability holds about a person, for their data download.
func MapsOf(ctx context.Context, d *DB, queries map[string]string, args ...any) (map[string]any, error) {
	out := make(map[string]any, len(queries))
	for name, q := range queries {
		rows, err := d.QueryMaps(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		out[name] = rows
	}
	return out, nil
}
