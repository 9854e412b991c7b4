package identity

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

func scanAccount(row db.Scanner) (Account, error) {
	var a Account
	var confirmed sql.NullTime
	err := row.Scan(&a.ID, &a.Name, &a.Email, &a.password, &confirmed, &a.CreatedAt, &a.Language)
	if confirmed.Valid {
		t := confirmed.Time.UTC()
		a.Confirmed = &t
	}
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

const accountCols = `id, name, email, password_hash, email_confirmed_at, created_at, language`

func accountByEmail(ctx context.Context, d *db.DB, email string) (Account, error) {
	// The former member has no address; an empty one must not find it.
	return scanAccount(d.QueryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE email = $1 AND id <> $2`, email, FormerMember))
}

func accountByID(ctx context.Context, d *db.DB, id string) (Account, error) {
	a, err := scanAccount(d.QueryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = $1`, id))
	if err != nil {
		return a, err
	}
	a.Roles, err = rolesOf(ctx, d, id)
	return a, err
}

func insertAccount(ctx context.Context, d *db.DB, a Account) error {
	_, err := d.Exec(ctx, `INSERT INTO accounts (`+accountCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		a.ID, a.Name, a.Email, a.password, a.Confirmed, a.CreatedAt, LanguageOf(a.Language))
	return err
}

func rolesOf(ctx context.Context, d *db.DB, accountID string) ([]string, error) {
	held, err := db.Strings(ctx, d, `SELECT role FROM account_roles WHERE account_id = $1`, accountID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range Roles { // in the fixed order
		if slices.Contains(held, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

func grantRole(ctx context.Context, d *db.DB, accountID, role string) (bool, error) {
	res, err := d.Exec(ctx, `INSERT INTO account_roles (account_id, role, granted_at) VALUES ($1, $2, $3)
		ON CONFLICT (account_id, role) DO NOTHING`, accountID, role, d.Now(ctx))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func revokeRole(ctx context.Context, d *db.DB, accountID, role string) (bool, error) {
	res, err := d.Exec(ctx, `DELETE FROM account_roles WHERE account_id = $1 AND role = $2`, accountID, role)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func orgIDsOf(ctx context.Context, d *db.DB, accountID string) ([]string, error) {
	return db.Strings(ctx, d, `SELECT organisation_id FROM organisation_members WHERE account_id = $1 ORDER BY organisation_id`, accountID)
}

func insertLinkToken(ctx context.Context, d *db.DB, hash, accountID, purpose string, expires time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`,
		hash, accountID, purpose, expires)
	return err
}

// useLinkToken marks a single-use token used, in one conditional statement so two clicks at
// once cannot both use it, and returns its account.
func useLinkToken(ctx context.Context, d *db.DB, hash, purpose string) (string, error) {
	var accountID string
	now := d.Now(ctx)
	err := d.QueryRow(ctx, `UPDATE account_tokens SET used_at = $1
		WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING account_id`,
		now, hash, purpose).Scan(&accountID)
	return accountID, err
}

func linkTokenLive(ctx context.Context, d *db.DB, hash, purpose string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`,
		hash, purpose, d.Now(ctx)).Scan(&n)
	return n > 0, err
}

func scanArea(row db.Scanner) (Area, error) {
	var a Area
	var districts string
	var boundary sql.NullString
	err := row.Scan(&a.ID, &a.Name, &a.Kind, &districts, &boundary, &a.CreatedAt)
	if districts != "" {
		a.PostcodeDistricts = strings.Split(districts, " ")
	} else {
		a.PostcodeDistricts = []string{}
	}
	if boundary.Valid && boundary.String != "" {
		a.Boundary = json.RawMessage(boundary.String)
	}
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

const areaCols = `id, name, kind, postcode_districts, boundary, created_at`

func listAreas(ctx context.Context, d *db.DB, limit, offset int) ([]Area, error) {
	return db.List(ctx, d, scanArea, `SELECT `+areaCols+` FROM areas ORDER BY name LIMIT $1 OFFSET $2`, limit, offset)
}

func areaByID(ctx context.Context, d *db.DB, id string) (Area, error) {
	return scanArea(d.QueryRow(ctx, `SELECT `+areaCols+` FROM areas WHERE id = $1`, id))
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func saveArea(ctx context.Context, d *db.DB, a Area, insert bool) error {
	districts := strings.Join(a.PostcodeDistricts, " ")
	if insert {
		_, err := d.Exec(ctx, `INSERT INTO areas (`+areaCols+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			a.ID, a.Name, a.Kind, districts, nullIfEmpty(string(a.Boundary)), a.CreatedAt)
		return err
	}
	res, err := d.Exec(ctx, `UPDATE areas SET name = $2, kind = $3, postcode_districts = $4, boundary = $5 WHERE id = $1`,
		a.ID, a.Name, a.Kind, districts, nullIfEmpty(string(a.Boundary)))
	return mustAffect(res, err)
}

func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return sql.ErrNoRows
	}
	return nil
}

const orgCols = `o.id, o.name, o.sector, o.description, o.website, COALESCE(o.area_id, ''), o.created_at,
	(SELECT count(*) FROM organisation_members m WHERE m.organisation_id = o.id)`

func scanOrg(row db.Scanner) (Organisation, error) {
	var o Organisation
	err := row.Scan(&o.ID, &o.Name, &o.Sector, &o.Description, &o.Website, &o.AreaID, &o.CreatedAt, &o.Members)
	o.CreatedAt = o.CreatedAt.UTC()
	return o, err
}

func listOrganisations(ctx context.Context, d *db.DB, sector string, limit, offset int) ([]Organisation, error) {
	return db.List(ctx, d, scanOrg, `SELECT `+orgCols+` FROM organisations o WHERE ($1 = '' OR o.sector = $1)
		ORDER BY o.name LIMIT $2 OFFSET $3`, sector, limit, offset)
}

func orgByID(ctx context.Context, d *db.DB, id string) (Organisation, error) {
	return scanOrg(d.QueryRow(ctx, `SELECT `+orgCols+` FROM organisations o WHERE o.id = $1`, id))
}

func saveOrg(ctx context.Context, d *db.DB, o Organisation, insert bool) error {
	if insert {
		_, err := d.Exec(ctx, `INSERT INTO organisations (id, name, sector, description, website, area_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, o.ID, o.Name, o.Sector, o.Description, o.Website, nullIfEmpty(o.AreaID), o.CreatedAt)
		return err
	}
	res, err := d.Exec(ctx, `UPDATE organisations SET name = $2, sector = $3, description = $4, website = $5, area_id = $6 WHERE id = $1`,
		o.ID, o.Name, o.Sector, o.Description, o.Website, nullIfEmpty(o.AreaID))
	return mustAffect(res, err)
}

func membersOf(ctx context.Context, d *db.DB, orgID string) ([]Member, error) {
	return db.List(ctx, d, func(r db.Scanner) (Member, error) {
		var m Member
		err := r.Scan(&m.AccountID, &m.Name, &m.Email, &m.AddedAt)
		return m, err
	}, `SELECT a.id, a.name, a.email, m.added_at FROM organisation_members m
		JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = $1 ORDER BY a.name`, orgID)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// orEmpty turns no rows into an empty list rather than nil, for the lists that reach the data
// download and the API as JSON arrays.
func orEmpty[T any](out []T, err error) ([]T, error) {
	if out == nil && err == nil {
		out = []T{}
	}
	return out, err
}
