package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// queryEventTitle reads an event's title.
func queryEventTitle(ctx context.Context, d *db.DB, id string) (string, error) {
	return db.Value[string](ctx, d, `SELECT title FROM events WHERE id = $1`, id)
}

// queryBookedCount counts an event's confirmed registrations, walk-ins aside.
func queryBookedCount(ctx context.Context, d *db.DB, eventID string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed' AND walk_in = 0`, eventID)
}

// bumpSequence marks an event changed, for calendars.
func bumpSequence(ctx context.Context, d *db.DB, eventID string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE events SET sequence = sequence + 1, updated_at = $2 WHERE id = $1`, eventID, at)
	return err
}

// updateSession changes a session.
func updateSession(ctx context.Context, d *db.DB, sessionID string, eventID string, title string, kind string, track string, room string, facilitators string, start time.Time, end time.Time, capacity int) error {
	_, err := d.Exec(ctx, `UPDATE event_sessions SET title = $3, kind = $4, track = $5, room = $6, facilitators = $7,
			starts_at = $8, ends_at = $9, capacity = $10 WHERE id = $1 AND event_id = $2`, sessionID, eventID, title, kind, track, room, facilitators, start, end, capacity)
	return err
}

// deleteSession removes a session.
func deleteSession(ctx context.Context, d *db.DB, sessionID string, eventID string) (int64, error) {
	return db.Affected(d.Exec(ctx, `DELETE FROM event_sessions WHERE id = $1 AND event_id = $2`, sessionID, eventID))
}

// moveSession moves a session's times.
func moveSession(ctx context.Context, d *db.DB, start time.Time, end time.Time, id string) error {
	_, err := d.Exec(ctx, `UPDATE event_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3`, start, end, id)
	return err
}
