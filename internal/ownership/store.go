package ownership

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"commons/internal/ownership/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// Every SQL statement of the capability's cases, events and clocks; documents, settings,
// criteria and land are in store_more.go.

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

func date(s string) clock.Date {
	d, _ := clock.Parse(s)
	return d
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const caseColumns = `c.id, c.reference, c.kind, c.status, c.timetable, COALESCE(c.asset_id, ''), c.name, c.description, c.address, c.postcode,
	c.uprn, c.boundary, c.lat, c.lng, c.reasons, c.group_name, c.group_type, c.group_number, c.group_members, c.group_connection,
	c.group_no_profit, COALESCE(c.group_org_id, ''), COALESCE(c.contact_account, ''), c.contact_name, c.contact_email, c.contact_phone, c.owner_name, c.owner_address,
	c.owner_email, c.occupier_name, c.occupier_address, c.occupier_email, c.lang, c.channel, COALESCE(c.recorded_by, ''), c.recorded_by_name,
	c.helped_how, COALESCE(c.assigned_to, ''), c.received_on, c.validated_on, c.decision, c.decided_on, c.decision_reasons, c.listed_on,
	c.removed_on, c.removed_reason, c.request_type, c.terms, c.price, c.notice_on, c.interested, c.outcome, c.public_summary,
	c.created_at, c.updated_at`

func scanCase(row db.Scanner) (Case, error) {
	var c Case
	var received, validated, decided, listed, removed, notice string
	var lat, lng sql.NullFloat64
	var noProfit int
	err := row.Scan(&c.ID, &c.Reference, &c.Kind, &c.Status, &c.Timetable, &c.AssetID, &c.Name, &c.Description, &c.Address, &c.Postcode,
		&c.UPRN, &c.Boundary, &lat, &lng, &c.Reasons, &c.Group.Name, &c.Group.Type, &c.Group.Number, &c.Group.Members, &c.Group.Connection,
		&noProfit, &c.Group.OrgID, &c.ContactAccount, &c.ContactName, &c.ContactEmail, &c.ContactPhone, &c.Owner.Name, &c.Owner.Address,
		&c.Owner.Email, &c.Occupier.Name, &c.Occupier.Address, &c.Occupier.Email, &c.MailLang, &c.Channel, &c.RecordedBy, &c.RecordedByName,
		&c.HelpedHow, &c.AssignedTo, &received, &validated, &c.Decision, &decided, &c.DecisionReasons, &listed,
		&removed, &c.RemovedReason, &c.RequestType, &c.Terms, &c.Price, &notice, &c.Interested, &c.Outcome, &c.PublicSummary,
		&c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return c, err
	}
	if lat.Valid && lng.Valid {
		c.Lat, c.Lng = &lat.Float64, &lng.Float64
	}
	c.Group.NoProfit = noProfit == 1
	c.ReceivedOn, c.ValidatedOn, c.DecidedOn = date(received), date(validated), date(decided)
	c.ListedOn, c.RemovedOn, c.NoticeOn = date(listed), date(removed), date(notice)
	return c, nil
}

func queryCases(ctx context.Context, d *db.DB, where string, args ...any) ([]Case, error) {
	return db.List(ctx, d, scanCase, `SELECT `+caseColumns+` FROM own_cases c `+where, args...)
}

func caseByID(ctx context.Context, d *db.DB, id string) (Case, error) {
	return scanCase(d.QueryRow(ctx, `SELECT `+caseColumns+` FROM own_cases c WHERE c.id = $1`, id))
}

// caseForUpdate reads a case inside a write transaction, locking its row on PostgreSQL so two
// steps on one case run one after the other; a case that is not there is not found.
func caseForUpdate(ctx context.Context, d *db.DB, id string) (Case, error) {
	c, err := scanCase(d.QueryRow(ctx, `SELECT `+caseColumns+` FROM own_cases c WHERE c.id = $1`+d.Dialect().ForUpdate(), id))
	if isNoRows(err) {
		return c, errNotFound
	}
	return c, err
}

func floatOrNil(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func insertCase(ctx context.Context, d *db.DB, c *Case) error {
	_, err := d.Exec(ctx, `INSERT INTO own_cases (id, reference, kind, status, timetable, asset_id, name, description, address, postcode,
		uprn, boundary, lat, lng, reasons, group_name, group_type, group_number, group_members, group_connection, group_no_profit,
		group_org_id, contact_account, contact_name, contact_email, contact_phone, owner_name, owner_address, owner_email, occupier_name,
		occupier_address, occupier_email, lang, channel, recorded_by, recorded_by_name, helped_how, assigned_to, received_on,
		request_type, price, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,
		$26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $42)`,
		c.ID, c.Reference, c.Kind, c.Status, c.Timetable, db.NullString(c.AssetID), c.Name, c.Description, c.Address, c.Postcode,
		c.UPRN, c.Boundary, floatOrNil(c.Lat), floatOrNil(c.Lng), c.Reasons, c.Group.Name, c.Group.Type, c.Group.Number, c.Group.Members,
		c.Group.Connection, boolInt(c.Group.NoProfit), db.NullString(c.Group.OrgID), db.NullString(c.ContactAccount), c.ContactName, c.ContactEmail, c.ContactPhone,
		c.Owner.Name, c.Owner.Address, c.Owner.Email, c.Occupier.Name, c.Occupier.Address, c.Occupier.Email, c.MailLang, c.Channel,
		db.NullString(c.RecordedBy), c.RecordedByName, c.HelpedHow, db.NullString(c.AssignedTo), c.ReceivedOn.String(), c.RequestType, c.Price,
		c.CreatedAt)
	return err
}

// updateCase writes back what steps change.
func updateCase(ctx context.Context, d *db.DB, c *Case) error {
	_, err := d.Exec(ctx, `UPDATE own_cases SET status = $2, validated_on = $3, decision = $4, decided_on = $5, decision_reasons = $6,
		listed_on = $7, removed_on = $8, removed_reason = $9, request_type = $10, terms = $11, price = $12, notice_on = $13,
		interested = $14, outcome = $15, public_summary = $16, assigned_to = $17, updated_at = $18,
		owner_name = $19, owner_address = $20, owner_email = $21, occupier_name = $22, occupier_address = $23, occupier_email = $24
		WHERE id = $1`,
		c.ID, c.Status, c.ValidatedOn.String(), c.Decision, c.DecidedOn.String(), c.DecisionReasons, c.ListedOn.String(),
		c.RemovedOn.String(), c.RemovedReason, c.RequestType, c.Terms, c.Price, c.NoticeOn.String(), c.Interested, c.Outcome,
		c.PublicSummary, db.NullString(c.AssignedTo), d.Now(ctx), c.Owner.Name, c.Owner.Address, c.Owner.Email,
		c.Occupier.Name, c.Occupier.Address, c.Occupier.Email)
	return err
}

// nextReference numbers cases per kind and year: ACV/2026/0001.
func nextReference(ctx context.Context, d *db.DB, kind string, year int) (string, error) {
	prefix := fmt.Sprintf("%s/%d", strings.ToUpper(kind), year)
	var n int
	err := d.QueryRow(ctx, `INSERT INTO own_counters (prefix, n) VALUES ($1, 1)
		ON CONFLICT (prefix) DO UPDATE SET n = own_counters.n + 1 RETURNING n`, prefix).Scan(&n)
	return fmt.Sprintf("%s/%04d", prefix, n), err
}

const eventColumns = `id, case_id, step, on_date, outcome, detail, public_note, party, COALESCE(actor_id, ''), actor_name, actor_role,
	channel, helped_how, created_at`

func insertEvent(ctx context.Context, d *db.DB, e *Event) error {
	if e.ID == "" {
		e.ID = ids.New()
	}
	e.CreatedAt = d.Now(ctx)
	_, err := d.Exec(ctx, `INSERT INTO own_events (id, case_id, step, on_date, outcome, detail, public_note, party, actor_id, actor_name,
		actor_role, channel, helped_how, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.ID, e.CaseID, e.Step, e.On.String(), e.Outcome, e.Detail, e.PublicNote, e.Party, db.NullString(e.ActorID), e.ActorName, e.ActorRole,
		e.Channel, e.HelpedHow, e.CreatedAt)
	return err
}

func queryEvents(ctx context.Context, d *db.DB, where string, args ...any) ([]Event, error) {
	return db.List(ctx, d, scanEvent, `SELECT `+eventColumns+` FROM own_events `+where, args...)
}

func scanEvent(r db.Scanner) (Event, error) {
	var e Event
	var on string
	err := r.Scan(&e.ID, &e.CaseID, &e.Step, &on, &e.Outcome, &e.Detail, &e.PublicNote, &e.Party, &e.ActorID, &e.ActorName,
		&e.ActorRole, &e.Channel, &e.HelpedHow, &e.CreatedAt)
	e.On = date(on)
	return e, err
}

// ClockRow is a stored clock.
type ClockRow struct {
	ID, CaseID, Rule               string
	Start, Due, SetDue, ExtendedTo clock.Date
	ExtendReason                   string
	Met, Stopped                   clock.Date
	Reminded                       string
	Pauses                         []clock.Pause
	CreatedAt                      time.Time
}

const clockColumns = `id, case_id, rule, start_on, due_on, set_due, extended_to, extend_reason, met_on, stopped_on, reminded, created_at`

func queryClocks(ctx context.Context, d *db.DB, where string, args ...any) ([]ClockRow, error) {
	// The clocks are read in full before their pauses: one connection at a time inside a transaction.
	out, err := db.List(ctx, d, scanClock, `SELECT `+clockColumns+` FROM own_clocks `+where, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Pauses, err = db.List(ctx, d, scanPause, `SELECT from_on, to_on, reason FROM own_pauses WHERE clock_id = $1 ORDER BY from_on`, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanClock(r db.Scanner) (ClockRow, error) {
	var c ClockRow
	var start, due, set, ext, met, stopped string
	err := r.Scan(&c.ID, &c.CaseID, &c.Rule, &start, &due, &set, &ext, &c.ExtendReason, &met, &stopped, &c.Reminded, &c.CreatedAt)
	c.Start, c.Due, c.SetDue, c.ExtendedTo, c.Met, c.Stopped = date(start), date(due), date(set), date(ext), date(met), date(stopped)
	return c, err
}

func scanPause(r db.Scanner) (clock.Pause, error) {
	var from, to string
	var p clock.Pause
	err := r.Scan(&from, &to, &p.Reason)
	p.From, p.To = date(from), date(to)
	return p, err
}

func insertClock(ctx context.Context, d *db.DB, c *ClockRow) error {
	if c.ID == "" {
		c.ID = ids.New()
	}
	_, err := d.Exec(ctx, `INSERT INTO own_clocks (id, case_id, rule, start_on, due_on, set_due, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (case_id, rule, start_on) DO NOTHING`,
		c.ID, c.CaseID, c.Rule, c.Start.String(), c.Due.String(), c.SetDue.String(), d.Now(ctx))
	return err
}

func saveClock(ctx context.Context, d *db.DB, c *ClockRow) error {
	_, err := d.Exec(ctx, `UPDATE own_clocks SET due_on = $2, set_due = $3, extended_to = $4, extend_reason = $5, met_on = $6, stopped_on = $7
		WHERE id = $1`, c.ID, c.Due.String(), c.SetDue.String(), c.ExtendedTo.String(), c.ExtendReason, c.Met.String(), c.Stopped.String())
	return err
}

func insertPause(ctx context.Context, d *db.DB, clockID string, p clock.Pause) error {
	_, err := d.Exec(ctx, `INSERT INTO own_pauses (id, clock_id, from_on, reason) VALUES ($1, $2, $3, $4)`, ids.New(), clockID, p.From.String(), p.Reason)
	return err
}

func endPause(ctx context.Context, d *db.DB, clockID string, on clock.Date) error {
	_, err := d.Exec(ctx, `UPDATE own_pauses SET to_on = $2 WHERE clock_id = $1 AND to_on = ''`, clockID, on.String())
	return err
}

// claimReminder marks a reminder step as sent, if no other server has: the conditional UPDATE
// is the claim.
func claimReminder(ctx context.Context, d *db.DB, clockID, was, now string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE own_clocks SET reminded = $3 WHERE id = $1 AND reminded = $2`, clockID, was, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func assignCase(ctx context.Context, d *db.DB, caseID, accountID string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE own_cases SET assigned_to = $2, updated_at = $3 WHERE id = $1`, caseID, accountID, d.Now(ctx))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// casesOf are the cases a person made, their organisations made, or that are about land whose
// owner's email is theirs.
func casesOf(ctx context.Context, d *db.DB, accountID, email string, orgs []string) ([]Case, error) {
	cases, err := queryCases(ctx, d, `WHERE c.contact_account = $1 OR ($2 <> '' AND (lower(c.owner_email) = lower($2) OR lower(c.contact_email) = lower($2)))
		ORDER BY c.updated_at DESC`, accountID, email)
	if err != nil || len(orgs) == 0 {
		return cases, err
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.ID] = true
	}
	for _, org := range orgs {
		more, err := queryCases(ctx, d, `WHERE c.group_org_id = $1 ORDER BY c.updated_at DESC`, org)
		if err != nil {
			return nil, err
		}
		for _, c := range more {
			if !seen[c.ID] {
				seen[c.ID] = true
				cases = append(cases, c)
			}
		}
	}
	return cases, nil
}

// publicCases lists cases with a public page (a Scottish request only once validated), newest
// first, filtered by kind and status when given.
func publicCases(ctx context.Context, d *db.DB, kind, status string, limit, offset int) ([]Case, error) {
	return queryCases(ctx, d, `WHERE NOT (c.kind = 'atr' AND c.status = 'received') AND ($1 = '' OR c.kind = $1) AND ($2 = '' OR c.status = $2)
		ORDER BY c.received_on DESC, c.reference DESC LIMIT $3 OFFSET $4`, kind, status, limit, offset)
}

// countCases is how many ownership cases there are (the demo loads once).
func countCases(ctx context.Context, d *db.DB) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM own_cases`).Scan(&n)
	return n, err
}
