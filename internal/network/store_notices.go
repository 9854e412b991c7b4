package network

import (
	"context"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

func insertNotice(ctx context.Context, d *db.DB, n Notice, accountID string) error {
	_, err := d.Exec(ctx, `INSERT INTO network_notices (id, account_id, kind, group_id, actor_id, subject, link, detail, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		ids.New(), accountID, n.Kind, n.GroupID, db.NullString(n.ActorID), n.Subject, n.Link, n.Detail, d.Now(ctx))
	return err
}

// mailOff says whether a member turned a group's mail off.
func mailOff(ctx context.Context, d *db.DB, accountID, groupID string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM network_prefs WHERE account_id = $1 AND group_id = $2 AND frequency = 'off'`, accountID, groupID).Scan(&n)
	return n > 0, err
}

// groupName is a group's name.
func groupName(ctx context.Context, d *db.DB, groupID string) (string, error) {
	var name string
	err := d.QueryRow(ctx, `SELECT name FROM network_groups WHERE id = $1`, groupID).Scan(&name)
	return name, err
}

// groupHosts are the ids of a group's hosts.
func groupHosts(ctx context.Context, d *db.DB, groupID string) ([]string, error) {
	return queryIDs(ctx, d, `SELECT account_id FROM network_members WHERE group_id = $1 AND role = 'host' AND state = 'member'
		ORDER BY account_id`, groupID)
}

// chapterAuthors are the ids of everyone who saved a version of a chapter.
func chapterAuthors(ctx context.Context, d *db.DB, chapterID string) ([]string, error) {
	return queryIDs(ctx, d, `SELECT DISTINCT author_id FROM network_versions WHERE chapter_id = $1 ORDER BY author_id`, chapterID)
}

// openReporters are the ids of the people whose reports of a post are still open.
func openReporters(ctx context.Context, d *db.DB, postID string) ([]string, error) {
	return queryIDs(ctx, d, `SELECT DISTINCT reporter_id FROM network_reports WHERE post_id = $1 AND resolved_at IS NULL
		ORDER BY reporter_id`, postID)
}

func queryIDs(ctx context.Context, d *db.DB, q string, args ...any) ([]string, error) {
	return db.Strings(ctx, d, q, args...)
}

// noticesOf lists a person's notices, newest first, with who did what by account id (the
// service reads their names through identity).
func noticesOf(ctx context.Context, d *db.DB, accountID string, limit int) ([]Notice, error) {
	return db.List(ctx, d, func(r db.Scanner) (Notice, error) {
		var n Notice
		if err := r.Scan(&n.ID, &n.Kind, &n.GroupID, &n.GroupName, &n.ActorID, &n.Subject, &n.Link, &n.Detail,
			&n.CreatedAt, &n.Read); err != nil {
			return n, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		return n, nil
	}, `SELECT n.id, n.kind, n.group_id, g.name, COALESCE(n.actor_id, ''),
		n.subject, n.link, n.detail, n.created_at, n.read_at IS NOT NULL
		FROM network_notices n JOIN network_groups g ON g.id = n.group_id
		WHERE n.account_id = $1 ORDER BY n.created_at DESC, n.id LIMIT $2`, accountID, limit)
}

// unreadCount is how many of a person's notifications and notices they have not read: the
// number in the menu. Notifications count as Notifications lists them (mentions and replies in
// groups they are still in, of posts still shown).
func unreadCount(ctx context.Context, d *db.DB, accountID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM network_notifications n
		   JOIN network_posts p ON p.id = n.post_id
		   JOIN network_members m ON m.group_id = n.group_id AND m.account_id = n.account_id AND m.state = 'member'
		  WHERE n.account_id = $1 AND n.read_at IS NULL AND n.kind IN ('mention', 'reply') AND p.state = 'visible')
		+ (SELECT count(*) FROM network_notices WHERE account_id = $1 AND read_at IS NULL)`, accountID).Scan(&n)
	return n, err
}

func markNoticesRead(ctx context.Context, d *db.DB, accountID string, at time.Time) error {
	_, err := d.Exec(ctx, `UPDATE network_notices SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL`, at, accountID)
	return err
}

// groupMemberIDs are the ids of a group's members.
func groupMemberIDs(ctx context.Context, d *db.DB, groupID string) ([]string, error) {
	return queryIDs(ctx, d, `SELECT account_id FROM network_members WHERE group_id = $1 AND state = 'member' ORDER BY account_id`, groupID)
}

// memberPosts are a member's latest shown posts in a group, with their threads' titles.
func memberPosts(ctx context.Context, d *db.DB, groupID, accountID string, limit int) ([]SearchResult, error) {
	return db.List(ctx, d, func(row db.Scanner) (SearchResult, error) {
		var r SearchResult
		if err := row.Scan(&r.ThreadID, &r.Title, &r.PostID); err != nil {
			return r, err
		}
		r.GroupID = groupID
		return r, nil
	}, `SELECT t.id, t.title, p.id FROM network_posts p JOIN network_threads t ON t.id = p.thread_id
		WHERE p.group_id = $1 AND p.author_id = $2 AND p.state = 'visible' ORDER BY p.created_at DESC, p.id LIMIT $3`,
		groupID, accountID, limit)
}
