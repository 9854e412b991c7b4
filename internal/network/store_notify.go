package network

import (
	"context"
	"time"

	"commons/internal/network/digest"
	"commons/internal/platform/db"
	"commons/internal/platform/markdown"
)

// notificationsOf are an account's mentions and replies in groups it is still a member of,
// newest first, without the posts' authors' names.
func notificationsOf(ctx context.Context, d *db.DB, accountID string, limit int) ([]Notification, error) {
	return db.List(ctx, d, func(r db.Scanner) (Notification, error) {
		var n Notification
		if err := r.Scan(&n.ID, &n.Kind, &n.GroupID, &n.GroupName, &n.ThreadID, &n.Title, &n.PostID, &n.authorID, &n.CreatedAt, &n.Read); err != nil {
			return n, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		return n, nil
	}, `SELECT n.id, n.kind, g.id, g.name, t.id, t.title, n.post_id, p.author_id, n.created_at, n.read_at IS NOT NULL
		FROM network_notifications n
		JOIN network_groups g ON g.id = n.group_id
		JOIN network_threads t ON t.id = n.thread_id
		JOIN network_posts p ON p.id = n.post_id
		JOIN network_members m ON m.group_id = n.group_id AND m.account_id = n.account_id AND m.state = 'member'
		WHERE n.account_id = $1 AND n.kind IN ('mention', 'reply') AND p.state = 'visible'
		ORDER BY n.created_at DESC, n.id LIMIT $2`, accountID, limit)
}

func markNotificationsRead(ctx context.Context, d *db.DB, accountID string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE network_notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL`, now, accountID)
	return err
}

// unsubscribeLink reads whom and which group an unsubscribe link is for.
func unsubscribeLink(ctx context.Context, d *db.DB, hash string) (accountID, groupID, groupName string, err error) {
	err = d.QueryRow(ctx, `SELECT u.account_id, u.group_id, g.name FROM network_unsubscribe u JOIN network_groups g ON g.id = u.group_id
		WHERE u.token_hash = $1`, hash).Scan(&accountID, &groupID, &groupName)
	return accountID, groupID, groupName, err
}

// stopMail turns a member's mail from a group off.
func stopMail(ctx context.Context, d *db.DB, accountID, groupID string, next time.Time) error {
	_, err := d.Exec(ctx, `UPDATE network_prefs SET frequency = 'off', next_digest_at = $1 WHERE account_id = $2 AND group_id = $3`,
		next, accountID, groupID)
	return err
}

func insertUnsubscribe(ctx context.Context, d *db.DB, hash, accountID, groupID string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_unsubscribe (token_hash, account_id, group_id, created_at) VALUES ($1, $2, $3, $4)`,
		hash, accountID, groupID, now)
	return err
}

// dueImmediate are unsent notifications of people who want mail at once, oldest first.
func dueImmediate(ctx context.Context, d *db.DB, limit int) ([]string, error) {
	return queryIDs(ctx, d, `SELECT n.id FROM network_notifications n
		JOIN network_prefs p ON p.account_id = n.account_id AND p.group_id = n.group_id
		WHERE n.mailed_at IS NULL AND p.frequency = 'immediate' ORDER BY n.created_at LIMIT $1`, limit)
}

// due is a person's digest of a group and when it fell due.
type due struct {
	account, group string
	at             time.Time
}

// dueDigests are the digests due by now, the longest due first.
func dueDigests(ctx context.Context, d *db.DB, now time.Time, limit int) ([]due, error) {
	return db.List(ctx, d, func(r db.Scanner) (due, error) {
		var x due
		err := r.Scan(&x.account, &x.group, &x.at)
		return x, err
	}, `SELECT account_id, group_id, next_digest_at FROM network_prefs
		WHERE frequency IN ('daily', 'weekly') AND next_digest_at <= $1 ORDER BY next_digest_at LIMIT $2`, now, limit)
}

// memberGroupName is the name of a group the account is a member of (no rows otherwise).
func memberGroupName(ctx context.Context, d *db.DB, accountID, groupID string) (string, error) {
	var name string
	err := d.QueryRow(ctx, `SELECT g.name FROM network_members m JOIN network_groups g ON g.id = m.group_id
		WHERE m.account_id = $1 AND m.group_id = $2 AND m.state = 'member'`, accountID, groupID).Scan(&name)
	return name, err
}

// claimNotification marks a notification mailed, reporting 0 when another server did first.
func claimNotification(ctx context.Context, d *db.DB, id string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE network_notifications SET mailed_at = $1 WHERE id = $2 AND mailed_at IS NULL`, now, id)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// mailNotice is what the mail of one notification says.
type mailNotice struct {
	accountID, groupID, threadID, title, kind, authorID, body string
}

// notificationToMail reads a notification of a visible post for its mail (no rows otherwise).
func notificationToMail(ctx context.Context, d *db.DB, id string) (mailNotice, error) {
	var x mailNotice
	err := d.QueryRow(ctx, `SELECT n.account_id, n.group_id, n.thread_id, t.title, n.kind, p.author_id, p.body
		FROM network_notifications n JOIN network_threads t ON t.id = n.thread_id JOIN network_posts p ON p.id = n.post_id
		WHERE n.id = $1 AND p.state = 'visible'`, id).
		Scan(&x.accountID, &x.groupID, &x.threadID, &x.title, &x.kind, &x.authorID, &x.body)
	return x, err
}

// mailFrequency is how often a member wants a group's mail (no rows: never chosen).
func mailFrequency(ctx context.Context, d *db.DB, accountID, groupID string) (string, error) {
	var freq string
	err := d.QueryRow(ctx, `SELECT frequency FROM network_prefs WHERE account_id = $1 AND group_id = $2`, accountID, groupID).Scan(&freq)
	return freq, err
}

// claimDigest moves a digest's due time on, reporting 0 when another server did first.
func claimDigest(ctx context.Context, d *db.DB, accountID, groupID string, dueAt, next time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE network_prefs SET next_digest_at = $1 WHERE account_id = $2 AND group_id = $3 AND next_digest_at = $4`,
		next, accountID, groupID, dueAt)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// digestItems are a member's unmailed notifications of visible posts in a group since a time,
// each with its post's author's id (the names are identity's to read).
func digestItems(ctx context.Context, d *db.DB, accountID, groupID string, since time.Time) ([]digest.Item, []string, error) {
	var items []digest.Item
	var authors []string
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var it digest.Item
		var body, author string
		if err := r.Scan(&it.ThreadID, &it.Title, &body, &author, &it.At, &it.Mentioned, &it.Followed); err != nil {
			return err
		}
		it.Excerpt = markdown.Excerpt(body, 140)
		items = append(items, it)
		authors = append(authors, author)
		return nil
	}, `SELECT t.id, t.title, p.body, p.author_id, p.created_at, n.kind = 'mention',
		EXISTS (SELECT 1 FROM network_follows f WHERE f.account_id = n.account_id AND f.thread_id = n.thread_id)
		FROM network_notifications n JOIN network_threads t ON t.id = n.thread_id JOIN network_posts p ON p.id = n.post_id
		WHERE n.account_id = $1 AND n.group_id = $2 AND n.mailed_at IS NULL AND p.state = 'visible' AND n.created_at > $3`,
		accountID, groupID, since)
	if err != nil {
		return nil, nil, err
	}
	return items, authors, nil
}

// markGroupMailed marks a member's notifications of a group mailed.
func markGroupMailed(ctx context.Context, d *db.DB, accountID, groupID string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE network_notifications SET mailed_at = $1 WHERE account_id = $2 AND group_id = $3 AND mailed_at IS NULL`,
		now, accountID, groupID)
	return err
}
