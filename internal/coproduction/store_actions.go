package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// queryContact reads a person's email address and language.
func queryContact(ctx context.Context, d *db.DB, accountID string) (recipient, error) {
	return scanRecipient(d.QueryRow(ctx, `SELECT email, language FROM identity_people WHERE id = $1`, accountID))
}

// insertAction adds an action.
func insertAction(ctx context.Context, d *db.DB, id string, boardID string, meetingID any, text string, ownerID any, ownerMemberID any, ownerName string, dueOn string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_actions (id, board_id, meeting_id, text, owner_id, owner_member_id, owner_name, due_on, done_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)`, id, boardID, meetingID, text, ownerID, ownerMemberID, ownerName, dueOn, at)
	return err
}

// markActionDone records an open action as done.
func markActionDone(ctx context.Context, d *db.DB, at time.Time, by string, how string, note string, actionID string, boardID string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE coproduction_actions SET done_at = $1, done_by = $2, done_how = $3, done_note = $4
			WHERE id = $5 AND board_id = $6 AND done_at IS NULL`, at, by, how, note, actionID, boardID))
}

// queryOverdueActions lists open actions past due whose owners were not yet told.
func queryOverdueActions(ctx context.Context, d *db.DB, today string) ([]string, error) {
	return db.Strings(ctx, d, `SELECT id FROM coproduction_actions WHERE done_at IS NULL AND overdue_mailed_at IS NULL AND due_on < $1
		AND (owner_id IS NOT NULL OR owner_member_id IS NOT NULL) ORDER BY due_on, id LIMIT 500`, today)
}

// markOverdueMailed records an overdue action's mail once.
func markOverdueMailed(ctx context.Context, d *db.DB, at time.Time, id string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE coproduction_actions SET overdue_mailed_at = $1 WHERE id = $2 AND overdue_mailed_at IS NULL AND done_at IS NULL`, at, id))
}
