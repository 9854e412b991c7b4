package knowledge

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// anyRows reports whether one of the hub's own tables holds a row (the demo loads once). The
// table is one of the constants the demo passes, never outside input.
func anyRows(ctx context.Context, d *db.DB, table string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+table+` LIMIT 1) x`).Scan(&n)
	return n > 0, err
}

// mediaAt is the id of the film or recording at url.
func mediaAt(ctx context.Context, d *db.DB, url string) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT id FROM knowledge_media WHERE url = $1`, url).Scan(&id)
	return id, err
}

// touchCourse records that a course changed.
func touchCourse(ctx context.Context, d *db.DB, courseID string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_courses SET updated_at = $2 WHERE id = $1`, courseID, at)
	return err
}
