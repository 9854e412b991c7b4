package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// countEventsTitled counts the events with this title.
func countEventsTitled(ctx context.Context, d *db.DB, title string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM events WHERE title = $1`, title)
}

// setSessionTaken sets how many places a session has taken.
func setSessionTaken(ctx context.Context, d *db.DB, id string, taken int) error {
	_, err := d.Exec(ctx, `UPDATE event_sessions SET taken = $2 WHERE id = $1`, id, taken)
	return err
}

// setFeedbackAsked records when feedback was asked for.
func setFeedbackAsked(ctx context.Context, d *db.DB, id string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE events SET feedback_asked_at = $2 WHERE id = $1`, id, at)
	return err
}

// recountRegistered recounts two events' confirmed registrations.
func recountRegistered(ctx context.Context, d *db.DB, id1 string, id2 string) error {
	_, err := d.Exec(ctx, `UPDATE events SET registered = (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = events.id AND r.status = 'confirmed')
			WHERE id IN ($1, $2)`, id1, id2)
	return err
}

// insertFeedback adds an attendee's feedback.
func insertFeedback(ctx context.Context, d *db.DB, id string, eventID string, rating int, comment string, at time.Time, registrationID string) error {
	_, err := d.Exec(ctx, `INSERT INTO event_feedback (id, event_id, rating, comment, created_at, registration_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $5)`, id, eventID, rating, comment, at, registrationID)
	return err
}
