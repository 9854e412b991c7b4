package db

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Migrations are one capability's schema changes: FS holds sqlite/NNN_name.sql and
// postgres/NNN_name.sql with identical names. They are applied in name order, forward only.
type Migrations struct {
	Capability string
	FS         fs.FS
}

// Migrate applies every migration not yet recorded, each in its own transaction with its record,
// so that two servers starting at once cannot both apply one (the second waits on the record's
// key, then sees it is done).
func (d *DB) Migrate(ctx context.Context, sets ...Migrations) (applied []string, err error) {
	const ddl = `CREATE TABLE IF NOT EXISTS schema_migrations (
		capability TEXT NOT NULL, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL,
		PRIMARY KEY (capability, name))`
	if _, err := d.write.ExecContext(ctx, ddl); err != nil && d.dialect.Classify(err) != ClassUnique {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, set := range sets {
		dir := d.dialect.Name()
		names, err := fs.Glob(set.FS, dir+"/*.sql")
		if err != nil {
			return applied, err
		}
		if len(names) == 0 {
			return applied, fmt.Errorf("migrations of %s: none for %s", set.Capability, dir)
		}
		sort.Strings(names)
		for _, name := range names {
			base := strings.TrimSuffix(path.Base(name), ".sql")
			body, err := fs.ReadFile(set.FS, name)
			if err != nil {
				return applied, err
			}
			did := false
			err = d.WithTx(ctx, func(ctx context.Context) error {
				var n int
				if err := d.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE capability = $1 AND name = $2`, set.Capability, base).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return nil
				}
				if _, err := d.Exec(ctx, `INSERT INTO schema_migrations (capability, name, applied_at) VALUES ($1, $2, $3)`, set.Capability, base, d.Now(ctx)); err != nil {
					if d.dialect.Classify(err) == ClassUnique {
						return nil
					}
					return err
				}
				if _, err := d.Exec(ctx, string(body)); err != nil {
					return fmt.Errorf("%s/%s: %w", set.Capability, name, err)
				}
				did = true
				return nil
			})
			if err != nil {
				return applied, err
			}
			if did {
				applied = append(applied, set.Capability+"/"+base)
			}
		}
	}
	return applied, nil
}

// Column is one column of one table, for comparing the two databases' schemas.
type Column struct{ Table, Name string }

// Columns lists every column of every table in the database, sorted.
func (d *DB) Columns(ctx context.Context) ([]Column, error) {
	var q string
	if d.dialect.Name() == "sqlite" {
		q = `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2`
	} else {
		q = `SELECT table_name, column_name FROM information_schema.columns
		     WHERE table_schema = current_schema() ORDER BY 1, 2`
	}
	rows, err := d.read.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Table, &c.Name); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// Embedded makes a capability's Migrations from a file system holding its migrations/ folder
// (the capability's //go:embed migrations).
func Embedded(capability string, f fs.FS) Migrations {
	sub, err := fs.Sub(f, "migrations")
	if err != nil {
		panic(err) // only for a malformed constant path
	}
	return Migrations{Capability: capability, FS: sub}
}
