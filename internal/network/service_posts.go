package network

import (
	"commons/internal/platform/actor"
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
)

// trusted marks HTML that platform/markdown made and sanitised when it was saved.
func trusted(s string) template.HTML { return template.HTML(s) } //nolint:gosec // sanitised on save

// Threads lists a group's threads, newest activity first.
func (s *Service) Threads(ctx context.Context, u *actor.Actor, groupID string, limit, offset int) ([]Thread, error) {
	if _, _, err := s.readable(ctx, u, groupID); err != nil {
		return nil, err
	}
	return s.threads(ctx, `t.group_id = $1`, []any{groupID}, limit, offset)
}

func (s *Service) threads(ctx context.Context, where string, args []any, limit, offset int) ([]Thread, error) {
	ts, err := queryThreads(ctx, s.DB, where, args, limit, offset)
	if err != nil {
		return nil, err
	}
	return ts, s.threadAuthors(ctx, ts)
}

// threadAuthors fills in the names threads' authors are shown with, in one read of identity.
func (s *Service) threadAuthors(ctx context.Context, ts []Thread) error {
	ids := make([]string, len(ts))
	for i := range ts {
		ids[i] = ts[i].AuthorID
	}
	names, err := s.shownNames(ctx, ids)
	for i := range ts {
		ts[i].Author = names[ts[i].AuthorID]
	}
	return err
}

// Thread returns a thread with its posts: top-level posts oldest first, each with its replies.
// Held and hidden posts show only to their author (with the reason) and to moderators.
func (s *Service) Thread(ctx context.Context, u *actor.Actor, groupID, threadID string) (Thread, []Post, Group, Membership, error) {
	g, m, err := s.readable(ctx, u, groupID)
	if err != nil {
		return Thread{}, nil, g, m, err
	}
	t, err := threadInGroup(ctx, s.DB, groupID, threadID)
	if err != nil {
		return t, nil, g, m, notFoundOr(err)
	}
	if err := s.threadAuthors(ctx, []Thread{t}[:1]); err != nil {
		return t, nil, g, m, err
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
	handles, err := s.memberHandles(ctx, groupID)
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
func (s *Service) GroupMember(ctx context.Context, u *actor.Actor, groupID, accountID string) (MemberPage, Group, error) {
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
		as, err := postAttachments(ctx, s.DB, posts[i].ID)
		if err != nil {
			return err
		}
		posts[i].Attachments = append(posts[i].Attachments, as...)
		if err := s.attachments(ctx, posts[i].Replies); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) posts(ctx context.Context, where string, args ...any) ([]Post, error) {
	ps, err := queryPosts(ctx, s.DB, where, args...)
	if err != nil {
		return nil, err
	}
	return ps, s.postAuthors(ctx, ps)
}

// postAuthors fills in the names posts' authors are shown with, in one read of identity.
func (s *Service) postAuthors(ctx context.Context, ps []Post) error {
	ids := make([]string, len(ps))
	for i := range ps {
		ids[i] = ps[i].AuthorID
	}
	names, err := s.shownNames(ctx, ids)
	for i := range ps {
		ps[i].Author = names[ps[i].AuthorID]
	}
	return err
}

func (s *Service) post(ctx context.Context, id string) (Post, error) {
	p, err := postByID(ctx, s.DB, id)
	if err != nil {
		return p, noRowsNotFound(err)
	}
	ps := []Post{p}
	err = s.postAuthors(ctx, ps)
	return ps[0], err
}

// Posted is where a new post ended up.
type Posted struct {
	ThreadID string
	PostID   string
	Held     bool
}

// StartThread starts a thread with its first post.
func (s *Service) StartThread(ctx context.Context, u *actor.Actor, addr, groupID string, in PostInput) (Posted, error) {
	return s.submit(ctx, u, addr, groupID, "", in)
}

// Reply adds a post to a thread; ParentID makes it a reply to a top-level post.
func (s *Service) Reply(ctx context.Context, u *actor.Actor, addr, groupID, threadID string, in PostInput) (Posted, error) {
	return s.submit(ctx, u, addr, groupID, threadID, in)
}

func (s *Service) submit(ctx context.Context, u *actor.Actor, addr, groupID, threadID string, in PostInput) (Posted, error) {
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
		me, err := s.People.Person(ctx, u.ID)
		if err != nil {
			return err
		}
		age := now.Sub(me.CreatedAt)
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
			shown, err := shownPosts(ctx, s.DB, u.ID)
			if err != nil {
				return err
			}
			if shown < s.HoldFirstPosts {
				state = PostHeld
			}
		}
		if threadID == "" {
			threadID = ids.New()
			if err := insertThread(ctx, s.DB, threadID, groupID, in.Title, u.ID, now); err != nil {
				return err
			}
		} else if n, err := countThreadInGroup(ctx, s.DB, groupID, threadID); err != nil || n == 0 {
			return notFoundOr(err)
		}
		parent, quote, err := s.replyTargets(ctx, threadID, in.ParentID, in.QuoteID)
		if err != nil {
			return err
		}
		p := Post{ID: ids.New(), ThreadID: threadID, GroupID: groupID, ParentID: parent, QuoteID: quote, AuthorID: u.ID, Body: in.Body, BodyHTML: html, State: state, CreatedAt: now}
		if err := insertPost(ctx, s.DB, p, in.IdemKey); err != nil {
			return s.DB.Err(err, "network.err.duplicate")
		}
		for _, f := range in.Files {
			if err := insertAttachment(ctx, s.DB, p.ID, NameForType(cleanFilename(f.Name), SniffType(f.Data)), SniffType(f.Data), f.Data, f.Alt, now); err != nil {
				return err
			}
		}
		if err := follow(ctx, s.DB, u.ID, threadID); err != nil {
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
		grand, err := parentOf(ctx, s.DB, threadID, parentID)
		if err != nil {
			return "", "", errs.FieldErrors(map[string]string{"body": "network.err.parent"})
		}
		if grand != nil {
			parentID = *grand
		}
	}
	if quoteID != "" {
		if n, err := countVisibleInThread(ctx, s.DB, threadID, quoteID); err != nil || n == 0 {
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
	_ = insertSpamLog(ctx, s.DB, accountID, reason, detail, s.DB.Now(ctx))
}

func (s *Service) byIdemKey(ctx context.Context, accountID, key string) (Posted, bool, error) {
	p, state, err := postByIdemKey(ctx, s.DB, accountID, key)
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
	if err := touchThread(ctx, s.DB, p.ThreadID, now); err != nil {
		return err
	}
	others, err := groupMembersFollowing(ctx, s.DB, p.GroupID, p.ThreadID, p.AuthorID)
	if err != nil {
		return err
	}
	memberIDs := make([]string, len(others))
	for i, x := range others {
		memberIDs[i] = x.id
	}
	people, err := s.People.People(ctx, memberIDs)
	if err != nil {
		return err
	}
	type member struct {
		id, handle string
		follows    bool
	}
	var ms []member
	for _, x := range others {
		p, ok := people[x.id]
		if !ok {
			continue // as the join on accounts did
		}
		ms = append(ms, member{id: x.id, handle: mention.Handle(p.Name), follows: x.follows})
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
		if err := insertNotification(ctx, s.DB, x.id, p, kind, now); err != nil {
			return err
		}
	}
	db.AfterCommit(ctx, s.Kick)
	return nil
}

// EditPost changes a post's text (its author only); the old text is kept in its history.
func (s *Service) EditPost(ctx context.Context, u *actor.Actor, groupID, postID, body string) (Post, error) {
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
		return editPost(ctx, s.DB, p, body, string(html), now)
	})
	return p, err
}

// Post returns one post the viewer may read, with its earlier texts newest first.
func (s *Service) Post(ctx context.Context, u *actor.Actor, groupID, postID string) (Post, []Edit, error) {
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
	out, err := postEdits(ctx, s.DB, postID)
	return p, out, err
}

// SetSummary saves a thread's "summary so far" (hosts only).
func (s *Service) SetSummary(ctx context.Context, u *actor.Actor, groupID, threadID, summary string) error {
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
		n, err := setSummary(ctx, s.DB, groupID, threadID, summary, string(html), s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return notFound
		}
		return nil
	})
}

// AttachmentData returns an attachment of a post the viewer may read.
func (s *Service) AttachmentData(ctx context.Context, u *actor.Actor, groupID, id string) (Attachment, []byte, error) {
	if _, _, err := s.readable(ctx, u, groupID); err != nil {
		return Attachment{}, nil, err
	}
	a, data, state, author, err := attachmentInGroup(ctx, s.DB, groupID, id)
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
func (s *Service) Search(ctx context.Context, u *actor.Actor, q string) ([]SearchResult, error) {
	if strings.TrimSpace(q) == "" {
		return nil, nil
	}
	viewer := ""
	if u != nil {
		viewer = u.ID
	}
	return findThreads(ctx, s.DB, viewer, q)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
