package budgeting

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// castStatement is the statement that casts a ballot: insert (online: or replace) the ballot,
// but only while the process is in voting and, except on paper, today is within its voting
// dates. Its parameters are castBallotRow's.
func castStatement(d *db.DB, channel string) string {
	ts := d.Dialect().Typed("$8", "TIMESTAMPTZ") // a parameter in a SELECT list
	q := `INSERT INTO budget_ballots (id, process_id, voter_key, channel, area_id, receipt, choices, created_at, updated_at, assisted_by, assisted_how)
		SELECT $1, p.id, $3, $4, $5, $6, $7, ` + ts + `, ` + ts + `, $10, $11 FROM budget_processes p
		WHERE p.id = $2 AND p.phase = 'voting' AND ($4 = 'paper' OR (p.voting_from <= $9 AND p.voting_until >= $9))`
	if d.Dialect().ForUpdate() != "" {
		// Hold the process row until the ballot commits: the count's closing of voting waits for
		// ballots being cast, and a ballot cast after it sees voting closed (see Count). Voters
		// share the lock, so they do not wait for each other.
		q += ` FOR SHARE OF p`
	}
	if channel == "online" {
		q += ` ON CONFLICT (process_id, voter_key) DO UPDATE SET area_id = excluded.area_id, choices = excluded.choices, updated_at = excluded.updated_at,
			assisted_by = excluded.assisted_by, assisted_how = excluded.assisted_how`
	}
	q += ` RETURNING receipt, id`
	return q
}

// castBallotRow runs castStatement's q; it sets *receipt to the ballot's receipt and returns its
// id (newID for a new ballot, the earlier one's for a replaced one). sql.ErrNoRows: voting is
// not open.
func castBallotRow(ctx context.Context, d *db.DB, q, newID, processID, key, channel, area, newReceipt, choices string, now time.Time, today, assistedBy, assistedHow string, receipt *string) (string, error) {
	var gotID string
	err := d.QueryRow(ctx, q, newID, processID, key, channel, db.NullString(area), newReceipt, choices, now, today,
		db.NullString(assistedBy), assistedHow).Scan(receipt, &gotID)
	return gotID, err
}

// insertVoter records that an account votes in a process the way kind says; it returns the rows
// added (0: it had a row already).
func insertVoter(ctx context.Context, d *db.DB, processID, accountID, kind string) (int64, error) {
	res, err := d.Exec(ctx, `INSERT INTO budget_voters (process_id, account_id, kind) VALUES ($1, $2, $3)
				ON CONFLICT (process_id, account_id) DO NOTHING`, processID, accountID, kind)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// voterKind is how the account votes in the process: "account" or "code".
func voterKind(ctx context.Context, d *db.DB, processID, accountID string) (string, error) {
	var had string
	err := d.QueryRow(ctx, `SELECT kind FROM budget_voters WHERE process_id = $1 AND account_id = $2`, processID, accountID).Scan(&had)
	return had, err
}

// useCode marks an unused code of the process used and returns its id; sql.ErrNoRows when it is
// unknown or used.
func useCode(ctx context.Context, d *db.DB, processID, code string, now time.Time) (string, error) {
	var codeID string
	err := d.QueryRow(ctx, `UPDATE budget_codes SET used_at = $1 WHERE process_id = $2 AND code = $3 AND used_at IS NULL RETURNING id`,
		now, processID, code).Scan(&codeID)
	return codeID, err
}

// ballotArea is the area of the voter's ballot in the process; sql.ErrNoRows when none.
func ballotArea(ctx context.Context, d *db.DB, processID, voterKey string) (sql.NullString, error) {
	var before sql.NullString
	err := d.QueryRow(ctx, `SELECT COALESCE(area_id, '') FROM budget_ballots WHERE process_id = $1 AND voter_key = $2`, processID, voterKey).Scan(&before)
	return before, err
}

// codeBallot is the receipt, stored choices and area of the ballot cast with a code.
func codeBallot(ctx context.Context, d *db.DB, processID, code string) (receipt, stored string, area sql.NullString, err error) {
	err = d.QueryRow(ctx, `SELECT b.receipt, b.choices, b.area_id FROM budget_codes c
		JOIN budget_ballots b ON b.process_id = c.process_id AND b.voter_key = 'code:' || c.id
		WHERE c.process_id = $1 AND c.code = $2`, processID, code).Scan(&receipt, &stored, &area)
	return receipt, stored, area, err
}

// voterCast is a voter's ballot in the process with its stored choices (Choices not decoded).
func voterCast(ctx context.Context, d *db.DB, processID, voterKey string) (Cast, string, error) {
	var c Cast
	var stored string
	err := d.QueryRow(ctx, `SELECT COALESCE(b.area_id, ''), COALESCE(a.name, ''), b.receipt, b.choices, b.created_at, b.updated_at
		FROM budget_ballots b LEFT JOIN identity_areas a ON a.id = b.area_id WHERE b.process_id = $1 AND b.voter_key = $2`,
		processID, voterKey).Scan(&c.Area, &c.AreaName, &c.Receipt, &stored, &c.CreatedAt, &c.UpdatedAt)
	return c, stored, err
}

// voterChoices is the area and stored choices of a voter's ballot in the process.
func voterChoices(ctx context.Context, d *db.DB, processID, voterKey string) (area, stored string, err error) {
	err = d.QueryRow(ctx, `SELECT COALESCE(area_id, ''), choices FROM budget_ballots WHERE process_id = $1 AND voter_key = $2`,
		processID, voterKey).Scan(&area, &stored)
	return area, stored, err
}

// ballotByReceipt is the ballot with the receipt number in the process, with its stored choices.
func ballotByReceipt(ctx context.Context, d *db.DB, processID, receipt string) (Ballot, string, error) {
	var b Ballot
	var stored string
	err := d.QueryRow(ctx, `SELECT b.id, b.channel, b.receipt, COALESCE(a.name, ''), b.created_at, b.updated_at, b.choices
		FROM budget_ballots b LEFT JOIN identity_areas a ON a.id = b.area_id WHERE b.process_id = $1 AND b.receipt = $2`, processID, receipt).
		Scan(&b.ID, &b.Channel, &b.Receipt, &b.AreaName, &b.CreatedAt, &b.UpdatedAt, &stored)
	return b, stored, err
}

// ballotProcess reads what a ballot is checked against in one query: the process, how many area
// budgets it has, and the budget of the voter's area (0 when it has none).
func ballotProcess(ctx context.Context, d *db.DB, processID, area string) (p Process, areas int, areaBudget int64, err error) {
	var counted sql.NullTime
	err = d.QueryRow(ctx, `SELECT p.id, p.title, p.title_cy, p.total_pence, p.phase, p.voting_from, p.voting_until, p.format, p.min_choices, p.max_choices,
		p.points, p.min_age, p.voter_access, p.counted_at,
		(SELECT COUNT(*) FROM budget_area_budgets b WHERE b.process_id = p.id),
		COALESCE((SELECT b.pence FROM budget_area_budgets b WHERE b.process_id = p.id AND b.area_id = $2), 0)
		FROM budget_processes p WHERE p.id = $1`, processID, area).
		Scan(&p.ID, &p.Title, &p.TitleCy, &p.TotalPence, &p.Phase, &p.VotingFrom, &p.VotingUntil, &p.Format, &p.MinChoices, &p.MaxChoices,
			&p.Points, &p.MinAge, &p.VoterAccess, &counted, &areas, &areaBudget)
	return p, areas, areaBudget, d.Err(err, "budgeting.not_found")
}

// projectCosts are the costs of the projects on a ballot (one area's, or all when area is "").
func projectCosts(ctx context.Context, d *db.DB, processID, area string) (map[string]int64, error) {
	costs := map[string]int64{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id string
		var cost int64
		err := r.Scan(&id, &cost)
		costs[id] = cost
		return err
	}, `SELECT id, cost_pence FROM budget_ideas WHERE process_id = $1 AND status = 'accepted'
		AND hidden_at IS NULL AND ($2 = '' OR area_id = $2)`, processID, area)
	if err != nil {
		return nil, err
	}
	return costs, nil
}

// paperBallots is a process's paper ballots, the latest entered first.
func paperBallots(ctx context.Context, d *db.DB, processID string) ([]PaperBallot, error) {
	return db.List(ctx, d, func(r db.Scanner) (PaperBallot, error) {
		var b PaperBallot
		var key, stored string
		if err := r.Scan(&b.ID, &key, &b.AreaID, &b.AreaName, &stored, &b.CreatedAt); err != nil {
			return b, err
		}
		b.Ref = strings.TrimPrefix(key, "paper:")
		b.Choices = len(decodeChoices(stored))
		return b, nil
	}, `SELECT b.id, b.voter_key, COALESCE(b.area_id, ''), COALESCE(a.name, ''), b.choices, b.created_at
		FROM budget_ballots b LEFT JOIN identity_areas a ON a.id = b.area_id WHERE b.process_id = $1 AND b.channel = 'paper'
		ORDER BY b.created_at DESC, b.id`, processID)
}

// deletePaperBallot deletes a paper ballot of a process while it is voting, and returns its
// voter key and area; sql.ErrNoRows when there is no such ballot or voting is not open.
func deletePaperBallot(ctx context.Context, d *db.DB, processID, ballotID string) (key, area string, err error) {
	err = d.QueryRow(ctx, `DELETE FROM budget_ballots WHERE id = $1 AND process_id = $2 AND channel = 'paper'
			AND EXISTS (SELECT 1 FROM budget_processes p WHERE p.id = $2 AND p.phase = 'voting') RETURNING voter_key, COALESCE(area_id, '')`, ballotID, processID).Scan(&key, &area)
	return key, area, err
}
