package campaigns

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// Every SQL statement of campaigns, their teams, supporters and erasure requests.

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Campaigns.

const campaignCols = `c.id, c.title, c.aim, c.issue, COALESCE(c.area_id, ''), COALESCE(c.organisation_id, ''), c.stage, c.published,
	c.created_at, c.updated_at, (SELECT count(*) FROM camp_supporters s WHERE s.campaign_id = c.id AND s.confirmed_at IS NOT NULL)`

func scanCampaign(s db.Scanner) (Campaign, error) {
	var c Campaign
	var published int
	err := s.Scan(&c.ID, &c.Title, &c.Aim, &c.Issue, &c.AreaID, &c.OrganisationID, &c.Stage, &published, &c.CreatedAt, &c.UpdatedAt, &c.Supporters)
	c.Published = published == 1
	return c, err
}

func queryCampaigns(ctx context.Context, d *db.DB, where string, args ...any) ([]Campaign, error) {
	return db.List(ctx, d, scanCampaign, `SELECT `+campaignCols+` FROM camp_campaigns c `+where, args...)
}

func campaignByID(ctx context.Context, d *db.DB, id string) (Campaign, error) {
	return scanCampaign(d.QueryRow(ctx, `SELECT `+campaignCols+` FROM camp_campaigns c WHERE c.id = $1`, id))
}

func publishedCampaigns(ctx context.Context, d *db.DB) ([]Campaign, error) {
	return queryCampaigns(ctx, d, `WHERE c.published = 1 ORDER BY c.updated_at DESC, c.id`)
}

func allCampaigns(ctx context.Context, d *db.DB) ([]Campaign, error) {
	return queryCampaigns(ctx, d, `ORDER BY c.title, c.id`)
}

func campaignsOfMember(ctx context.Context, d *db.DB, accountID string) ([]Campaign, error) {
	return queryCampaigns(ctx, d, `WHERE c.id IN (SELECT campaign_id FROM camp_team WHERE account_id = $1) ORDER BY c.updated_at DESC`, accountID)
}

func insertCampaign(ctx context.Context, d *db.DB, c Campaign, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_campaigns (id, title, aim, issue, area_id, organisation_id, stage, published, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`, c.ID, c.Title, c.Aim, c.Issue, nullString(c.AreaID), nullString(c.OrganisationID),
		c.Stage, b2i(c.Published), nullString(by), c.CreatedAt)
	return err
}

func updateCampaign(ctx context.Context, d *db.DB, c Campaign, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE camp_campaigns SET title = $2, aim = $3, issue = $4, area_id = $5, organisation_id = $6, stage = $7,
		published = $8, updated_at = $9 WHERE id = $1`, c.ID, c.Title, c.Aim, c.Issue, nullString(c.AreaID), nullString(c.OrganisationID),
		c.Stage, b2i(c.Published), now)
	return err
}

func touchCampaign(ctx context.Context, d *db.DB, id string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE camp_campaigns SET updated_at = $2 WHERE id = $1`, id, now)
	return err
}

// Team.

func teamOf(ctx context.Context, d *db.DB, campaignID string) ([]TeamMember, error) {
	return db.List(ctx, d, func(r db.Scanner) (TeamMember, error) {
		var m TeamMember
		err := r.Scan(&m.AccountID, &m.Role, &m.AddedAt)
		return m, err
	}, `SELECT account_id, role, added_at FROM camp_team WHERE campaign_id = $1 ORDER BY role, added_at`, campaignID)
}

func teamRole(ctx context.Context, d *db.DB, campaignID, accountID string) (string, error) {
	var role string
	err := d.QueryRow(ctx, `SELECT role FROM camp_team WHERE campaign_id = $1 AND account_id = $2`, campaignID, accountID).Scan(&role)
	if db.IsNoRows(err) {
		return "", nil
	}
	return role, err
}

func addTeamMember(ctx context.Context, d *db.DB, campaignID, accountID, role, by string, now time.Time) (int64, error) {
	return rowsAffected(d.Exec(ctx, `INSERT INTO camp_team (campaign_id, account_id, role, added_by, added_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (campaign_id, account_id) DO NOTHING`, campaignID, accountID, role, nullString(by), now))
}

func removeTeamMember(ctx context.Context, d *db.DB, campaignID, accountID string) (int64, error) {
	return rowsAffected(d.Exec(ctx, `DELETE FROM camp_team WHERE campaign_id = $1 AND account_id = $2 AND role <> 'lead'`, campaignID, accountID))
}

// Supporters.

const supporterCols = `id, campaign_id, name, COALESCE(email, ''), postcode, district, contact_ok, COALESCE(account_id, ''), lang, confirmed_at,
	channel, added_by IS NOT NULL, created_at`

func scanSupporter(s db.Scanner) (Supporter, error) {
	var p Supporter
	var contact int
	var assisted bool
	var confirmed sql.NullTime
	err := s.Scan(&p.ID, &p.CampaignID, &p.Name, &p.Email, &p.Postcode, &p.District, &contact, &p.AccountID, &p.Lang, &confirmed,
		&p.Channel, &assisted, &p.CreatedAt)
	p.ContactOK, p.Confirmed, p.Assisted = contact == 1, db.TimeOf(confirmed), assisted
	return p, err
}

func querySupporters(ctx context.Context, d *db.DB, where string, args ...any) ([]Supporter, error) {
	return db.List(ctx, d, scanSupporter, `SELECT `+supporterCols+` FROM camp_supporters `+where, args...)
}

func supportersOf(ctx context.Context, d *db.DB, campaignID string) ([]Supporter, error) {
	return querySupporters(ctx, d, `WHERE campaign_id = $1 ORDER BY created_at DESC`, campaignID)
}

func supporterByEmail(ctx context.Context, d *db.DB, campaignID, email string) (Supporter, error) {
	return scanSupporter(d.QueryRow(ctx, `SELECT `+supporterCols+` FROM camp_supporters WHERE campaign_id = $1 AND email = $2`, campaignID, email))
}

func supporterByToken(ctx context.Context, d *db.DB, hash string) (Supporter, error) {
	return scanSupporter(d.QueryRow(ctx, `SELECT `+supporterCols+` FROM camp_supporters WHERE token_hash = $1`, hash))
}

func insertSupporter(ctx context.Context, d *db.DB, p Supporter, tokenHash, addedBy string) error {
	var confirmed any
	if p.Confirmed != nil {
		confirmed = *p.Confirmed
	}
	_, err := d.Exec(ctx, `INSERT INTO camp_supporters (id, campaign_id, name, email, postcode, district, contact_ok, account_id, lang,
		token_hash, confirmed_at, channel, added_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		p.ID, p.CampaignID, p.Name, nullString(p.Email), p.Postcode, p.District, b2i(p.ContactOK), nullString(p.AccountID), p.Lang,
		nullString(tokenHash), confirmed, p.Channel, nullString(addedBy), p.CreatedAt)
	return err
}

// refreshSupporter updates an unconfirmed supporter's details and gives it a new token.
func refreshSupporter(ctx context.Context, d *db.DB, id, name, postcode, district string, contact bool, lang, tokenHash string) error {
	_, err := d.Exec(ctx, `UPDATE camp_supporters SET name = $2, postcode = $3, district = $4, contact_ok = $5, lang = $6, token_hash = $7
		WHERE id = $1 AND confirmed_at IS NULL`, id, name, postcode, district, b2i(contact), lang, tokenHash)
	return err
}

// confirmSupporter confirms once; the token is spent.
func confirmSupporter(ctx context.Context, d *db.DB, id string, now time.Time) (int64, error) {
	return rowsAffected(d.Exec(ctx, `UPDATE camp_supporters SET confirmed_at = $2, token_hash = NULL WHERE id = $1 AND confirmed_at IS NULL`, id, now))
}

// supportTimes are the confirmation times of a campaign's supporters, oldest first.
func supportTimes(ctx context.Context, d *db.DB, campaignID string) ([]time.Time, error) {
	return times(ctx, d, `SELECT confirmed_at FROM camp_supporters WHERE campaign_id = $1 AND confirmed_at IS NOT NULL ORDER BY confirmed_at`, campaignID)
}

func times(ctx context.Context, d *db.DB, q string, args ...any) ([]time.Time, error) {
	return db.List(ctx, d, func(r db.Scanner) (time.Time, error) {
		var t time.Time
		err := r.Scan(&t)
		return t, err
	}, q, args...)
}

// Erasure requests.

func insertErasure(ctx context.Context, d *db.DB, e Erasure, tokenHash string) error {
	_, err := d.Exec(ctx, `INSERT INTO camp_erasures (id, campaign_id, name, email, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.ID, e.CampaignID, e.Name, e.Email, tokenHash, e.CreatedAt)
	return err
}

func erasureByToken(ctx context.Context, d *db.DB, hash string) (Erasure, error) {
	var e Erasure
	var confirmed sql.NullTime
	err := d.QueryRow(ctx, `SELECT id, campaign_id, name, email, created_at, confirmed_at, erased FROM camp_erasures WHERE token_hash = $1`, hash).
		Scan(&e.ID, &e.CampaignID, &e.Name, &e.Email, &e.CreatedAt, &confirmed, &e.Erased)
	e.Confirmed = db.TimeOf(confirmed)
	return e, err
}

func erasuresOf(ctx context.Context, d *db.DB, campaignID string) ([]Erasure, error) {
	return db.List(ctx, d, func(r db.Scanner) (Erasure, error) {
		var e Erasure
		var confirmed sql.NullTime
		if err := r.Scan(&e.ID, &e.CampaignID, &e.Name, &e.Email, &e.CreatedAt, &confirmed, &e.Erased); err != nil {
			return e, err
		}
		e.Confirmed = db.TimeOf(confirmed)
		return e, nil
	}, `SELECT id, campaign_id, name, email, created_at, confirmed_at, erased FROM camp_erasures
		WHERE campaign_id = $1 ORDER BY created_at DESC`, campaignID)
}

// confirmErasure marks a request confirmed, once, with how many records went. The request
// keeps the name and email only until then: the person asked for them to go.
func confirmErasure(ctx context.Context, d *db.DB, id string, erased int, now time.Time) (int64, error) {
	return rowsAffected(d.Exec(ctx, `UPDATE camp_erasures SET confirmed_at = $2, erased = $3, name = '', email = '', token_hash = ''
		WHERE id = $1 AND confirmed_at IS NULL`, id, now, erased))
}

// eraseEmail deletes what a campaign holds under an email address: supporters, signatures of
// its petitions (taking confirmed ones off the running count) and conversations whose contact
// is the address. It returns how many records went.
func eraseEmail(ctx context.Context, d *db.DB, campaignID, email string) (int, error) {
	total := 0
	if _, err := d.Exec(ctx, `UPDATE camp_petitions SET signatures = signatures - (SELECT count(*) FROM camp_signatures s
		WHERE s.petition_id = camp_petitions.id AND s.email = $2 AND s.confirmed_at IS NOT NULL) WHERE campaign_id = $1`, campaignID, email); err != nil {
		return 0, err
	}
	for _, q := range []string{
		`DELETE FROM camp_signatures WHERE email = $2 AND petition_id IN (SELECT id FROM camp_petitions WHERE campaign_id = $1)`,
		`DELETE FROM camp_supporters WHERE campaign_id = $1 AND email = $2`,
		`DELETE FROM camp_conversations WHERE campaign_id = $1 AND lower(contact) = $2`,
	} {
		n, err := rowsAffected(d.Exec(ctx, q, campaignID, email))
		if err != nil {
			return 0, err
		}
		total += int(n)
	}
	return total, nil
}

func isNoRows(err error) bool { return db.IsNoRows(err) }

// Account hooks.

// forgetAccount removes an account from everything campaigns hold.
func forgetAccount(ctx context.Context, d *db.DB, accountID, email string) error {
	// A lead who leaves hands the lead to the earliest other member.
	if _, err := d.Exec(ctx, `UPDATE camp_team SET role = 'lead' WHERE role = 'member' AND (campaign_id, account_id) IN (
		SELECT t.campaign_id, (SELECT m.account_id FROM camp_team m WHERE m.campaign_id = t.campaign_id AND m.account_id <> $1
			ORDER BY m.added_at, m.account_id LIMIT 1)
		FROM camp_team t WHERE t.account_id = $1 AND t.role = 'lead')`, accountID); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM camp_team WHERE account_id = $1`,
		`UPDATE camp_team SET added_by = NULL WHERE added_by = $1`,
		`UPDATE camp_supporters SET name = '', email = NULL, postcode = '', contact_ok = 0, account_id = NULL, token_hash = NULL WHERE account_id = $1 OR email = $2`,
		`UPDATE camp_signatures SET name = '', email = NULL, postcode = '', account_id = NULL, token_hash = NULL WHERE account_id = $1 OR email = $2`,
		`DELETE FROM camp_conversations WHERE lower(contact) = $2`,
		`DELETE FROM camp_erasures WHERE email = $2`,
		`UPDATE camp_supporters SET added_by = NULL WHERE added_by = $1`,
		`UPDATE camp_signatures SET added_by = NULL WHERE added_by = $1`,
		`UPDATE camp_campaigns SET created_by = NULL WHERE created_by = $1`,
		`UPDATE camp_petitions SET created_by = NULL WHERE created_by = $1`,
		`UPDATE camp_actions SET created_by = NULL WHERE created_by = $1`,
		`UPDATE camp_conversations SET logged_by = NULL WHERE logged_by = $1`,
		`UPDATE camp_applications SET contact_id = NULL WHERE contact_id = $1`,
		`UPDATE camp_applications SET submitted_by = NULL WHERE submitted_by = $1`,
		`UPDATE camp_applications SET decided_by = NULL WHERE decided_by = $1`,
		`UPDATE camp_app_messages SET account_id = NULL WHERE account_id = $1`,
		`UPDATE camp_forms SET created_by = NULL WHERE created_by = $1`,
		`DELETE FROM camp_coordinators WHERE account_id = $1`,
		`UPDATE camp_coordinators SET added_by = NULL WHERE added_by = $1`,
	} {
		args := []any{accountID}
		switch {
		case strings.Contains(q, "$1") && strings.Contains(q, "$2"):
			args = append(args, email)
		case strings.Contains(q, "$2"): // by their address alone
			q, args = strings.ReplaceAll(q, "$2", "$1"), []any{email}
		}
		if _, err := d.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// campaignsTitled is how many campaigns have the title (the demo loads once).
func campaignsTitled(ctx context.Context, d *db.DB, title string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM camp_campaigns WHERE title = $1`, title).Scan(&n)
	return n, err
}
