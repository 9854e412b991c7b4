package timebank

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

func orderPair(a, b string) (string, string) {
	if a < b {
		return a, b
	}
	return b, a
}

const agreementCols = `g.id, g.bank_low, g.bank_high, g.proposer, g.limit_minutes, g.status, g.note, g.proposed_at, g.decided_at`

func scanAgreement(row db.Scanner) (Agreement, error) {
	var g Agreement
	var decided sql.NullTime
	err := row.Scan(&g.ID, &g.BankLow, &g.BankHigh, &g.Proposer, &g.Limit, &g.Status, &g.Note, &g.ProposedAt, &decided)
	if decided.Valid {
		g.DecidedAt = &decided.Time
	}
	return g, err
}

// agreementBetween returns the agreement between two banks, whatever its status.
func agreementBetween(ctx context.Context, d *db.DB, a, b string) (Agreement, error) {
	lo, hi := orderPair(a, b)
	return scanAgreement(d.QueryRow(ctx, `SELECT `+agreementCols+` FROM timebank_agreements g WHERE g.bank_low = $1 AND g.bank_high = $2`, lo, hi))
}

func agreementByID(ctx context.Context, d *db.DB, id string) (Agreement, error) {
	return scanAgreement(d.QueryRow(ctx, `SELECT `+agreementCols+` FROM timebank_agreements g WHERE g.id = $1`, id))
}

// agreementsOf lists a bank's agreements, each seen from that bank, with its clearing balance.
func agreementsOf(ctx context.Context, d *db.DB, bankID string) ([]Agreement, error) {
	return db.List(ctx, d, func(r db.Scanner) (Agreement, error) {
		var g Agreement
		var decided sql.NullTime
		if err := r.Scan(&g.ID, &g.BankLow, &g.BankHigh, &g.Proposer, &g.Limit, &g.Status, &g.Note, &g.ProposedAt, &decided,
			&g.PartnerName, &g.Balance); err != nil {
			return g, err
		}
		if decided.Valid {
			g.DecidedAt = &decided.Time
		}
		g.Partner = g.BankHigh
		if g.BankHigh == bankID {
			g.Partner = g.BankLow
		}
		return g, nil
	}, `SELECT `+agreementCols+`, b.name, COALESCE(a.balance, 0)
		FROM timebank_agreements g
		JOIN timebank_banks b ON b.id = CASE WHEN g.bank_low = $1 THEN g.bank_high ELSE g.bank_low END
		LEFT JOIN timebank_accounts a ON a.bank_id = $1 AND a.kind = 'clearing' AND a.partner_bank_id = b.id
		WHERE g.bank_low = $1 OR g.bank_high = $1 ORDER BY b.name`, bankID)
}

func insertAgreement(ctx context.Context, d *db.DB, g Agreement, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_agreements (id, bank_low, bank_high, proposer, limit_minutes, status, note, proposed_by, proposed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, g.ID, g.BankLow, g.BankHigh, g.Proposer, g.Limit, g.Status, g.Note, nullStr(by), g.ProposedAt)
	return err
}

// reproposeAgreement opens a declined or ended agreement again as a proposal.
func reproposeAgreement(ctx context.Context, d *db.DB, g Agreement, by string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE timebank_agreements SET proposer = $2, limit_minutes = $3, status = 'proposed', note = $4,
		proposed_by = $5, proposed_at = $6, decided_by = NULL, decided_at = NULL WHERE id = $1 AND status IN ('declined', 'ended')`,
		g.ID, g.Proposer, g.Limit, g.Note, nullStr(by), g.ProposedAt)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func setAgreementStatus(ctx context.Context, d *db.DB, id, from, to, by string, at time.Time) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE timebank_agreements SET status = $3, decided_by = $4, decided_at = $5 WHERE id = $1 AND status = $2`,
		id, from, to, nullStr(by), at)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
