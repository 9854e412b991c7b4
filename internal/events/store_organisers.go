package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// cancelEvent cancels an event with a message.
func cancelEvent(ctx context.Context, d *db.DB, eventID string, at time.Time, message string) error {
	_, err := d.Exec(ctx, `UPDATE events SET cancelled_at = $2, cancel_message = $3, sequence = sequence + 1, updated_at = $2 WHERE id = $1`, eventID, at, message)
	return err
}
