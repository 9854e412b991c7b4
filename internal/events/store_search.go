package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

type searchRow struct {
	ID, Title, Summary, Body string
	At                       time.Time
}

// searchEvents are the events published and not cancelled, each with its description, venue, address and its
// sessions' titles.
func searchEvents(ctx context.Context, d *db.DB) ([]searchRow, error) {
	var out []searchRow
	err := db.Each(ctx, d, func(row db.Scanner) error {
		var r searchRow
		var place, session string
		if err := row.Scan(&r.ID, &r.Title, &r.Summary, &place, &r.At, &session); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].ID == r.ID {
			out[n-1].Body += "\n" + session
			return nil
		}
		r.Body = place + "\n" + session
		out = append(out, r)
		return nil
	}, `SELECT e.id, e.title, e.description, e.venue || ' ' || e.address || ' ' || e.access_info, e.updated_at, COALESCE(s.title, '')
		FROM events e LEFT JOIN event_sessions s ON s.event_id = e.id
		WHERE e.cancelled_at IS NULL AND e.draft = 0 ORDER BY e.id, s.starts_at, s.id`)
	return out, err
}
