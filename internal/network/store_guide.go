package network

import (
	"context"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

func insertGuide(ctx context.Context, d *db.DB, id, groupID, title string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_guides (id, group_id, title, created_at) VALUES ($1, $2, $3, $4)`, id, groupID, title, now)
	return err
}

// groupGuides are a group's guides by title (without chapters).
func groupGuides(ctx context.Context, d *db.DB, groupID string) ([]Guide, error) {
	return db.List(ctx, d, func(r db.Scanner) (Guide, error) {
		var g Guide
		var pub sqlNullTime
		if err := r.Scan(&g.ID, &g.GroupID, &g.Title, &g.CreatedAt, &pub); err != nil {
			return g, err
		}
		g.PublishedAt = nullTime(pub)
		return g, nil
	}, `SELECT id, group_id, title, created_at, published_at FROM network_guides WHERE group_id = $1 ORDER BY title`, groupID)
}

// guideInGroup reads a guide of a group (no rows when it is another group's), without chapters.
func guideInGroup(ctx context.Context, d *db.DB, groupID, guideID string) (Guide, error) {
	var g Guide
	var pub sqlNullTime
	err := d.QueryRow(ctx, `SELECT id, group_id, title, created_at, published_at FROM network_guides WHERE id = $1 AND group_id = $2`, guideID, groupID).
		Scan(&g.ID, &g.GroupID, &g.Title, &g.CreatedAt, &pub)
	g.PublishedAt = nullTime(pub)
	return g, err
}

// guideChapters are a guide's chapters in order, with their latest version and open comments.
func guideChapters(ctx context.Context, d *db.DB, guideID string) ([]Chapter, error) {
	return db.List(ctx, d, func(r db.Scanner) (Chapter, error) {
		var c Chapter
		err := r.Scan(&c.ID, &c.GuideID, &c.Position, &c.Title, &c.Latest, &c.Open)
		return c, err
	}, `SELECT c.id, c.guide_id, c.position, c.title,
		COALESCE((SELECT max(v.number) FROM network_versions v WHERE v.chapter_id = c.id), 0),
		(SELECT count(*) FROM network_comments k WHERE k.chapter_id = c.id AND k.state = 'open')
		FROM network_chapters c WHERE c.guide_id = $1 ORDER BY c.position, c.id`, guideID)
}

// insertChapter adds a chapter at the end of a guide.
func insertChapter(ctx context.Context, d *db.DB, id, guideID, title string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_chapters (id, guide_id, position, title, created_at)
		VALUES ($1, $2, (SELECT COALESCE(max(position), 0) + 1 FROM network_chapters WHERE guide_id = $2), $3, $4)`, id, guideID, title, now)
	return err
}

// insertVersion saves draft number n of a chapter (a number taken already is a unique violation).
func insertVersion(ctx context.Context, d *db.DB, chapterID string, n int, body, authorID string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_versions (id, chapter_id, number, body, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		ids.New(), chapterID, n, body, authorID, now)
	return err
}

// chapterInGuide reads a chapter of a guide of a group (no rows when the ids do not belong
// together), with its latest version's number.
func chapterInGuide(ctx context.Context, d *db.DB, groupID, guideID, chapterID string) (Chapter, error) {
	var c Chapter
	err := d.QueryRow(ctx, `SELECT c.id, c.guide_id, c.position, c.title,
		COALESCE((SELECT max(v.number) FROM network_versions v WHERE v.chapter_id = c.id), 0)
		FROM network_chapters c JOIN network_guides g ON g.id = c.guide_id
		WHERE c.id = $1 AND c.guide_id = $2 AND g.group_id = $3`, chapterID, guideID, groupID).Scan(&c.ID, &c.GuideID, &c.Position, &c.Title, &c.Latest)
	return c, err
}

// chapterVersion reads draft n of a chapter, without its author's name.
func chapterVersion(ctx context.Context, d *db.DB, chapterID string, n int) (Version, error) {
	v := Version{Number: n}
	err := d.QueryRow(ctx, `SELECT v.body, v.author_id, v.created_at FROM network_versions v
		WHERE v.chapter_id = $1 AND v.number = $2`, chapterID, n).Scan(&v.Body, &v.authorID, &v.CreatedAt)
	v.CreatedAt = v.CreatedAt.UTC()
	return v, err
}

// lastRead is the version of a chapter an account last read (no rows: never).
func lastRead(ctx context.Context, d *db.DB, accountID, chapterID string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT version_number FROM network_reads WHERE account_id = $1 AND chapter_id = $2`, accountID, chapterID).Scan(&n)
	return n, err
}

// markChapterRead remembers the version of a chapter an account has read.
func markChapterRead(ctx context.Context, d *db.DB, accountID, chapterID string, version int, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_reads (account_id, chapter_id, version_number, read_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id, chapter_id) DO UPDATE SET version_number = excluded.version_number, read_at = excluded.read_at`,
		accountID, chapterID, version, now)
	return err
}

// chapterComments are a chapter's comments, oldest first, without their authors' names.
func chapterComments(ctx context.Context, d *db.DB, chapterID string) ([]Comment, error) {
	return db.List(ctx, d, func(r db.Scanner) (Comment, error) {
		var c Comment
		var html string
		if err := r.Scan(&c.ID, &c.ChapterID, &c.VersionNumber, &c.ParagraphHash, &c.ParagraphIndex, &c.ParagraphText, &c.authorID, &html, &c.State, &c.CreatedAt); err != nil {
			return c, err
		}
		c.BodyHTML = trusted(html)
		c.CreatedAt = c.CreatedAt.UTC()
		return c, nil
	}, `SELECT k.id, k.chapter_id, k.version_number, k.paragraph_hash, k.paragraph_index, k.paragraph_text, k.author_id, k.body_html, k.state, k.created_at
		FROM network_comments k WHERE k.chapter_id = $1 ORDER BY k.created_at, k.id`, chapterID)
}

// insertComment saves an open comment.
func insertComment(ctx context.Context, d *db.DB, k Comment, body string) error {
	_, err := d.Exec(ctx, `INSERT INTO network_comments (id, chapter_id, version_number, paragraph_hash, paragraph_index, paragraph_text, author_id, body, body_html, state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)`,
		k.ID, k.ChapterID, k.VersionNumber, k.ParagraphHash, k.ParagraphIndex, k.ParagraphText, k.authorID, body, string(k.BodyHTML), k.CreatedAt)
	return err
}

// setCommentState changes a comment of a guide of a group, reporting how many it changed.
func setCommentState(ctx context.Context, d *db.DB, groupID, guideID, commentID, state string) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE network_comments SET state = $1 WHERE id = $2 AND chapter_id IN
		(SELECT c.id FROM network_chapters c JOIN network_guides g ON g.id = c.guide_id WHERE g.id = $3 AND g.group_id = $4)`,
		state, commentID, guideID, groupID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// publishGuide marks a guide of a group published, reporting how many it changed.
func publishGuide(ctx context.Context, d *db.DB, groupID, guideID string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE network_guides SET published_at = $1 WHERE id = $2 AND group_id = $3`, now, guideID, groupID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
