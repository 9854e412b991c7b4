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
	rows, err := d.Query(ctx, `SELECT id, name, description, tags || ' ' || address || ' ' || postcode || ' ' || services || ' ' || facilities || ' ' || accessibility,
		COALESCE(area_id, ''), updated_at FROM assets WHERE status = 'published' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indexRow
	for rows.Next() {
		var r indexRow
		if err := rows.Scan(&r.ID, &r.Title, &r.Summary, &r.Body, &r.AreaID, &r.At); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
