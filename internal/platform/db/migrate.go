package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Migrations are one capability's schema changes, applied in name order, forward only. FS holds
// each as NNN_name.sql, written once in PostgreSQL's words, from which Rewrite derives SQLite's
// text (see its rules). What a migration cannot say the same way on both databases goes in
// NNN_name.sqlite.sql and NNN_name.postgres.sql beside it (or without it, when nothing is
// shared): each database runs the shared statements first, then its own file's, as they stand,
// all in the migration's one transaction. Either way the migration is recorded as NNN_name.
type Migrations struct {
	Capability string
	FS         fs.FS
}

// Migration is one migration for one database: its name, the files it is made of and its text.
type Migration struct {
	Name  string
	Files []string
	SQL   string
}

// dialects are the databases a per-database migration file is named after.
var dialects = []string{"sqlite", "postgres"}

// For lists the set's migrations for the dialect ("sqlite" or "postgres"), in the order they are
// applied. A migration with a file for one database but not the other is an error.
func (m Migrations) For(dialect string) ([]Migration, error) {
	// The older layout, a folder per database, is gone: a file left in one would never run.
	for _, d := range dialects {
		if left, _ := fs.Glob(m.FS, d+"/*.sql"); len(left) > 0 {
			return nil, fmt.Errorf("migrations of %s: %s is in a folder of its own; write it once as NNN_name.sql, with what only %s needs in NNN_name.%s.sql", m.Capability, left[0], d, d)
		}
	}
	files, err := fs.Glob(m.FS, "*.sql")
	if err != nil {
		return nil, err
	}
	type parts struct {
		shared, own string // the file written once; this database's file
		per         map[string]bool
	}
	byName := map[string]*parts{}
	var names []string
	for _, f := range files {
		name, d := strings.TrimSuffix(f, ".sql"), ""
		for _, x := range dialects {
			if strings.HasSuffix(name, "."+x) {
				d, name = x, strings.TrimSuffix(name, "."+x)
			}
		}
		p := byName[name]
		if p == nil {
			p = &parts{per: map[string]bool{}}
			byName[name] = p
			names = append(names, name)
		}
		switch d {
		case "":
			p.shared = f
		case dialect:
			p.own = f
		}
		if d != "" {
			p.per[d] = true
		}
	}
	// The order is the names' order, as when each database had a folder of its own.
	sort.Slice(names, func(i, j int) bool { return names[i]+".sql" < names[j]+".sql" })
	var out []Migration
	for _, name := range names {
		p := byName[name]
		if len(p.per) > 0 {
			for _, d := range dialects {
				if !p.per[d] {
					return nil, fmt.Errorf("migrations of %s: %s has no %s.%s.sql (write one, if only with a comment, so that the other database is not forgotten)", m.Capability, name, name, d)
				}
			}
		}
		mig := Migration{Name: name}
		var text []string
		if p.shared != "" {
			body, err := fs.ReadFile(m.FS, p.shared)
			if err != nil {
				return nil, err
			}
			mig.Files = append(mig.Files, p.shared)
			text = append(text, Rewrite(dialect, string(body)))
		}
		if p.own != "" {
			body, err := fs.ReadFile(m.FS, p.own)
			if err != nil {
				return nil, err
			}
			mig.Files = append(mig.Files, p.own)
			text = append(text, string(body))
		}
		// An empty statement between the two parts: a last statement of the shared file that
		// lacks its semicolon still ends there.
		mig.SQL = strings.Join(text, "\n;\n")
		out = append(out, mig)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("migrations of %s: none for %s", m.Capability, dialect)
	}
	return out, nil
}

// Migrate applies every migration not yet recorded, each in its own transaction with its record,
// so that two servers starting at once cannot both apply one (the second waits on the record's
// key, then sees it is done). It takes no advisory or table lock, and a migration's statements
// are sent one at a time, as PostgreSQL-compatible distributed databases (CockroachDB,
// YugabyteDB) require; a serialization failure retries the migration's transaction.
func (d *DB) Migrate(ctx context.Context, sets ...Migrations) (applied []string, err error) {
	const ddl = `CREATE TABLE IF NOT EXISTS schema_migrations (
		capability TEXT NOT NULL, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL,
		PRIMARY KEY (capability, name))`
	if err := d.createMigrationsTable(ctx, ddl); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, set := range sets {
		migrations, err := set.For(d.dialect.Name())
		if err != nil {
			return applied, err
		}
		for _, m := range migrations {
			base, name := m.Name, strings.Join(m.Files, "+")
			did := false
			err = d.WithTx(ctx, func(ctx context.Context) error {
				var n int
				if err := d.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE capability = $1 AND name = $2`, set.Capability, base).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return nil
				}
				// Another server migrating at the same moment holds the record's key until it
				// commits; then this insert does nothing and the migration is left to it.
				res, err := d.execDirect(ctx, `INSERT INTO schema_migrations (capability, name, applied_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, set.Capability, base, d.Now(ctx))
				if err != nil {
					return err
				}
				if n, err := res.RowsAffected(); err != nil || n == 0 {
					return err
				}
				for i, stmt := range SplitStatements(m.SQL) {
					if _, err := d.execDirect(ctx, stmt); err != nil {
						return fmt.Errorf("%s/%s, statement %d: %w", set.Capability, name, i+1, err)
					}
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

// createMigrationsTable sends ddl until the table exists. Servers starting at the same moment all
// send it, and PostgreSQL's IF NOT EXISTS looks at its catalogue before writing to it, so all but
// one can fail on the winner's rows: its type or table already exists (42710, 42P07) or the
// catalogue's unique key (23505). Sent again once the winner has committed, the statement finds
// the table and does nothing. No lock is taken.
func (d *DB) createMigrationsTable(ctx context.Context, ddl string) error {
	for attempt := 1; ; attempt++ {
		_, err := d.write.ExecContext(ctx, ddl)
		if err == nil {
			return nil
		}
		var pg *pgconn.PgError
		raced := d.dialect.Classify(err) == ClassUnique || d.dialect.Classify(err) == ClassRetry ||
			errors.As(err, &pg) && (pg.Code == "42710" || pg.Code == "42P07")
		if !raced || attempt == 10 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
	}
}

// Column is one column of one table, for comparing the two databases' schemas.
type Column struct{ Table, Name string }

// Columns lists every column of every table in the database, sorted.
func (d *DB) Columns(ctx context.Context) ([]Column, error) {
	var q string
	if d.dialect.Name() == "sqlite" {
		// Ordinary tables only: a full-text index's virtual table and its shadow tables are
		// SQLite's own way of doing what PostgreSQL does with an index, not columns to compare.
		// Views count, as information_schema.columns counts them on PostgreSQL.
		q = `SELECT t.name, p.name FROM pragma_table_list t, pragma_table_info(t.name) p
		     WHERE t.schema = 'main' AND t.type IN ('table', 'view') AND t.name NOT LIKE 'sqlite_%' ORDER BY 1, 2`
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

// execDirect runs a statement in the context's transaction without the statement cache (a
// migration's DDL runs once).
func (d *DB) execDirect(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if t := txFrom(ctx); t != nil {
		return t.tx.ExecContext(ctx, query, args...)
	}
	return d.write.ExecContext(ctx, query, args...)
}

// SplitStatements splits a migration file into its statements at each semicolon that is not
// inside a quoted string or identifier, a dollar-quoted string or a comment. Statements that hold
// nothing but comments and white space are dropped.
func SplitStatements(script string) []string {
	var out []string
	start := 0
	code := false // the current statement has something besides comments and spaces
	flush := func(end int) {
		if stmt := strings.TrimSpace(script[start:end]); code && stmt != "" {
			out = append(out, stmt)
		}
		start, code = end+1, false
	}
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case c == '-' && i+1 < len(script) && script[i+1] == '-':
			for i < len(script) && script[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(script) && script[i+1] == '*':
			end := strings.Index(script[i+2:], "*/")
			if end < 0 {
				i = len(script)
			} else {
				i += end + 3
			}
		case c == '\'' || c == '"' || c == '`':
			code = true
			for i++; i < len(script); i++ {
				if script[i] == c {
					if i+1 < len(script) && script[i+1] == c { // a doubled quote stands for itself
						i++
						continue
					}
					break
				}
			}
		case c == '$':
			code = true
			// A dollar quote: $$ or $tag$, up to the same tag.
			j := i + 1
			for j < len(script) && (script[j] == '_' || script[j] >= 'a' && script[j] <= 'z' || script[j] >= 'A' && script[j] <= 'Z' || script[j] >= '0' && script[j] <= '9' && j > i+1) {
				j++
			}
			if j < len(script) && script[j] == '$' && !(j > i+1 && script[i+1] >= '0' && script[i+1] <= '9') {
				tag := script[i : j+1]
				if end := strings.Index(script[j+1:], tag); end >= 0 {
					i = j + end + len(tag)
				} else {
					i = len(script)
				}
			}
		case c == ';':
			flush(i)
		case c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f':
			code = true
		}
	}
	flush(len(script))
	return out
}
