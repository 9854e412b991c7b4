package volunteering

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// Pledge is time a business promises: people × days, for causes it cares about.
type Pledge struct {
	ID             string    `json:"id"`
	OrganisationID string    `json:"organisation_id"`
	OrgName        string    `json:"organisation_name"`
	People         int       `json:"people"`
	Days           int       `json:"days"`
	Causes         Terms     `json:"causes"`
	Note           string    `json:"note,omitempty"`
	Status         string    `json:"status"`
	CreatedBy      string    `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
}

// Match is a pledge offered to a team challenge, and the team day booked for it.
type Match struct {
	ID            string    `json:"id"`
	PledgeID      string    `json:"pledge_id"`
	OpportunityID string    `json:"opportunity_id"`
	OppTitle      string    `json:"opportunity_title"`
	OppOrgID      string    `json:"-"`
	Status        string    `json:"status"`
	ShiftID       string    `json:"shift_id,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	Pledge        Pledge    `json:"-"`
}

const pledgeCols = `id, organisation_id, people, days, causes, note, status, created_by_name, created_at`

func queryPledges(ctx context.Context, d *db.DB, where string, args ...any) ([]Pledge, error) {
	return db.List(ctx, d, func(r db.Scanner) (Pledge, error) {
		var p Pledge
		var causes string
		if err := r.Scan(&p.ID, &p.OrganisationID, &p.People, &p.Days, &causes, &p.Note, &p.Status, &p.CreatedBy, &p.CreatedAt); err != nil {
			return p, err
		}
		p.Causes = ParseTerms(causes)
		return p, nil
	}, `SELECT `+pledgeCols+` FROM vol_pledges `+where, args...)
}

func insertPledge(ctx context.Context, d *db.DB, p Pledge) error {
	_, err := d.Exec(ctx, `INSERT INTO vol_pledges (id, organisation_id, people, days, causes, note, status, created_by_name, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8)`, p.ID, p.OrganisationID, p.People, p.Days, p.Causes.String(), p.Note, p.CreatedBy, p.CreatedAt)
	return err
}

func queryMatches(ctx context.Context, d *db.DB, where string, args ...any) ([]Match, error) {
	return db.List(ctx, d, func(r db.Scanner) (Match, error) {
		var m Match
		err := r.Scan(&m.ID, &m.PledgeID, &m.OpportunityID, &m.OppTitle, &m.OppOrgID, &m.Status, &m.ShiftID, &m.CreatedAt)
		return m, err
	}, `SELECT m.id, m.pledge_id, m.opportunity_id, o.title, o.organisation_id, m.status, COALESCE(m.shift_id, ''), m.created_at
		FROM vol_pledge_matches m JOIN vol_opportunities o ON o.id = m.opportunity_id `+where, args...)
}

func insertMatch(ctx context.Context, d *db.DB, m Match) (bool, error) {
	res, err := d.Exec(ctx, `INSERT INTO vol_pledge_matches (id, pledge_id, opportunity_id, status, created_at) VALUES ($1, $2, $3, 'offered', $4)
		ON CONFLICT (pledge_id, opportunity_id) DO NOTHING`, m.ID, m.PledgeID, m.OpportunityID, m.CreatedAt)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func bookMatch(ctx context.Context, d *db.DB, matchID, shiftID string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE vol_pledge_matches SET status = 'booked', shift_id = $2 WHERE id = $1 AND status = 'offered'`, matchID, shiftID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// pledgeHours sums a pledge's confirmed hours (minutes × people) by opportunity cause.
func pledgeHours(ctx context.Context, d *db.DB, pledgeID string) ([]Hours, error) {
	return queryHours(ctx, d, `WHERE h.pledge_id = $1 AND h.status = 'confirmed' ORDER BY h.day`, pledgeID)
}
