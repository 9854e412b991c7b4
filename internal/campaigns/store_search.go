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
	rows, err := d.Query(ctx, `SELECT id, title, aim, issue, COALESCE(area_id, ''), updated_at FROM camp_campaigns WHERE published = 1 ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []searchRow
	for rows.Next() {
		var r searchRow
		if err := rows.Scan(&r.ID, &r.Title, &r.Summary, &r.Body, &r.AreaID, &r.At); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
