package budgeting

import (
	"context"

	"commons/internal/platform/db"
)

// What participatory budgeting holds about a person, for their data download ($1 is the account).
var accountExports = map[string]string{
	"processes_set_up": `SELECT id, title, phase, created_at FROM budget_processes WHERE created_by = $1 ORDER BY created_at, id`,
	"ideas": `SELECT i.id, i.title, p.title AS process, i.description, i.address, i.estimate_pence, i.status, i.created_at
		FROM budget_ideas i JOIN budget_processes p ON p.id = i.process_id WHERE i.author_id = $1 ORDER BY i.created_at, i.id`,
	"support": `SELECT s.idea_id, i.title, s.created_at FROM budget_supports s JOIN budget_ideas i ON i.id = s.idea_id
		WHERE s.account_id = $1 ORDER BY s.created_at, s.idea_id`,
	"comments": `SELECT c.id, i.title AS idea, c.body, c.created_at FROM budget_comments c JOIN budget_ideas i ON i.id = c.idea_id
		WHERE c.author_id = $1 ORDER BY c.created_at, c.id`,
	"reviewing": `SELECT r.process_id, p.title, r.added_at FROM budget_reviewers r JOIN budget_processes p ON p.id = r.process_id
		WHERE r.account_id = $1 ORDER BY r.added_at, p.id`,
	"counts": `SELECT c.id, p.title AS process, c.seq, c.state, c.counted_at AS at, c.published_at,
		CASE WHEN c.counted_by = $1 THEN 'counted' ELSE 'published' END AS action
		FROM budget_counts c JOIN budget_processes p ON p.id = c.process_id WHERE c.counted_by = $1 OR c.published_by = $1
		ORDER BY c.counted_at, c.id`,
	"ballots": `SELECT b.id, p.title AS process, b.receipt, b.channel, b.choices, b.created_at, b.updated_at
		FROM budget_ballots b JOIN budget_processes p ON p.id = b.process_id WHERE b.voter_key = 'account:' || $1
		ORDER BY b.created_at, b.id`,
	"voted_in": `SELECT v.process_id, p.title AS process, v.kind FROM budget_voters v JOIN budget_processes p ON p.id = v.process_id
		WHERE v.account_id = $1 ORDER BY p.title, v.process_id`,
}

// forgetAccount is participatory budgeting's part of deleting an account, in the deletion's
// transaction. Their support, reviewing and the record that they voted in a process go (ON
// DELETE CASCADE); ideas stay in their process
// without an author (ON DELETE SET NULL); comments stay, by a former member; a ballot still
// counts but its voter becomes "deleted:" and the ballot's own id, which ties it to nobody
// and stays unique in its process; a process they set up is set up by the former member.
func forgetAccount(ctx context.Context, d *db.DB, accountID, former string) error {
	if _, err := d.Exec(ctx, `UPDATE budget_comments SET author = '' WHERE author_id = $1`, accountID); err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `UPDATE budget_ballots SET voter_key = 'deleted:' || id WHERE voter_key = 'account:' || $1`, accountID); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `UPDATE budget_processes SET created_by = $2 WHERE created_by = $1`, accountID, former)
	return err
}
