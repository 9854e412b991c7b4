package db

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite"
)

// Class is what kind of failure a driver error is, decided by its code, never its text.
type Class int

const (
	ClassOther Class = iota
	ClassUnique
	ClassCheck
	ClassForeignKey
	ClassRetry // busy, locked, serialization failure, deadlock: run the transaction again
)

// Dialect is the small set of things that differ between SQLite and PostgreSQL.
type Dialect interface {
	// Name is "sqlite" or "postgres", also the suffix of a migration written per database
	// (NNN_name.sqlite.sql).
	Name() string
	// Classify tells what kind of failure err is.
	Classify(err error) Class
	// ForUpdate is the locking clause to append to a SELECT inside a write transaction
	// (SQLite's immediate transactions already hold the write lock).
	ForUpdate() string
	// ILike returns a case-insensitive "contains" condition on expr against placeholder p.
	ILike(expr, p string) string
	// LeadingJoin is the inner join that keeps the table on its left as the outer loop: a
	// few candidates from an index (the rarest search word's) drive the lookups. SQLite's
	// planner, without statistics, may instead walk a whole table to save a sort; its CROSS
	// JOIN keeps the order written. PostgreSQL's planner has statistics: a plain JOIN.
	LeadingJoin() string
	// HotRowSlots is how many rows a counter that many writers bump at once is spread over:
	// PostgreSQL's writers commit side by side and would queue on one row (and, under
	// SERIALIZABLE, fail and retry); SQLite has one writer at a time, so one row.
	HotRowSlots() int
	// Typed is placeholder p given the SQL type typ where nothing else gives it one (a
	// parameter in a SELECT list, which PostgreSQL cannot type by itself; SQLite needs no type).
	Typed(p, typ string) string
}

type sqlite struct{}

func (sqlite) Name() string             { return "sqlite" }
func (sqlite) ForUpdate() string        { return "" }
func (sqlite) LeadingJoin() string      { return "CROSS JOIN" }
func (sqlite) HotRowSlots() int         { return 1 }
func (sqlite) Typed(p, _ string) string { return p }
func (sqlite) ILike(expr, p string) string {
	return "lower(" + expr + ") LIKE '%' || lower(" + p + ") || '%'"
}

func (sqlite) Classify(err error) Class {
	var e *sqlite3.Error
	if !errors.As(err, &e) {
		return ClassOther
	}
	switch e.Code() {
	case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
		return ClassUnique
	case 275, 1299: // SQLITE_CONSTRAINT_CHECK, SQLITE_CONSTRAINT_NOTNULL
		return ClassCheck
	case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
		return ClassForeignKey
	}
	switch e.Code() & 0xff {
	case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
		return ClassRetry
	}
	return ClassOther
}

type postgres struct{}

func (postgres) Name() string               { return "postgres" }
func (postgres) ForUpdate() string          { return " FOR UPDATE" }
func (postgres) LeadingJoin() string        { return "JOIN" }
func (postgres) HotRowSlots() int           { return 8 }
func (postgres) Typed(p, typ string) string { return "CAST(" + p + " AS " + typ + ")" }
func (postgres) ILike(expr, p string) string {
	return expr + " ILIKE '%' || " + p + " || '%'"
}

func (postgres) Classify(err error) Class {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return ClassOther
	}
	switch e.Code {
	case "23505":
		return ClassUnique
	case "23514", "23502":
		return ClassCheck
	case "23503":
		return ClassForeignKey
	case "40001", "40P01":
		return ClassRetry
	case "25P02":
		// The transaction was already aborted by a failure the code passed over (a look-up
		// whose error only chose a default, say): under SERIALIZABLE that failure is almost
		// always a serialization failure, and running the whole transaction again is right.
		return ClassRetry
	case "XX000":
		// PostgreSQL 15.18 sometimes fails an UPDATE among many writers of one row with
		// "new multixact has more than one updating member" (timebank's
		// TestConcurrentExchangesKeepTheBooks met it once in CI). Nothing of the transaction
		// was kept, so running it again is safe; other internal errors stay errors.
		if strings.Contains(e.Message, "multixact") {
			return ClassRetry
		}
	}
	return ClassOther
}
