package timebank

import (
	"context"

	"commons/internal/platform/db"
)

// closeListingsOf closes a member's open listings (they left, or were removed).
func closeListingsOf(ctx context.Context, d *db.DB, memberID string) error {
	_, err := d.Exec(ctx, `UPDATE timebank_listings SET status = 'closed', updated_at = $2 WHERE member_id = $1 AND status = 'open'`,
		memberID, d.Now(ctx))
	return err
}
