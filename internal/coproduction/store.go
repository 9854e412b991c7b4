package coproduction

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

const projectCols = `p.id, p.lang, p.title, p.title_alt, p.problem, p.problem_alt, p.affected, p.affected_alt, p.service_area,
	p.service_area_alt, p.lead_id, a.name, p.lead_named, COALESCE(p.organisation_id, ''),
	COALESCE(o.name, ''), p.stage, p.level, p.suitability, p.decision, p.decision_reasons, p.decided_at, p.published, p.case_study,
	p.case_study_alt, p.case_study_state, COALESCE(p.case_study_by, ''), COALESCE(c.name, ''), p.case_study_named,
	p.budget_planned_pence, p.budget_spent_pence, p.staff_minutes_planned, p.staff_minutes_spent, p.volunteer_minutes_planned,
	p.volunteer_minutes_spent, p.recognition, p.created_at, p.updated_at`

const projectFrom = ` FROM coproduction_projects p JOIN identity_people a ON a.id = p.lead_id LEFT JOIN identity_organisations o ON o.id = p.organisation_id
	LEFT JOIN identity_people c ON c.id = p.case_study_by`

func scanProject(row db.Scanner) (Project, error) {
	var p Project
	var suit sql.NullInt64
	var decided sql.NullTime
	var published, leadNamed, csNamed int
	var recognition, lang string
	err := row.Scan(&p.ID, &lang, &p.Title.Main, &p.Title.Alt, &p.Problem.Main, &p.Problem.Alt, &p.Affected.Main, &p.Affected.Alt,
		&p.ServiceArea.Main, &p.ServiceArea.Alt, &p.LeadID, &p.LeadName, &leadNamed, &p.OrganisationID,
		&p.OrganisationName, &p.Stage, &p.Level, &suit, &p.Decision, &p.DecisionReasons, &decided, &published, &p.CaseStudy.Main,
		&p.CaseStudy.Alt, &p.CaseStudyState, &p.CaseStudyByID, &p.CaseStudyBy, &csNamed,
		&p.BudgetPlanned, &p.BudgetSpent, &p.StaffPlanned, &p.StaffSpent, &p.VolunteerPlanned,
		&p.VolunteerSpent, &recognition, &p.CreatedAt, &p.UpdatedAt)
	p.Title.Lang, p.Problem.Lang, p.Affected.Lang, p.ServiceArea.Lang, p.CaseStudy.Lang = lang, lang, lang, lang, lang
	p.LeadNamed, p.CaseStudyNamed = leadNamed == 1, csNamed == 1
	if suit.Valid {
		n := int(suit.Int64)
		p.Suitability = &n
	}
	if decided.Valid {
		t := decided.Time.UTC()
		p.DecidedAt = &t
	}
	p.Published = published == 1
	p.Recognition = splitSet(recognition)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func splitSet(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func projectByID(ctx context.Context, d *db.DB, id string) (Project, error) {
	return scanProject(d.QueryRow(ctx, `SELECT `+projectCols+projectFrom+` WHERE p.id = $1`, id))
}

// visibleProjects lists the projects a viewer may see: published ones, ones they lead or take
// part in, or all of them for officers.
func visibleProjects(ctx context.Context, d *db.DB, accountID string, all bool) ([]Project, error) {
	q := `SELECT ` + projectCols + projectFrom
	var args []any
	if !all {
		q += ` WHERE p.published = 1 OR p.lead_id = $1 OR EXISTS (SELECT 1 FROM coproduction_participants x WHERE x.project_id = p.id AND x.account_id = $1)`
		args = append(args, accountID)
	}
	return db.List(ctx, d, scanProject, q+` ORDER BY p.created_at DESC, p.id`, args...)
}

func insertProject(ctx context.Context, d *db.DB, p Project) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_projects (id, lang, title, title_alt, problem, problem_alt, affected, affected_alt,
		service_area, service_area_alt, lead_id, lead_named, organisation_id, stage, level, suitability, decision, decision_reasons, decided_at,
		published, case_study, budget_planned_pence, budget_spent_pence, recognition, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL, '', '', NULL, $16, '', 0, 0, '', $17, $17)`,
		p.ID, langOf(p.Title.Lang), p.Title.Main, p.Title.Alt, p.Problem.Main, p.Problem.Alt, p.Affected.Main, p.Affected.Alt,
		p.ServiceArea.Main, p.ServiceArea.Alt, p.LeadID, boolInt(p.LeadNamed), db.NullString(p.OrganisationID), p.Stage, p.Level,
		boolInt(p.Published), p.CreatedAt)
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func participantsOf(ctx context.Context, d *db.DB, projectID string) ([]Participant, error) {
	return db.List(ctx, d, scanParticipant, `SELECT x.id, x.kind, x.name, x.named, COALESCE(x.account_id, ''), COALESCE(x.organisation_id, ''), COALESCE(o.name, ''), x.added_at
		FROM coproduction_participants x LEFT JOIN identity_organisations o ON o.id = x.organisation_id
		WHERE x.project_id = $1 ORDER BY x.added_at, x.name`, projectID)
}

func scanParticipant(r db.Scanner) (Participant, error) {
	var p Participant
	var named int
	err := r.Scan(&p.ID, &p.Kind, &p.Name, &named, &p.AccountID, &p.OrganisationID, &p.OrganisationName, &p.AddedAt)
	p.Named = named == 1
	p.AddedAt = p.AddedAt.UTC()
	return p, err
}

func isParticipant(ctx context.Context, d *db.DB, projectID, accountID string) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM coproduction_participants WHERE project_id = $1 AND account_id = $2`, projectID, accountID).Scan(&n)
	return n > 0, err
}

func criteria(ctx context.Context, d *db.DB, activeOnly bool) ([]Criterion, error) {
	q := `SELECT id, lang, name, name_alt, description, description_alt, weight, position, active FROM coproduction_criteria`
	if activeOnly {
		q += ` WHERE active = 1`
	}
	return db.List(ctx, d, scanCriterion, q+` ORDER BY position, name`)
}

func scanCriterion(r db.Scanner) (Criterion, error) {
	var c Criterion
	var active int
	var lang string
	err := r.Scan(&c.ID, &lang, &c.Name.Main, &c.Name.Alt, &c.Description.Main, &c.Description.Alt, &c.Weight, &c.Position, &active)
	c.Name.Lang, c.Description.Lang = lang, lang
	c.Active = active == 1
	return c, err
}

func scoresOf(ctx context.Context, d *db.DB, projectID string) (map[string]Score, error) {
	out := map[string]Score{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		s := Score{Scored: true}
		err := r.Scan(&s.CriterionID, &s.Score, &s.Note)
		out[s.CriterionID] = s
		return err
	}, `SELECT criterion_id, score, note FROM coproduction_scores WHERE project_id = $1`, projectID)
	return out, err
}

func stageLog(ctx context.Context, d *db.DB, projectID string) ([]StageEntry, error) {
	return db.List(ctx, d, func(r db.Scanner) (StageEntry, error) {
		var e StageEntry
		err := r.Scan(&e.Stage, &e.Level, &e.Note, &e.By, &e.EnteredAt)
		e.EnteredAt = e.EnteredAt.UTC()
		return e, err
	}, `SELECT l.stage, l.level, l.note, COALESCE(a.name, ''), l.entered_at
		FROM coproduction_stage_log l LEFT JOIN identity_people a ON a.id = l.entered_by
		WHERE l.project_id = $1 ORDER BY l.entered_at, l.id`, projectID)
}

// allStageLogs is every project's stage log, by project, for the portfolio's depth summary.
func allStageLogs(ctx context.Context, d *db.DB) (map[string][]StageEntry, error) {
	out := map[string][]StageEntry{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id string
		var e StageEntry
		if err := r.Scan(&id, &e.Stage, &e.Level, &e.Note, &e.EnteredAt); err != nil {
			return err
		}
		e.EnteredAt = e.EnteredAt.UTC()
		out[id] = append(out[id], e)
		return nil
	}, `SELECT project_id, stage, level, note, entered_at FROM coproduction_stage_log ORDER BY project_id, entered_at, id`)
	return out, err
}

func insertStage(ctx context.Context, d *db.DB, id, projectID, stage, level, note, by string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_stage_log (id, project_id, stage, level, note, entered_by, entered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, projectID, stage, level, note, db.NullString(by), at)
	return err
}

// outcomesOf returns the outcomes of the projects, with their measurements in date order.
func outcomesOf(ctx context.Context, d *db.DB, projectID string) ([]Outcome, error) {
	q := `SELECT id, project_id, name, indicator, unit, baseline, target, direction FROM coproduction_outcomes`
	var args []any
	if projectID != "" {
		q += ` WHERE project_id = $1`
		args = append(args, projectID)
	}
	out, err := db.List(ctx, d, func(r db.Scanner) (Outcome, error) {
		o := Outcome{Measurements: []Measurement{}}
		err := r.Scan(&o.ID, &o.ProjectID, &o.Name, &o.Indicator, &o.Unit, &o.Baseline, &o.Target, &o.Direction)
		return o, err
	}, q+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, o := range out {
		index[o.ID] = i
	}
	mq := `SELECT m.id, m.outcome_id, m.measured_on, m.value, m.note, m.created_at FROM coproduction_measurements m`
	if projectID != "" {
		mq += ` JOIN coproduction_outcomes o ON o.id = m.outcome_id WHERE o.project_id = $1`
	}
	err = db.Each(ctx, d, func(r db.Scanner) error {
		var m Measurement
		if err := r.Scan(&m.ID, &m.OutcomeID, &m.MeasuredOn, &m.Value, &m.Note, &m.CreatedAt); err != nil {
			return err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		if i, ok := index[m.OutcomeID]; ok {
			out[i].Measurements = append(out[i].Measurements, m)
		}
		return nil
	}, mq+` ORDER BY m.measured_on, m.created_at, m.id`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func reflections(ctx context.Context, d *db.DB, projectID, query string, projectIDs map[string]bool) ([]Reflection, error) {
	q := `SELECT r.id, r.project_id, p.lang, p.title, p.title_alt, COALESCE(r.author_id, ''), r.author_name, r.named, r.perspective, r.worked, r.did_not, r.change, r.created_at
		FROM coproduction_reflections r JOIN coproduction_projects p ON p.id = r.project_id WHERE 1 = 1`
	var args []any
	if projectID != "" {
		args = append(args, projectID)
		q += ` AND r.project_id = $1`
	}
	if query != "" {
		args = append(args, "%"+strings.ToLower(db.LikeEscape(query))+"%")
		n := "$" + string(rune('0'+len(args)))
		q += ` AND (LOWER(r.worked) LIKE ` + n + ` ESCAPE '\' OR LOWER(r.did_not) LIKE ` + n + ` ESCAPE '\' OR LOWER(r.change) LIKE ` + n + ` ESCAPE '\' OR LOWER(p.title) LIKE ` + n + ` ESCAPE '\' OR LOWER(p.title_alt) LIKE ` + n + ` ESCAPE '\')`
	}
	var out []Reflection
	err := db.Each(ctx, d, func(row db.Scanner) error {
		var r Reflection
		var named int
		if err := row.Scan(&r.ID, &r.ProjectID, &r.ProjectTitle.Lang, &r.ProjectTitle.Main, &r.ProjectTitle.Alt, &r.AuthorID, &r.AuthorName, &named,
			&r.Perspective, &r.Worked, &r.DidNot, &r.Change, &r.CreatedAt); err != nil {
			return err
		}
		r.Named = named == 1
		if projectIDs != nil && !projectIDs[r.ProjectID] {
			return nil
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
		return nil
	}, q+` ORDER BY r.created_at DESC, r.id`, args...)
	return out, err
}

// scanRecipient reads an address and a language.
func scanRecipient(r db.Scanner) (recipient, error) {
	var to recipient
	err := r.Scan(&to.email, &to.lang)
	return to, err
}

// personOf reads a person's id and name.
func personOf(r db.Scanner) (id, name string, err error) {
	err = r.Scan(&id, &name)
	return id, name, err
}
