package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// What events hold about a person by their address, for their data download ($1 is the address).
var exportsByEmail = map[string]string{
	"registrations": `SELECT r.id, e.title AS event, e.starts_at, r.name, r.email, r.organisation_name, r.sector,
		COALESCE(a.name, '') AS area, r.access_needs, r.dietary_needs, r.status, r.walk_in, r.created_at, r.checked_in_at, r.cancelled_at,
		r.language, COALESCE(r.feedback_code, '') AS feedback_code, r.removed_reason
		FROM event_registrations r JOIN events e ON e.id = r.event_id LEFT JOIN identity_areas a ON a.id = r.area_id
		WHERE r.email = $1 ORDER BY e.starts_at, r.id`,
	"sessions_chosen": `SELECT s.id, s.title, e.title AS event, s.starts_at, x.status FROM event_registration_sessions x
		JOIN event_registrations r ON r.id = x.registration_id JOIN event_sessions s ON s.id = x.session_id
		JOIN events e ON e.id = r.event_id WHERE r.email = $1 ORDER BY s.starts_at, s.id`,
	"feedback": `SELECT f.id, e.title AS event, f.rating, f.comment, f.created_at, f.updated_at FROM event_feedback f
		JOIN event_registrations r ON r.id = f.registration_id JOIN events e ON e.id = f.event_id
		WHERE r.email = $1 ORDER BY f.created_at, f.id`,
	"invitations": `SELECT e.id, e.title AS event, i.email, i.created_at FROM event_invitations i JOIN events e ON e.id = i.event_id
		WHERE i.email = $1 ORDER BY i.created_at, e.id`,
}

func exportAccount(ctx context.Context, d *db.DB, accountID, email string) (map[string]any, error) {
	out, err := db.MapsOf(ctx, d, exportsByEmail, email)
	if err != nil {
		return nil, err
	}
	if out["events_organised"], err = d.QueryMaps(ctx, `SELECT id, title, starts_at, ends_at, created_at FROM events
		WHERE created_by = $1 ORDER BY starts_at, id`, accountID); err != nil {
		return nil, err
	}
	return out, nil
}

// upcomingPlaces are the registrations with an address at events that have not ended, with
// the event each is for.
func upcomingPlaces(ctx context.Context, d *db.DB, email string) (regs, events, statuses []string, err error) {
	err = db.Each(ctx, d, func(row db.Scanner) error {
		var r, e, st string
		if err := row.Scan(&r, &e, &st); err != nil {
			return err
		}
		regs, events, statuses = append(regs, r), append(events, e), append(statuses, st)
		return nil
	}, `SELECT r.id, r.event_id, r.status FROM event_registrations r JOIN events e ON e.id = r.event_id
		WHERE r.email = $1 AND r.status <> 'cancelled' AND e.ends_at > $2 ORDER BY r.id`, email, d.Now(ctx))
	if err != nil {
		return nil, nil, nil, err
	}
	return regs, events, statuses, nil
}

// anonymiseRegistrations keeps what an event's figures need of every registration with an
// address (sector, area, status, attendance) and nothing that says who it was: the address
// becomes the registration's id, which is unique per event as addresses are.
func anonymiseRegistrations(ctx context.Context, d *db.DB, email string) error {
	if _, err := d.Exec(ctx, `UPDATE event_registrations SET name = '', email = id, organisation_name = '', access_needs = '',
		dietary_needs = '', feedback_code = NULL, removed_reason = '' WHERE email = $1`, email); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `DELETE FROM event_invitations WHERE email = $1`, email)
	return err
}

// cancelRegistration cancels a registration.
func cancelRegistration(ctx context.Context, d *db.DB, id string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE event_registrations SET status = 'cancelled', cancelled_at = $2 WHERE id = $1`, id, at)
	return err
}

// deleteSessionChoices removes a registration's session choices.
func deleteSessionChoices(ctx context.Context, d *db.DB, registrationID string) error {
	_, err := d.Exec(ctx, `DELETE FROM event_registration_sessions WHERE registration_id = $1`, registrationID)
	return err
}
