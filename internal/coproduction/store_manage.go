package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// updateProject changes a project's description.
func updateProject(ctx context.Context, d *db.DB, lang string, title string, titleAlt string, problem string, problemAlt string, affected string, affectedAlt string, area string, areaAlt string, organisationID any, leadNamed int, caseStudy string, caseStudyAlt string, at time.Time, id string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_projects SET lang = $1, title = $2, title_alt = $3, problem = $4, problem_alt = $5,
			affected = $6, affected_alt = $7, service_area = $8, service_area_alt = $9, organisation_id = $10, lead_named = $11,
			case_study = $12, case_study_alt = $13, updated_at = $14 WHERE id = $15`, lang, title, titleAlt, problem, problemAlt, affected, affectedAlt, area, areaAlt, organisationID, leadNamed, caseStudy, caseStudyAlt, at, id)
	return err
}

// updateReflection changes a reflection.
func updateReflection(ctx context.Context, d *db.DB, perspective string, worked string, didNot string, change string, named int, id string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_reflections SET perspective = $1, worked = $2, did_not = $3, change = $4, named = $5 WHERE id = $6`, perspective, worked, didNot, change, named, id)
	return err
}

// deleteReflection removes a reflection.
func deleteReflection(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `DELETE FROM coproduction_reflections WHERE id = $1`, id)
	return err
}

// deleteBoardMember removes a board member.
func deleteBoardMember(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `DELETE FROM coproduction_board_members WHERE id = $1`, id)
	return err
}

// resetChairRole gives the outgoing chair's seat a member's role.
func resetChairRole(ctx context.Context, d *db.DB, role string, roleAlt string, roleLang string, boardID string, chairID string, chairRole string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_board_members SET role = $1, role_alt = $2, role_lang = $3
				WHERE board_id = $4 AND account_id = $5 AND role = $6 AND role_lang = 'en'`, role, roleAlt, roleLang, boardID, chairID, chairRole)
	return err
}

// setMemberRole sets a board member's role.
func setMemberRole(ctx context.Context, d *db.DB, role string, roleAlt string, roleLang string, id string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_board_members SET role = $1, role_alt = $2, role_lang = $3 WHERE id = $4`, role, roleAlt, roleLang, id)
	return err
}

// setBoardChair names a board's chair.
func setBoardChair(ctx context.Context, d *db.DB, chairID string, boardID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_boards SET chair_id = $1 WHERE id = $2`, chairID, boardID)
	return err
}
