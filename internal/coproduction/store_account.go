package coproduction

import (
	"context"

	"commons/internal/platform/db"
)

// What co-production holds about a person, for their data download ($1 is the account).
var accountExports = map[string]string{
	"projects_led": `SELECT id, title, stage, created_at FROM coproduction_projects WHERE lead_id = $1 ORDER BY created_at, id`,
	"taking_part": `SELECT p.id, pr.title AS project, p.kind, p.name, p.added_at FROM coproduction_participants p
		JOIN coproduction_projects pr ON pr.id = p.project_id WHERE p.account_id = $1 ORDER BY p.added_at, p.id`,
	"suitability_scores": `SELECT s.project_id, pr.title AS project, c.name, s.score, s.note, s.scored_at AS at
		FROM coproduction_scores s JOIN coproduction_projects pr ON pr.id = s.project_id JOIN coproduction_criteria c ON c.id = s.criterion_id
		WHERE s.scored_by = $1 ORDER BY s.scored_at, s.project_id`,
	"stages_entered": `SELECT l.id, pr.title AS project, l.stage, l.level, l.note, l.entered_at AS at FROM coproduction_stage_log l
		JOIN coproduction_projects pr ON pr.id = l.project_id WHERE l.entered_by = $1 ORDER BY l.entered_at, l.id`,
	"measurements": `SELECT m.id, o.name, m.measured_on, m.value, m.note, m.created_at FROM coproduction_measurements m
		JOIN coproduction_outcomes o ON o.id = m.outcome_id WHERE m.recorded_by = $1 ORDER BY m.created_at, m.id`,
	"reflections": `SELECT r.id, pr.title AS project, r.perspective, r.worked, r.did_not, r.change, r.created_at
		FROM coproduction_reflections r JOIN coproduction_projects pr ON pr.id = r.project_id WHERE r.author_id = $1
		ORDER BY r.created_at, r.id`,
	"boards_chaired": `SELECT id, name, kind, created_at FROM coproduction_boards WHERE chair_id = $1 ORDER BY created_at, id`,
	"board_seats": `SELECT m.id, b.name AS board, m.role, m.joined_at FROM coproduction_board_members m
		JOIN coproduction_boards b ON b.id = m.board_id WHERE m.account_id = $1 ORDER BY m.joined_at, m.id`,
	"actions": `SELECT a.id, a.text, b.name AS board, a.due_on, a.done_at, a.created_at FROM coproduction_actions a
		JOIN coproduction_boards b ON b.id = a.board_id WHERE a.owner_id = $1 ORDER BY a.created_at, a.id`,
	"engagements": `SELECT id, title, phase, held_on, created_at FROM coproduction_engagements WHERE owner_id = $1 ORDER BY created_at, id`,
	"papers": `SELECT p.id, p.title, p.filename, b.name AS board, m.held_on, p.created_at FROM coproduction_papers p
		JOIN coproduction_meetings m ON m.id = p.meeting_id JOIN coproduction_boards b ON b.id = m.board_id
		WHERE p.uploaded_by = $1 ORDER BY p.created_at, p.id`,
	"attendance": `SELECT a.meeting_id, b.name AS board, m.held_on, a.status, a.note, a.recorded_how, a.recorded_at
		FROM coproduction_attendance a JOIN coproduction_board_members s ON s.id = a.member_id
		JOIN coproduction_meetings m ON m.id = a.meeting_id JOIN coproduction_boards b ON b.id = m.board_id
		WHERE s.account_id = $1 ORDER BY a.recorded_at, a.meeting_id`,
}

func exportAccount(ctx context.Context, d *db.DB, accountID string) (map[string]any, error) {
	return db.MapsOf(ctx, d, accountExports, accountID)
}

// forgetAccount is co-production's part of deleting an account, in the deletion's transaction.
// A project they led keeps going, led by the former member until an officer names a new lead;
// their place among a project's participants goes, as do their board seats (ON DELETE
// CASCADE); reflections and actions stay without their name; scores, stages, measurements,
// chairs, engagements and meeting papers they uploaded stay without them (ON DELETE SET NULL).
func forgetAccount(ctx context.Context, d *db.DB, accountID, former string) error {
	if _, err := d.Exec(ctx, `UPDATE coproduction_projects SET lead_id = $2 WHERE lead_id = $1`, accountID, former); err != nil {
		return err
	}
	for _, q := range []string{
		// Their seats go, and actions owned by a seat lose it, here rather than by the cascades
		// of the account row's deletion: on PostgreSQL an action owned both by the account and
		// by its seat would be updated by one cascade while the other's seat is already gone,
		// and its foreign key refuses it.
		`UPDATE coproduction_actions SET owner_member_id = NULL
			WHERE owner_member_id IN (SELECT id FROM coproduction_board_members WHERE account_id = $1)`,
		`DELETE FROM coproduction_board_members WHERE account_id = $1`,
		`DELETE FROM coproduction_participants WHERE account_id = $1`,
		`UPDATE coproduction_reflections SET author_name = '' WHERE author_id = $1`,
		`UPDATE coproduction_actions SET owner_name = '' WHERE owner_id = $1`,
	} {
		if _, err := d.Exec(ctx, q, accountID); err != nil {
			return err
		}
	}
	return nil
}

// outcomeIDs are a project's outcomes' ids, oldest first.
func outcomeIDs(ctx context.Context, d *db.DB, projectID string) ([]string, error) {
	return db.Strings(ctx, d, `SELECT id FROM coproduction_outcomes WHERE project_id = $1 ORDER BY created_at, id`, projectID)
}
