package identity

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// confirmEmail marks an account's address confirmed, returning the address; sql.ErrNoRows when
// it was confirmed already.
func confirmEmail(ctx context.Context, d *db.DB, id string, at time.Time) (string, error) {
	var email string
	err := d.QueryRow(ctx, `UPDATE accounts SET email_confirmed_at = $1 WHERE id = $2 AND email_confirmed_at IS NULL RETURNING email`,
		at, id).Scan(&email)
	return email, err
}

// confirmEmailOnce marks an account's address confirmed unless it is already.
func confirmEmailOnce(ctx context.Context, d *db.DB, id string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE accounts SET email_confirmed_at = COALESCE(email_confirmed_at, $1) WHERE id = $2`, at, id)
	return err
}

// insertSignInLink stores a mailed sign-in link's hash.
func insertSignInLink(ctx context.Context, d *db.DB, hash, accountID string, expires time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO account_sign_in_links (token_hash, account_id, expires_at) VALUES ($1, $2, $3)`,
		hash, accountID, expires)
	return err
}

// signInLinkLive reports whether a sign-in link is unused and unexpired at now.
func signInLinkLive(ctx context.Context, d *db.DB, hash string, now time.Time) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM account_sign_in_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		hash, now).Scan(&n)
	return n > 0, err
}

// useSignInLink marks a sign-in link used, in one conditional statement so two clicks at once
// cannot both use it, and returns its account.
func useSignInLink(ctx context.Context, d *db.DB, hash string, now time.Time) (string, error) {
	var id string
	err := d.QueryRow(ctx, `UPDATE account_sign_in_links SET used_at = $1
			WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING account_id`,
		now, hash).Scan(&id)
	return id, err
}

// resetPassword sets a new password hash and confirms the address.
func resetPassword(ctx context.Context, d *db.DB, id, hash string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE accounts SET password_hash = $1, email_confirmed_at = COALESCE(email_confirmed_at, $2) WHERE id = $3`, hash, now, id)
	return err
}

// emailOf is an account's email address.
func emailOf(ctx context.Context, d *db.DB, id string) (string, error) {
	var email string
	err := d.QueryRow(ctx, `SELECT email FROM accounts WHERE id = $1`, id).Scan(&email)
	return email, err
}

// languageOf is the language an account prefers.
func languageOf(ctx context.Context, d *db.DB, id string) (string, error) {
	var lang string
	err := d.QueryRow(ctx, `SELECT language FROM accounts WHERE id = $1`, id).Scan(&lang)
	return lang, err
}

// setLanguage records the language an account prefers; sql.ErrNoRows when there is no account.
func setLanguage(ctx context.Context, d *db.DB, id, lang string) error {
	res, err := d.Exec(ctx, `UPDATE accounts SET language = $1 WHERE id = $2`, lang, id)
	return mustAffect(res, err)
}

// findAccounts searches accounts other than the former member by name or email (q empty finds
// every one), by name.
func findAccounts(ctx context.Context, d *db.DB, q string, limit, offset int) ([]AccountSummary, error) {
	return db.List(ctx, d, func(r db.Scanner) (AccountSummary, error) {
		var a AccountSummary
		err := r.Scan(&a.ID, &a.Name, &a.Email, &a.Confirmed)
		return a, err
	}, `SELECT id, name, email, email_confirmed_at IS NOT NULL FROM accounts
		WHERE id <> $4 AND ($1 = '' OR `+d.Dialect().ILike("name", "$1")+` OR `+d.Dialect().ILike("email", "$1")+`)
		ORDER BY name, email LIMIT $2 OFFSET $3`, q, limit, offset, FormerMember)
}

// deleteArea removes an area.
func deleteArea(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `DELETE FROM areas WHERE id = $1`, id)
	return err
}

// deleteOrg removes an organisation.
func deleteOrg(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `DELETE FROM organisations WHERE id = $1`, id)
	return err
}

// insertMember adds an account to an organisation (the demo's accounts, added once).
func insertMember(ctx context.Context, d *db.DB, orgID, accountID string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ($1, $2, $3)`,
		orgID, accountID, at)
	return err
}

// addMember adds an account to an organisation, reporting false when it was a member already.
func addMember(ctx context.Context, d *db.DB, orgID, accountID string, at time.Time) (bool, error) {
	res, err := d.Exec(ctx, `INSERT INTO organisation_members (organisation_id, account_id, added_at) VALUES ($1, $2, $3)
			ON CONFLICT (organisation_id, account_id) DO NOTHING`, orgID, accountID, at)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// removeMember takes an account out of an organisation; sql.ErrNoRows when it was not in it.
func removeMember(ctx context.Context, d *db.DB, orgID, accountID string) error {
	res, err := d.Exec(ctx, `DELETE FROM organisation_members WHERE organisation_id = $1 AND account_id = $2`, orgID, accountID)
	return mustAffect(res, err)
}

// membershipCount is how many organisations an account belongs to.
func membershipCount(ctx context.Context, d *db.DB, accountID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM organisation_members WHERE account_id = $1`, accountID).Scan(&n)
	return n, err
}

// insertAPIToken stores an API token's hash with its scopes.
func insertAPIToken(ctx context.Context, d *db.DB, id, accountID, name, hash string, at time.Time, scopes []string) error {
	_, err := d.Exec(ctx, `INSERT INTO api_tokens (id, account_id, name, token_hash, created_at, scopes) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, accountID, name, hash, at, strings.Join(scopes, " "))
	return err
}

// apiTokensOf are an account's API tokens, newest first.
func apiTokensOf(ctx context.Context, d *db.DB, accountID string) ([]APIToken, error) {
	return orEmpty(db.List(ctx, d, func(r db.Scanner) (APIToken, error) {
		var t APIToken
		var used, revoked sql.NullTime
		var scopes string
		if err := r.Scan(&t.ID, &t.Name, &t.CreatedAt, &used, &revoked, &scopes); err != nil {
			return t, err
		}
		t.Scopes = strings.Fields(scopes)
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		if revoked.Valid {
			t.RevokedAt = &revoked.Time
		}
		return t, nil
	}, `SELECT id, name, created_at, last_used_at, revoked_at, scopes FROM api_tokens WHERE account_id = $1 ORDER BY created_at DESC`, accountID))
}

// revokeAPIToken stops an account's token working; sql.ErrNoRows when there is no such live token.
func revokeAPIToken(ctx context.Context, d *db.DB, accountID, tokenID string, at time.Time) error {
	res, err := d.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL`,
		at, tokenID, accountID)
	return mustAffect(res, err)
}

// liveAPIToken is the account and scopes of an unrevoked token.
func liveAPIToken(ctx context.Context, d *db.DB, hash string) (accountID, scopes string, err error) {
	err = d.QueryRow(ctx, `SELECT account_id, scopes FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, hash).Scan(&accountID, &scopes)
	return accountID, scopes, err
}

// touchAPIToken records a token's use.
func touchAPIToken(ctx context.Context, d *db.DB, hash string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2`, at, hash)
	return err
}
