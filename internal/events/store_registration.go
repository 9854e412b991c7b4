package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// queryEventForUpdate reads a published event's capacity, locking it where the database can.
func queryEventForUpdate(ctx context.Context, d *db.DB, id string) (Event, error) {
	return scanCapacity(d.QueryRow(ctx, `SELECT id, capacity, registered FROM events WHERE id = $1 AND draft = 0`+d.Dialect().ForUpdate(), id))
}

// queryInvitationEmail reads the address an invitation was sent to.
func queryInvitationEmail(ctx context.Context, d *db.DB, hash string, eventID string) (string, error) {
	return db.Value[string](ctx, d, `SELECT email FROM event_invitations WHERE token_hash = $1 AND event_id = $2`, hash, eventID)
}

// incrementRegistered counts one more registration.
func incrementRegistered(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `UPDATE events SET registered = registered + 1 WHERE id = $1`, id)
	return err
}

// queryRegistrationByCancelHash finds a live registration by its cancel link.
func queryRegistrationByCancelHash(ctx context.Context, d *db.DB, eventID string, hash string) (string, error) {
	return db.Value[string](ctx, d, `SELECT id FROM event_registrations WHERE event_id = $1 AND cancel_hash = $2 AND status <> 'cancelled'`, eventID, hash)
}

// queryRegistrationStatus reads a registration's status.
func queryRegistrationStatus(ctx context.Context, d *db.DB, regID string, eventID string) (string, error) {
	return db.Value[string](ctx, d, `SELECT status FROM event_registrations WHERE id = $1 AND event_id = $2`, regID, eventID)
}

// cancelRegistrationFor cancels a registration in the status it had, with a reason.
func cancelRegistrationFor(ctx context.Context, d *db.DB, regID string, was string, at time.Time, reason string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE event_registrations SET status = 'cancelled', cancelled_at = $3, removed_reason = $4 WHERE id = $1 AND status = $2`, regID, was, at, reason))
}

// decrementRegistered counts one registration fewer.
func decrementRegistered(ctx context.Context, d *db.DB, eventID string) error {
	_, err := d.Exec(ctx, `UPDATE events SET registered = registered - 1 WHERE id = $1 AND registered > 0`, eventID)
	return err
}

// decrementSessionTaken frees a session place.
func decrementSessionTaken(ctx context.Context, d *db.DB, sessionID string) error {
	_, err := d.Exec(ctx, `UPDATE event_sessions SET taken = taken - 1 WHERE id = $1 AND taken > 0`, sessionID)
	return err
}

// promoteRegistration confirms a waiting registration.
func promoteRegistration(ctx context.Context, d *db.DB, id string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE event_registrations SET status = 'confirmed' WHERE id = $1 AND status = 'waitlisted'`, id))
}

// confirmSessionChoice confirms a registration's session choice.
func confirmSessionChoice(ctx context.Context, d *db.DB, registrationID string, sessionID string) error {
	_, err := d.Exec(ctx, `UPDATE event_registration_sessions SET status = 'confirmed' WHERE registration_id = $1 AND session_id = $2`, registrationID, sessionID)
	return err
}

// setCancelHash stores a registration's cancel link hash.
func setCancelHash(ctx context.Context, d *db.DB, id string, hash string) error {
	_, err := d.Exec(ctx, `UPDATE event_registrations SET cancel_hash = $2 WHERE id = $1`, id, hash)
	return err
}

// queryFirstWaiting finds the first registration waiting for a session.
func queryFirstWaiting(ctx context.Context, d *db.DB, sessionID string) (string, error) {
	return db.Value[string](ctx, d, `SELECT rs.registration_id FROM event_registration_sessions rs
			JOIN event_registrations r ON r.id = rs.registration_id
			WHERE rs.session_id = $1 AND rs.status = 'waitlisted' AND r.status = 'confirmed'
			ORDER BY rs.queued_at, r.created_at, r.id LIMIT 1`, sessionID)
}

// confirmWaitingChoice confirms a waiting session choice.
func confirmWaitingChoice(ctx context.Context, d *db.DB, regID string, sessionID string) error {
	_, err := d.Exec(ctx, `UPDATE event_registration_sessions SET status = 'confirmed' WHERE registration_id = $1 AND session_id = $2 AND status = 'waitlisted'`, regID, sessionID)
	return err
}

// checkIn records a confirmed registration's arrival.
func checkIn(ctx context.Context, d *db.DB, regID string, eventID string, at any) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE event_registrations SET checked_in_at = $3 WHERE id = $1 AND event_id = $2 AND status = 'confirmed'`, regID, eventID, at))
}

// insertInvitation stores an invitation.
func insertInvitation(ctx context.Context, d *db.DB, hash string, eventID string, email string, at time.Time) (int64, error) {
	return db.Affected(d.Exec(ctx, `INSERT INTO event_invitations (token_hash, event_id, email, created_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (event_id, email) DO NOTHING`, hash, eventID, email, at))
}

// queryInvitations lists an event's invitations with their answers.
func queryInvitations(ctx context.Context, d *db.DB, eventID string) ([]Invitation, error) {
	return db.List(ctx, d, func(r db.Scanner) (Invitation, error) {
		var in Invitation
		err := r.Scan(&in.Email, &in.InvitedAt, &in.Status)
		in.InvitedAt = in.InvitedAt.UTC()
		return in, err
	}, `SELECT i.email, i.created_at, COALESCE(r.status, '') FROM event_invitations i
		LEFT JOIN event_registrations r ON r.event_id = i.event_id AND r.email = i.email
		WHERE i.event_id = $1 ORDER BY i.created_at DESC, i.email`, eventID)
}
