// Package db opens the SQLite or PostgreSQL database, runs transactions with retries and
// after-commit hooks, classifies driver errors by code and applies each capability's migrations.
//
// Capabilities write ordinary SQL shared by both databases ($n placeholders, RETURNING,
// ON CONFLICT); what differs lives behind Dialect, in the few words Rewrite changes in a
// migration and in the few migrations written per database. The transaction (and the time it
// was started at) travels in the context, so store functions compose.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"commons/internal/platform/clock"
	"commons/internal/platform/errs"
)

// DB is an open database: a pool for writes and one for reads (the same pool on PostgreSQL).
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	clock   clock.Clock
	path    string // SQLite file path, for backups

	// Prepared statements kept per pool (SQLite only; pgx keeps its own per connection).
	readStmts, writeStmts *stmtCache

	commits, rollbacks, retries atomic.Uint64
}

// TxStats counts transactions since the database was opened, for /metrics.
type TxStats struct {
	Commits   uint64 // transactions committed by WithTx
	Rollbacks uint64 // transactions rolled back (an error from the function, or a failed commit)
	Retries   uint64 // transactions and single statements run again after a busy or serialization failure
}

// TxStats returns the transaction counters.
func (d *DB) TxStats() TxStats {
	return TxStats{Commits: d.commits.Load(), Rollbacks: d.rollbacks.Load(), Retries: d.retries.Load()}
}

// Pools names the connection pools, for their statistics on /metrics: "read" and "write" on
// SQLite, "main" on PostgreSQL (one pool serves both).
func (d *DB) Pools() map[string]*sql.DB {
	if d.read == d.write {
		return map[string]*sql.DB{"main": d.write}
	}
	return map[string]*sql.DB{"read": d.read, "write": d.write}
}

// Options tune how a database is opened. The zero value is the safe default.
type Options struct {
	// SQLiteSynchronous is SQLite's synchronous setting: "full" (the default, also when empty)
	// flushes the write-ahead log to disk at every commit, so a power cut or an operating-system
	// crash cannot lose an acknowledged write; "normal" flushes only at checkpoints, which is
	// faster but can lose the last commits (never corrupt the file) in such a crash. A crash of
	// Commons alone loses nothing under either.
	SQLiteSynchronous string
}

// Open opens the database a URL names: postgres:// or postgresql:// for PostgreSQL, anything
// else is a SQLite file path (optionally prefixed with sqlite: or given as a file: URL).
func Open(ctx context.Context, rawURL string, clk clock.Clock) (*DB, error) {
	return OpenWith(ctx, rawURL, clk, Options{})
}

// OpenWith is Open with Options.
func OpenWith(ctx context.Context, rawURL string, clk clock.Clock, o Options) (*DB, error) {
	if clk == nil {
		clk = clock.System()
	}
	var d *DB
	var err error
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		d, err = openPostgres(rawURL)
	} else {
		d, err = openSQLite(rawURL, o)
	}
	if err != nil {
		return nil, err
	}
	d.clock = clk
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.write.PingContext(pctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("cannot reach the %s database: %w", d.dialect.Name(), err)
	}
	return d, nil
}

func openPostgres(rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("postgres url: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{dialect: postgres{}, write: pool, read: pool}, nil
}

// SQLiteSynchronousModes are the values Options.SQLiteSynchronous accepts ("" is "full").
var SQLiteSynchronousModes = []string{"full", "normal"}

func openSQLite(rawURL string, o Options) (*DB, error) {
	sync := strings.ToLower(o.SQLiteSynchronous)
	switch sync {
	case "":
		sync = "full"
	case "full", "normal":
	default:
		return nil, fmt.Errorf("sqlite synchronous: must be full or normal, not %q", o.SQLiteSynchronous)
	}
	path := strings.TrimPrefix(rawURL, "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" || path == ":memory:" {
		return nil, errors.New("sqlite: give a file path (an in-memory database cannot be shared by the read and write pools)")
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("sqlite url: %w", err)
	}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(" + strings.ToUpper(sync) + ")"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	readDSN := "file:" + path + "?" + q.Encode()
	q.Set("_txlock", "immediate")
	writeDSN := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		return nil, err
	}
	// One writer: writers queue in Go instead of fighting for SQLite's lock.
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(8)
	return &DB{dialect: sqlite{}, write: write, read: read, path: path,
		readStmts: newStmtCache(read), writeStmts: newStmtCache(write)}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	if d.readStmts != nil {
		d.readStmts.close()
		d.writeStmts.close()
	}
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// Dialect tells what differs between the databases.
func (d *DB) Dialect() Dialect { return d.dialect }

// Now is the time to use in the current transaction (taken once when it began), or the clock's
// time outside one.
func (d *DB) Now(ctx context.Context) time.Time {
	if t := txFrom(ctx); t != nil {
		return t.now
	}
	return d.clock.Now()
}

// Clock is the clock the database was opened with.
func (d *DB) Clock() clock.Clock { return d.clock }

type txKey struct{}

type txState struct {
	tx    *sql.Tx
	now   time.Time
	after []func()

	stmts map[string]*sql.Stmt // the cached statements this transaction has used, bound to it
	want  []string             // statements it ran unprepared, to prepare once it ends
}

func txFrom(ctx context.Context) *txState {
	t, _ := ctx.Value(txKey{}).(*txState)
	return t
}

// WithTx runs fn in a transaction, committing when it returns nil. It retries the whole of fn
// when the database reports a busy or serialization failure, so fn must have no side effects
// beyond the database: put those in AfterCommit. A WithTx inside another joins the outer one.
func (d *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if txFrom(ctx) != nil {
		return fn(ctx)
	}
	var err error
	for i := 0; i < retries; i++ {
		var after []func()
		after, err = d.once(ctx, fn)
		if err == nil {
			for _, f := range after {
				f()
			}
			return nil
		}
		if d.dialect.Classify(err) != ClassRetry || ctx.Err() != nil {
			return err
		}
		d.retries.Add(1)
		backoff(i)
	}
	return errs.Wrap(err, "transaction kept conflicting")
}

// Read runs fn, a look-up outside any transaction, again when the database reports a busy or
// serialization failure (a database whose default isolation is SERIALIZABLE can fail even a
// lone SELECT that way). Inside a transaction it runs fn once: the transaction's WithTx runs
// the whole again. A failure a look-up passes over as "not found" must not be a retryable one.
func (d *DB) Read(ctx context.Context, fn func(ctx context.Context) error) error {
	if txFrom(ctx) != nil {
		return fn(ctx)
	}
	var err error
	for i := 0; i < retries; i++ {
		err = fn(ctx)
		if err == nil || d.dialect.Classify(err) != ClassRetry || ctx.Err() != nil {
			return err
		}
		d.retries.Add(1)
		backoff(i)
	}
	return err
}

// retries is how many times a transaction is tried when the database reports a busy or
// serialization failure. Under SERIALIZABLE many writers to the same rows fail often (a time
// bank's busiest accounts, sixteen clients at once, needed more than sixteen tries), so the wait
// grows with each try (up to about a second, jittered so writers spread out).
const retries = 40

func backoff(attempt int) {
	ceiling := 5 << min(attempt, 8) // 5 ms, 10 ms, … 1.28 s
	time.Sleep(time.Duration(1+rand.IntN(ceiling)) * time.Millisecond)
}

func (d *DB) once(ctx context.Context, fn func(ctx context.Context) error) (after []func(), err error) {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	st := &txState{tx: tx, now: d.clock.Now()}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	// Once the writer connection is free again, prepare what the transaction ran unprepared.
	defer func() {
		for _, q := range st.want {
			d.writeStmts.get(context.WithoutCancel(ctx), q)
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{}, st)); err != nil {
		_ = tx.Rollback()
		d.rollbacks.Add(1)
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		d.rollbacks.Add(1)
		return nil, err
	}
	d.commits.Add(1)
	return st.after, nil
}

// txStmt is the cached statement for query bound to the transaction, or nil when there is none
// yet (the query is then noted, to be prepared once the transaction ends: the writer pool's one
// connection is the transaction's until then).
func (d *DB) txStmt(ctx context.Context, t *txState, query string) *sql.Stmt {
	if d.writeStmts == nil {
		return nil
	}
	if s, ok := t.stmts[query]; ok {
		return s
	}
	s := d.writeStmts.lookup(query)
	if s == nil {
		t.want = append(t.want, query)
		return nil
	}
	ts := t.tx.StmtContext(ctx, s)
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = ts
	return ts
}

// AfterCommit registers f to run once the current transaction has committed (or at once,
// outside a transaction). Mail, notifications and other side effects go here.
func AfterCommit(ctx context.Context, f func()) {
	if t := txFrom(ctx); t != nil {
		t.after = append(t.after, f)
		return
	}
	f()
}

// Exec runs a statement in the context's transaction, or on the write pool. Outside a
// transaction the statement is a transaction of its own, so a busy or serialization failure
// (PostgreSQL at SERIALIZABLE) is retried as WithTx would.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if t := txFrom(ctx); t != nil {
		if s := d.txStmt(ctx, t, query); s != nil {
			return s.ExecContext(ctx, args...)
		}
		return t.tx.ExecContext(ctx, query, args...)
	}
	var res sql.Result
	var err error
	for i := 0; i < retries; i++ {
		if d.writeStmts != nil {
			if s := d.writeStmts.get(ctx, query); s != nil {
				res, err = s.ExecContext(ctx, args...)
			} else {
				res, err = d.write.ExecContext(ctx, query, args...)
			}
		} else {
			res, err = d.write.ExecContext(ctx, query, args...)
		}
		if err == nil || d.dialect.Classify(err) != ClassRetry || ctx.Err() != nil {
			return res, err
		}
		d.retries.Add(1)
		backoff(i)
	}
	return res, err
}

// Query runs a query in the context's transaction, or on the read pool. Inside a transaction
// it is not run through the statement cache: the caller may run the same query again while
// reading these rows, on the transaction's one connection, which one prepared statement cannot
// serve twice at once.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if t := txFrom(ctx); t != nil {
		return t.tx.QueryContext(ctx, query, args...)
	}
	if d.readStmts != nil {
		if s := d.readStmts.get(ctx, query); s != nil {
			return s.QueryContext(ctx, args...)
		}
	}
	return d.read.QueryContext(ctx, query, args...)
}

// QueryRow runs a query expected to return at most one row.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if t := txFrom(ctx); t != nil {
		if s := d.txStmt(ctx, t, query); s != nil {
			return s.QueryRowContext(ctx, args...)
		}
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	if d.readStmts != nil {
		if s := d.readStmts.get(ctx, query); s != nil {
			return s.QueryRowContext(ctx, args...)
		}
	}
	return d.read.QueryRowContext(ctx, query, args...)
}

// PreparedStatements is how many statements each SQLite pool keeps prepared (0 on PostgreSQL,
// whose driver keeps its own per connection).
func (d *DB) PreparedStatements() (read, write int) {
	if d.readStmts == nil {
		return 0, 0
	}
	return d.readStmts.len(), d.writeStmts.len()
}

// Ping checks the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.read.PingContext(ctx) }

// Backup writes a consistent copy of a live SQLite database to file.
func (d *DB) Backup(ctx context.Context, file string) error {
	if d.dialect.Name() != "sqlite" {
		return errors.New("backup copies SQLite databases; for PostgreSQL use pg_dump")
	}
	_, err := d.write.ExecContext(ctx, "VACUUM INTO $1", file)
	return err
}

// Err maps a driver error to a domain error: a unique violation becomes Conflict with key,
// a check or foreign-key failure Invalid, sql.ErrNoRows NotFound; anything else is Internal.
func (d *DB) Err(err error, key string) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &errs.Error{Code: errs.NotFound, Key: key, Err: err}
	}
	switch d.dialect.Classify(err) {
	case ClassUnique:
		return &errs.Error{Code: errs.Conflict, Key: key, Err: err}
	case ClassCheck, ClassForeignKey:
		return &errs.Error{Code: errs.Invalid, Key: key, Err: err}
	}
	return errs.Wrap(err, key)
}

// IsNoRows reports whether err means a query found no row.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// QueryMaps runs a query and returns each row as a map from column name to value (times in
// UTC, text as strings): for data downloads, which list many kinds of record as they are.
func (d *DB) QueryMaps(ctx context.Context, query string, args ...any) ([]map[string]any, error) {
	rows, err := d.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			switch v := vals[i].(type) {
			case time.Time:
				m[c] = v.UTC()
			case []byte:
				m[c] = string(v)
			default:
				m[c] = v
			}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
