package budgeting

import (
	"context"
	"database/sql"
	"encoding/json"

	"commons/internal/platform/db"
	"commons/internal/platform/errs"
)

// insertCount stores a count with the Pabulib file of each election it counted.
func insertCount(ctx context.Context, d *db.DB, c storedCount, files map[string][]byte) error {
	doc, err := json.Marshal(c.Doc)
	if err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `INSERT INTO budget_counts (id, process_id, seq, state, rule, counted_at, counted_by, closed_early,
		recount_reason, ballots, spent_pence, budget_pence, result) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		c.ID, c.ProcessID, c.Seq, c.State, c.Rule, c.CountedAt, db.NullString(c.CountedBy), c.ClosedEarly, c.RecountReason,
		c.Ballots, c.Spent, c.Budget, string(doc)); err != nil {
		return err
	}
	for area, body := range files {
		if _, err := d.Exec(ctx, `INSERT INTO budget_count_files (count_id, area_id, body) VALUES ($1, $2, $3)`, c.ID, area, string(body)); err != nil {
			return err
		}
	}
	return nil
}

// latestCount reads a process's current count in one query: the published one when
// publishedOnly, else the latest that is being checked or published. With it comes when the
// count it replaced was published, if it replaced one.
func latestCount(ctx context.Context, d *db.DB, processID string, publishedOnly bool) (storedCount, error) {
	states := `('checking', 'published')`
	if publishedOnly {
		states = `('published')`
	}
	var c storedCount
	var countedBy sql.NullString
	var published, replaced, replaces sql.NullTime
	var doc string
	err := d.QueryRow(ctx, `SELECT c.id, c.process_id, c.seq, c.state, c.rule, c.counted_at, c.counted_by, c.closed_early, c.recount_reason,
		c.published_at, c.replaced_at, c.ballots, c.spent_pence, c.budget_pence, c.result,
		(SELECT o.published_at FROM budget_counts o WHERE o.process_id = c.process_id AND o.seq < c.seq AND o.published_at IS NOT NULL
			ORDER BY o.seq DESC LIMIT 1)
		FROM budget_counts c WHERE c.process_id = $1 AND c.state IN `+states+` ORDER BY c.seq DESC LIMIT 1`, processID).
		Scan(&c.ID, &c.ProcessID, &c.Seq, &c.State, &c.Rule, &c.CountedAt, &countedBy, &c.ClosedEarly, &c.RecountReason,
			&published, &replaced, &c.Ballots, &c.Spent, &c.Budget, &doc, &replaces)
	if err != nil {
		return c, d.Err(err, "budgeting.not_counted")
	}
	c.CountedAt = c.CountedAt.UTC()
	c.CountedBy = countedBy.String
	c.PublishedAt, c.ReplacedAt, c.ReplacesPublic = db.TimeOf(published), db.TimeOf(replaced), db.TimeOf(replaces)
	if err := json.Unmarshal([]byte(doc), &c.Doc); err != nil {
		return c, errs.Wrap(err, "budgeting: read count "+c.ID)
	}
	return c, nil
}

// countFile is a stored count's Pabulib file for one election.
func countFile(ctx context.Context, d *db.DB, countID, area string) ([]byte, error) {
	var body string
	err := d.QueryRow(ctx, `SELECT body FROM budget_count_files WHERE count_id = $1 AND area_id = $2`, countID, area).Scan(&body)
	if err != nil {
		return nil, d.Err(err, "error.not_found")
	}
	return []byte(body), nil
}
