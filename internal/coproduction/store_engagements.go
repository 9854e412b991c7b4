package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// insertEngagement adds an engagement.
func insertEngagement(ctx context.Context, d *db.DB, id string, title string, projectID any, phase string, heldOn string, ownerID string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_engagements (id, title, project_id, phase, held_on, owner_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, title, projectID, phase, heldOn, ownerID, at)
	return err
}

// queryEngagementCount counts the engagements with this id (0 or 1).
func queryEngagementCount(ctx context.Context, d *db.DB, id string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM coproduction_engagements WHERE id = $1`, id)
}

// saveStandardScore records (or replaces) an engagement's score against a standard.
func saveStandardScore(ctx context.Context, d *db.DB, engagementID string, standard string, score int, evidence string) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_standard_scores (engagement_id, standard, score, evidence) VALUES ($1, $2, $3, $4)
				ON CONFLICT (engagement_id, standard) DO UPDATE SET score = $3, evidence = $4`, engagementID, standard, score, evidence)
	return err
}
