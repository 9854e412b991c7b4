package db

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL's failures are classified by their SQLSTATE: a serialization failure, a deadlock, a
// transaction aborted by a passed-over failure and the multixact failure PostgreSQL 15 sometimes
// raises among many writers are run again; other internal errors are not.
func TestPostgresFailuresThatRunAgain(t *testing.T) {
	var pg postgres
	for _, tc := range []struct {
		code, msg string
		want      Class
	}{
		{"40001", "could not serialize access", ClassRetry},
		{"40P01", "deadlock detected", ClassRetry},
		{"25P02", "current transaction is aborted", ClassRetry},
		{"XX000", "new multixact has more than one updating member", ClassRetry},
		{"XX000", "could not read block", ClassOther},
		{"23505", "duplicate key", ClassUnique},
	} {
		if got := pg.Classify(fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: tc.code, Message: tc.msg})); got != tc.want {
			t.Errorf("%s %q: class %v, want %v", tc.code, tc.msg, got, tc.want)
		}
	}
}
