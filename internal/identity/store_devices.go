package identity

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// deviceAccount is the account a browser's device token belongs to, if it was used since
// (else "").
func deviceAccount(ctx context.Context, d *db.DB, tokenHash string, since time.Time) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT account_id FROM account_devices WHERE token_hash = $1 AND last_used_at > $2`, tokenHash, since).Scan(&id)
	if isNoRows(err) {
		return "", nil
	}
	return id, err
}

// touchDevice records that an account signed in from a browser now; it reports false when the
// token is not the account's (then a new one is made).
func touchDevice(ctx context.Context, d *db.DB, tokenHash, accountID string, now time.Time) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE account_devices SET last_used_at = $3 WHERE token_hash = $1 AND account_id = $2`, tokenHash, accountID, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// insertDevice records a new browser of an account, and forgets the account's browsers not
// used since (and beyond the newest keep).
func insertDevice(ctx context.Context, d *db.DB, tokenHash, accountID string, now, since time.Time, keep int) error {
	if _, err := d.Exec(ctx, `INSERT INTO account_devices (token_hash, account_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)`,
		tokenHash, accountID, now); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `DELETE FROM account_devices WHERE account_id = $1 AND (last_used_at <= $2 OR token_hash NOT IN
		(SELECT token_hash FROM account_devices WHERE account_id = $1 ORDER BY last_used_at DESC, token_hash LIMIT $3))`, accountID, since, keep)
	return err
}

// devicesOf lists an account's remembered browsers, for its data download.
func devicesOf(ctx context.Context, d *db.DB, accountID string) ([]Browser, error) {
	return orEmpty(db.List(ctx, d, func(r db.Scanner) (Browser, error) {
		var b Browser
		err := r.Scan(&b.FirstSignIn, &b.LastSignIn)
		b.FirstSignIn, b.LastSignIn = b.FirstSignIn.UTC(), b.LastSignIn.UTC()
		return b, err
	}, `SELECT created_at, last_used_at FROM account_devices WHERE account_id = $1 ORDER BY created_at, token_hash`, accountID))
}
