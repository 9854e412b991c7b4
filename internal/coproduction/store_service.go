package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// queryOrganisationCount counts the organisations with this id (0 or 1).
func queryOrganisationCount(ctx context.Context, d *db.DB, id string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM identity_organisations WHERE id = $1`, id)
}

// touchProject marks a project changed.
func touchProject(ctx context.Context, d *db.DB, at time.Time, id string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET updated_at = $1 WHERE id = $2`, at, id)
	return err
}

// insertParticipant adds a participant to a project.
func insertParticipant(ctx context.Context, d *db.DB, id string, projectID string, kind string, name string, named int, accountID any, organisationID any, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_participants (id, project_id, kind, name, named, account_id, organisation_id, added_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, projectID, kind, name, named, accountID, organisationID, at)
	return err
}
