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
	out := map[string]MonthFigure{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var f MonthFigure
		err := r.Scan(&f.Month, &f.Exchanges, &f.Minutes)
		out[f.Month] = f
		return err
	}, `SELECT substr(e.happened_on, 1, 7), count(*), COALESCE(SUM(e.minutes), 0) FROM timebank_exchanges e
		WHERE `+bankExchanges+` AND e.happened_on >= $2 GROUP BY substr(e.happened_on, 1, 7)`, bankID, since)
	if err != nil {
		return nil, err
	}
	// Active members a month: distinct member accounts of this bank on a line of a confirmed
	// exchange that happened that month.
	err = db.Each(ctx, d, func(r db.Scanner) error {
		var month string
		var n int
		if err := r.Scan(&month, &n); err != nil {
			return err
		}
		f := out[month]
		f.Month, f.Active = month, n
		out[month] = f
		return nil
	}, `SELECT substr(e.happened_on, 1, 7), count(DISTINCT a.id) FROM timebank_exchanges e
		JOIN timebank_exchange_lines l ON l.exchange_id = e.id
		JOIN timebank_accounts a ON (a.id = l.payer OR a.id = l.payee) AND a.bank_id = $1 AND a.kind = 'member'
		WHERE e.status = 'confirmed' AND e.happened_on >= $2 GROUP BY substr(e.happened_on, 1, 7)`, bankID, since)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func categoryFigures(ctx context.Context, d *db.DB, bankID, since string) ([]CategoryFigure, error) {
	return db.List(ctx, d, func(r db.Scanner) (CategoryFigure, error) {
		var f CategoryFigure
		err := r.Scan(&f.Category, &f.Exchanges, &f.Minutes)
		return f, err
	}, `SELECT e.category, count(*), COALESCE(SUM(e.minutes), 0) FROM timebank_exchanges e
		WHERE `+bankExchanges+` AND e.happened_on >= $2 GROUP BY e.category ORDER BY 3 DESC, 1`, bankID, since)
}

// memberFlow is what a member account gave and received in exchanges and volunteering that
// were not reversed, and the last day it did either.
type memberFlow struct {
	Gave, Received int64
	Last           string
}

func memberFlows(ctx context.Context, d *db.DB, bankID string) (map[string]memberFlow, error) {
	out := map[string]memberFlow{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id string
		var f memberFlow
		err := r.Scan(&id, &f.Gave, &f.Received, &f.Last)
		out[id] = f
		return err
	}, `SELECT a.member_id,
		COALESCE(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END), 0), MAX(t.happened_on)
		FROM timebank_accounts a JOIN timebank_postings p ON p.account_id = a.id JOIN timebank_transactions t ON t.id = p.transaction_id
		WHERE a.bank_id = $1 AND a.kind = 'member' AND t.kind IN ('exchange', 'volunteering', 'import')
		AND NOT EXISTS (SELECT 1 FROM timebank_transactions r WHERE r.reverses_id = t.id)
		GROUP BY a.member_id`, bankID)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelFigure counts exchanges brokers recorded or confirmed for someone, by how they heard.
type ChannelFigure struct {
	Channel   string `json:"channel"`
	Recorded  int    `json:"recorded"`
	Confirmed int    `json:"confirmed"`
}

func channelFigures(ctx context.Context, d *db.DB, bankID, since string) ([]ChannelFigure, error) {
	return db.List(ctx, d, func(r db.Scanner) (ChannelFigure, error) {
		var f ChannelFigure
		err := r.Scan(&f.Channel, &f.Recorded, &f.Confirmed)
		return f, err
	}, `SELECT ch, SUM(rec), SUM(conf) FROM (
		SELECT e.assisted_channel AS ch, 1 AS rec, 0 AS conf FROM timebank_exchanges e WHERE e.bank_id = $1 AND e.assisted_channel <> '' AND e.happened_on >= $2
		UNION ALL
		SELECT e.decided_channel, 0, 1 FROM timebank_exchanges e WHERE e.bank_id = $1 AND e.decided_channel <> '' AND e.happened_on >= $2
	) x GROUP BY ch ORDER BY ch`, bankID, since)
}
