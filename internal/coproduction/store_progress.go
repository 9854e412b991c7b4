package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// updateResources records a project's resources.
func updateResources(ctx context.Context, d *db.DB, budgetPlanned int64, budgetSpent int64, staffPlanned int, staffSpent int, volunteerPlanned int, volunteerSpent int, recognition string, at time.Time, projectID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET budget_planned_pence = $1, budget_spent_pence = $2,
			staff_minutes_planned = $3, staff_minutes_spent = $4, volunteer_minutes_planned = $5, volunteer_minutes_spent = $6,
			recognition = $7, updated_at = $8 WHERE id = $9`, budgetPlanned, budgetSpent, staffPlanned, staffSpent, volunteerPlanned, volunteerSpent, recognition, at, projectID)
	return err
}

// insertOutcome adds an outcome.
func insertOutcome(ctx context.Context, d *db.DB, id string, projectID string, name string, indicator string, unit string, baseline float64, target float64, direction string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_outcomes (id, project_id, name, indicator, unit, baseline, target, direction, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, projectID, name, indicator, unit, baseline, target, direction, at)
	return err
}

// queryOutcomeCount counts the project's outcomes with this id (0 or 1).
func queryOutcomeCount(ctx context.Context, d *db.DB, outcomeID string, projectID string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM coproduction_outcomes WHERE id = $1 AND project_id = $2`, outcomeID, projectID)
}

func insertMeasurement(ctx context.Context, d *db.DB, id string, outcomeID string, measuredOn string, value float64, note string, recordedBy string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_measurements (id, outcome_id, measured_on, value, note, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, outcomeID, measuredOn, value, note, recordedBy, at)
	return err
}

// insertReflection adds a reflection.
func insertReflection(ctx context.Context, d *db.DB, id string, projectID string, authorID string, authorName string, named int, perspective string, worked string, didNot string, change string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_reflections (id, project_id, author_id, author_name, named, perspective, worked, did_not, change, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id, projectID, authorID, authorName, named, perspective, worked, didNot, change, at)
	return err
}

// setPublished publishes (or unpublishes) a project.
func setPublished(ctx context.Context, d *db.DB, published int, at time.Time, projectID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET published = $1, updated_at = $2 WHERE id = $3`, published, at, projectID)
	return err
}

// saveCaseStudy records a project's case study.
func saveCaseStudy(ctx context.Context, d *db.DB, text string, textAlt string, state string, by string, named int, at time.Time, projectID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET case_study = $1, case_study_alt = $2, case_study_state = $3, case_study_by = $4,
			case_study_named = $5, updated_at = $6 WHERE id = $7`, text, textAlt, state, by, named, at, projectID)
	return err
}

// queryParticipantAccount reads a participant's account id ("" for none).
func queryParticipantAccount(ctx context.Context, d *db.DB, participantID string, projectID string) (string, error) {
	return db.Value[string](ctx, d, `SELECT COALESCE(account_id, '') FROM coproduction_participants WHERE id = $1 AND project_id = $2`, participantID, projectID)
}

// setParticipantNamed records a participant's consent to be named.
func setParticipantNamed(ctx context.Context, d *db.DB, named int, participantID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_participants SET named = $1 WHERE id = $2`, named, participantID)
	return err
}
