package timebank

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

// Every SQL statement about banks, members and accounts; the ledger's are in store_ledger.go.

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

const bankCols = `b.id, b.name, b.name_cy, b.summary, b.summary_cy, b.rules, b.rules_cy, COALESCE(b.area_id, ''),
	b.contact_email, b.contact_phone, b.join_mode, b.must_confirm, b.person_limit, b.organisation_limit, b.pool_limit,
	b.joining_credit, b.listing_days, b.created_at, b.updated_at,
	(SELECT count(*) FROM timebank_members m WHERE m.bank_id = b.id AND m.status = 'active'),
	COALESCE((SELECT a.id FROM timebank_accounts a WHERE a.bank_id = b.id AND a.kind = 'pool'), '')`

func scanBank(row db.Scanner) (Bank, error) {
	var b Bank
	var confirm int
	err := row.Scan(&b.ID, &b.Name, &b.NameCy, &b.Summary, &b.SummaryCy, &b.Rules, &b.RulesCy, &b.AreaID,
		&b.ContactEmail, &b.ContactPhone, &b.JoinMode, &confirm, &b.PersonLimit, &b.OrganisationLimit, &b.PoolLimit,
		&b.JoiningCredit, &b.ListingDays, &b.CreatedAt, &b.UpdatedAt, &b.Members, &b.PoolAccount)
	b.MustConfirm = confirm != 0
	return b, err
}

func bankByID(ctx context.Context, d *db.DB, id string) (Bank, error) {
	return scanBank(d.QueryRow(ctx, `SELECT `+bankCols+` FROM timebank_banks b WHERE b.id = $1`, id))
}

func listBanks(ctx context.Context, d *db.DB) ([]Bank, error) {
	return db.List(ctx, d, scanBank, `SELECT `+bankCols+` FROM timebank_banks b ORDER BY b.name, b.id`)
}

func insertBank(ctx context.Context, d *db.DB, b Bank, createdBy string) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_banks (id, name, name_cy, summary, summary_cy, rules, rules_cy, area_id,
		contact_email, contact_phone, join_mode, must_confirm, person_limit, organisation_limit, pool_limit, joining_credit,
		listing_days, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
		b.ID, b.Name, b.NameCy, b.Summary, b.SummaryCy, b.Rules, b.RulesCy, nullStr(b.AreaID), b.ContactEmail, b.ContactPhone,
		b.JoinMode, b2i(b.MustConfirm), b.PersonLimit, b.OrganisationLimit, b.PoolLimit, b.JoiningCredit, b.ListingDays,
		nullStr(createdBy), b.CreatedAt)
	return err
}

func updateBank(ctx context.Context, d *db.DB, b Bank) error {
	_, err := d.Exec(ctx, `UPDATE timebank_banks SET name = $2, name_cy = $3, summary = $4, summary_cy = $5, rules = $6,
		rules_cy = $7, area_id = $8, contact_email = $9, contact_phone = $10, join_mode = $11, must_confirm = $12,
		person_limit = $13, organisation_limit = $14, pool_limit = $15, joining_credit = $16, listing_days = $17,
		updated_at = $18 WHERE id = $1`,
		b.ID, b.Name, b.NameCy, b.Summary, b.SummaryCy, b.Rules, b.RulesCy, nullStr(b.AreaID), b.ContactEmail, b.ContactPhone,
		b.JoinMode, b2i(b.MustConfirm), b.PersonLimit, b.OrganisationLimit, b.PoolLimit, b.JoiningCredit, b.ListingDays, b.UpdatedAt)
	return err
}

const memberCols = `m.id, m.bank_id, m.kind, COALESCE(m.account_id, ''), COALESCE(m.organisation_id, ''), m.name, m.contact,
	m.about, m.role, m.status, COALESCE(m.area_id, ''), m.share_email, m.public_name, m.limit_override,
	COALESCE(m.added_by, ''), m.added_how, m.imported_ref, m.joined_at, m.anonymised_at, a.id, a.balance, a.floor`

const memberFrom = ` FROM timebank_members m JOIN timebank_accounts a ON a.member_id = m.id`

func scanMember(row db.Scanner) (Member, error) {
	var m Member
	var share, public int
	var limit sql.NullInt64
	var anon sql.NullTime
	err := row.Scan(&m.ID, &m.BankID, &m.Kind, &m.AccountID, &m.OrganisationID, &m.Name, &m.Contact, &m.About, &m.Role,
		&m.Status, &m.AreaID, &share, &public, &limit, &m.AddedBy, &m.AddedHow, &m.ImportedRef, &m.JoinedAt, &anon,
		&m.Account, &m.Balance, &m.Floor)
	m.ShareEmail, m.PublicName = share != 0, public != 0
	if limit.Valid {
		v := limit.Int64
		m.LimitOverride = &v
	}
	if anon.Valid {
		m.AnonymisedAt = &anon.Time
	}
	return m, err
}

func queryMembers(ctx context.Context, d *db.DB, where string, args ...any) ([]Member, error) {
	return db.List(ctx, d, scanMember, `SELECT `+memberCols+memberFrom+` `+where, args...)
}

func memberByID(ctx context.Context, d *db.DB, id string) (Member, error) {
	return scanMember(d.QueryRow(ctx, `SELECT `+memberCols+memberFrom+` WHERE m.id = $1`, id))
}

// membersOfBank lists a bank's members with one of the statuses (all when none), by name.
func membersOfBank(ctx context.Context, d *db.DB, bankID string, statuses ...string) ([]Member, error) {
	q := `WHERE m.bank_id = $1`
	args := []any{bankID}
	if len(statuses) > 0 {
		q += ` AND m.status IN (`
		for i, s := range statuses {
			args = append(args, s)
			if i > 0 {
				q += `, `
			}
			q += `$` + itoa(len(args))
		}
		q += `)`
	}
	return queryMembers(ctx, d, q+` ORDER BY lower(m.name), m.id`, args...)
}

// membershipsOf lists every membership an account holds in person, in every bank.
func membershipsOf(ctx context.Context, d *db.DB, accountID string) ([]Member, error) {
	return queryMembers(ctx, d, `WHERE m.account_id = $1 ORDER BY m.joined_at, m.id`, accountID)
}

// organisationMemberships lists the memberships of an organisation, in every bank.
func organisationMemberships(ctx context.Context, d *db.DB, orgID string) ([]Member, error) {
	return queryMembers(ctx, d, `WHERE m.organisation_id = $1 ORDER BY m.joined_at, m.id`, orgID)
}

func insertMember(ctx context.Context, d *db.DB, m Member) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_members (id, bank_id, kind, account_id, organisation_id, name, contact, about,
		role, status, area_id, share_email, public_name, limit_override, added_by, added_how, imported_ref, joined_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		m.ID, m.BankID, m.Kind, nullStr(m.AccountID), nullStr(m.OrganisationID), m.Name, m.Contact, m.About, m.Role, m.Status,
		nullStr(m.AreaID), b2i(m.ShareEmail), b2i(m.PublicName), m.LimitOverride, nullStr(m.AddedBy), m.AddedHow, m.ImportedRef, m.JoinedAt)
	return err
}

func setMemberStatus(ctx context.Context, d *db.DB, id, from, to string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE timebank_members SET status = $3 WHERE id = $1 AND status = $2`, id, from, to)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func setMemberRole(ctx context.Context, d *db.DB, id, role string) error {
	_, err := d.Exec(ctx, `UPDATE timebank_members SET role = $2 WHERE id = $1`, id, role)
	return err
}

func updateMemberProfile(ctx context.Context, d *db.DB, m Member) error {
	_, err := d.Exec(ctx, `UPDATE timebank_members SET name = $2, about = $3, area_id = $4, share_email = $5, public_name = $6,
		contact = $7 WHERE id = $1`, m.ID, m.Name, m.About, nullStr(m.AreaID), b2i(m.ShareEmail), b2i(m.PublicName), m.Contact)
	return err
}

func setMemberName(ctx context.Context, d *db.DB, id, name string) error {
	_, err := d.Exec(ctx, `UPDATE timebank_members SET name = $2 WHERE id = $1 AND anonymised_at IS NULL`, id, name)
	return err
}

// setLimitOverride sets (or, with nil, clears) a member's own limit.
func setLimitOverride(ctx context.Context, d *db.DB, id string, limit *int64) error {
	_, err := d.Exec(ctx, `UPDATE timebank_members SET limit_override = $2 WHERE id = $1`, id, limit)
	return err
}

func countBrokers(ctx context.Context, d *db.DB, bankID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM timebank_members WHERE bank_id = $1 AND role = 'broker' AND status = 'active'`, bankID).Scan(&n)
	return n, err
}

const accountCols = `a.id, a.bank_id, a.kind, COALESCE(a.member_id, ''), COALESCE(a.partner_bank_id, ''), a.balance, a.floor, a.postings,
	COALESCE(m.name, ''), COALESCE(pb.name, '')`

const accountFrom = ` FROM timebank_accounts a LEFT JOIN timebank_members m ON m.id = a.member_id
	LEFT JOIN timebank_banks pb ON pb.id = a.partner_bank_id`

func scanAccount(row db.Scanner) (Account, error) {
	var a Account
	var member, partner string
	err := row.Scan(&a.ID, &a.BankID, &a.Kind, &a.MemberID, &a.PartnerBankID, &a.Balance, &a.Floor, &a.Postings, &member, &partner)
	a.Name = member
	if a.Kind == AccountClearing {
		a.Name = partner
	}
	return a, err
}

func accountByID(ctx context.Context, d *db.DB, id string) (Account, error) {
	return scanAccount(d.QueryRow(ctx, `SELECT `+accountCols+accountFrom+` WHERE a.id = $1`, id))
}

func accountsOfBank(ctx context.Context, d *db.DB, bankID string) ([]Account, error) {
	return db.List(ctx, d, scanAccount, `SELECT `+accountCols+accountFrom+` WHERE a.bank_id = $1 ORDER BY a.kind, a.id`, bankID)
}

func clearingAccount(ctx context.Context, d *db.DB, bankID, partnerID string) (Account, error) {
	return scanAccount(d.QueryRow(ctx, `SELECT `+accountCols+accountFrom+` WHERE a.bank_id = $1 AND a.kind = 'clearing' AND a.partner_bank_id = $2`, bankID, partnerID))
}

func insertAccount(ctx context.Context, d *db.DB, a Account, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_accounts (id, bank_id, kind, member_id, partner_bank_id, balance, floor, postings, created_at)
		VALUES ($1, $2, $3, $4, $5, 0, $6, 0, $7)`, a.ID, a.BankID, a.Kind, nullStr(a.MemberID), nullStr(a.PartnerBankID), a.Floor, at)
	return err
}

// setFloor sets one account's limit.
func setFloor(ctx context.Context, d *db.DB, accountID string, floor int64) error {
	_, err := d.Exec(ctx, `UPDATE timebank_accounts SET floor = $2 WHERE id = $1`, accountID, floor)
	return err
}

// setBankFloors gives every member account of a kind (person and offline, or organisation)
// without a limit of its own the bank's limit, and the pool its limit.
func setBankFloors(ctx context.Context, d *db.DB, b Bank) error {
	if _, err := d.Exec(ctx, `UPDATE timebank_accounts SET floor = $2 WHERE bank_id = $1 AND kind = 'member' AND member_id IN
		(SELECT id FROM timebank_members WHERE bank_id = $1 AND kind IN ('person', 'offline') AND limit_override IS NULL)`, b.ID, b.PersonLimit); err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `UPDATE timebank_accounts SET floor = $2 WHERE bank_id = $1 AND kind = 'member' AND member_id IN
		(SELECT id FROM timebank_members WHERE bank_id = $1 AND kind = 'organisation' AND limit_override IS NULL)`, b.ID, b.OrganisationLimit); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `UPDATE timebank_accounts SET floor = $2 WHERE bank_id = $1 AND kind = 'pool'`, b.ID, b.PoolLimit)
	return err
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func bankStats(ctx context.Context, d *db.DB, bankID string) (BankStats, error) {
	var st BankStats
	err := d.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM timebank_members WHERE bank_id = $1 AND status = 'active'),
		(SELECT count(*) FROM timebank_exchanges WHERE bank_id = $1 AND status = 'confirmed'),
		(SELECT COALESCE(SUM(minutes), 0) FROM timebank_exchanges WHERE bank_id = $1 AND status = 'confirmed')`, bankID).
		Scan(&st.Members, &st.Exchanges, &st.Minutes)
	return st, err
}
