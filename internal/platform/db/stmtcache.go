package db

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of one SQLite pool, by query text, so a query is prepared
// once per connection and reused (database/sql prepares a *sql.Stmt on each connection it runs
// on, the first time, and keeps it). modernc.org/sqlite prepares every unprepared query afresh,
// which was 12% of an asset search's CPU and 30% of a posted ballot's. PostgreSQL needs none of
// this: pgx caches each connection's prepared statements itself.
//
// The cache is bounded: queries built at run time (a search's word list) should not grow it
// without end; the least recently used statement is closed when it is full (database/sql closes
// it once the queries running on it end).
type stmtCache struct {
	pool *sql.DB
	max  int

	mu  sync.Mutex
	m   map[string]*list.Element // query → element holding *cachedStmt
	lru *list.List               // front: most recently used
}

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
}

const stmtCacheSize = 256

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, max: stmtCacheSize, m: map[string]*list.Element{}, lru: list.New()}
}

// lookup returns the cached statement for query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[query]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt
	}
	return nil
}

// get returns the statement for query, preparing it on the pool when it is not cached yet. It
// returns nil when the query cannot be prepared: the caller then runs it unprepared, so the
// error a bad query gives is the one it always gave.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if s := c.lookup(query); s != nil {
		return s
	}
	s, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	return c.add(query, s)
}

// add caches s for query (or closes it and returns the one another goroutine cached first).
func (c *stmtCache) add(query string, s *sql.Stmt) *sql.Stmt {
	c.mu.Lock()
	if e, ok := c.m[query]; ok {
		c.mu.Unlock()
		_ = s.Close()
		return e.Value.(*cachedStmt).stmt
	}
	c.m[query] = c.lru.PushFront(&cachedStmt{query: query, stmt: s})
	var evicted *sql.Stmt
	if c.lru.Len() > c.max {
		e := c.lru.Back()
		c.lru.Remove(e)
		old := e.Value.(*cachedStmt)
		delete(c.m, old.query)
		evicted = old.stmt
	}
	c.mu.Unlock()
	if evicted != nil {
		_ = evicted.Close()
	}
	return s
}

// len is the number of cached statements.
func (c *stmtCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.lru.Front(); e != nil; e = e.Next() {
		_ = e.Value.(*cachedStmt).stmt.Close()
	}
	c.m = map[string]*list.Element{}
	c.lru.Init()
}
