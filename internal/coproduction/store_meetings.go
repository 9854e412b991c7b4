package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// insertMeeting adds a meeting.
func insertMeeting(ctx context.Context, d *db.DB, id string, boardID string, heldOn string, startsAt any, endsAt any, place string, onlineURL string, agenda string, minutes string, minutesState string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_meetings (id, board_id, held_on, starts_at, ends_at, place, online_url, agenda, minutes, minutes_state, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, id, boardID, heldOn, startsAt, endsAt, place, onlineURL, agenda, minutes, minutesState, at)
	return err
}

// updateMeeting changes a meeting.
func updateMeeting(ctx context.Context, d *db.DB, heldOn string, startsAt any, endsAt any, place string, onlineURL string, agenda string, meetingID string, boardID string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE coproduction_meetings SET held_on = $1, starts_at = $2, ends_at = $3, place = $4, online_url = $5, agenda = $6
			WHERE id = $7 AND board_id = $8`, heldOn, startsAt, endsAt, place, onlineURL, agenda, meetingID, boardID))
}

// saveMinutesDraft stores a meeting's draft minutes.
func saveMinutesDraft(ctx context.Context, d *db.DB, minutes string, meetingID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_meetings SET minutes = $1, minutes_state = 'draft' WHERE id = $2`, minutes, meetingID)
	return err
}

// approveMinutes records a meeting's minutes approved.
func approveMinutes(ctx context.Context, d *db.DB, at time.Time, approvedIn string, meetingID string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE coproduction_meetings SET minutes_state = 'approved', minutes_approved_at = $1, minutes_approved_in = $2
			WHERE id = $3 AND minutes_state = 'draft'`, at, approvedIn, meetingID))
}

// insertDecision records a meeting's decision.
func insertDecision(ctx context.Context, d *db.DB, id string, meetingID string, text string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_decisions (id, meeting_id, text, created_at) VALUES ($1, $2, $3, $4)`, id, meetingID, text, at)
	return err
}

func insertPaper(ctx context.Context, d *db.DB, id string, meetingID string, title string, filename string, contentType string, size int, data []byte, uploadedBy string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_papers (id, meeting_id, title, filename, content_type, size, data, uploaded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, meetingID, title, filename, contentType, size, data, uploadedBy, at)
	return err
}

// deletePaper removes a paper.
func deletePaper(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `DELETE FROM coproduction_papers WHERE id = $1`, id)
	return err
}

// setNoticeSent records a meeting's notice sent.
func setNoticeSent(ctx context.Context, d *db.DB, at time.Time, count int, sequence int, meetingID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_meetings SET notice_sent_at = $1, notice_count = $2, notice_sequence = $3 WHERE id = $4`, at, count, sequence, meetingID)
	return err
}
