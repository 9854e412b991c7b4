package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"commons/internal/platform/db"
)

const caseCols = `c.id, c.status, c.title_en, c.title_cy, c.summary_en, c.summary_cy, c.story_en, c.story_cy, c.outcomes_en, c.outcomes_cy,
	c.learning_en, c.learning_cy, c.place, c.year, COALESCE(c.author_id, ''), c.created_at, c.updated_at, c.published_at`

func scanCase(s db.Scanner) (Case, error) {
	var c Case
	var at sql.NullTime
	err := s.Scan(&c.ID, &c.Status, &c.Title.En, &c.Title.Cy, &c.Summary.En, &c.Summary.Cy, &c.Story.En, &c.Story.Cy,
		&c.Outcomes.En, &c.Outcomes.Cy, &c.Learning.En, &c.Learning.Cy, &c.Place, &c.Year, &c.AuthorID, &c.CreatedAt, &c.UpdatedAt, &at)
	c.PublishedAt = db.TimeOf(at)
	return c, err
}

func insertCase(ctx context.Context, d *db.DB, c Case, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_cases (id, status, title_en, title_cy, summary_en, summary_cy, story_en, story_cy,
		outcomes_en, outcomes_cy, learning_en, learning_cy, place, year, author_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
		c.ID, c.Status, c.Title.En, c.Title.Cy, c.Summary.En, c.Summary.Cy, c.Story.En, c.Story.Cy, c.Outcomes.En, c.Outcomes.Cy,
		c.Learning.En, c.Learning.Cy, c.Place, c.Year, db.NullString(c.AuthorID), now)
	if err != nil {
		return err
	}
	return setCaseMethods(ctx, d, c.ID, c.MethodIDs)
}

func updateCase(ctx context.Context, d *db.DB, c Case, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_cases SET title_en = $2, title_cy = $3, summary_en = $4, summary_cy = $5, story_en = $6,
		story_cy = $7, outcomes_en = $8, outcomes_cy = $9, learning_en = $10, learning_cy = $11, place = $12, year = $13, updated_at = $14
		WHERE id = $1`, c.ID, c.Title.En, c.Title.Cy, c.Summary.En, c.Summary.Cy, c.Story.En, c.Story.Cy, c.Outcomes.En, c.Outcomes.Cy,
		c.Learning.En, c.Learning.Cy, c.Place, c.Year, now)
	if err != nil {
		return err
	}
	return setCaseMethods(ctx, d, c.ID, c.MethodIDs)
}

func setCaseMethods(ctx context.Context, d *db.DB, caseID string, methods []string) error {
	if _, err := d.Exec(ctx, `DELETE FROM knowledge_case_methods WHERE case_id = $1`, caseID); err != nil {
		return err
	}
	for _, m := range methods {
		if _, err := d.Exec(ctx, `INSERT INTO knowledge_case_methods (case_id, method_id) VALUES ($1, $2)`, caseID, m); err != nil {
			return err
		}
	}
	return nil
}

func setCaseStatus(ctx context.Context, d *db.DB, id string, publish bool, now time.Time) error {
	return setPublished(ctx, d, "knowledge_cases", id, publish, now)
}

// setPublished publishes a row of a table with a status and a published_at (a case, course,
// film or toolkit), keeping the time it was first published, or takes it back to a draft.
func setPublished(ctx context.Context, d *db.DB, table, id string, publish bool, now time.Time) error {
	q := `UPDATE ` + table + ` SET status = 'draft', updated_at = $2 WHERE id = $1`
	if publish {
		q = `UPDATE ` + table + ` SET status = 'published', published_at = COALESCE(published_at, $2), updated_at = $2 WHERE id = $1`
	}
	_, err := d.Exec(ctx, q, id, now)
	return err
}

func caseMethods(ctx context.Context, d *db.DB, caseID string) ([]string, error) {
	return db.Strings(ctx, d, `SELECT method_id FROM knowledge_case_methods WHERE case_id = $1 ORDER BY method_id`, caseID)
}

func caseByID(ctx context.Context, d *db.DB, id string) (Case, error) {
	c, err := scanCase(d.QueryRow(ctx, `SELECT `+caseCols+` FROM knowledge_cases c WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound()
	}
	if err != nil {
		return c, err
	}
	if c.MethodIDs, err = caseMethods(ctx, d, c.ID); err != nil {
		return c, err
	}
	return c, loadCaseExtras(ctx, d, &c)
}

// casesWhere lists cases in a state, newest first (by year, then by when they were published
// or last changed).
func casesWhere(ctx context.Context, d *db.DB, status string, f CaseFilter) ([]Case, error) {
	q := `SELECT ` + caseCols + ` FROM knowledge_cases c WHERE c.status = $1`
	args := []any{status}
	if f.Method != "" {
		args = append(args, f.Method)
		q += ` AND EXISTS (SELECT 1 FROM knowledge_case_methods cm WHERE cm.case_id = c.id AND cm.method_id = $2)`
	}
	if f.Year != 0 {
		args = append(args, f.Year)
		q += ` AND c.year = $` + itoa(len(args))
	}
	for kind, ref := range map[string]string{LinkOrganisation: f.Organisation, LinkArea: f.Area} {
		if ref != "" {
			args = append(args, kind, ref)
			q += ` AND EXISTS (SELECT 1 FROM knowledge_case_links cl WHERE cl.case_id = c.id AND cl.kind = $` + itoa(len(args)-1) + ` AND cl.ref = $` + itoa(len(args)) + `)`
		}
	}
	out, err := db.List(ctx, d, scanCase, q+` ORDER BY c.year DESC, COALESCE(c.published_at, c.updated_at) DESC, c.id`, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].MethodIDs, err = caseMethods(ctx, d, out[i].ID); err != nil {
			return nil, err
		}
		if err := loadCaseExtras(ctx, d, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// casesBy lists the cases a person wrote.
func casesBy(ctx context.Context, d *db.DB, accountID string) ([]Case, error) {
	return db.List(ctx, d, scanCase, `SELECT `+caseCols+` FROM knowledge_cases c WHERE c.author_id = $1 ORDER BY c.created_at, c.id`, accountID)
}
