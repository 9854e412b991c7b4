package assets

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

type indexRow struct {
	ID, Title, Summary, Body, AreaID string
	At                               time.Time
}

func indexAssets(ctx context.Context, d *db.DB) ([]indexRow, error) {
	return db.List(ctx, d, func(row db.Scanner) (indexRow, error) {
		var r indexRow
		err := row.Scan(&r.ID, &r.Title, &r.Summary, &r.Body, &r.AreaID, &r.At)
		return r, err
	}, `SELECT id, name, description, tags || ' ' || address || ' ' || postcode || ' ' || services || ' ' || facilities || ' ' || accessibility,
		COALESCE(area_id, ''), updated_at FROM assets WHERE status = 'published' ORDER BY id`)
}
