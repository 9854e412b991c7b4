package timebank

import (
	"context"

	"commons/internal/platform/db"
)

// bankExchanges is the condition for a bank's confirmed exchanges: recorded in it, or between
// it and another bank.
const bankExchanges = `e.status = 'confirmed' AND (e.bank_id = $1 OR e.id IN (SELECT l.exchange_id FROM timebank_exchange_lines l
	JOIN timebank_accounts a ON a.id = l.payer OR a.id = l.payee WHERE a.bank_id = $1))`

// MonthFigure is one month's exchanges.
type MonthFigure struct {
	Month     string `json:"month"` // yyyy-mm
	Exchanges int    `json:"exchanges"`
	Minutes   int64  `json:"minutes"`
	Active    int    `json:"active_members"` // members who gave or received that month
}

// CategoryFigure is one category's exchanges.
type CategoryFigure struct {
	Category  string `json:"category"`
	Exchanges int    `json:"exchanges"`
	Minutes   int64  `json:"minutes"`
}

func monthFigures(ctx context.Context, d *db.DB, bankID, since string) (map[string]MonthFigure, error) {
	rows, err := d.Query(ctx, `SELECT substr(e.happened_on, 1, 7), count(*), COALESCE(SUM(e.minutes), 0) FROM timebank_exchanges e
		WHERE `+bankExchanges+` AND e.happened_on >= $2 GROUP BY substr(e.happened_on, 1, 7)`, bankID, since)
	if err != nil {
		return nil, err
	}
	out := map[string]MonthFigure{}
	for rows.Next() {
		var f MonthFigure
		if err := rows.Scan(&f.Month, &f.Exchanges, &f.Minutes); err != nil {
			rows.Close()
			return nil, err
		}
		out[f.Month] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Active members a month: distinct member accounts of this bank on a line of a confirmed
	// exchange that happened that month.
	rows, err = d.Query(ctx, `SELECT substr(e.happened_on, 1, 7), count(DISTINCT a.id) FROM timebank_exchanges e
		JOIN timebank_exchange_lines l ON l.exchange_id = e.id
		JOIN timebank_accounts a ON (a.id = l.payer OR a.id = l.payee) AND a.bank_id = $1 AND a.kind = 'member'
		WHERE e.status = 'confirmed' AND e.happened_on >= $2 GROUP BY substr(e.happened_on, 1, 7)`, bankID, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var month string
		var n int
		if err := rows.Scan(&month, &n); err != nil {
			return nil, err
		}
		f := out[month]
		f.Month, f.Active = month, n
		out[month] = f
	}
	return out, rows.Err()
}

func categoryFigures(ctx context.Context, d *db.DB, bankID, since string) ([]CategoryFigure, error) {
	rows, err := d.Query(ctx, `SELECT e.category, count(*), COALESCE(SUM(e.minutes), 0) FROM timebank_exchanges e
		WHERE `+bankExchanges+` AND e.happened_on >= $2 GROUP BY e.category ORDER BY 3 DESC, 1`, bankID, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CategoryFigure
	for rows.Next() {
		var f CategoryFigure
		if err := rows.Scan(&f.Category, &f.Exchanges, &f.Minutes); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// memberFlow is what a member account gave and received in exchanges and volunteering that
// were not reversed, and the last day it did either.
type memberFlow struct {
	Gave, Received int64
	Last           string
}

func memberFlows(ctx context.Context, d *db.DB, bankID string) (map[string]memberFlow, error) {
	rows, err := d.Query(ctx, `SELECT a.member_id,
		COALESCE(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END), 0), MAX(t.happened_on)
		FROM timebank_accounts a JOIN timebank_postings p ON p.account_id = a.id JOIN timebank_transactions t ON t.id = p.transaction_id
		WHERE a.bank_id = $1 AND a.kind = 'member' AND t.kind IN ('exchange', 'volunteering', 'import')
		AND NOT EXISTS (SELECT 1 FROM timebank_transactions r WHERE r.reverses_id = t.id)
		GROUP BY a.member_id`, bankID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]memberFlow{}
	for rows.Next() {
		var id string
		var f memberFlow
		if err := rows.Scan(&id, &f.Gave, &f.Received, &f.Last); err != nil {
			return nil, err
		}
		out[id] = f
	}
	return out, rows.Err()
}

// ChannelFigure counts exchanges brokers recorded or confirmed for someone, by how they heard.
type ChannelFigure struct {
	Channel   string `json:"channel"`
	Recorded  int    `json:"recorded"`
	Confirmed int    `json:"confirmed"`
}

func channelFigures(ctx context.Context, d *db.DB, bankID, since string) ([]ChannelFigure, error) {
	rows, err := d.Query(ctx, `SELECT ch, SUM(rec), SUM(conf) FROM (
		SELECT e.assisted_channel AS ch, 1 AS rec, 0 AS conf FROM timebank_exchanges e WHERE e.bank_id = $1 AND e.assisted_channel <> '' AND e.happened_on >= $2
		UNION ALL
		SELECT e.decided_channel, 0, 1 FROM timebank_exchanges e WHERE e.bank_id = $1 AND e.decided_channel <> '' AND e.happened_on >= $2
	) x GROUP BY ch ORDER BY ch`, bankID, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChannelFigure
	for rows.Next() {
		var f ChannelFigure
		if err := rows.Scan(&f.Channel, &f.Recorded, &f.Confirmed); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
