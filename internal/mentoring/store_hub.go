package mentoring

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

func setCaseConsent(ctx context.Context, d *db.DB, relID, orgID string, agree bool, now time.Time) error {
	if !agree {
		_, err := d.Exec(ctx, `DELETE FROM men_case_consents WHERE relationship_id = $1 AND organisation_id = $2`, relID, orgID)
		return err
	}
	_, err := d.Exec(ctx, `INSERT INTO men_case_consents (relationship_id, organisation_id, agreed_at) VALUES ($1, $2, $3)
		ON CONFLICT (relationship_id, organisation_id) DO NOTHING`, relID, orgID, now)
	return err
}

func caseConsents(ctx context.Context, d *db.DB, relID string) (map[string]bool, error) {
	orgs, err := db.Strings(ctx, d, `SELECT organisation_id FROM men_case_consents WHERE relationship_id = $1`, relID)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, org := range orgs {
		out[org] = true
	}
	return out, nil
}

// consentedRelationships are the closed relationships both organisations agreed may be written up.
func consentedRelationships(ctx context.Context, d *db.DB) ([]Relationship, error) {
	return queryRelationships(ctx, d, `WHERE r.stage = 'closed'
		AND EXISTS (SELECT 1 FROM men_case_consents c WHERE c.relationship_id = r.id AND c.organisation_id = r.mentor_org_id)
		AND EXISTS (SELECT 1 FROM men_case_consents c WHERE c.relationship_id = r.id AND c.organisation_id = r.mentee_org_id)
		ORDER BY r.finished_at DESC, r.id`)
}
