package events

import (
	"context"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// querySessionChoices lists the session choices of an event's registrations.
// Each is a registration id and a session id.
func querySessionChoices(ctx context.Context, d *db.DB, eventID string) ([][2]string, error) {
	return db.List(ctx, d, func(r db.Scanner) ([2]string, error) {
		var c [2]string
		err := r.Scan(&c[0], &c[1])
		return c, err
	}, `SELECT rs.registration_id, rs.session_id FROM event_registration_sessions rs
		JOIN event_registrations r ON r.id = rs.registration_id WHERE r.event_id = $1 AND r.status = 'confirmed'`, eventID)
}
