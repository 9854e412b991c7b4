package network

import (
	"context"

	"commons/internal/platform/db"
)

// What the network holds about a person, for their data download: each kind of record with the
// query that finds theirs ($1 is the account).
var accountExports = map[string]string{
	"groups_started": `SELECT id, name, visibility, created_at FROM network_groups WHERE created_by = $1 ORDER BY created_at, id`,
	"memberships": `SELECT m.group_id, g.name AS "group", m.role, m.state, m.show_org, m.joined_at
		FROM network_members m JOIN network_groups g ON g.id = m.group_id WHERE m.account_id = $1 ORDER BY m.joined_at, g.id`,
	"mail_settings": `SELECT p.group_id, g.name AS "group", p.frequency, p.next_digest_at
		FROM network_prefs p JOIN network_groups g ON g.id = p.group_id WHERE p.account_id = $1 ORDER BY g.name, g.id`,
	"threads": `SELECT id, group_id, title, created_at FROM network_threads WHERE author_id = $1 ORDER BY created_at, id`,
	"posts": `SELECT p.id, p.thread_id, t.title AS thread, p.group_id, p.body, p.state, p.hidden_reason, p.created_at, p.edited_at
		FROM network_posts p JOIN network_threads t ON t.id = p.thread_id WHERE p.author_id = $1 ORDER BY p.created_at, p.id`,
	"post_edits": `SELECT e.id, e.post_id, e.body AS text, e.edited_at AS created_at
		FROM network_post_edits e JOIN network_posts p ON p.id = e.post_id WHERE p.author_id = $1 ORDER BY e.edited_at, e.id`,
	"attachments": `SELECT x.id, x.post_id, x.filename AS name, x.content_type, x.size, x.alt, x.created_at
		FROM network_attachments x JOIN network_posts p ON p.id = x.post_id WHERE p.author_id = $1 ORDER BY x.created_at, x.id`,
	"follows": `SELECT f.thread_id, t.title FROM network_follows f JOIN network_threads t ON t.id = f.thread_id
		WHERE f.account_id = $1 ORDER BY t.title, t.id`,
	"guide_versions": `SELECT v.id, v.chapter_id, c.title, v.number, v.body, v.created_at
		FROM network_versions v JOIN network_chapters c ON c.id = v.chapter_id WHERE v.author_id = $1 ORDER BY v.created_at, v.id`,
	"guide_comments": `SELECT c.id, c.chapter_id, ch.title AS chapter, c.paragraph_text, c.body, c.state, c.created_at
		FROM network_comments c JOIN network_chapters ch ON ch.id = c.chapter_id WHERE c.author_id = $1 ORDER BY c.created_at, c.id`,
	"chapters_read": `SELECT r.chapter_id, c.title, r.version_number, r.read_at AS at
		FROM network_reads r JOIN network_chapters c ON c.id = r.chapter_id WHERE r.account_id = $1 ORDER BY r.read_at, c.id`,
	"reports":          `SELECT id, post_id, reason, created_at, resolved_at FROM network_reports WHERE reporter_id = $1 ORDER BY created_at, id`,
	"reports_resolved": `SELECT id, post_id, resolved_at AS at FROM network_reports WHERE resolved_by = $1 ORDER BY resolved_at, id`,
	"blocked":          `SELECT reason, blocked_at AS at FROM network_blocks WHERE account_id = $1`,
	"blocks_made":      `SELECT account_id, reason, blocked_at AS at FROM network_blocks WHERE blocked_by = $1 ORDER BY blocked_at`,
	"refused_posts":    `SELECT id, reason, detail AS text, created_at FROM network_spam_log WHERE account_id = $1 ORDER BY created_at, id`,
	"notifications": `SELECT n.id, n.kind, n.group_id, n.thread_id, t.title AS thread, n.post_id, n.created_at, n.read_at, n.mailed_at
		FROM network_notifications n JOIN network_threads t ON t.id = n.thread_id WHERE n.account_id = $1 ORDER BY n.created_at, n.id`,
	"notices": `SELECT id, kind, group_id, subject AS title, detail, created_at, read_at FROM network_notices
		WHERE account_id = $1 ORDER BY created_at, id`,
	"notices_about_you": `SELECT id, kind, group_id, subject AS title, created_at FROM network_notices
		WHERE actor_id = $1 ORDER BY created_at, id`,
	"invitations_sent": `SELECT i.id, i.group_id, g.name AS "group", i.email AS text, i.created_at, i.accepted_at
		FROM network_invitations i JOIN network_groups g ON g.id = i.group_id WHERE i.invited_by = $1 ORDER BY i.created_at, i.id`,
}

// forgetAccount is the network's part of deleting an account, in the deletion's transaction.
// What the person wrote for others stays, by the former member: groups they started, threads,
// posts (an idempotency key is per author, so theirs become the post's id), guide versions and
// comments. Moderation they did stays, no longer theirs. Their refused posts are removed. Their
// memberships, settings, follows, reads, reports, notifications, notices and unsubscribe links
// go with the account (ON DELETE CASCADE); notices about them and invitations they sent lose
// them (ON DELETE SET NULL). A group they were the last host of gets its longest-standing
// member as host.
func forgetAccount(ctx context.Context, d *db.DB, accountID, former string) error {
	if _, err := d.Exec(ctx, `UPDATE network_members SET role = 'host'
		WHERE (group_id, account_id) IN (
			SELECT m.group_id, (SELECT o.account_id FROM network_members o
			                    WHERE o.group_id = m.group_id AND o.state = 'member' AND o.account_id <> $1
			                    ORDER BY o.joined_at, o.account_id LIMIT 1)
			FROM network_members m
			WHERE m.account_id = $1 AND m.role = 'host' AND m.state = 'member'
			  AND NOT EXISTS (SELECT 1 FROM network_members h WHERE h.group_id = m.group_id AND h.role = 'host'
			                  AND h.state = 'member' AND h.account_id <> $1))`, accountID); err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE network_groups SET created_by = $2 WHERE created_by = $1`,
		`UPDATE network_threads SET author_id = $2 WHERE author_id = $1`,
		`UPDATE network_posts SET author_id = $2, idem_key = id WHERE author_id = $1`,
		`UPDATE network_versions SET author_id = $2 WHERE author_id = $1`,
		`UPDATE network_comments SET author_id = $2 WHERE author_id = $1`,
		`UPDATE network_blocks SET blocked_by = $2 WHERE blocked_by = $1`,
	} {
		if _, err := d.Exec(ctx, q, accountID, former); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`UPDATE network_reports SET resolved_by = NULL WHERE resolved_by = $1`,
		`DELETE FROM network_spam_log WHERE account_id = $1`,
	} {
		if _, err := d.Exec(ctx, q, accountID); err != nil {
			return err
		}
	}
	return nil
}
