package db

import (
	"context"
	"database/sql"
)

// Scanner is one row to read: *sql.Row and *sql.Rows both are. A store's scan function takes a
// Scanner so that it serves a single-row look-up and a list alike.
type Scanner interface{ Scan(dest ...any) error }

// List runs query and returns one value a row, each made by scan, in the order the rows come.
// No rows is an empty (nil) slice, not an error. The rows are always closed.
func List[T any](ctx context.Context, d *DB, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := d.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return Collect(rows, scan)
}

// Collect reads every row of rows with scan and closes them. It stops at the first error,
// whether from a scan or from reading the rows.
func Collect[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Each runs query and calls fn with every row, for reads that fill a map or a total rather
// than a list. fn's error stops the reading and is returned. The rows are always closed.
func Each(ctx context.Context, d *DB, fn func(Scanner) error, query string, args ...any) error {
	rows, err := d.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Strings runs a query of one text column and returns its values: ids, names, codes.
func Strings(ctx context.Context, d *DB, query string, args ...any) ([]string, error) {
	return List(ctx, d, scanString, query, args...)
}

func scanString(r Scanner) (string, error) {
	var s string
	err := r.Scan(&s)
	return s, err
}
