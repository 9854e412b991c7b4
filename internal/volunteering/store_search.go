package volunteering

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

type searchRow struct {
	ID, Title, Summary, Body, AreaID string
	At                               time.Time
}

// searchOpportunities are the open opportunities, each with its causes, place and roles.
func searchOpportunities(ctx context.Context, d *db.DB) ([]searchRow, error) {
	var out []searchRow
	err := db.Each(ctx, d, func(row db.Scanner) error {
		var r searchRow
		var place, role string
		if err := row.Scan(&r.ID, &r.Title, &r.Summary, &place, &r.AreaID, &r.At, &role); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].ID == r.ID {
			out[n-1].Body += "\n" + role
			return nil
		}
		r.Body = place + "\n" + role
		out = append(out, r)
		return nil
	}, `SELECT o.id, o.title, o.description, o.causes || ' ' || o.venue || ' ' || o.address || ' ' || o.postcode,
		COALESCE(o.area_id, ''), o.updated_at, COALESCE(r.title, '') || ' ' || COALESCE(r.description, '')
		FROM vol_opportunities o LEFT JOIN vol_roles r ON r.opportunity_id = o.id
		WHERE o.status = 'open' ORDER BY o.id, r.id`)
	if err != nil {
		return nil, err
	}
	return out, nil
}
