package budgeting

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// closeVoting moves a process to its results phase.
func closeVoting(ctx context.Context, d *db.DB, processID string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE budget_processes SET phase = 'results', updated_at = $1 WHERE id = $2`, now, processID)
	return err
}

// lastCountSeq is the number of the process's latest count (0 before any).
func lastCountSeq(ctx context.Context, d *db.DB, processID string) (int, error) {
	var seq int
	err := d.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM budget_counts WHERE process_id = $1`, processID).Scan(&seq)
	return seq, err
}

// withdrawCheckingCounts withdraws the process's count waiting to be checked, if any.
func withdrawCheckingCounts(ctx context.Context, d *db.DB, processID string) error {
	_, err := d.Exec(ctx, `UPDATE budget_counts SET state = 'withdrawn' WHERE process_id = $1 AND state = 'checking'`, processID)
	return err
}

// markCounted records a count on the process, ending any reopening.
func markCounted(ctx context.Context, d *db.DB, processID string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE budget_processes SET counted_at = $1, reopened_at = NULL, reopen_reason = '', updated_at = $1 WHERE id = $2`, now, processID)
	return err
}

// markReopened records that a counted process is reopened for correction, and why.
func markReopened(ctx context.Context, d *db.DB, processID, reason string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE budget_processes SET reopened_at = $1, reopen_reason = $2, updated_at = $1 WHERE id = $3`, now, reason, processID)
	return err
}

// replacePublishedCount marks the process's published count replaced.
func replacePublishedCount(ctx context.Context, d *db.DB, processID string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE budget_counts SET state = 'replaced', replaced_at = $1 WHERE process_id = $2 AND state = 'published'`, now, processID)
	return err
}

// publishCount publishes a count waiting to be checked; it returns the rows changed.
func publishCount(ctx context.Context, d *db.DB, countID, by string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE budget_counts SET state = 'published', published_at = $1, published_by = $2 WHERE id = $3 AND state = 'checking'`, now, by, countID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// clearOutcomes forgets every idea's outcome in the process.
func clearOutcomes(ctx context.Context, d *db.DB, processID string) error {
	_, err := d.Exec(ctx, `UPDATE budget_ideas SET outcome = '' WHERE process_id = $1`, processID)
	return err
}

// setOutcome records what the published count decided for an idea.
func setOutcome(ctx context.Context, d *db.DB, ideaID, outcome string) error {
	_, err := d.Exec(ctx, `UPDATE budget_ideas SET outcome = $1 WHERE id = $2`, outcome, ideaID)
	return err
}
