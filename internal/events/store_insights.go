package events

import (
	"context"
	"database/sql"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// querySessionChoices lists the session choices of an event's registrations.
func querySessionChoices(ctx context.Context, d *db.DB, eventID string) (*sql.Rows, error) {
	return d.Query(ctx, `SELECT rs.registration_id, rs.session_id FROM event_registration_sessions rs
		JOIN event_registrations r ON r.id = rs.registration_id WHERE r.event_id = $1 AND r.status = 'confirmed'`, eventID)
}
