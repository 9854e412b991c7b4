// Package ratelimit counts attempts per key in fixed windows, in the database, so that every
// Commons server behind a load balancer shares the same counts. It owns the rate_limits table.
package ratelimit

import (
	"context"
	"embed"
	"time"

	"commons/internal/platform/db"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the rate_limits table.
var Migrations = db.Embedded("ratelimit", migrationsFS)

// Limiter allows Limit attempts per key in each Window.
type Limiter struct {
	DB     *db.DB
	Limit  int
	Window time.Duration
}

// Hit records an attempt for key and returns how many have been made in the current window.
//
// The statement runs in a transaction of its own (or the caller's), so that on a database at
// SERIALIZABLE, where many requests counting the same key at once make some fail with a
// serialization error, it is tried again rather than failing the request.
func (l *Limiter) Hit(ctx context.Context, key string) (int, error) {
	var n int
	err := l.DB.WithTx(ctx, func(ctx context.Context) error {
		now := l.DB.Now(ctx)
		return l.DB.QueryRow(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
			ON CONFLICT (key) DO UPDATE SET
			  hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
			  window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
			RETURNING hits`, key, now, now.Add(-l.Window)).Scan(&n)
	})
	return n, err
}

// Allow records an attempt for key and reports whether it is within the limit. The attempt is
// counted first, in one statement, so requests sent at the same moment cannot all pass a check
// made before any of them was counted.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	n, err := l.Hit(ctx, key)
	return n <= l.Limit, err
}

// Undo takes back one attempt of key in the current window (one that turned out to be fine,
// such as a sign-in with the right password).
func (l *Limiter) Undo(ctx context.Context, key string) error {
	return l.DB.WithTx(ctx, func(ctx context.Context) error {
		_, err := l.DB.Exec(ctx, `UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND window_start > $2`,
			key, l.DB.Now(ctx).Add(-l.Window))
		return err
	})
}

// Count is how many attempts key has made in the current window, without recording one.
func (l *Limiter) Count(ctx context.Context, key string) (int, error) {
	var n int
	err := l.DB.QueryRow(ctx, `SELECT COALESCE(SUM(hits), 0) FROM rate_limits WHERE key = $1 AND window_start > $2`,
		key, l.DB.Now(ctx).Add(-l.Window)).Scan(&n)
	return n, err
}

// Blocked reports whether key has used up its attempts.
func (l *Limiter) Blocked(ctx context.Context, key string) (bool, error) {
	n, err := l.Count(ctx, key)
	return n >= l.Limit, err
}

// Reset forgets key (after a successful sign-in, say).
func (l *Limiter) Reset(ctx context.Context, key string) error {
	return l.DB.WithTx(ctx, func(ctx context.Context) error {
		_, err := l.DB.Exec(ctx, `DELETE FROM rate_limits WHERE key = $1`, key)
		return err
	})
}
