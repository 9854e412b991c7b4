package knowledge

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// versionCols are a method version's columns, with empty places for the names of its author and
// reviewer, which the service fills in through identity.
const versionCols = `v.id, v.method_id, v.number, v.status, v.iap2, v.duration, v.cost, v.people_min, v.people_max, v.setting,
	v.purposes, v.templates, v.title_en, v.title_cy, v.summary_en, v.summary_cy, v.when_en, v.when_cy, v.when_not_en, v.when_not_cy,
	v.needs_en, v.needs_cy, v.steps_en, v.steps_cy, v.resources_en, v.resources_cy, v.accessibility_en, v.accessibility_cy,
	v.change_note, COALESCE(v.author_id, ''), '', COALESCE(v.reviewer_id, ''), '', v.review_note,
	v.created_at, v.updated_at, v.submitted_at, v.reviewed_at`

const versionFrom = ` FROM knowledge_method_versions v`

func scanVersion(s db.Scanner) (MethodVersion, error) {
	var v MethodVersion
	var purposes, templates string
	var sub, rev sql.NullTime
	dest := []any{&v.ID, &v.MethodID, &v.Number, &v.Status, &v.IAP2, &v.Duration, &v.Cost, &v.PeopleMin, &v.PeopleMax, &v.Setting,
		&purposes, &templates, &v.Title.En, &v.Title.Cy, &v.Summary.En, &v.Summary.Cy, &v.When.En, &v.When.Cy, &v.WhenNot.En, &v.WhenNot.Cy,
		&v.Needs.En, &v.Needs.Cy, &v.Steps.En, &v.Steps.Cy, &v.Resources.En, &v.Resources.Cy, &v.Accessibility.En, &v.Accessibility.Cy,
		&v.ChangeNote, &v.AuthorID, &v.Author, &v.ReviewerID, &v.Reviewer, &v.ReviewNote, &v.CreatedAt, &v.UpdatedAt, &sub, &rev}
	if err := s.Scan(dest...); err != nil {
		return v, err
	}
	v.Purposes, v.Templates = words(purposes), words(templates)
	v.SubmittedAt, v.ReviewedAt = db.TimeOf(sub), db.TimeOf(rev)
	return v, nil
}

func words(s string) []string { return strings.Fields(s) }

// insertMethod adds a method row.
func insertMethod(ctx context.Context, d *db.DB, id, slug string, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_methods (id, slug, created_at, updated_at) VALUES ($1, $2, $3, $3)`, id, slug, now)
	return err
}

// slugTaken reports whether a method already has the slug.
func slugTaken(ctx context.Context, d *db.DB, slug string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM knowledge_methods WHERE slug = $1`, slug).Scan(&n)
	return n > 0, err
}

// insertVersion adds a version.
func insertVersion(ctx context.Context, d *db.DB, v MethodVersion, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_method_versions (id, method_id, number, status, iap2, duration, cost, people_min, people_max,
		setting, purposes, templates, title_en, title_cy, summary_en, summary_cy, when_en, when_cy, when_not_en, when_not_cy, needs_en, needs_cy,
		steps_en, steps_cy, resources_en, resources_cy, accessibility_en, accessibility_cy, change_note, author_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $31)`,
		v.ID, v.MethodID, v.Number, v.Status, v.IAP2, v.Duration, v.Cost, v.PeopleMin, v.PeopleMax, v.Setting,
		strings.Join(v.Purposes, " "), strings.Join(v.Templates, " "), v.Title.En, v.Title.Cy, v.Summary.En, v.Summary.Cy, v.When.En, v.When.Cy,
		v.WhenNot.En, v.WhenNot.Cy, v.Needs.En, v.Needs.Cy, v.Steps.En, v.Steps.Cy, v.Resources.En, v.Resources.Cy, v.Accessibility.En,
		v.Accessibility.Cy, v.ChangeNote, db.NullString(v.AuthorID), now)
	return err
}

// updateDraft rewrites a draft (or returned) version's content in place.
func updateDraft(ctx context.Context, d *db.DB, v MethodVersion, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_method_versions SET status = 'draft', iap2 = $2, duration = $3, cost = $4, people_min = $5,
		people_max = $6, setting = $7, purposes = $8, templates = $9, title_en = $10, title_cy = $11, summary_en = $12, summary_cy = $13,
		when_en = $14, when_cy = $15, when_not_en = $16, when_not_cy = $17, needs_en = $18, needs_cy = $19, steps_en = $20, steps_cy = $21,
		resources_en = $22, resources_cy = $23, accessibility_en = $24, accessibility_cy = $25, change_note = $26, author_id = $27,
		updated_at = $28, submitted_at = NULL WHERE id = $1 AND status IN ('draft', 'returned')`,
		v.ID, v.IAP2, v.Duration, v.Cost, v.PeopleMin, v.PeopleMax, v.Setting, strings.Join(v.Purposes, " "), strings.Join(v.Templates, " "),
		v.Title.En, v.Title.Cy, v.Summary.En, v.Summary.Cy, v.When.En, v.When.Cy, v.WhenNot.En, v.WhenNot.Cy, v.Needs.En, v.Needs.Cy,
		v.Steps.En, v.Steps.Cy, v.Resources.En, v.Resources.Cy, v.Accessibility.En, v.Accessibility.Cy, v.ChangeNote, db.NullString(v.AuthorID), now)
	return err
}

// versionByID reads one version.
func versionByID(ctx context.Context, d *db.DB, id string) (MethodVersion, error) {
	v, err := scanVersion(d.QueryRow(ctx, `SELECT `+versionCols+versionFrom+` WHERE v.id = $1`, id))
	if err != nil {
		return v, d.Err(err, "error.not_found")
	}
	return v, nil
}

// latestVersion is a method's newest version.
func latestVersion(ctx context.Context, d *db.DB, methodID string) (MethodVersion, error) {
	v, err := scanVersion(d.QueryRow(ctx, `SELECT `+versionCols+versionFrom+` WHERE v.method_id = $1 ORDER BY v.number DESC LIMIT 1`, methodID))
	if err != nil {
		return v, d.Err(err, "error.not_found")
	}
	return v, nil
}

// methodVersions lists every version of a method, newest first.
func methodVersions(ctx context.Context, d *db.DB, methodID string) ([]MethodVersion, error) {
	return db.List(ctx, d, scanVersion, `SELECT `+versionCols+versionFrom+` WHERE v.method_id = $1 ORDER BY v.number DESC`, methodID)
}

// methodRow reads a method's own row by id or slug.
func methodRow(ctx context.Context, d *db.DB, key string) (Method, error) {
	var m Method
	var pub sql.NullString
	var at sql.NullTime
	err := d.QueryRow(ctx, `SELECT id, slug, published_version_id, published_at, updated_at FROM knowledge_methods WHERE id = $1 OR slug = $1`, key).
		Scan(&m.ID, &m.Slug, &pub, &at, &m.UpdatedAt)
	if err != nil {
		return m, d.Err(err, "error.not_found")
	}
	m.PublishedVersionID, m.PublishedAt = pub.String, db.TimeOf(at)
	return m, nil
}

// setStatus moves a version from one state to another, recording who reviewed it; false when
// it was no longer in the state expected (someone else acted first).
func setStatus(ctx context.Context, d *db.DB, id, from, to, reviewer, note string, now time.Time) (bool, error) {
	q := `UPDATE knowledge_method_versions SET status = $3, updated_at = $4`
	args := []any{id, from, to, now}
	switch to {
	case Submitted:
		q += `, submitted_at = $4`
	case Published, Returned:
		q += `, reviewer_id = $5, review_note = $6, reviewed_at = $4`
		args = append(args, db.NullString(reviewer), note)
	}
	res, err := d.Exec(ctx, q+` WHERE id = $1 AND status = $2`, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// publishVersion makes v the method's published version and supersedes the one before.
func publishVersion(ctx context.Context, d *db.DB, methodID, versionID string, now time.Time) error {
	if _, err := d.Exec(ctx, `UPDATE knowledge_method_versions SET status = 'superseded', updated_at = $3
		WHERE method_id = $1 AND status = 'published' AND id <> $2`, methodID, versionID, now); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `UPDATE knowledge_methods SET published_version_id = $2, published_at = $3, updated_at = $3 WHERE id = $1`, methodID, versionID, now)
	return err
}

// MethodFilter narrows the library's list.
type MethodFilter struct {
	IAP2, Purpose string
	Setting       string
}

// publishedMethods lists published methods with their published versions, by English title.
func publishedMethods(ctx context.Context, d *db.DB, f MethodFilter) ([]Method, error) {
	q := `SELECT m.id, m.slug, m.published_at, m.updated_at, ` + versionCols + ` FROM knowledge_methods m
		JOIN knowledge_method_versions v ON v.id = m.published_version_id WHERE 1 = 1`
	var args []any
	if f.IAP2 != "" {
		args = append(args, f.IAP2)
		q += ` AND v.iap2 = $1`
	}
	if f.Setting != "" {
		args = append(args, f.Setting)
		q += ` AND v.setting = $` + itoa(len(args))
	}
	if f.Purpose != "" {
		args = append(args, "% "+f.Purpose+" %")
		q += ` AND (' ' || v.purposes || ' ') LIKE $` + itoa(len(args))
	}
	return db.List(ctx, d, func(r db.Scanner) (Method, error) {
		var m Method
		var at sql.NullTime
		v, err := scanVersion(columns{s: r, lead: []any{&m.ID, &m.Slug, &at, &m.UpdatedAt}})
		m.PublishedAt, m.V, m.PublishedVersionID = db.TimeOf(at), v, v.ID
		return m, err
	}, q+` ORDER BY lower(CASE WHEN v.title_en = '' THEN v.title_cy ELSE v.title_en END), m.id`, args...)
}

// columns is a row with columns of its own before (lead) and after (trail) those a scan
// function reads: a list's extra columns around a record read the same everywhere.
type columns struct {
	s           db.Scanner
	lead, trail []any
}

func (c columns) Scan(dest ...any) error {
	all := make([]any, 0, len(c.lead)+len(dest)+len(c.trail))
	all = append(append(append(all, c.lead...), dest...), c.trail...)
	return c.s.Scan(all...)
}

// waitingVersions lists versions submitted for review, oldest first, with their methods' slugs.
func waitingVersions(ctx context.Context, d *db.DB) ([]MethodVersion, error) {
	return db.List(ctx, d, scanVersion, `SELECT `+versionCols+versionFrom+` WHERE v.status = 'submitted' ORDER BY v.submitted_at, v.id`)
}

// draftMethods lists methods that have never been published, newest first, with their latest version.
func unpublishedMethods(ctx context.Context, d *db.DB) ([]Method, error) {
	return db.List(ctx, d, func(r db.Scanner) (Method, error) {
		var m Method
		var err error
		m.V, err = scanVersion(columns{s: r, lead: []any{&m.ID, &m.Slug, &m.UpdatedAt}})
		return m, err
	}, `SELECT m.id, m.slug, m.updated_at, `+versionCols+` FROM knowledge_methods m
		JOIN knowledge_method_versions v ON v.method_id = m.id AND v.number = (SELECT max(number) FROM knowledge_method_versions WHERE method_id = m.id)
		WHERE m.published_version_id IS NULL ORDER BY m.updated_at DESC, m.id`)
}

func itoa(n int) string { return strconv.Itoa(n) }

// versionsOf lists the versions a person wrote or reviewed, oldest first.
func versionsOf(ctx context.Context, d *db.DB, accountID string) ([]MethodVersion, error) {
	return db.List(ctx, d, scanVersion, `SELECT `+versionCols+versionFrom+` WHERE v.author_id = $1 OR v.reviewer_id = $1 ORDER BY v.created_at, v.id`, accountID)
}

// forgetAccount keeps the versions a person wrote or reviewed, and the cases they wrote, no
// longer naming them.
func forgetAccount(ctx context.Context, d *db.DB, accountID string) error {
	if _, err := d.Exec(ctx, `UPDATE knowledge_method_versions SET author_id = NULL WHERE author_id = $1`, accountID); err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `UPDATE knowledge_method_versions SET reviewer_id = NULL WHERE reviewer_id = $1`, accountID); err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `UPDATE knowledge_cases SET author_id = NULL WHERE author_id = $1`, accountID); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `UPDATE knowledge_media SET author_id = NULL WHERE author_id = $1`, accountID)
	return err
}
