package network

import (
	"commons/internal/platform/actor"
	"context"
	"html/template"
	"strings"
	"unicode/utf8"

	"commons/internal/network/anchor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
)

func checkTitle(title string) error {
	switch {
	case title == "":
		return errs.FieldErrors(map[string]string{"title": "network.err.title_missing"})
	case utf8.RuneCountInString(title) > MaxTitle:
		return errs.FieldErrors(map[string]string{"title": "network.err.title_long"})
	}
	return nil
}

func (s *Service) editor(ctx context.Context, u *actor.Actor, groupID string) error {
	_, m, err := s.readable(ctx, u, groupID)
	if err != nil {
		return err
	}
	if !m.IsEditor() || m.Blocked {
		return forbidden()
	}
	return nil
}

// CreateGuide starts a guide in a group (hosts and editors).
func (s *Service) CreateGuide(ctx context.Context, u *actor.Actor, groupID, title string) (string, error) {
	title = strings.TrimSpace(title)
	if err := checkTitle(title); err != nil {
		return "", err
	}
	id := ids.New()
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.editor(ctx, u, groupID); err != nil {
			return err
		}
		return insertGuide(ctx, s.DB, id, groupID, title, s.DB.Now(ctx))
	})
	return id, err
}

// Guides lists a group's guides.
func (s *Service) Guides(ctx context.Context, u *actor.Actor, groupID string) ([]Guide, error) {
	if _, _, err := s.readable(ctx, u, groupID); err != nil {
		return nil, err
	}
	return groupGuides(ctx, s.DB, groupID)
}

// Guide returns a guide with its chapters in order.
func (s *Service) Guide(ctx context.Context, u *actor.Actor, groupID, guideID string) (Guide, Group, Membership, error) {
	grp, m, err := s.readable(ctx, u, groupID)
	if err != nil {
		return Guide{}, grp, m, err
	}
	g, err := s.guide(ctx, groupID, guideID)
	return g, grp, m, err
}

func (s *Service) guide(ctx context.Context, groupID, guideID string) (Guide, error) {
	g, err := guideInGroup(ctx, s.DB, groupID, guideID)
	if err != nil {
		return g, notFoundOr(err)
	}
	g.Chapters, err = guideChapters(ctx, s.DB, guideID)
	return g, err
}

// AddChapter adds a chapter at the end of a guide with its first draft (hosts and editors).
func (s *Service) AddChapter(ctx context.Context, u *actor.Actor, groupID, guideID, title, body string) (string, error) {
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if err := checkTitle(title); err != nil {
		return "", err
	}
	if err := checkDraft(body); err != nil {
		return "", err
	}
	id := ids.New()
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.editor(ctx, u, groupID); err != nil {
			return err
		}
		if _, err := s.guide(ctx, groupID, guideID); err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		if err := insertChapter(ctx, s.DB, id, guideID, title, now); err != nil {
			return err
		}
		return insertVersion(ctx, s.DB, id, 1, body, u.ID, now)
	})
	return id, err
}

func checkDraft(body string) error {
	switch {
	case body == "":
		return errs.FieldErrors(map[string]string{"body": "network.err.body_missing"})
	case len(body) > markdown.MaxSource:
		return errs.FieldErrors(map[string]string{"body": markdown.TooLongKey})
	}
	return nil
}

// SaveVersion saves a new draft of a chapter (hosts and editors) and returns its number.
func (s *Service) SaveVersion(ctx context.Context, u *actor.Actor, groupID, guideID, chapterID, body string) (int, error) {
	body = strings.TrimSpace(body)
	if err := checkDraft(body); err != nil {
		return 0, err
	}
	var n int
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.editor(ctx, u, groupID); err != nil {
			return err
		}
		c, err := s.chapter(ctx, groupID, guideID, chapterID)
		if err != nil {
			return err
		}
		n = c.Latest + 1
		err = insertVersion(ctx, s.DB, chapterID, n, body, u.ID, s.DB.Now(ctx))
		return s.DB.Err(err, "network.err.version_race")
	})
	return n, err
}

func (s *Service) chapter(ctx context.Context, groupID, guideID, chapterID string) (Chapter, error) {
	c, err := chapterInGuide(ctx, s.DB, groupID, guideID, chapterID)
	return c, noRowsNotFound(err)
}

func (s *Service) version(ctx context.Context, chapterID string, n int) (Version, error) {
	v, err := chapterVersion(ctx, s.DB, chapterID, n)
	if err != nil {
		return v, noRowsNotFound(err)
	}
	names, err := s.shownNames(ctx, []string{v.authorID})
	v.Author = names[v.authorID]
	return v, err
}

// ParagraphView is one paragraph of the latest draft with the comments that belong to it.
type ParagraphView struct {
	Index    int
	Hash     string
	HTML     template.HTML
	Comments []Comment
}

// ChapterView is a chapter as a reader sees it.
type ChapterView struct {
	Guide      Guide
	Chapter    Chapter
	Version    Version
	Paragraphs []ParagraphView
	Earlier    []Comment       // comments whose paragraph is no longer in the draft
	Changes    []anchor.Change // what changed since the reader last read it
	LastRead   int             // the version the reader last read, 0 when never
}

// Chapter returns the latest draft of a chapter with its comments beside their paragraphs and,
// for a signed-in reader who read an earlier version, what changed since; it then records that
// they have read this version.
func (s *Service) Chapter(ctx context.Context, u *actor.Actor, groupID, guideID, chapterID string) (ChapterView, Group, Membership, error) {
	var cv ChapterView
	grp, m, err := s.readable(ctx, u, groupID)
	if err != nil {
		return cv, grp, m, err
	}
	if cv.Guide, err = s.guide(ctx, groupID, guideID); err != nil {
		return cv, grp, m, err
	}
	if cv.Chapter, err = s.chapter(ctx, groupID, guideID, chapterID); err != nil {
		return cv, grp, m, err
	}
	if cv.Version, err = s.version(ctx, chapterID, cv.Chapter.Latest); err != nil {
		return cv, grp, m, err
	}
	paras := markdown.Paragraphs(cv.Version.Body)
	current := make([]anchor.Para, len(paras))
	for i, p := range paras {
		current[i] = anchor.Para{Hash: p.Hash, Text: p.Text}
		cv.Paragraphs = append(cv.Paragraphs, ParagraphView{Index: i, Hash: p.Hash, HTML: p.HTML})
	}
	comments, err := s.comments(ctx, chapterID)
	if err != nil {
		return cv, grp, m, err
	}
	loc := anchor.NewLocator(current)
	for _, c := range comments {
		if i := loc.Locate(c.ParagraphHash, c.ParagraphText, c.ParagraphIndex); i >= 0 {
			cv.Paragraphs[i].Comments = append(cv.Paragraphs[i].Comments, c)
		} else {
			cv.Earlier = append(cv.Earlier, c)
		}
	}
	if u != nil {
		var err error
		cv.LastRead, err = lastRead(ctx, s.DB, u.ID, chapterID)
		if err != nil && !db.IsNoRows(err) {
			return cv, grp, m, err
		}
		if cv.LastRead > 0 && cv.LastRead < cv.Chapter.Latest {
			old, err := s.version(ctx, chapterID, cv.LastRead)
			if err != nil {
				return cv, grp, m, err
			}
			var prev []anchor.Para
			for _, p := range markdown.Paragraphs(old.Body) {
				prev = append(prev, anchor.Para{Hash: p.Hash, Text: p.Text})
			}
			cv.Changes = anchor.Diff(prev, current)
		}
		if err := markChapterRead(ctx, s.DB, u.ID, chapterID, cv.Chapter.Latest, s.DB.Now(ctx)); err != nil {
			return cv, grp, m, err
		}
	}
	return cv, grp, m, nil
}

func (s *Service) comments(ctx context.Context, chapterID string) ([]Comment, error) {
	cs, err := chapterComments(ctx, s.DB, chapterID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(cs))
	for i := range cs {
		ids[i] = cs[i].authorID
	}
	names, err := s.shownNames(ctx, ids)
	for i := range cs {
		cs[i].Author = names[cs[i].authorID]
	}
	return cs, err
}

// AddComment comments on a paragraph (by its index and hash in the latest version) of a chapter
// (members).
func (s *Service) AddComment(ctx context.Context, u *actor.Actor, groupID, guideID, chapterID, hash string, index int, body string) error {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return errs.FieldErrors(map[string]string{"comment": "network.err.body_missing"})
	case len(body) > MaxBody:
		return errs.FieldErrors(map[string]string{"comment": "network.err.body_long"})
	}
	html, err := markdown.Render(body)
	if err != nil {
		return errs.FieldErrors(map[string]string{"comment": markdown.TooLongKey})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, m, err := s.readable(ctx, u, groupID)
		if err != nil {
			return err
		}
		if !m.IsMember() || m.Blocked {
			return errs.E(errs.Forbidden, "network.err.members_only")
		}
		c, err := s.chapter(ctx, groupID, guideID, chapterID)
		if err != nil {
			return err
		}
		v, err := s.version(ctx, chapterID, c.Latest)
		if err != nil {
			return err
		}
		paras := markdown.Paragraphs(v.Body)
		if index < 0 || index >= len(paras) || paras[index].Hash != hash {
			// The draft changed under the reader: ask them to look again.
			return errs.FieldErrors(map[string]string{"comment": "network.err.paragraph_moved"})
		}
		commentID := ids.New()
		k := Comment{ID: commentID, ChapterID: chapterID, VersionNumber: c.Latest, ParagraphHash: hash, ParagraphIndex: index,
			ParagraphText: paras[index].Text, authorID: u.ID, BodyHTML: html, CreatedAt: s.DB.Now(ctx)}
		if err := insertComment(ctx, s.DB, k, body); err != nil {
			return err
		}
		// Whoever drafted the chapter hears of the comment.
		authors, err := chapterAuthors(ctx, s.DB, chapterID)
		if err != nil {
			return err
		}
		return s.notify(ctx, Notice{Kind: NoticeGuideComment, GroupID: groupID, ActorID: u.ID, Subject: c.Title,
			Link:   "/groups/" + groupID + "/guides/" + guideID + "/chapters/" + chapterID + "#comment-" + commentID,
			Detail: markdown.Excerpt(body, 200)}, authors...)
	})
}

// SetCommentState marks a comment taken in, answered or open again (hosts and editors).
func (s *Service) SetCommentState(ctx context.Context, u *actor.Actor, groupID, guideID, commentID, state string) error {
	if state != CommentOpen && state != CommentTakenIn && state != CommentAnswered {
		return errs.E(errs.Invalid, "network.err.action")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.editor(ctx, u, groupID); err != nil {
			return err
		}
		n, err := setCommentState(ctx, s.DB, groupID, guideID, commentID, state)
		if err != nil {
			return err
		}
		if n == 0 {
			return notFound
		}
		return nil
	})
}

// Publish publishes a guide: its clean page and print view show each chapter's latest draft.
func (s *Service) Publish(ctx context.Context, u *actor.Actor, groupID, guideID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.editor(ctx, u, groupID); err != nil {
			return err
		}
		n, err := publishGuide(ctx, s.DB, groupID, guideID, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return notFound
		}
		return nil
	})
}

// PublishedChapter is a chapter of the published guide.
type PublishedChapter struct {
	Chapter
	HTML template.HTML
}

// Published returns a published guide with each chapter's latest draft rendered.
func (s *Service) Published(ctx context.Context, u *actor.Actor, groupID, guideID string) (Guide, []PublishedChapter, Group, error) {
	g, grp, _, err := s.Guide(ctx, u, groupID, guideID)
	if err != nil {
		return g, nil, grp, err
	}
	if g.PublishedAt == nil {
		return g, nil, grp, notFound
	}
	var out []PublishedChapter
	for _, c := range g.Chapters {
		v, err := s.version(ctx, c.ID, c.Latest)
		if err != nil {
			return g, nil, grp, err
		}
		html, err := markdown.Render(v.Body)
		if err != nil {
			return g, nil, grp, err
		}
		out = append(out, PublishedChapter{Chapter: c, HTML: html})
	}
	return g, out, grp, nil
}
