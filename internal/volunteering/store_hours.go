package volunteering

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

// Hours are time a person (or, for a team day, a group of people) gave. They count once the
// organisation has confirmed them.
type Hours struct {
	ID             string     `json:"id"`
	PersonID       string     `json:"-"`
	PersonName     string     `json:"name,omitempty"`
	AccountID      string     `json:"-"`
	OrganisationID string     `json:"organisation_id"`
	OpportunityID  string     `json:"opportunity_id,omitempty"`
	OppTitle       string     `json:"opportunity_title,omitempty"`
	Causes         Terms      `json:"causes,omitempty"`
	RoleID         string     `json:"role_id,omitempty"`
	ShiftID        string     `json:"shift_id,omitempty"`
	PledgeID       string     `json:"pledge_id,omitempty"`
	Day            string     `json:"day"`
	Minutes        int        `json:"minutes"`
	People         int        `json:"people"`
	Note           string     `json:"note,omitempty"`
	Source         string     `json:"source"`
	Status         string     `json:"status"`
	LoggedBy       string     `json:"logged_by,omitempty"`
	Assisted       bool       `json:"assisted"`
	ConfirmedBy    string     `json:"confirmed_by,omitempty"`
	ConfirmedAt    *time.Time `json:"confirmed_at,omitempty"`
	Credited       bool       `json:"credited_to_time_bank"`
	CreatedAt      time.Time  `json:"created_at"`
}

// Total is the hours' minutes times the people who gave them.
func (h Hours) Total() int { return h.Minutes * h.People }

const hoursCols = `h.id, COALESCE(h.person_id, ''), COALESCE(p.name, ''), COALESCE(p.account_id, ''), h.organisation_id,
	COALESCE(h.opportunity_id, ''), COALESCE(o.title, ''), COALESCE(o.causes, ''), COALESCE(h.role_id, ''), COALESCE(h.shift_id, ''),
	COALESCE(h.pledge_id, ''), h.day, h.minutes, h.people, h.note, h.source, h.status, h.logged_by_name, h.assisted,
	h.confirmed_by_name, h.confirmed_at, h.credited, h.created_at`

const hoursFrom = ` FROM vol_hours h LEFT JOIN vol_people p ON p.id = h.person_id LEFT JOIN vol_opportunities o ON o.id = h.opportunity_id `

func queryHours(ctx context.Context, d *db.DB, where string, args ...any) ([]Hours, error) {
	return db.List(ctx, d, func(r db.Scanner) (Hours, error) {
		var h Hours
		var causes string
		var assisted, credited int
		var conf sql.NullTime
		if err := r.Scan(&h.ID, &h.PersonID, &h.PersonName, &h.AccountID, &h.OrganisationID, &h.OpportunityID, &h.OppTitle, &causes,
			&h.RoleID, &h.ShiftID, &h.PledgeID, &h.Day, &h.Minutes, &h.People, &h.Note, &h.Source, &h.Status, &h.LoggedBy, &assisted,
			&h.ConfirmedBy, &conf, &credited, &h.CreatedAt); err != nil {
			return h, err
		}
		h.Causes, h.Assisted, h.Credited = ParseTerms(causes), assisted == 1, credited == 1
		if conf.Valid {
			h.ConfirmedAt = &conf.Time
		}
		return h, nil
	}, `SELECT `+hoursCols+hoursFrom+where, args...)
}

// insertHours adds hours; for a shift, a person has one record (a second check-in is the same).
func insertHours(ctx context.Context, d *db.DB, h Hours) (bool, error) {
	res, err := d.Exec(ctx, `INSERT INTO vol_hours (id, person_id, organisation_id, opportunity_id, role_id, shift_id, pledge_id, day,
		minutes, people, note, source, status, logged_by_name, assisted, confirmed_by_name, confirmed_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT DO NOTHING`,
		h.ID, nullStr(h.PersonID), h.OrganisationID, nullStr(h.OpportunityID), nullStr(h.RoleID), nullStr(h.ShiftID), nullStr(h.PledgeID),
		h.Day, h.Minutes, h.People, h.Note, h.Source, h.Status, h.LoggedBy, b2i(h.Assisted), h.ConfirmedBy, h.ConfirmedAt, h.CreatedAt)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// confirmHours moves pending hours to confirmed: one conditional statement, so confirming twice
// (two coordinators, a double click) confirms once.
func confirmHours(ctx context.Context, d *db.DB, id, by string, at time.Time) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE vol_hours SET status = 'confirmed', confirmed_by_name = $2, confirmed_at = $3 WHERE id = $1 AND status = 'pending'`, id, by, at)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func rejectHours(ctx context.Context, d *db.DB, id, by string, at time.Time) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE vol_hours SET status = 'rejected', confirmed_by_name = $2, confirmed_at = $3 WHERE id = $1 AND status = 'pending'`, id, by, at)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func markCredited(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `UPDATE vol_hours SET credited = 1 WHERE id = $1`, id)
	return err
}

func shiftByToken(ctx context.Context, d *db.DB, token string) (Shift, error) {
	ss, err := queryShifts(ctx, d, `WHERE s.checkin_token = $1 AND s.deleted = 0`, token)
	if err != nil {
		return Shift{}, err
	}
	if len(ss) == 0 {
		return Shift{}, errNotFound
	}
	return ss[0], nil
}

func markCheckedIn(ctx context.Context, d *db.DB, signupID string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE vol_signups SET checked_in_at = $2 WHERE id = $1 AND checked_in_at IS NULL`, signupID, at)
	return err
}
