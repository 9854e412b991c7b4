package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"commons/internal/platform/db"
)

const toolkitCols = `k.id, k.status, k.title_en, k.title_cy, k.intro_en, k.intro_cy, COALESCE(k.author_id, ''), k.created_at, k.updated_at, k.published_at`

func scanToolkit(s db.Scanner) (Toolkit, error) {
	var k Toolkit
	var at sql.NullTime
	err := s.Scan(&k.ID, &k.Status, &k.Title.En, &k.Title.Cy, &k.Intro.En, &k.Intro.Cy, &k.AuthorID, &k.CreatedAt, &k.UpdatedAt, &at)
	k.PublishedAt = db.TimeOf(at)
	return k, err
}

func insertToolkit(ctx context.Context, d *db.DB, k Toolkit, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_toolkits (id, status, title_en, title_cy, intro_en, intro_cy, author_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`, k.ID, k.Status, k.Title.En, k.Title.Cy, k.Intro.En, k.Intro.Cy, db.NullString(k.AuthorID), now)
	return err
}

func updateToolkit(ctx context.Context, d *db.DB, k Toolkit, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_toolkits SET title_en = $2, title_cy = $3, intro_en = $4, intro_cy = $5, updated_at = $6 WHERE id = $1`,
		k.ID, k.Title.En, k.Title.Cy, k.Intro.En, k.Intro.Cy, now)
	return err
}

func setToolkitStatus(ctx context.Context, d *db.DB, id string, publish bool, now time.Time) error {
	return setPublished(ctx, d, "knowledge_toolkits", id, publish, now)
}

func toolkitRow(ctx context.Context, d *db.DB, id string) (Toolkit, error) {
	k, err := scanToolkit(d.QueryRow(ctx, `SELECT `+toolkitCols+` FROM knowledge_toolkits k WHERE k.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return k, notFound()
	}
	return k, err
}

// toolkitsWhere lists the published toolkits, or every toolkit (all), newest first.
func toolkitsWhere(ctx context.Context, d *db.DB, all bool) ([]Toolkit, error) {
	q := `SELECT ` + toolkitCols + ` FROM knowledge_toolkits k`
	if !all {
		q += ` WHERE k.status = 'published'`
	}
	return queryToolkits(ctx, d, q+` ORDER BY COALESCE(k.published_at, k.updated_at) DESC, k.id`)
}

func queryToolkits(ctx context.Context, d *db.DB, q string, args ...any) ([]Toolkit, error) {
	return db.List(ctx, d, scanToolkit, q, args...)
}

const documentCols = `d.id, d.toolkit_id, d.position, d.title_en, d.title_cy, d.description_en, d.description_cy, d.accessible,
	d.alternative_en, d.alternative_cy, d.alternative_url, d.created_at, d.updated_at`

func scanDocument(s db.Scanner) (Document, error) {
	var d Document
	err := s.Scan(&d.ID, &d.ToolkitID, &d.Position, &d.Title.En, &d.Title.Cy, &d.Description.En, &d.Description.Cy, &d.Accessible,
		&d.Alternative.En, &d.Alternative.Cy, &d.AlternativeURL, &d.CreatedAt, &d.UpdatedAt)
	return d, err
}

// insertDocument adds a document at the end of its toolkit.
func insertDocument(ctx context.Context, d *db.DB, doc Document, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_documents (id, toolkit_id, position, title_en, title_cy, description_en, description_cy,
		accessible, alternative_en, alternative_cy, alternative_url, created_at, updated_at)
		VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM knowledge_documents WHERE toolkit_id = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
		doc.ID, doc.ToolkitID, doc.Title.En, doc.Title.Cy, doc.Description.En, doc.Description.Cy, doc.Accessible,
		doc.Alternative.En, doc.Alternative.Cy, doc.AlternativeURL, now)
	if err != nil {
		return err
	}
	_, err = d.Exec(ctx, `UPDATE knowledge_toolkits SET updated_at = $2 WHERE id = $1`, doc.ToolkitID, now)
	return err
}

func updateDocument(ctx context.Context, d *db.DB, doc Document, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_documents SET title_en = $2, title_cy = $3, description_en = $4, description_cy = $5, accessible = $6,
		alternative_en = $7, alternative_cy = $8, alternative_url = $9, updated_at = $10 WHERE id = $1`,
		doc.ID, doc.Title.En, doc.Title.Cy, doc.Description.En, doc.Description.Cy, doc.Accessible, doc.Alternative.En, doc.Alternative.Cy,
		doc.AlternativeURL, now)
	return err
}

func setDocumentPosition(ctx context.Context, d *db.DB, id string, pos int) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_documents SET position = $2 WHERE id = $1`, id, pos)
	return err
}

func documentRow(ctx context.Context, d *db.DB, id string) (Document, error) {
	doc, err := scanDocument(d.QueryRow(ctx, `SELECT `+documentCols+` FROM knowledge_documents d WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return doc, notFound()
	}
	return doc, err
}

// documentForUpdate reads a document and, on PostgreSQL, holds it until the transaction ends,
// so two uploads at once get numbers one after the other.
func documentForUpdate(ctx context.Context, d *db.DB, id string) (Document, error) {
	doc, err := scanDocument(d.QueryRow(ctx, `SELECT `+documentCols+` FROM knowledge_documents d WHERE d.id = $1`+d.Dialect().ForUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return doc, notFound()
	}
	return doc, err
}

// documentsOf lists a toolkit's documents in order, each with its versions (without bytes).
func documentsOf(ctx context.Context, d *db.DB, toolkitID string) ([]Document, error) {
	out, err := db.List(ctx, d, scanDocument, `SELECT `+documentCols+` FROM knowledge_documents d WHERE d.toolkit_id = $1 ORDER BY d.position, d.created_at, d.id`, toolkitID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Versions, err = versionsOfDocument(ctx, d, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

const docVersionCols = `v.id, v.document_id, v.number, v.filename, v.content_type, v.size, v.sha256, v.note, COALESCE(v.uploaded_by, ''), v.created_at`

func scanDocVersion(s db.Scanner) (DocVersion, error) {
	var v DocVersion
	err := s.Scan(&v.ID, &v.DocumentID, &v.Number, &v.Filename, &v.ContentType, &v.Size, &v.SHA256, &v.Note, &v.UploadedBy, &v.CreatedAt)
	return v, err
}

func insertDocumentVersion(ctx context.Context, d *db.DB, v DocVersion, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_document_versions (id, document_id, number, filename, content_type, size, sha256, data, note,
		uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		v.ID, v.DocumentID, v.Number, v.Filename, v.ContentType, v.Size, v.SHA256, v.Data, v.Note, db.NullString(v.UploadedBy), now)
	if err != nil {
		return err
	}
	_, err = d.Exec(ctx, `UPDATE knowledge_documents SET updated_at = $2 WHERE id = $1`, v.DocumentID, now)
	return err
}

// versionsOfDocument lists a document's versions, newest first, without their bytes.
func versionsOfDocument(ctx context.Context, d *db.DB, documentID string) ([]DocVersion, error) {
	return queryDocVersions(ctx, d, `SELECT `+docVersionCols+` FROM knowledge_document_versions v WHERE v.document_id = $1 ORDER BY v.number DESC`, documentID)
}

func queryDocVersions(ctx context.Context, d *db.DB, q string, args ...any) ([]DocVersion, error) {
	return db.List(ctx, d, scanDocVersion, q, args...)
}

// documentVersionData reads a version with its bytes: number 0 is the newest.
func documentVersionData(ctx context.Context, d *db.DB, documentID string, number int) (DocVersion, error) {
	q := `SELECT ` + docVersionCols + `, v.data FROM knowledge_document_versions v WHERE v.document_id = $1`
	args := []any{documentID}
	if number > 0 {
		q += ` AND v.number = $2`
		args = append(args, number)
	}
	var data []byte
	v, err := scanDocVersion(columns{s: d.QueryRow(ctx, q+` ORDER BY v.number DESC LIMIT 1`, args...), trail: []any{&data}})
	if errors.Is(err, sql.ErrNoRows) {
		return v, notFound()
	}
	v.Data = data
	return v, err
}

// toolkitsBy lists the toolkits a person started, and versionsBy the files they uploaded: for
// their data download.
func toolkitsBy(ctx context.Context, d *db.DB, accountID string) ([]Toolkit, error) {
	return queryToolkits(ctx, d, `SELECT `+toolkitCols+` FROM knowledge_toolkits k WHERE k.author_id = $1 ORDER BY k.created_at, k.id`, accountID)
}

func docVersionsBy(ctx context.Context, d *db.DB, accountID string) ([]DocVersion, error) {
	return queryDocVersions(ctx, d, `SELECT `+docVersionCols+` FROM knowledge_document_versions v WHERE v.uploaded_by = $1 ORDER BY v.created_at, v.id`, accountID)
}

// forgetToolkitAuthor keeps the toolkits, documents and media files a person added, no longer
// naming them.
func forgetToolkitAuthor(ctx context.Context, d *db.DB, accountID string) error {
	for _, q := range []string{
		`UPDATE knowledge_toolkits SET author_id = NULL WHERE author_id = $1`,
		`UPDATE knowledge_document_versions SET uploaded_by = NULL WHERE uploaded_by = $1`,
		`UPDATE knowledge_media_files SET uploaded_by = NULL WHERE uploaded_by = $1`,
	} {
		if _, err := d.Exec(ctx, q, accountID); err != nil {
			return err
		}
	}
	return nil
}
