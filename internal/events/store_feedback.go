package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// countFeedbackOf counts a registration's feedback answers.
func countFeedbackOf(ctx context.Context, d *db.DB, registrationID string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM event_feedback WHERE registration_id = $1`, registrationID)
}

// saveFeedback records an attendee's feedback, replacing an earlier answer.
func saveFeedback(ctx context.Context, d *db.DB, id string, eventID string, rating int, comment string, at time.Time, registrationID string) error {
	_, err := d.Exec(ctx, `INSERT INTO event_feedback (id, event_id, rating, comment, created_at, registration_id, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $5)
			ON CONFLICT (registration_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at`, id, eventID, rating, comment, at, registrationID)
	return err
}

// queryFeedback lists an event's feedback, oldest first.
func queryFeedback(ctx context.Context, d *db.DB, eventID string) ([]Feedback, error) {
	return db.List(ctx, d, func(r db.Scanner) (Feedback, error) {
		var f Feedback
		err := r.Scan(&f.Rating, &f.Comment, &f.CreatedAt)
		return f, err
	}, `SELECT rating, comment, created_at FROM event_feedback WHERE event_id = $1 ORDER BY created_at, id`, eventID)
}

// claimFeedbackAsk marks feedback asked for once, reporting in the result whether this call did.
func claimFeedbackAsk(ctx context.Context, d *db.DB, id string, at time.Time) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE events SET feedback_asked_at = $2 WHERE id = $1 AND feedback_asked_at IS NULL`, id, at))
}
