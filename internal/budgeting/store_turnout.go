package budgeting

import (
	"context"
	"math/rand/v2"

	"commons/internal/platform/db"
)

// bumpTurnout adds delta ballots to the live turnout of a process's area and channel, in the
// caller's transaction: the ballot and its count commit or vanish together.
func bumpTurnout(ctx context.Context, d *db.DB, processID, area, channel string, delta int) error {
	// Each (process, area, channel) counter is spread over the dialect's slots for a counter
	// many bump at once, so voters committing together do not all wait on one row.
	slot := rand.IntN(d.Dialect().HotRowSlots())
	_, err := d.Exec(ctx, `INSERT INTO budget_turnout (process_id, area_id, channel, slot, ballots) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (process_id, area_id, channel, slot) DO UPDATE SET ballots = budget_turnout.ballots + excluded.ballots`,
		processID, area, channel, slot, delta)
	return err
}

// readTurnout is a process's turnout by area and channel from the live counters: a few rows,
// whatever the number of ballots.
func readTurnout(ctx context.Context, d *db.DB, processID string) ([]Turnout, error) {
	out, err := db.List(ctx, d, func(r db.Scanner) (Turnout, error) {
		var t Turnout
		var n int64
		err := r.Scan(&t.AreaID, &t.AreaName, &t.Channel, &n)
		t.Ballots = int(n)
		return t, err
	}, `SELECT t.area_id, COALESCE(a.name, ''), t.channel, SUM(t.ballots) FROM budget_turnout t
		LEFT JOIN identity_areas a ON a.id = t.area_id WHERE t.process_id = $1
		GROUP BY t.area_id, a.name, t.channel HAVING SUM(t.ballots) > 0 ORDER BY COALESCE(a.name, ''), t.channel`, processID)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []Turnout{}
	}
	return out, nil
}
