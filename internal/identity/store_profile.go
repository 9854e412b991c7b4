package identity

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/audit"
	"commons/internal/platform/db"
)

func setAccountName(ctx context.Context, d *db.DB, id, name string) error {
	res, err := d.Exec(ctx, `UPDATE accounts SET name = $1 WHERE id = $2`, name, id)
	return mustAffect(res, err)
}

func setAccountEmail(ctx context.Context, d *db.DB, id, email string) error {
	res, err := d.Exec(ctx, `UPDATE accounts SET email = $1, email_confirmed_at = $2 WHERE id = $3`, email, d.Now(ctx), id)
	return mustAffect(res, err)
}

func setAccountPassword(ctx context.Context, d *db.DB, id, hash string) error {
	res, err := d.Exec(ctx, `UPDATE accounts SET password_hash = $1 WHERE id = $2`, hash, id)
	return mustAffect(res, err)
}

func insertEmailChange(ctx context.Context, d *db.DB, hash, accountID, email string, now, expires time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO account_email_changes (token_hash, account_id, new_email, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, hash, accountID, email, now, expires)
	return err
}

func emailChangeLive(ctx context.Context, d *db.DB, hash string) (string, bool, error) {
	var email string
	err := d.QueryRow(ctx, `SELECT new_email FROM account_email_changes WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		hash, d.Now(ctx)).Scan(&email)
	if isNoRows(err) {
		return "", false, nil
	}
	return email, err == nil, err
}

// useEmailChange marks a change-of-address link used, in one conditional statement so two
// clicks at once cannot both use it.
func useEmailChange(ctx context.Context, d *db.DB, hash string) (accountID, email string, err error) {
	err = d.QueryRow(ctx, `UPDATE account_email_changes SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING account_id, new_email`,
		d.Now(ctx), hash).Scan(&accountID, &email)
	return accountID, email, err
}

// endPendingLinks stops an account's unused password reset and change-of-address links working
// (after its address or password changed, links sent before must not undo it).
func endPendingLinks(ctx context.Context, d *db.DB, accountID string) error {
	now := d.Now(ctx)
	if _, err := d.Exec(ctx, `UPDATE account_tokens SET used_at = $1 WHERE account_id = $2 AND purpose = 'reset' AND used_at IS NULL`,
		now, accountID); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `UPDATE account_email_changes SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL`, now, accountID)
	return err
}

func emailChangesOf(ctx context.Context, d *db.DB, accountID string) ([]EmailChange, error) {
	return orEmpty(db.List(ctx, d, func(r db.Scanner) (EmailChange, error) {
		var c EmailChange
		var used sql.NullTime
		err := r.Scan(&c.NewEmail, &c.CreatedAt, &c.ExpiresAt, &used)
		c.CreatedAt, c.ExpiresAt, c.UsedAt = c.CreatedAt.UTC(), c.ExpiresAt.UTC(), db.TimeOf(used)
		return c, err
	}, `SELECT new_email, created_at, expires_at, used_at FROM account_email_changes
		WHERE account_id = $1 ORDER BY created_at`, accountID))
}

// deleteAccountRow removes the account; its roles, links, tokens, memberships of organisations
// and pending changes of address go with it (ON DELETE CASCADE).
func deleteAccountRow(ctx context.Context, d *db.DB, id string) error {
	res, err := d.Exec(ctx, `DELETE FROM accounts WHERE id = $1`, id)
	return mustAffect(res, err)
}

// nameTargets fills in the names of the accounts audit entries are about, as they are now
// ("" for the former member): the log itself holds no name of theirs.
func nameTargets(ctx context.Context, d *db.DB, entries []audit.Entry) error {
	for i, e := range entries {
		if e.TargetType != "account" || e.TargetID == "" {
			continue
		}
		err := d.QueryRow(ctx, `SELECT CASE WHEN email = '' THEN '' ELSE name END FROM accounts WHERE id = $1`, e.TargetID).Scan(&entries[i].TargetName)
		if err != nil && !isNoRows(err) {
			return err
		}
	}
	return nil
}

func nameConsentsOf(ctx context.Context, d *db.DB, accountID string) ([]NameConsent, error) {
	return orEmpty(db.List(ctx, d, func(r db.Scanner) (NameConsent, error) {
		var c NameConsent
		err := r.Scan(&c.Subject, &c.GivenAt)
		c.GivenAt = c.GivenAt.UTC()
		return c, err
	}, `SELECT subject, given_at FROM name_consents WHERE account_id = $1 ORDER BY given_at, subject`, accountID))
}
