package budgeting

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// countBallots is how many ballots a process holds.
func countBallots(ctx context.Context, d *db.DB, processID string) (int, error) {
	var ballots int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM budget_ballots WHERE process_id = $1`, processID).Scan(&ballots)
	return ballots, err
}

// insertSupport records an account's support for an idea, once.
func insertSupport(ctx context.Context, d *db.DB, ideaID, accountID string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO budget_supports (idea_id, account_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (idea_id, account_id) DO NOTHING`, ideaID, accountID, at)
	return err
}

// insertComment adds a comment unless its author's form key is in already; it returns the
// rows added (0 or 1).
func insertComment(ctx context.Context, d *db.DB, id, ideaID, authorID, author, body string, at time.Time, role, key string) (int64, error) {
	res, err := d.Exec(ctx, `INSERT INTO budget_comments (id, idea_id, author_id, author, body, created_at, author_role, idem_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (author_id, idem_key) DO NOTHING`,
		id, ideaID, authorID, author, body, at, role, db.NullString(key))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// ideaComments is an idea's comments, oldest first (Shown not read).
func ideaComments(ctx context.Context, d *db.DB, ideaID string) ([]Comment, error) {
	return db.List(ctx, d, func(r db.Scanner) (Comment, error) {
		var c Comment
		err := r.Scan(&c.ID, &c.authorID, &c.Author, &c.Role, &c.Body, &c.CreatedAt)
		return c, err
	}, `SELECT id, COALESCE(author_id, ''), author, author_role, body, created_at FROM budget_comments
		WHERE idea_id = $1 ORDER BY created_at, id`, ideaID)
}

// hideIdea hides an idea with the reason; it returns the rows changed (0: no such idea).
func hideIdea(ctx context.Context, d *db.DB, ideaID, reason string, at time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE budget_ideas SET hidden_reason = $1, hidden_at = $2 WHERE id = $3`, reason, at, ideaID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// reviewIdea stores a review's decision, cost and wording on the idea.
func reviewIdea(ctx context.Context, d *db.DB, ideaID string, in ReviewInput, cost int64, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE budget_ideas SET status = $1, feasibility = $2, cost_pence = $3, review_reason = $4,
			reviewed_at = $5, official_title = $6, official_title_cy = $7, summary = $8, summary_cy = $9 WHERE id = $10`,
		in.Decision, in.Feasibility, cost, in.Reason, at, in.TitleEn, in.TitleCy, in.Summary, in.SummaryCy, ideaID)
	return err
}

// ideaMilestones is a project's delivery milestones.
func ideaMilestones(ctx context.Context, d *db.DB, ideaID string) ([]Milestone, error) {
	return db.List(ctx, d, func(r db.Scanner) (Milestone, error) {
		var m Milestone
		err := r.Scan(&m.ID, &m.Title, &m.Status, &m.Percent, &m.UpdatedAt)
		return m, err
	}, `SELECT id, title, status, percent, updated_at FROM budget_milestones WHERE idea_id = $1 ORDER BY updated_at, id`, ideaID)
}

// ideaUpdates is a project's delivery updates, newest first.
func ideaUpdates(ctx context.Context, d *db.DB, ideaID string) ([]Update, error) {
	return db.List(ctx, d, func(r db.Scanner) (Update, error) {
		var u Update
		err := r.Scan(&u.ID, &u.Body, &u.BodyHTML, &u.CreatedAt)
		return u, err
	}, `SELECT id, body, body_html, created_at FROM budget_updates WHERE idea_id = $1 ORDER BY created_at DESC, id`, ideaID)
}

// ideaOutcome is what the published count decided for an idea (empty before one).
func ideaOutcome(ctx context.Context, d *db.DB, ideaID string) (string, error) {
	var outcome string
	err := d.QueryRow(ctx, `SELECT outcome FROM budget_ideas WHERE id = $1`, ideaID).Scan(&outcome)
	return outcome, err
}

func insertMilestone(ctx context.Context, d *db.DB, id, ideaID, title, status string, percent int, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO budget_milestones (id, idea_id, title, status, percent, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, ideaID, title, status, percent, at)
	return err
}

// updateMilestone changes one of the idea's milestones; it returns the rows changed.
func updateMilestone(ctx context.Context, d *db.DB, id, ideaID, title, status string, percent int, at time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE budget_milestones SET title = $1, status = $2, percent = $3, updated_at = $4 WHERE id = $5 AND idea_id = $6`,
		title, status, percent, at, id, ideaID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}

func insertUpdate(ctx context.Context, d *db.DB, id, ideaID, body, bodyHTML string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO budget_updates (id, idea_id, body, body_html, created_at) VALUES ($1, $2, $3, $4, $5)`,
		id, ideaID, body, bodyHTML, at)
	return err
}

func insertCode(ctx context.Context, d *db.DB, id, processID, code string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO budget_codes (id, process_id, code, created_at) VALUES ($1, $2, $3, $4)`,
		id, processID, code, at)
	return err
}

// listCodes is a process's one-time codes, unused first.
func listCodes(ctx context.Context, d *db.DB, processID string) ([]Code, error) {
	return db.List(ctx, d, func(r db.Scanner) (Code, error) {
		var c Code
		err := r.Scan(&c.Code, &c.Used)
		return c, err
	}, `SELECT code, used_at IS NOT NULL FROM budget_codes WHERE process_id = $1 ORDER BY used_at IS NOT NULL, created_at, code`, processID)
}

// markDelivered marks a project delivered unless it is already; it returns the rows changed.
func markDelivered(ctx context.Context, d *db.DB, ideaID string, at time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE budget_ideas SET delivered_at = $1 WHERE id = $2 AND delivered_at IS NULL`, at, ideaID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}
