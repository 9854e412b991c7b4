package budgeting

import (
	"context"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// ballotRow is one ballot as ImportBallots stores it.
type ballotRow struct {
	channel, area, choices string
}

// importRows is how many ballots one INSERT carries (nine values each, well inside both
// databases' limits on parameters).
const importRows = 500

// insertBallots stores imported ballots, several hundred to a statement. Each gets its own
// voter key ("import:" and its id) and receipt number.
func insertBallots(ctx context.Context, d *db.DB, processID string, now time.Time, rows []ballotRow) error {
	for start := 0; start < len(rows); start += importRows {
		part := rows[start:min(start+importRows, len(rows))]
		var q strings.Builder
		q.WriteString(`INSERT INTO budget_ballots (id, process_id, voter_key, channel, area_id, receipt, choices, created_at, updated_at) VALUES `)
		args := make([]any, 0, len(part)*9)
		for i, r := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for k := range 9 {
				if k > 0 {
					q.WriteString(", ")
				}
				q.WriteString("$" + strconv.Itoa(i*9+k+1))
			}
			q.WriteString(")")
			id := ids.New()
			args = append(args, id, processID, "import:"+id, r.channel, db.NullString(r.area), newReceipt(), r.choices, now, now)
		}
		if _, err := d.Exec(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
