package network

import (
	"context"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// openReports are the unresolved reports, oldest first, with reporters' and authors' ids (the
// service reads their names through identity).
func openReports(ctx context.Context, d *db.DB) ([]Report, error) {
	return db.List(ctx, d, scanReport, `SELECT r.id, p.id, g.id, g.name, p.thread_id, r.reporter_id, r.reason, r.created_at, p.author_id, p.body_html, p.state
		FROM network_reports r JOIN network_posts p ON p.id = r.post_id JOIN network_groups g ON g.id = p.group_id
		WHERE r.resolved_at IS NULL ORDER BY r.created_at, r.id`)
}

// heldPosts are the posts waiting for a moderator, oldest first, as reports without a reporter.
func heldPosts(ctx context.Context, d *db.DB) ([]Report, error) {
	return db.List(ctx, d, scanReport, `SELECT '', p.id, g.id, g.name, p.thread_id, '', '', p.created_at, p.author_id, p.body_html, p.state
		FROM network_posts p JOIN network_groups g ON g.id = p.group_id
		WHERE p.state = 'held' ORDER BY p.created_at, p.id`)
}

// recentSpam are the spam checks' latest refusals, newest first.
func recentSpam(ctx context.Context, d *db.DB, limit int) ([]SpamEntry, error) {
	return db.List(ctx, d, func(r db.Scanner) (SpamEntry, error) {
		var e SpamEntry
		if err := r.Scan(&e.accountID, &e.Reason, &e.Detail, &e.At); err != nil {
			return e, err
		}
		e.At = e.At.UTC()
		return e, nil
	}, `SELECT COALESCE(l.account_id, ''), l.reason, l.detail, l.created_at FROM network_spam_log l
		ORDER BY l.created_at DESC, l.id LIMIT $1`, limit)
}

// blocksOf are the blocked accounts (names are identity's to read).
func blocksOf(ctx context.Context, d *db.DB) ([]Blocked, error) {
	return db.List(ctx, d, func(r db.Scanner) (Blocked, error) {
		var b Blocked
		err := r.Scan(&b.AccountID, &b.Reason, &b.At)
		return b, err
	}, `SELECT account_id, reason, blocked_at FROM network_blocks ORDER BY account_id`)
}

func scanReport(row db.Scanner) (Report, error) {
	var r Report
	var html string
	err := row.Scan(&r.ID, &r.PostID, &r.GroupID, &r.GroupName, &r.ThreadID, &r.reporterID, &r.Reason, &r.CreatedAt, &r.AuthorID, &html, &r.PostState)
	r.PostHTML = trusted(html)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

func insertReport(ctx context.Context, d *db.DB, postID, reporterID, reason string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_reports (id, post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
		ids.New(), postID, reporterID, reason, now)
	return err
}

// threadTitle is a thread's title.
func threadTitle(ctx context.Context, d *db.DB, threadID string) (string, error) {
	var title string
	err := d.QueryRow(ctx, `SELECT title FROM network_threads WHERE id = $1`, threadID).Scan(&title)
	return title, err
}

// setPostState hides a post with a reason, or shows it again (reason "").
func setPostState(ctx context.Context, d *db.DB, postID, state, reason string) error {
	_, err := d.Exec(ctx, `UPDATE network_posts SET state = $1, hidden_reason = $2 WHERE id = $3`, state, reason, postID)
	return err
}

// approvePost shows a held post.
func approvePost(ctx context.Context, d *db.DB, postID string) error {
	_, err := d.Exec(ctx, `UPDATE network_posts SET state = 'visible' WHERE id = $1`, postID)
	return err
}

// resolveReports closes a post's open reports.
func resolveReports(ctx context.Context, d *db.DB, postID, by string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE network_reports SET resolved_at = $1, resolved_by = $2 WHERE post_id = $3 AND resolved_at IS NULL`, now, by, postID)
	return err
}

func blockAccount(ctx context.Context, d *db.DB, accountID, reason, by string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_blocks (account_id, reason, blocked_by, blocked_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id) DO UPDATE SET reason = excluded.reason`, accountID, reason, by, now)
	return err
}

func unblockAccount(ctx context.Context, d *db.DB, accountID string) error {
	_, err := d.Exec(ctx, `DELETE FROM network_blocks WHERE account_id = $1`, accountID)
	return err
}
