package network

import (
	"context"
	"errors"
	"html/template"
	"strings"
	"unicode/utf8"

	"commons/internal/network/mention"
	"commons/internal/network/spam"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
	"commons/internal/platform/web"
)

// shownName is the name of the account a.id as pages show it: "" for the former member (the one
// account without an address), which pages show as "A former member" in their language.
const shownName = `CASE WHEN a.email = '' THEN '' ELSE a.name END`

// trusted marks HTML that platform/markdown made and sanitised when it was saved.
func trusted(s string) template.HTML { return template.HTML(s) } //nolint:gosec // sanitised on save

// Threads lists a group's threads, newest activity first.
func (s *Service) Threads(ctx context.Context, u *web.User, groupID string, limit, offset int) ([]Thread, error) {
	if _, _, err := s.readable(ctx, u, groupID); err != nil {
		return nil, err
	}
	return s.threads(ctx, `t.group_id = $1`, []any{groupID}, limit, offset)
}

const threadCols = `t.id, t.group_id, t.title, t.author_id, ` + shownName + `, t.created_at, t.last_post_at, t.summary, t.summary_html, t.summary_at,
	(SELECT count(*) FROM network_posts p WHERE p.thread_id = t.id AND p.state = 'visible')`

func scanThread(row interface{ Scan(...any) error }) (Thread, error) {
	var t Thread
	var html string
	var at sqlNullTime
	err := row.Scan(&t.ID, &t.GroupID, &t.Title, &t.AuthorID, &t.Author, &t.CreatedAt, &t.LastPostAt, &t.Summary, &html, &at, &t.Posts)
	t.SummaryHTML = trusted(html)
	t.SummaryAt = nullTime(at)
	t.CreatedAt, t.LastPostAt = t.CreatedAt.UTC(), t.LastPostAt.UTC()
	return t, err
}

func (s *Service) threads(ctx context.Context, where string, args []any, limit, offset int) ([]Thread, error) {
	n := len(args)
	rows, err := s.DB.Query(ctx, `SELECT `+threadCols+` FROM network_threads t JOIN accounts a ON a.id = t.author_id
		WHERE `+where+` ORDER BY t.last_post_at DESC, t.id LIMIT $`+itoa(n+1)+` OFFSET $`+itoa(n+2), append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Thread
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Thread returns a thread with its posts: top-level posts oldest first, each with its replies.
// Held and hidden posts show only to their author (with the reason) and to moderators.
func (s *Service) Thread(ctx context.Context, u *web.User, groupID, threadID string) (Thread, []Post, Group, Membership, error) {
	g, m, err := s.readable(ctx, u, groupID)
	if err != nil {
		return Thread{}, nil, g, m, err
	}
	t, err := scanThread(s.DB.QueryRow(ctx, `SELECT `+threadCols+` FROM network_threads t JOIN accounts a ON a.id = t.author_id
		WHERE t.id = $1 AND t.group_id = $2`, threadID, groupID))
	if err != nil {
		return t, nil, g, m, notFoundOr(err)
	}
	viewer, mod := "", false
	if u != nil {
		viewer, mod = u.ID, u.Has("moderator", "admin")
	}
	posts, err := s.posts(ctx, `p.thread_id = $1`, threadID)
	if err != nil {
		return t, nil, g, m, err
	}
	byID := map[string]*Post{}
	var top []Post
	var replies []Post
	for _, p := range posts {
		if p.State != PostVisible && p.AuthorID != viewer && !mod {
			continue
		}
		if p.ParentID == "" {
			top = append(top, p)
		} else {
			replies = append(replies, p)
		}
	}
	for i := range top {
		byID[top[i].ID] = &top[i]
	}
	all := map[string]Post{}
	for _, p := range posts {
		if p.State == PostVisible {
			all[p.ID] = p
		}
	}
	for _, r := range replies {
		if q, ok := all[r.QuoteID]; ok {
			r.Quote = &q
		}
		if parent, ok := byID[r.ParentID]; ok {
			parent.Replies = append(parent.Replies, r)
		}
	}
	for i := range top {
		if q, ok := all[top[i].QuoteID]; ok {
			top[i].Quote = &q
		}
	}
	if err := s.attachments(ctx, top); err != nil {
		return t, nil, g, m, err
	}
	if err := s.linkMentions(ctx, groupID, top); err != nil {
		return t, nil, g, m, err
	}
	return t, top, g, m, nil
}

// linkMentions makes each @handle of a member of the group a link to their page in the group.
func (s *Service) linkMentions(ctx context.Context, groupID string, posts []Post) error {
	handles, err := memberHandles(ctx, s.DB, groupID)
	if err != nil || len(handles) == 0 {
		return err
	}
	href := func(h string) string {
		if id := handles[h]; id != "" {
			return "/groups/" + groupID + "/members/" + id
		}
		return ""
	}
	var link func(ps []Post)
	link = func(ps []Post) {
		for i := range ps {
			ps[i].BodyHTML = trusted(mention.Link(string(ps[i].BodyHTML), href))
			if ps[i].Quote != nil {
				q := *ps[i].Quote
				q.BodyHTML = trusted(mention.Link(string(q.BodyHTML), href))
				ps[i].Quote = &q
			}
			link(ps[i].Replies)
		}
	}
	link(posts)
	return nil
}

// MemberPage is one member of a group as the group's readers see them.
type MemberPage struct {
	Member Member
	Posts  []SearchResult
}

// GroupMember returns a member's page in a group the viewer may read: their name, handle, role,
// organisation when they chose to show it, and their latest posts there. Someone who is not a
// member (or no longer) is not found.
func (s *Service) GroupMember(ctx context.Context, u *web.User, groupID, accountID string) (MemberPage, Group, error) {
	ms, g, _, err := s.Members(ctx, u, groupID)
	if err != nil {
		return MemberPage{}, g, err
	}
	for _, x := range ms {
		if x.AccountID == accountID && x.State == StateMember {
			posts, err := memberPosts(ctx, s.DB, groupID, accountID, 20)
			return MemberPage{Member: x, Posts: posts}, g, err
		}
	}
	return MemberPage{}, g, notFound
}

func (s *Service) attachments(ctx context.Context, posts []Post) error {
	for i := range posts {
		rows, err := s.DB.Query(ctx, `SELECT id, filename, content_type, size, alt FROM network_attachments WHERE post_id = $1 ORDER BY created_at, id`, posts[i].ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var a Attachment
			if err := rows.Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.Alt); err != nil {
				rows.Close()
				return err
			}
			posts[i].Attachments = append(posts[i].Attachments, a)
		}
		rows.Close()
		if err := s.attachments(ctx, posts[i].Replies); err != nil {
			return err
		}
	}
	return nil
}

const postCols = `p.id, p.thread_id, p.group_id, COALESCE(p.parent_id, ''), COALESCE(p.quote_id, ''), p.author_id, ` + shownName + `, p.body, p.body_html,
	p.state, p.hidden_reason, p.created_at, p.edited_at, (SELECT count(*) FROM network_post_edits e WHERE e.post_id = p.id)`

func scanPost(row interface{ Scan(...any) error }) (Post, error) {
	var p Post
	var html string
	var edited sqlNullTime
	err := row.Scan(&p.ID, &p.ThreadID, &p.GroupID, &p.ParentID, &p.QuoteID, &p.AuthorID, &p.Author, &p.Body, &html,
		&p.State, &p.HiddenReason, &p.CreatedAt, &edited, &p.Edits)
	p.BodyHTML = trusted(html)
	p.EditedAt = nullTime(edited)
	p.CreatedAt = p.CreatedAt.UTC()
	return p, err
}

func (s *Service) posts(ctx context.Context, where string, args ...any) ([]Post, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+postCols+` FROM network_posts p JOIN accounts a ON a.id = p.author_id
		WHERE `+where+` ORDER BY p.created_at, p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Service) post(ctx context.Context, id string) (Post, error) {
	p, err := scanPost(s.DB.QueryRow(ctx, `SELECT `+postCols+` FROM network_posts p JOIN accounts a ON a.id = p.author_id WHERE p.id = $1`, id))
	return p, noRowsNotFound(err)
}

// Posted is where a new post ended up.
type Posted struct {
	ThreadID string
	PostID   string
	Held     bool
}

// StartThread starts a thread with its first post.
func (s *Service) StartThread(ctx context.Context, u *web.User, addr, groupID string, in PostInput) (Posted, error) {
	return s.submit(ctx, u, addr, groupID, "", in)
}

// Reply adds a post to a thread; ParentID makes it a reply to a top-level post.
func (s *Service) Reply(ctx context.Context, u *web.User, addr, groupID, threadID string, in PostInput) (Posted, error) {
	return s.submit(ctx, u, addr, groupID, threadID, in)
}

func (s *Service) submit(ctx context.Context, u *web.User, addr, groupID, threadID string, in PostInput) (Posted, error) {
	if err := in.Validate(threadID == ""); err != nil {
		return Posted{}, err
	}
	// A form sent twice (a double click, a retry after a timeout) makes one post.
	if done, ok, err := s.byIdemKey(ctx, u.ID, in.IdemKey); err != nil || ok {
		return done, err
	}
	html, err := markdown.Render(in.Body)
	if err != nil {
		return Posted{}, errs.FieldErrors(map[string]string{"body": markdown.TooLongKey})
	}
	var out Posted
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, m, err := s.access(ctx, u, groupID)
		if err != nil {
			return err
		}
		if !m.IsMember() {
			if m.Blocked {
				return errs.E(errs.Forbidden, "network.err.blocked")
			}
			return errs.E(errs.Forbidden, "network.err.members_only")
		}
		if m.Blocked {
			return errs.E(errs.Forbidden, "network.err.blocked")
		}
		now := s.DB.Now(ctx)
		var created sqlNullTime
		if err := s.DB.QueryRow(ctx, `SELECT created_at FROM accounts WHERE id = $1`, u.ID).Scan(&created); err != nil {
			return err
		}
		age := now.Sub(created.Time)
		if reasons := s.Spam.Check(spam.Post{Body: in.Body, Honeypot: in.Honeypot, AccountAge: age}); len(reasons) > 0 {
			return s.refuse(ctx, u.ID, reasons[0], in.Body)
		}
		if s.PostLimit != nil {
			n, err := s.PostLimit.Hit(ctx, "network-post:"+u.ID)
			if err != nil {
				return err
			}
			if n > s.PostLimit.Limit {
				return s.refuse(ctx, u.ID, "rate", in.Body)
			}
		}
		state := PostVisible
		if s.HoldFirstPosts > 0 && age < NewAccountAge {
			var shown int
			if err := s.DB.QueryRow(ctx, `SELECT count(*) FROM network_posts WHERE author_id = $1 AND state = 'visible'`, u.ID).Scan(&shown); err != nil {
				return err
			}
			if shown < s.HoldFirstPosts {
				state = PostHeld
			}
		}
		if threadID == "" {
			threadID = ids.New()
			if _, err := s.DB.Exec(ctx, `INSERT INTO network_threads (id, group_id, title, author_id, created_at, last_post_at, summary, summary_html)
				VALUES ($1, $2, $3, $4, $5, $5, '', '')`, threadID, groupID, in.Title, u.ID, now); err != nil {
				return err
			}
		} else {
			var n int
			if err := s.DB.QueryRow(ctx, `SELECT count(*) FROM network_threads WHERE id = $1 AND group_id = $2`, threadID, groupID).Scan(&n); err != nil || n == 0 {
				return notFoundOr(err)
			}
		}
		parent, quote, err := s.replyTargets(ctx, threadID, in.ParentID, in.QuoteID)
		if err != nil {
			return err
		}
		p := Post{ID: ids.New(), ThreadID: threadID, GroupID: groupID, ParentID: parent, QuoteID: quote, AuthorID: u.ID, Body: in.Body, BodyHTML: html, State: state, CreatedAt: now}
		if _, err := s.DB.Exec(ctx, `INSERT INTO network_posts (id, thread_id, group_id, parent_id, quote_id, author_id, body, body_html, state, hidden_reason, idem_key, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11)`,
			p.ID, threadID, groupID, nullable(parent), nullable(quote), u.ID, p.Body, string(html), state, in.IdemKey, now); err != nil {
			return s.DB.Err(err, "network.err.duplicate")
		}
		for _, f := range in.Files {
			if _, err := s.DB.Exec(ctx, `INSERT INTO network_attachments (id, post_id, filename, content_type, size, data, created_at, alt)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, ids.New(), p.ID, NameForType(cleanFilename(f.Name), SniffType(f.Data)), SniffType(f.Data), len(f.Data), f.Data, now, f.Alt); err != nil {
				return err
			}
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO network_follows (account_id, thread_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, u.ID, threadID); err != nil {
			return err
		}
		out = Posted{ThreadID: threadID, PostID: p.ID, Held: state == PostHeld}
		if state == PostVisible {
			return s.published(ctx, p)
		}
		return nil
	})
	var ref *refusal
	if errors.As(err, &ref) {
		s.logSpam(ctx, u.ID, ref.reason, ref.detail)
		if ref.reason == "rate" {
			return out, errs.E(errs.RateLimited, "network.err.rate")
		}
		return out, errs.FieldErrors(map[string]string{"body": "network.err.spam"})
	}
	if errs.Is(err, errs.Conflict) {
		if done, ok, err2 := s.byIdemKey(ctx, u.ID, in.IdemKey); err2 == nil && ok {
			return done, nil
		}
	}
	return out, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func cleanFilename(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == '"' || r == ';' {
			return -1
		}
		return r
	}, name)
	if name == "" {
		return "attachment"
	}
	if len(name) > 120 {
		cut := 120
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	return name
}

// replyTargets checks a reply's parent and quoted post belong to the thread. A reply to a reply
// hangs under the same top-level post: nesting is one level deep.
func (s *Service) replyTargets(ctx context.Context, threadID, parentID, quoteID string) (string, string, error) {
	if parentID != "" {
		var grand *string
		if err := s.DB.QueryRow(ctx, `SELECT parent_id FROM network_posts WHERE id = $1 AND thread_id = $2`, parentID, threadID).Scan(&grand); err != nil {
			return "", "", errs.FieldErrors(map[string]string{"body": "network.err.parent"})
		}
		if grand != nil {
			parentID = *grand
		}
	}
	if quoteID != "" {
		var n int
		if err := s.DB.QueryRow(ctx, `SELECT count(*) FROM network_posts WHERE id = $1 AND thread_id = $2 AND state = 'visible'`, quoteID, threadID).Scan(&n); err != nil || n == 0 {
			quoteID = ""
		}
	}
	return parentID, quoteID, nil
}

// refusal is a post refused by a spam check; submit logs it once the transaction has rolled back.
type refusal struct{ reason, detail string }

func (r *refusal) Error() string { return "network: post refused: " + r.reason }

func (s *Service) refuse(_ context.Context, _ string, reason, body string) error {
	if len(body) > 200 {
		body = body[:200]
	}
	return &refusal{reason: reason, detail: body}
}

func (s *Service) logSpam(ctx context.Context, accountID, reason, detail string) {
	_, _ = s.DB.Exec(ctx, `INSERT INTO network_spam_log (id, account_id, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5)`,
		ids.New(), accountID, reason, detail, s.DB.Now(ctx))
}

func (s *Service) byIdemKey(ctx context.Context, accountID, key string) (Posted, bool, error) {
	var p Posted
	var state string
	err := s.DB.QueryRow(ctx, `SELECT id, thread_id, state FROM network_posts WHERE author_id = $1 AND idem_key = $2`, accountID, key).Scan(&p.PostID, &p.ThreadID, &state)
	if db.IsNoRows(err) {
		return p, false, nil
	}
	p.Held = state == PostHeld
	return p, err == nil, err
}

// published runs when a post becomes visible: the thread's activity time moves, and members
// are notified (mentioned people, followers of the thread, everyone else for digests).
func (s *Service) published(ctx context.Context, p Post) error {
	now := s.DB.Now(ctx)
	if _, err := s.DB.Exec(ctx, `UPDATE network_threads SET last_post_at = $1 WHERE id = $2`, now, p.ThreadID); err != nil {
		return err
	}
	rows, err := s.DB.Query(ctx, `SELECT a.id, a.name,
		EXISTS (SELECT 1 FROM network_follows f WHERE f.account_id = a.id AND f.thread_id = $2)
		FROM network_members m JOIN accounts a ON a.id = m.account_id
		WHERE m.group_id = $1 AND m.state = 'member' AND a.id <> $3`, p.GroupID, p.ThreadID, p.AuthorID)
	if err != nil {
		return err
	}
	type member struct {
		id, handle string
		follows    bool
	}
	var ms []member
	for rows.Next() {
		var x member
		var name string
		if err := rows.Scan(&x.id, &name, &x.follows); err != nil {
			rows.Close()
			return err
		}
		x.handle = mention.Handle(name)
		ms = append(ms, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	mentioned := map[string]bool{}
	for _, h := range mention.Parse(p.Body) {
		mentioned[h] = true
	}
	for _, x := range ms {
		kind := "post"
		switch {
		case mentioned[x.handle]:
			kind = "mention"
		case x.follows:
			kind = "reply"
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO network_notifications (id, account_id, group_id, thread_id, post_id, kind, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, post_id) DO NOTHING`,
			ids.New(), x.id, p.GroupID, p.ThreadID, p.ID, kind, now); err != nil {
			return err
		}
	}
	db.AfterCommit(ctx, s.Kick)
	return nil
}

// EditPost changes a post's text (its author only); the old text is kept in its history.
func (s *Service) EditPost(ctx context.Context, u *web.User, groupID, postID, body string) (Post, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return Post{}, errs.FieldErrors(map[string]string{"body": "network.err.body_missing"})
	}
	if len(body) > MaxBody {
		return Post{}, errs.FieldErrors(map[string]string{"body": "network.err.body_long"})
	}
	html, err := markdown.Render(body)
	if err != nil {
		return Post{}, errs.FieldErrors(map[string]string{"body": markdown.TooLongKey})
	}
	var p Post
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, _, err := s.readable(ctx, u, groupID); err != nil {
			return err
		}
		if p, err = s.post(ctx, postID); err != nil || p.GroupID != groupID {
			return notFoundOr(err)
		}
		if p.AuthorID != u.ID {
			return forbidden()
		}
		if p.Body == body {
			return nil
		}
		now := s.DB.Now(ctx)
		if _, err := s.DB.Exec(ctx, `INSERT INTO network_post_edits (id, post_id, body, body_html, edited_at) VALUES ($1, $2, $3, $4, $5)`,
			ids.New(), p.ID, p.Body, string(p.BodyHTML), now); err != nil {
			return err
		}
		_, err = s.DB.Exec(ctx, `UPDATE network_posts SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4`, body, string(html), now, p.ID)
		return err
	})
	return p, err
}

// Post returns one post the viewer may read, with its earlier texts newest first.
func (s *Service) Post(ctx context.Context, u *web.User, groupID, postID string) (Post, []Edit, error) {
	if _, _, err := s.readable(ctx, u, groupID); err != nil {
		return Post{}, nil, err
	}
	p, err := s.post(ctx, postID)
	if err != nil || p.GroupID != groupID {
		return p, nil, notFoundOr(err)
	}
	if p.State != PostVisible && (u == nil || (u.ID != p.AuthorID && !u.Has("moderator", "admin"))) {
		return p, nil, notFound
	}
	rows, err := s.DB.Query(ctx, `SELECT body, body_html, edited_at FROM network_post_edits WHERE post_id = $1 ORDER BY edited_at DESC, id`, postID)
	if err != nil {
		return p, nil, err
	}
	defer rows.Close()
	var out []Edit
	for rows.Next() {
		var e Edit
		var html string
		if err := rows.Scan(&e.Body, &html, &e.EditedAt); err != nil {
			return p, nil, err
		}
		e.BodyHTML = trusted(html)
		e.EditedAt = e.EditedAt.UTC()
		out = append(out, e)
	}
	return p, out, rows.Err()
}

// SetSummary saves a thread's "summary so far" (hosts only).
func (s *Service) SetSummary(ctx context.Context, u *web.User, groupID, threadID, summary string) error {
	summary = strings.TrimSpace(summary)
	if len(summary) > MaxBody {
		return errs.FieldErrors(map[string]string{"summary": "network.err.body_long"})
	}
	html, err := markdown.Render(summary)
	if err != nil {
		return errs.FieldErrors(map[string]string{"summary": markdown.TooLongKey})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, m, err := s.readable(ctx, u, groupID)
		if err != nil {
			return err
		}
		if !m.IsHost() {
			return forbidden()
		}
		res, err := s.DB.Exec(ctx, `UPDATE network_threads SET summary = $1, summary_html = $2, summary_at = $3 WHERE id = $4 AND group_id = $5`,
			summary, string(html), s.DB.Now(ctx), threadID, groupID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound
		}
		return nil
	})
}

// AttachmentData returns an attachment of a post the viewer may read.
func (s *Service) AttachmentData(ctx context.Context, u *web.User, groupID, id string) (Attachment, []byte, error) {
	if _, _, err := s.readable(ctx, u, groupID); err != nil {
		return Attachment{}, nil, err
	}
	var a Attachment
	var data []byte
	var state, author string
	err := s.DB.QueryRow(ctx, `SELECT x.id, x.filename, x.content_type, x.size, x.data, p.state, p.author_id
		FROM network_attachments x JOIN network_posts p ON p.id = x.post_id WHERE x.id = $1 AND p.group_id = $2`, id, groupID).
		Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &data, &state, &author)
	if err != nil {
		return a, nil, notFoundOr(err)
	}
	if state != PostVisible && (u == nil || (u.ID != author && !u.Has("moderator", "admin"))) {
		return a, nil, notFound
	}
	return a, data, nil
}

// SearchResult is a thread that matched a search.
type SearchResult struct {
	GroupID, GroupName, ThreadID, Title string
	PostID                              string // a member's page lists posts
}

// Search finds threads whose title or visible posts match q, in groups whose discussions the
// viewer may read.
func (s *Service) Search(ctx context.Context, u *web.User, q string) ([]SearchResult, error) {
	if strings.TrimSpace(q) == "" {
		return nil, nil
	}
	viewer := ""
	if u != nil {
		viewer = u.ID
	}
	d := s.DB.Dialect()
	rows, err := s.DB.Query(ctx, `SELECT g.id, g.name, t.id, t.title FROM network_threads t JOIN network_groups g ON g.id = t.group_id
		WHERE (g.visibility = 'open' OR EXISTS (SELECT 1 FROM network_members m WHERE m.group_id = g.id AND m.account_id = $1 AND m.state = 'member'))
		  AND (`+d.ILike("t.title", "$2")+` OR EXISTS (SELECT 1 FROM network_posts p WHERE p.thread_id = t.id AND p.state = 'visible' AND `+d.ILike("p.body", "$2")+`))
		ORDER BY t.last_post_at DESC LIMIT 50`, viewer, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SearchResult
	for rows.Next() {
		var r SearchResult
		if err := rows.Scan(&r.GroupID, &r.GroupName, &r.ThreadID, &r.Title); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
