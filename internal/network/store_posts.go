package network

import (
	"context"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// The store functions run in the context's transaction when there is one. Authors' names are
// read through identity by the service, never joined here.

const threadCols = `t.id, t.group_id, t.title, t.author_id, t.created_at, t.last_post_at, t.summary, t.summary_html, t.summary_at,
	(SELECT count(*) FROM network_posts p WHERE p.thread_id = t.id AND p.state = 'visible')`

func scanThread(row db.Scanner) (Thread, error) {
	var t Thread
	var html string
	var at sqlNullTime
	err := row.Scan(&t.ID, &t.GroupID, &t.Title, &t.AuthorID, &t.CreatedAt, &t.LastPostAt, &t.Summary, &html, &at, &t.Posts)
	t.SummaryHTML = trusted(html)
	t.SummaryAt = nullTime(at)
	t.CreatedAt, t.LastPostAt = t.CreatedAt.UTC(), t.LastPostAt.UTC()
	return t, err
}

// queryThreads reads the threads matching where, latest activity first, without their authors' names.
func queryThreads(ctx context.Context, d *db.DB, where string, args []any, limit, offset int) ([]Thread, error) {
	n := len(args)
	return db.List(ctx, d, scanThread, `SELECT `+threadCols+` FROM network_threads t
		WHERE `+where+` ORDER BY t.last_post_at DESC, t.id LIMIT $`+itoa(n+1)+` OFFSET $`+itoa(n+2), append(args, limit, offset)...)
}

// threadInGroup reads a thread of a group (no rows when it is another group's), without its
// author's name.
func threadInGroup(ctx context.Context, d *db.DB, groupID, threadID string) (Thread, error) {
	return scanThread(d.QueryRow(ctx, `SELECT `+threadCols+` FROM network_threads t WHERE t.id = $1 AND t.group_id = $2`, threadID, groupID))
}

// postAttachments are a post's attachments (without their data), oldest first.
func postAttachments(ctx context.Context, d *db.DB, postID string) ([]Attachment, error) {
	return db.List(ctx, d, func(r db.Scanner) (Attachment, error) {
		var a Attachment
		err := r.Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.Alt)
		return a, err
	}, `SELECT id, filename, content_type, size, alt FROM network_attachments WHERE post_id = $1 ORDER BY created_at, id`, postID)
}

const postCols = `p.id, p.thread_id, p.group_id, COALESCE(p.parent_id, ''), COALESCE(p.quote_id, ''), p.author_id, p.body, p.body_html,
	p.state, p.hidden_reason, p.created_at, p.edited_at, (SELECT count(*) FROM network_post_edits e WHERE e.post_id = p.id)`

func scanPost(row db.Scanner) (Post, error) {
	var p Post
	var html string
	var edited sqlNullTime
	err := row.Scan(&p.ID, &p.ThreadID, &p.GroupID, &p.ParentID, &p.QuoteID, &p.AuthorID, &p.Body, &html,
		&p.State, &p.HiddenReason, &p.CreatedAt, &edited, &p.Edits)
	p.BodyHTML = trusted(html)
	p.EditedAt = nullTime(edited)
	p.CreatedAt = p.CreatedAt.UTC()
	return p, err
}

// queryPosts reads the posts matching where, oldest first, without their authors' names.
func queryPosts(ctx context.Context, d *db.DB, where string, args ...any) ([]Post, error) {
	return db.List(ctx, d, scanPost, `SELECT `+postCols+` FROM network_posts p
		WHERE `+where+` ORDER BY p.created_at, p.id`, args...)
}

// postByID reads a post without its author's name.
func postByID(ctx context.Context, d *db.DB, id string) (Post, error) {
	return scanPost(d.QueryRow(ctx, `SELECT `+postCols+` FROM network_posts p WHERE p.id = $1`, id))
}

// shownPosts counts an account's visible posts.
func shownPosts(ctx context.Context, d *db.DB, accountID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM network_posts WHERE author_id = $1 AND state = 'visible'`, accountID).Scan(&n)
	return n, err
}

func insertThread(ctx context.Context, d *db.DB, id, groupID, title, authorID string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_threads (id, group_id, title, author_id, created_at, last_post_at, summary, summary_html)
		VALUES ($1, $2, $3, $4, $5, $5, '', '')`, id, groupID, title, authorID, now)
	return err
}

// countThreadInGroup is 1 when the thread is the group's, else 0.
func countThreadInGroup(ctx context.Context, d *db.DB, groupID, threadID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM network_threads WHERE id = $1 AND group_id = $2`, threadID, groupID).Scan(&n)
	return n, err
}

func insertPost(ctx context.Context, d *db.DB, p Post, idemKey string) error {
	_, err := d.Exec(ctx, `INSERT INTO network_posts (id, thread_id, group_id, parent_id, quote_id, author_id, body, body_html, state, hidden_reason, idem_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11)`,
		p.ID, p.ThreadID, p.GroupID, db.NullString(p.ParentID), db.NullString(p.QuoteID), p.AuthorID, p.Body, string(p.BodyHTML), p.State, idemKey, p.CreatedAt)
	return err
}

func insertAttachment(ctx context.Context, d *db.DB, postID, filename, contentType string, data []byte, alt string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_attachments (id, post_id, filename, content_type, size, data, created_at, alt)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, ids.New(), postID, filename, contentType, len(data), data, now, alt)
	return err
}

// follow makes an account follow a thread (again: no change).
func follow(ctx context.Context, d *db.DB, accountID, threadID string) error {
	_, err := d.Exec(ctx, `INSERT INTO network_follows (account_id, thread_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, accountID, threadID)
	return err
}

// parentOf reads a post's parent (nil for a top-level post); no rows when the post is not the thread's.
func parentOf(ctx context.Context, d *db.DB, threadID, postID string) (*string, error) {
	var parent *string
	err := d.QueryRow(ctx, `SELECT parent_id FROM network_posts WHERE id = $1 AND thread_id = $2`, postID, threadID).Scan(&parent)
	return parent, err
}

// countVisibleInThread is 1 when the post is a visible post of the thread, else 0.
func countVisibleInThread(ctx context.Context, d *db.DB, threadID, postID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM network_posts WHERE id = $1 AND thread_id = $2 AND state = 'visible'`, postID, threadID).Scan(&n)
	return n, err
}

func insertSpamLog(ctx context.Context, d *db.DB, accountID, reason, detail string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_spam_log (id, account_id, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5)`,
		ids.New(), accountID, reason, detail, now)
	return err
}

// postByIdemKey finds the post an account already made with a form's key, and its state.
func postByIdemKey(ctx context.Context, d *db.DB, accountID, key string) (Posted, string, error) {
	var p Posted
	var state string
	err := d.QueryRow(ctx, `SELECT id, thread_id, state FROM network_posts WHERE author_id = $1 AND idem_key = $2`, accountID, key).Scan(&p.PostID, &p.ThreadID, &state)
	return p, state, err
}

// touchThread moves a thread's activity time.
func touchThread(ctx context.Context, d *db.DB, threadID string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE network_threads SET last_post_at = $1 WHERE id = $2`, now, threadID)
	return err
}

// follower is a member of a group and whether they follow a thread.
type follower struct {
	id      string
	follows bool
}

// groupMembersFollowing are a group's members but one, each with whether they follow a thread.
func groupMembersFollowing(ctx context.Context, d *db.DB, groupID, threadID, except string) ([]follower, error) {
	return db.List(ctx, d, func(r db.Scanner) (follower, error) {
		var x follower
		err := r.Scan(&x.id, &x.follows)
		return x, err
	}, `SELECT m.account_id,
		EXISTS (SELECT 1 FROM network_follows f WHERE f.account_id = m.account_id AND f.thread_id = $2)
		FROM network_members m WHERE m.group_id = $1 AND m.state = 'member' AND m.account_id <> $3`, groupID, threadID, except)
}

// insertNotification tells an account of a post (once per post).
func insertNotification(ctx context.Context, d *db.DB, accountID string, p Post, kind string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_notifications (id, account_id, group_id, thread_id, post_id, kind, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, post_id) DO NOTHING`,
		ids.New(), accountID, p.GroupID, p.ThreadID, p.ID, kind, now)
	return err
}

// editPost keeps a post's text in its history and puts the new one in its place.
func editPost(ctx context.Context, d *db.DB, p Post, body, html string, now time.Time) error {
	if _, err := d.Exec(ctx, `INSERT INTO network_post_edits (id, post_id, body, body_html, edited_at) VALUES ($1, $2, $3, $4, $5)`,
		ids.New(), p.ID, p.Body, string(p.BodyHTML), now); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `UPDATE network_posts SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4`, body, html, now, p.ID)
	return err
}

// postEdits are a post's earlier texts, newest first.
func postEdits(ctx context.Context, d *db.DB, postID string) ([]Edit, error) {
	return db.List(ctx, d, func(r db.Scanner) (Edit, error) {
		var e Edit
		var html string
		if err := r.Scan(&e.Body, &html, &e.EditedAt); err != nil {
			return e, err
		}
		e.BodyHTML = trusted(html)
		e.EditedAt = e.EditedAt.UTC()
		return e, nil
	}, `SELECT body, body_html, edited_at FROM network_post_edits WHERE post_id = $1 ORDER BY edited_at DESC, id`, postID)
}

// setSummary saves a thread's summary, reporting how many threads of the group it changed.
func setSummary(ctx context.Context, d *db.DB, groupID, threadID, summary, html string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE network_threads SET summary = $1, summary_html = $2, summary_at = $3 WHERE id = $4 AND group_id = $5`,
		summary, html, now, threadID, groupID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// attachmentInGroup reads an attachment of a post of the group, with the post's state and author.
func attachmentInGroup(ctx context.Context, d *db.DB, groupID, id string) (a Attachment, data []byte, state, author string, err error) {
	err = d.QueryRow(ctx, `SELECT x.id, x.filename, x.content_type, x.size, x.data, p.state, p.author_id
		FROM network_attachments x JOIN network_posts p ON p.id = x.post_id WHERE x.id = $1 AND p.group_id = $2`, id, groupID).
		Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &data, &state, &author)
	return a, data, state, author, err
}

// findThreads finds threads whose title or visible posts match q, in open groups and the
// groups the viewer is a member of.
func findThreads(ctx context.Context, d *db.DB, viewer, q string) ([]SearchResult, error) {
	dl := d.Dialect()
	return db.List(ctx, d, func(row db.Scanner) (SearchResult, error) {
		var r SearchResult
		err := row.Scan(&r.GroupID, &r.GroupName, &r.ThreadID, &r.Title)
		return r, err
	}, `SELECT g.id, g.name, t.id, t.title FROM network_threads t JOIN network_groups g ON g.id = t.group_id
		WHERE (g.visibility = 'open' OR EXISTS (SELECT 1 FROM network_members m WHERE m.group_id = g.id AND m.account_id = $1 AND m.state = 'member'))
		  AND (`+dl.ILike("t.title", "$2")+` OR EXISTS (SELECT 1 FROM network_posts p WHERE p.thread_id = t.id AND p.state = 'visible' AND `+dl.ILike("p.body", "$2")+`))
		ORDER BY t.last_post_at DESC LIMIT 50`, viewer, q)
}
