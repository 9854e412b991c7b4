package campaigns

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

type searchRow struct {
	ID, Title, Summary, Body, AreaID string
	At                               time.Time
}

func searchCampaigns(ctx context.Context, d *db.DB) ([]searchRow, error) {
	return db.List(ctx, d, func(row db.Scanner) (searchRow, error) {
		var r searchRow
		err := row.Scan(&r.ID, &r.Title, &r.Summary, &r.Body, &r.AreaID, &r.At)
		return r, err
	}, `SELECT id, title, aim, issue, COALESCE(area_id, ''), updated_at FROM camp_campaigns WHERE published = 1 ORDER BY id`)
}
