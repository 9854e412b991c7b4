package ownership

import (
	"context"
	"database/sql"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// Documents, settings, the council's criteria and scores, and the register of land.

func insertDocument(ctx context.Context, d *db.DB, doc *Document) error {
	doc.ID = ids.New()
	doc.CreatedAt = d.Now(ctx)
	_, err := d.Exec(ctx, `INSERT INTO own_documents (id, case_id, kind, filename, content_type, size, data, public, uploaded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, doc.ID, doc.CaseID, doc.Kind, doc.Filename, doc.ContentType, len(doc.Data), doc.Data,
		boolInt(doc.Public), db.NullString(doc.UploadedBy), doc.CreatedAt)
	return err
}

func queryDocuments(ctx context.Context, d *db.DB, caseID string) ([]Document, error) {
	return db.List(ctx, d, func(r db.Scanner) (Document, error) {
		var doc Document
		var pub int
		err := r.Scan(&doc.ID, &doc.CaseID, &doc.Kind, &doc.Filename, &doc.ContentType, &doc.Size, &pub, &doc.UploadedBy, &doc.CreatedAt)
		doc.Public = pub == 1
		return doc, err
	}, `SELECT id, case_id, kind, filename, content_type, size, public, COALESCE(uploaded_by, ''), created_at
		FROM own_documents WHERE case_id = $1 ORDER BY created_at, id`, caseID)
}

func documentByID(ctx context.Context, d *db.DB, id string) (Document, error) {
	var doc Document
	var pub int
	err := d.QueryRow(ctx, `SELECT id, case_id, kind, filename, content_type, size, public, COALESCE(uploaded_by, ''), created_at, data
		FROM own_documents WHERE id = $1`, id).Scan(&doc.ID, &doc.CaseID, &doc.Kind, &doc.Filename, &doc.ContentType, &doc.Size, &pub,
		&doc.UploadedBy, &doc.CreatedAt, &doc.Data)
	doc.Public = pub == 1
	return doc, err
}

func setDocumentPublic(ctx context.Context, d *db.DB, caseID, id string, public bool) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE own_documents SET public = $3 WHERE id = $1 AND case_id = $2`, id, caseID, boolInt(public))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func getSetting(ctx context.Context, d *db.DB, key string) (string, error) {
	var v string
	err := d.QueryRow(ctx, `SELECT value FROM own_settings WHERE key = $1`, key).Scan(&v)
	if isNoRows(err) {
		return "", nil
	}
	return v, err
}

func putSetting(ctx context.Context, d *db.DB, key, value string) error {
	_, err := d.Exec(ctx, `INSERT INTO own_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2`, key, value)
	return err
}

func queryCriteria(ctx context.Context, d *db.DB, activeOnly bool) ([]Criterion, error) {
	q := `SELECT id, name, name_cy, weight, position, active FROM own_criteria`
	if activeOnly {
		q += ` WHERE active = 1`
	}
	return db.List(ctx, d, func(r db.Scanner) (Criterion, error) {
		var c Criterion
		var active int
		err := r.Scan(&c.ID, &c.Name, &c.NameCy, &c.Weight, &c.Position, &active)
		c.Active = active == 1
		return c, err
	}, q+` ORDER BY position, name`)
}

func saveCriterion(ctx context.Context, d *db.DB, c Criterion) error {
	if c.ID == "" {
		c.ID = ids.New()
		_, err := d.Exec(ctx, `INSERT INTO own_criteria (id, name, name_cy, weight, position, active) VALUES ($1, $2, $3, $4, $5, $6)`,
			c.ID, c.Name, c.NameCy, c.Weight, c.Position, boolInt(c.Active))
		return err
	}
	_, err := d.Exec(ctx, `UPDATE own_criteria SET name = $2, name_cy = $3, weight = $4, position = $5, active = $6 WHERE id = $1`,
		c.ID, c.Name, c.NameCy, c.Weight, c.Position, boolInt(c.Active))
	return err
}

// Score is one criterion's score of an application.
type Score struct {
	CriterionID string
	Score       int
	Note        string
}

func putScore(ctx context.Context, d *db.DB, caseID string, s Score) error {
	_, err := d.Exec(ctx, `INSERT INTO own_scores (case_id, criterion_id, score, note, scored_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (case_id, criterion_id) DO UPDATE SET score = $3, note = $4, scored_at = $5`, caseID, s.CriterionID, s.Score, s.Note, d.Now(ctx))
	return err
}

func queryScores(ctx context.Context, d *db.DB, caseID string) (map[string]Score, error) {
	out := map[string]Score{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var s Score
		err := r.Scan(&s.CriterionID, &s.Score, &s.Note)
		out[s.CriterionID] = s
		return err
	}, `SELECT criterion_id, score, note FROM own_scores WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, err
	}
	return out, nil
}

const landColumns = `id, COALESCE(asset_id, ''), name, description, address, postcode, uprn, boundary, lat, lng, tenure, created_at, updated_at`

func queryLand(ctx context.Context, d *db.DB, where string, args ...any) ([]Land, error) {
	return db.List(ctx, d, func(r db.Scanner) (Land, error) {
		var l Land
		var lat, lng sql.NullFloat64
		err := r.Scan(&l.ID, &l.AssetID, &l.Name, &l.Description, &l.Address, &l.Postcode, &l.UPRN, &l.Boundary, &lat, &lng,
			&l.Tenure, &l.CreatedAt, &l.UpdatedAt)
		if lat.Valid && lng.Valid {
			l.Lat, l.Lng = &lat.Float64, &lng.Float64
		}
		return l, err
	}, `SELECT `+landColumns+` FROM own_land `+where, args...)
}

func saveLand(ctx context.Context, d *db.DB, l *Land) error {
	now := d.Now(ctx)
	if l.ID == "" {
		l.ID = ids.New()
		_, err := d.Exec(ctx, `INSERT INTO own_land (id, asset_id, name, description, address, postcode, uprn, boundary, lat, lng, tenure, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`, l.ID, db.NullString(l.AssetID), l.Name, l.Description, l.Address,
			l.Postcode, l.UPRN, l.Boundary, floatOrNil(l.Lat), floatOrNil(l.Lng), l.Tenure, now)
		return err
	}
	_, err := d.Exec(ctx, `UPDATE own_land SET asset_id = $2, name = $3, description = $4, address = $5, postcode = $6, uprn = $7, boundary = $8,
		lat = $9, lng = $10, tenure = $11, updated_at = $12 WHERE id = $1`, l.ID, db.NullString(l.AssetID), l.Name, l.Description, l.Address,
		l.Postcode, l.UPRN, l.Boundary, floatOrNil(l.Lat), floatOrNil(l.Lng), l.Tenure, now)
	return err
}

func deleteLand(ctx context.Context, d *db.DB, id string) (bool, error) {
	res, err := d.Exec(ctx, `DELETE FROM own_land WHERE id = $1`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// eventCounts counts steps taken between two days (inclusive), by "step.outcome".
func eventCounts(ctx context.Context, d *db.DB, from, to string) (map[string]int, error) {
	out := map[string]int{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var step, outcome string
		var n int
		err := r.Scan(&step, &outcome, &n)
		out[step+"."+outcome] += n
		return err
	}, `SELECT step, outcome, count(*) FROM own_events WHERE on_date >= $1 AND on_date <= $2
		AND step NOT IN ('acv.compensation_claim') GROUP BY step, outcome`, from, to)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// distinctCases counts the cases that took a step between two days.
func distinctCases(ctx context.Context, d *db.DB, step, from, to string) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(DISTINCT case_id) FROM own_events WHERE step = $1 AND on_date >= $2 AND on_date <= $3`, step, from, to).Scan(&n)
	return n, err
}

func documentsBy(ctx context.Context, d *db.DB, accountID string) ([]map[string]string, error) {
	return db.List(ctx, d, func(r db.Scanner) (map[string]string, error) {
		var id, name, kind, ct, ref string
		err := r.Scan(&id, &name, &kind, &ct, &ref)
		return map[string]string{"id": id, "filename": name, "kind": kind, "content_type": ct, "case": ref}, err
	}, `SELECT d.id, d.filename, d.kind, d.content_type, c.reference FROM own_documents d JOIN own_cases c ON c.id = d.case_id
		WHERE d.uploaded_by = $1 ORDER BY d.created_at`, accountID)
}

func anonymise(ctx context.Context, d *db.DB, accountID, email string) error {
	if email != "" {
		if _, err := d.Exec(ctx, `UPDATE own_cases SET contact_name = '', contact_email = '', contact_phone = '' WHERE lower(contact_email) = lower($1)`, email); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`UPDATE own_cases SET contact_account = NULL, contact_name = '', contact_email = '', contact_phone = '' WHERE contact_account = $1`,
		`UPDATE own_cases SET recorded_by = NULL, recorded_by_name = '' WHERE recorded_by = $1`,
		`UPDATE own_cases SET assigned_to = NULL WHERE assigned_to = $1`,
		`UPDATE own_events SET actor_id = NULL, actor_name = '' WHERE actor_id = $1`,
		`UPDATE own_documents SET uploaded_by = NULL WHERE uploaded_by = $1`,
	} {
		if _, err := d.Exec(ctx, q, accountID); err != nil {
			return err
		}
	}
	return nil
}
