package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// insertCriterion adds a criterion.
func insertCriterion(ctx context.Context, d *db.DB, id string, lang string, name string, nameAlt string, description string, descriptionAlt string, weight int, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_criteria (id, lang, name, name_alt, description, description_alt, weight, position, active, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(position), 0) + 1 FROM coproduction_criteria), 1, $8)`, id, lang, name, nameAlt, description, descriptionAlt, weight, at)
	return err
}

// updateCriterion changes a criterion.
func updateCriterion(ctx context.Context, d *db.DB, lang string, name string, nameAlt string, description string, descriptionAlt string, weight int, active int, id string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE coproduction_criteria SET lang = $1, name = $2, name_alt = $3, description = $4, description_alt = $5,
				weight = $6, active = $7 WHERE id = $8`, lang, name, nameAlt, description, descriptionAlt, weight, active, id))
}

// saveScore records (or replaces) a project's score against a criterion.
func saveScore(ctx context.Context, d *db.DB, projectID string, criterionID string, score int, note string, scoredBy string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_scores (project_id, criterion_id, score, note, scored_by, scored_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (project_id, criterion_id) DO UPDATE SET score = $3, note = $4, scored_by = $5, scored_at = $6`, projectID, criterionID, score, note, scoredBy, at)
	return err
}

// setSuitability records a project's suitability score.
func setSuitability(ctx context.Context, d *db.DB, pct int, at time.Time, projectID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET suitability = $1, updated_at = $2 WHERE id = $3`, pct, at, projectID)
	return err
}

// setDecision records a project's decision.
func setDecision(ctx context.Context, d *db.DB, decision string, reasons string, at time.Time, projectID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET decision = $1, decision_reasons = $2, decided_at = $3, updated_at = $3 WHERE id = $4`, decision, reasons, at, projectID)
	return err
}

// setStageLevel moves a project on.
func setStageLevel(ctx context.Context, d *db.DB, stage string, level string, at time.Time, id string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET stage = $1, level = $2, updated_at = $3 WHERE id = $4`, stage, level, at, id)
	return err
}
