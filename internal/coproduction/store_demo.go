package coproduction

import (
	"context"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// queryProjectCount counts the projects.
func queryProjectCount(ctx context.Context, d *db.DB) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM coproduction_projects`)
}

// queryOrganisationIDByName reads an organisation's id by its name.
func queryOrganisationIDByName(ctx context.Context, d *db.DB, name string) (string, error) {
	return db.Value[string](ctx, d, `SELECT id FROM identity_organisations WHERE name = $1`, name)
}

// insertDemoCriterion adds a demo criterion.
func insertDemoCriterion(ctx context.Context, d *db.DB, id string, name any, nameAlt any, description any, descriptionAlt any, weight any, position int, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_criteria (id, lang, name, name_alt, description, description_alt, weight, position, active, created_at)
				VALUES ($1, 'en', $2, $3, $4, $5, $6, $7, 1, $8)`, id, name, nameAlt, description, descriptionAlt, weight, position, at)
	return err
}

// insertDemoScore adds a demo score.
func insertDemoScore(ctx context.Context, d *db.DB, projectID string, criterionID string, score int, scoredBy string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_scores (project_id, criterion_id, score, note, scored_by, scored_at) VALUES ($1, $2, $3, '', $4, $5)`, projectID, criterionID, score, scoredBy, at)
	return err
}

// insertDemoParticipant adds a demo participant.
func insertDemoParticipant(ctx context.Context, d *db.DB, id string, projectID string, kind string, name string, accountID any, organisationID any, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_participants (id, project_id, kind, name, named, account_id, organisation_id, added_at) VALUES ($1, $2, $3, $4, 0, $5, $6, $7)`, id, projectID, kind, name, accountID, organisationID, at)
	return err
}

// insertDemoMeasurement adds a demo measurement of an outcome.
func insertDemoMeasurement(ctx context.Context, d *db.DB, id string, outcomeID string, measuredOn string, value float64, recordedBy string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_measurements (id, outcome_id, measured_on, value, note, recorded_by, created_at) VALUES ($1, $2, $3, $4, '', $5, $6)`, id, outcomeID, measuredOn, value, recordedBy, at)
	return err
}

// insertDemoReflection adds a demo reflection.
func insertDemoReflection(ctx context.Context, d *db.DB, id string, projectID string, authorID string, authorName string, named int, perspective string, worked string, didNot string, change string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_reflections (id, project_id, author_id, author_name, named, perspective, worked, did_not, change, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id, projectID, authorID, authorName, named, perspective, worked, didNot, change, at)
	return err
}

// insertDemoProject adds a demo project as it stands at its last stage, in English with Welsh.
func insertDemoProject(ctx context.Context, d *db.DB, p Project) error {
	var suit any
	if p.Suitability != nil {
		suit = *p.Suitability
	}
	_, err := d.Exec(ctx, `INSERT INTO coproduction_projects (id, lang, title, title_alt, problem, problem_alt, affected, affected_alt,
		service_area, service_area_alt, lead_id, lead_named, organisation_id,
		stage, level, suitability, decision, decision_reasons, decided_at, published, case_study, case_study_alt, case_study_state,
		case_study_by, case_study_named, budget_planned_pence, budget_spent_pence, staff_minutes_planned, staff_minutes_spent,
		volunteer_minutes_planned, volunteer_minutes_spent, recognition, created_at, updated_at)
		VALUES ($1, 'en', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
			$25, $26, $27, $28, $29, $30, $31, $32, $32)`,
		p.ID, p.Title.Main, p.Title.Alt, p.Problem.Main, p.Problem.Alt, p.Affected.Main, p.Affected.Alt, p.ServiceArea.Main, p.ServiceArea.Alt,
		p.LeadID, boolInt(p.LeadNamed), db.NullString(p.OrganisationID), p.Stage, p.Level, suit, p.Decision, p.DecisionReasons,
		nullTime(p.DecidedAt), boolInt(p.Published), p.CaseStudy.Main, p.CaseStudy.Alt, p.CaseStudyState, db.NullString(p.CaseStudyByID),
		boolInt(p.CaseStudyNamed), p.BudgetPlanned, p.BudgetSpent, p.StaffPlanned, p.StaffSpent, p.VolunteerPlanned, p.VolunteerSpent,
		strings.Join(p.Recognition, ","), p.CreatedAt)
	return err
}

// insertDemoMeeting adds a demo meeting.
func insertDemoMeeting(ctx context.Context, d *db.DB, id string, boardID string, heldOn string, startsAt time.Time, endsAt time.Time, place string, onlineURL string, agenda string, minutes string, minutesState string, approvedAt any, noticeSentAt any, noticeCount int, noticeSequence int, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_meetings (id, board_id, held_on, starts_at, ends_at, place, online_url, agenda, minutes,
				minutes_state, minutes_approved_at, notice_sent_at, notice_count, notice_sequence, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`, id, boardID, heldOn, startsAt, endsAt, place, onlineURL, agenda, minutes, minutesState, approvedAt, noticeSentAt, noticeCount, noticeSequence, at)
	return err
}

// insertDemoPaper stores a demo meeting paper (a PDF).
func insertDemoPaper(ctx context.Context, d *db.DB, id string, meetingID string, title string, filename string, size int, data []byte, uploadedBy string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_papers (id, meeting_id, title, filename, content_type, size, data, uploaded_by, created_at)
					VALUES ($1, $2, $3, $4, 'application/pdf', $5, $6, $7, $8)`, id, meetingID, title, filename, size, data, uploadedBy, at)
	return err
}

// insertDemoAction adds a demo action.
func insertDemoAction(ctx context.Context, d *db.DB, id string, boardID string, meetingID string, text string, ownerID any, ownerMemberID any, ownerName string, dueOn string, doneAt any, doneBy any, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_actions (id, board_id, meeting_id, text, owner_id, owner_member_id, owner_name, due_on, done_at, done_by, created_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, id, boardID, meetingID, text, ownerID, ownerMemberID, ownerName, dueOn, doneAt, doneBy, at)
	return err
}

// setMinutesApprovedIn records the meeting that approved a meeting's minutes.
func setMinutesApprovedIn(ctx context.Context, d *db.DB, approvedIn string, meetingID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_meetings SET minutes_approved_in = $1 WHERE id = $2`, approvedIn, meetingID)
	return err
}

// insertDemoStandardScore adds a demo standard score.
func insertDemoStandardScore(ctx context.Context, d *db.DB, engagementID string, standard string, score int, evidence string) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_standard_scores (engagement_id, standard, score, evidence) VALUES ($1, $2, $3, $4)`, engagementID, standard, score, evidence)
	return err
}
