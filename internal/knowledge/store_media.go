package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"commons/internal/platform/db"
)

const mediaCols = `m.id, m.status, m.kind, m.title_en, m.title_cy, m.description_en, m.description_cy, m.url, m.minutes, m.captions,
	m.transcript_en, m.transcript_cy, COALESCE(m.author_id, ''), m.created_at, m.updated_at, m.published_at,
	COALESCE(f.filename, ''), COALESCE(f.content_type, ''), COALESCE(f.size, 0), COALESCE(f.sha256, ''), f.created_at`

// mediaFrom joins each film to its uploaded file, if it has one.
const mediaFrom = ` FROM knowledge_media m LEFT JOIN knowledge_media_files f ON f.media_id = m.id`

func scanMedia(s db.Scanner) (Media, error) {
	var m Media
	var at, fileAt sql.NullTime
	var f MediaFile
	err := s.Scan(&m.ID, &m.Status, &m.Kind, &m.Title.En, &m.Title.Cy, &m.Description.En, &m.Description.Cy, &m.URL, &m.Minutes,
		&m.Captions, &m.Transcript.En, &m.Transcript.Cy, &m.AuthorID, &m.CreatedAt, &m.UpdatedAt, &at,
		&f.Filename, &f.ContentType, &f.Size, &f.SHA256, &fileAt)
	m.PublishedAt = db.TimeOf(at)
	if f.Filename != "" {
		f.CreatedAt = fileAt.Time
		m.File = &f
	}
	return m, err
}

func insertMedia(ctx context.Context, d *db.DB, m Media, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_media (id, status, kind, title_en, title_cy, description_en, description_cy, url, minutes,
		captions, transcript_en, transcript_cy, author_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
		m.ID, m.Status, m.Kind, m.Title.En, m.Title.Cy, m.Description.En, m.Description.Cy, m.URL, m.Minutes, m.Captions,
		m.Transcript.En, m.Transcript.Cy, db.NullString(m.AuthorID), now)
	return err
}

func updateMedia(ctx context.Context, d *db.DB, m Media, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_media SET kind = $2, title_en = $3, title_cy = $4, description_en = $5, description_cy = $6,
		url = $7, minutes = $8, captions = $9, transcript_en = $10, transcript_cy = $11, updated_at = $12 WHERE id = $1`,
		m.ID, m.Kind, m.Title.En, m.Title.Cy, m.Description.En, m.Description.Cy, m.URL, m.Minutes, m.Captions, m.Transcript.En, m.Transcript.Cy, now)
	return err
}

func setMediaStatus(ctx context.Context, d *db.DB, id string, publish bool, now time.Time) error {
	return setPublished(ctx, d, "knowledge_media", id, publish, now)
}

func mediaByID(ctx context.Context, d *db.DB, id string) (Media, error) {
	m, err := scanMedia(d.QueryRow(ctx, `SELECT `+mediaCols+mediaFrom+` WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, notFound()
	}
	return m, err
}

func mediaWhere(ctx context.Context, d *db.DB, status string, f MediaFilter) ([]Media, error) {
	q := `SELECT ` + mediaCols + mediaFrom + ` WHERE m.status = $1`
	args := []any{status}
	if f.Kind != "" {
		args = append(args, f.Kind)
		q += ` AND m.kind = $` + itoa(len(args))
	}
	for _, w := range strings.Fields(strings.ToLower(f.Words)) {
		args = append(args, "%"+db.LikeEscape(w)+"%")
		n := itoa(len(args))
		q += ` AND lower(m.title_en || ' ' || m.title_cy || ' ' || m.description_en || ' ' || m.description_cy || ' ' || m.transcript_en || ' ' || m.transcript_cy) LIKE $` + n + ` ESCAPE '\'`
	}
	return db.List(ctx, d, scanMedia, q+` ORDER BY COALESCE(m.published_at, m.updated_at) DESC, m.id`, args...)
}

func mediaBy(ctx context.Context, d *db.DB, accountID string) ([]Media, error) {
	return db.List(ctx, d, scanMedia, `SELECT `+mediaCols+mediaFrom+` WHERE m.author_id = $1 ORDER BY m.created_at, m.id`, accountID)
}

// putMediaFile stores a recording's uploaded file, replacing the one it had.
func putMediaFile(ctx context.Context, d *db.DB, mediaID string, f MediaFile, by string, now time.Time) error {
	if _, err := d.Exec(ctx, `DELETE FROM knowledge_media_files WHERE media_id = $1`, mediaID); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `INSERT INTO knowledge_media_files (media_id, filename, content_type, size, sha256, data, uploaded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, mediaID, f.Filename, f.ContentType, f.Size, f.SHA256, f.Data, db.NullString(by), now)
	return err
}

// mediaFileData reads a recording's file with its bytes.
func mediaFileData(ctx context.Context, d *db.DB, mediaID string) (MediaFile, error) {
	var f MediaFile
	err := d.QueryRow(ctx, `SELECT filename, content_type, size, sha256, created_at, data FROM knowledge_media_files WHERE media_id = $1`, mediaID).
		Scan(&f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt, &f.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return f, notFound()
	}
	return f, err
}
