package coproduction

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// Service is the co-production capability's domain logic.
type Service struct {
	DB *db.DB
}

var (
	errNotFound  = errs.E(errs.NotFound, "error.not_found")
	errForbidden = errs.E(errs.Forbidden, "error.forbidden")
)

func (s *Service) record(ctx context.Context, actor *web.User, action, targetType, targetID, detail string) error {
	return audit.Record(ctx, s.DB, audit.Entry{ActorID: actor.ID, ActorName: actor.Name, Action: action,
		TargetType: targetType, TargetID: targetID, Detail: detail})
}

func userID(u *web.User) string {
	if u == nil {
		return ""
	}
	return u.ID
}

// ProjectView is a project with everything its page shows and what the viewer may do.
type ProjectView struct {
	Project
	Participants  []Participant
	Stages        []StageEntry
	Outcomes      []Outcome
	Reflections   []Reflection
	CanManage     bool // the lead, officers and admins
	CanContribute bool // also residents and others taking part
	CanGovern     bool // officers and admins: suitability and decision
	ViewerID      string
}

// CanEditReflection says whether the viewer may change or delete r: its author, the lead and
// officers (the service checks again).
func (v ProjectView) CanEditReflection(r Reflection) bool {
	return v.CanManage || v.ViewerID != "" && r.AuthorID == v.ViewerID
}

// access works out what actor may do with p; a project they may not see is not found.
func (s *Service) access(ctx context.Context, actor *web.User, p Project) (manage, contribute bool, err error) {
	if actor != nil {
		manage = isOfficer(actor) || p.LeadID == actor.ID
		contribute = manage
		if !contribute {
			if contribute, err = isParticipant(ctx, s.DB, p.ID, actor.ID); err != nil {
				return false, false, err
			}
		}
	}
	if !p.Published && !contribute {
		return false, false, errNotFound
	}
	return manage, contribute, nil
}

// Project returns a project as actor (nil for the public) may see it.
func (s *Service) Project(ctx context.Context, actor *web.User, id string) (ProjectView, error) {
	p, err := projectByID(ctx, s.DB, id)
	if err != nil {
		return ProjectView{}, s.DB.Err(err, "error.not_found")
	}
	v := ProjectView{Project: p}
	if v.CanManage, v.CanContribute, err = s.access(ctx, actor, p); err != nil {
		return ProjectView{}, err
	}
	v.CanGovern = isOfficer(actor)
	v.ViewerID = userID(actor)
	if v.Participants, err = participantsOf(ctx, s.DB, id); err != nil {
		return v, err
	}
	if v.Stages, err = stageLog(ctx, s.DB, id); err != nil {
		return v, err
	}
	if v.Outcomes, err = outcomesOf(ctx, s.DB, id); err != nil {
		return v, err
	}
	v.Reflections, err = reflections(ctx, s.DB, id, "", nil)
	return v, err
}

// Projects lists the projects actor may see, newest first, each with its outcome progress.
func (s *Service) Projects(ctx context.Context, actor *web.User) ([]Project, error) {
	ps, err := visibleProjects(ctx, s.DB, userID(actor), isOfficer(actor))
	if err != nil {
		return nil, err
	}
	outcomes, err := outcomesOf(ctx, s.DB, "")
	if err != nil {
		return nil, err
	}
	byProject := map[string][]int{}
	for _, o := range outcomes {
		if pc, ok := o.ProgressPercent(); ok {
			byProject[o.ProjectID] = append(byProject[o.ProjectID], pc)
		}
	}
	for i := range ps {
		if pcs := byProject[ps[i].ID]; len(pcs) > 0 {
			sum := 0
			for _, pc := range pcs {
				sum += pc
			}
			mean := sum / len(pcs)
			ps[i].Progress = &mean
		}
	}
	return ps, nil
}

// Portfolio is every visible project with how much of the work sits at each IAP2 level.
type Portfolio struct {
	Projects []Project
	Depth    []progress.Share
	// CoProduction is the share (percent) of project-days spent collaborating or empowering.
	CoProduction int
	Totals       Project // sums of the resources
}

// Portfolio gathers the portfolio page: projects, resources and the depth of participation,
// counted in days spent at each level from each project's stage log up to now.
func (s *Service) Portfolio(ctx context.Context, actor *web.User) (Portfolio, error) {
	ps, err := s.Projects(ctx, actor)
	if err != nil {
		return Portfolio{}, err
	}
	logs, err := allStageLogs(ctx, s.DB)
	if err != nil {
		return Portfolio{}, err
	}
	now := s.DB.Now(ctx)
	var spans []progress.Span
	var t Project
	for _, p := range ps {
		entries := logs[p.ID]
		for i, e := range entries {
			end := now
			if i+1 < len(entries) {
				end = entries[i+1].EnteredAt
			}
			if e.Stage == "closed" {
				continue
			}
			days := int(math.Round(end.Sub(e.EnteredAt).Hours() / 24))
			spans = append(spans, progress.Span{Level: e.Level, Days: days})
		}
		t.BudgetPlanned += p.BudgetPlanned
		t.BudgetSpent += p.BudgetSpent
		t.StaffHoursPlanned += p.StaffHoursPlanned
		t.StaffHoursSpent += p.StaffHoursSpent
		t.VolunteerHoursPlanned += p.VolunteerHoursPlanned
		t.VolunteerHoursSpent += p.VolunteerHoursSpent
	}
	pf := Portfolio{Projects: ps, Depth: progress.Depth(spans), Totals: t}
	for _, sh := range pf.Depth {
		if progress.CoProduced(sh.Level) {
			pf.CoProduction += sh.Percent
		}
	}
	return pf, nil
}

// ProposalInput is what the propose form sends.
type ProposalInput struct {
	Title, Problem, Affected, ServiceArea, OrganisationID string
}

// Validate checks a proposal.
func (in *ProposalInput) Validate() error {
	f := map[string]string{}
	in.Title = text(f, "title", in.Title, true, 200, "coproduction.err.title")
	in.Problem = text(f, "problem", in.Problem, true, 5000, "coproduction.err.problem")
	in.Affected = text(f, "affected", in.Affected, true, 2000, "coproduction.err.affected")
	in.ServiceArea = text(f, "service_area", in.ServiceArea, true, 200, "coproduction.err.service_area")
	if in.OrganisationID != "" && !ids.Valid(in.OrganisationID) {
		f["organisation_id"] = "coproduction.err.organisation"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// Propose records a new project led by actor.
func (s *Service) Propose(ctx context.Context, actor *web.User, in ProposalInput) (Project, error) {
	if err := in.Validate(); err != nil {
		return Project{}, err
	}
	p := Project{ID: ids.New(), Title: in.Title, Problem: in.Problem, Affected: in.Affected, ServiceArea: in.ServiceArea,
		LeadID: actor.ID, OrganisationID: in.OrganisationID, Stage: "proposed", Level: "inform"}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		p.CreatedAt = s.DB.Now(ctx)
		if p.OrganisationID != "" {
			var n int
			if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = $1`, p.OrganisationID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errs.FieldErrors(map[string]string{"organisation_id": "coproduction.err.organisation"})
			}
		}
		if err := insertProject(ctx, s.DB, p); err != nil {
			return err
		}
		return insertStage(ctx, s.DB, ids.New(), p.ID, p.Stage, p.Level, "", actor.ID, p.CreatedAt)
	})
	return p, err
}

// manage loads a project that actor may manage (lead, officer, admin).
func (s *Service) manage(ctx context.Context, actor *web.User, id string) (Project, error) {
	p, err := projectByID(ctx, s.DB, id)
	if err != nil {
		return p, s.DB.Err(err, "error.not_found")
	}
	manage, _, err := s.access(ctx, actor, p)
	if err != nil {
		return p, err
	}
	if !manage {
		return p, errForbidden
	}
	return p, nil
}

// contribute loads a project that actor takes part in (or manages).
func (s *Service) contribute(ctx context.Context, actor *web.User, id string) (Project, error) {
	p, err := projectByID(ctx, s.DB, id)
	if err != nil {
		return p, s.DB.Err(err, "error.not_found")
	}
	_, contribute, err := s.access(ctx, actor, p)
	if err != nil {
		return p, err
	}
	if !contribute {
		return p, errForbidden
	}
	return p, nil
}

func (s *Service) touch(ctx context.Context, id string) error {
	_, err := s.DB.Exec(ctx, `UPDATE coproduction_projects SET updated_at = $1 WHERE id = $2`, s.DB.Now(ctx), id)
	return err
}

// ParticipantInput is who is added to a project.
type ParticipantInput struct{ Kind, Name, Email, OrganisationID string }

// AddParticipant adds someone taking part. When an email of an account is given, that person
// can then see the project and add measurements and reflections.
func (s *Service) AddParticipant(ctx context.Context, actor *web.User, projectID string, in ParticipantInput) error {
	f := map[string]string{}
	if !slices.Contains(ParticipantKinds, in.Kind) {
		f["kind"] = "coproduction.err.kind"
	}
	in.Name = text(f, "name", in.Name, false, 200, "coproduction.err.name")
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if in.OrganisationID != "" && !ids.Valid(in.OrganisationID) {
		f["organisation_id"] = "coproduction.err.organisation"
	}
	if in.Name == "" && in.Email == "" {
		f["name"] = "coproduction.err.name_missing"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manage(ctx, actor, projectID); err != nil {
			return err
		}
		var accountID any
		if in.Email != "" {
			var id, name string
			if err := s.DB.QueryRow(ctx, `SELECT id, name FROM accounts WHERE email = $1`, in.Email).Scan(&id, &name); err != nil {
				if db.IsNoRows(err) {
					return errs.FieldErrors(map[string]string{"email": "coproduction.err.no_account"})
				}
				return err
			}
			accountID = id
			if in.Name == "" {
				in.Name = name
			}
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_participants (id, project_id, kind, name, account_id, organisation_id, added_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, ids.New(), projectID, in.Kind, in.Name, accountID, nullable(in.OrganisationID), s.DB.Now(ctx)); err != nil {
			return s.DB.Err(err, "coproduction.err.organisation")
		}
		return s.touch(ctx, projectID)
	})
}

// Criteria lists the suitability criteria (only the active ones unless all).
func (s *Service) Criteria(ctx context.Context, all bool) ([]Criterion, error) {
	return criteria(ctx, s.DB, !all)
}

// CriterionInput is what the criteria form sends.
type CriterionInput struct {
	Name, Description, Weight string
	Active                    bool
}

// SaveCriterion adds (id "") or changes a suitability criterion; officers and admins only.
func (s *Service) SaveCriterion(ctx context.Context, actor *web.User, id string, in CriterionInput) error {
	if !isOfficer(actor) {
		return errForbidden
	}
	f := map[string]string{}
	in.Name = text(f, "name", in.Name, true, 200, "coproduction.err.criterion_name")
	in.Description = text(f, "description", in.Description, false, 2000, "coproduction.err.description")
	w, err := strconv.Atoi(strings.TrimSpace(in.Weight))
	if err != nil || w < 1 || w > 5 {
		f["weight"] = "coproduction.err.weight"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	create := id == ""
	if create {
		id = ids.New()
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if create {
			_, err = s.DB.Exec(ctx, `INSERT INTO coproduction_criteria (id, name, description, weight, position, active, created_at)
				VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM coproduction_criteria), 1, $5)`,
				id, in.Name, in.Description, w, s.DB.Now(ctx))
		} else {
			var res interface{ RowsAffected() (int64, error) }
			res, err = s.DB.Exec(ctx, `UPDATE coproduction_criteria SET name = $1, description = $2, weight = $3, active = $4 WHERE id = $5`,
				in.Name, in.Description, w, boolInt(in.Active), id)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return errNotFound
				}
			}
		}
		if err != nil {
			if e := s.DB.Err(err, "coproduction.err.criterion_taken"); errs.Is(e, errs.Conflict) {
				return errs.FieldErrors(map[string]string{"name": "coproduction.err.criterion_taken"})
			}
			return err
		}
		return s.record(ctx, actor, "coproduction.criterion.save", "coproduction_criterion", id, in.Name)
	})
}

// Scores is a project's suitability check against the active criteria.
func (s *Service) Scores(ctx context.Context, projectID string) ([]Score, error) {
	cs, err := criteria(ctx, s.DB, true)
	if err != nil {
		return nil, err
	}
	have, err := scoresOf(ctx, s.DB, projectID)
	if err != nil {
		return nil, err
	}
	out := make([]Score, 0, len(cs))
	for _, c := range cs {
		sc := have[c.ID]
		sc.CriterionID, sc.Name, sc.Description, sc.Weight = c.ID, c.Name, c.Description, c.Weight
		out = append(out, sc)
	}
	return out, nil
}

// ScoreInput is one criterion's score as typed.
type ScoreInput struct{ Score, Note string }

// Assess records the suitability check (officers and admins: the governance group) and moves a
// proposed project to assessed. Every active criterion must be scored 0–3.
func (s *Service) Assess(ctx context.Context, actor *web.User, projectID string, in map[string]ScoreInput) (int, error) {
	if !isOfficer(actor) {
		return 0, errForbidden
	}
	var pct int
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := projectByID(ctx, s.DB, projectID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		cs, err := criteria(ctx, s.DB, true)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return errs.E(errs.Invalid, "coproduction.err.no_criteria")
		}
		f := map[string]string{}
		var scored []progress.Scored
		now := s.DB.Now(ctx)
		for _, c := range cs {
			v := in[c.ID]
			n, err := strconv.Atoi(strings.TrimSpace(v.Score))
			if err != nil || n < 0 || n > progress.MaxCriterionScore {
				f["score-"+c.ID] = "coproduction.err.score"
				continue
			}
			note := text(f, "note-"+c.ID, v.Note, false, 2000, "coproduction.err.note")
			scored = append(scored, progress.Scored{Weight: c.Weight, Score: n})
			if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_scores (project_id, criterion_id, score, note, scored_by, scored_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (project_id, criterion_id) DO UPDATE SET score = $3, note = $4, scored_by = $5, scored_at = $6`,
				projectID, c.ID, n, note, actor.ID, now); err != nil {
				return err
			}
		}
		if len(f) > 0 {
			return errs.FieldErrors(f)
		}
		pct = progress.Suitability(scored)
		if _, err := s.DB.Exec(ctx, `UPDATE coproduction_projects SET suitability = $1, updated_at = $2 WHERE id = $3`, pct, now, projectID); err != nil {
			return err
		}
		if p.Stage == "proposed" {
			if err := s.setStage(ctx, actor, p, "assessed", p.Level, ""); err != nil {
				return err
			}
		}
		return s.record(ctx, actor, "coproduction.project.assess", "coproduction_project", projectID, strconv.Itoa(pct)+"%")
	})
	return pct, err
}

// Decide records the governance decision with its reasons; the check must have been done.
func (s *Service) Decide(ctx context.Context, actor *web.User, projectID, decision, reasons string) error {
	if !isOfficer(actor) {
		return errForbidden
	}
	f := map[string]string{}
	if !progress.In(decision, progress.Decisions) {
		f["decision"] = "coproduction.err.decision"
	}
	reasons = text(f, "reasons", reasons, true, 5000, "coproduction.err.reasons")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := projectByID(ctx, s.DB, projectID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if p.Suitability == nil {
			return errs.FieldErrors(map[string]string{"decision": "coproduction.err.not_assessed"})
		}
		now := s.DB.Now(ctx)
		if _, err := s.DB.Exec(ctx, `UPDATE coproduction_projects SET decision = $1, decision_reasons = $2, decided_at = $3, updated_at = $3 WHERE id = $4`,
			decision, reasons, now, projectID); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.project.decide", "coproduction_project", projectID, decision)
	})
}

func (s *Service) setStage(ctx context.Context, actor *web.User, p Project, stage, level, note string) error {
	now := s.DB.Now(ctx)
	if _, err := s.DB.Exec(ctx, `UPDATE coproduction_projects SET stage = $1, level = $2, updated_at = $3 WHERE id = $4`, stage, level, now, p.ID); err != nil {
		return err
	}
	return insertStage(ctx, s.DB, ids.New(), p.ID, stage, level, note, actor.ID, now)
}

// MoveStage moves a project to a stage at a level of the IAP2 spectrum. Co-design, delivery and
// review need a "go" decision; a project can be closed at any time.
func (s *Service) MoveStage(ctx context.Context, actor *web.User, projectID, stage, level, note string) error {
	f := map[string]string{}
	if !progress.In(stage, progress.Stages) {
		f["stage"] = "coproduction.err.stage"
	}
	if !progress.In(level, progress.Levels) {
		f["level"] = "coproduction.err.level"
	}
	note = text(f, "stage_note", note, false, 2000, "coproduction.err.note")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.manage(ctx, actor, projectID)
		if err != nil {
			return err
		}
		if i := progress.StageIndex(stage); i > progress.StageIndex("assessed") && stage != "closed" && p.Decision != "go" {
			return errs.FieldErrors(map[string]string{"stage": "coproduction.err.needs_go"})
		}
		if stage == "assessed" && p.Suitability == nil {
			return errs.FieldErrors(map[string]string{"stage": "coproduction.err.not_assessed"})
		}
		return s.setStage(ctx, actor, p, stage, level, note)
	})
}

// ResourcesInput is the one short form for resources, as typed.
type ResourcesInput struct {
	BudgetPlanned, BudgetSpent, StaffPlanned, StaffSpent, VolunteerPlanned, VolunteerSpent string
	Recognition                                                                            []string
}

// SaveResources records the budget and hours planned and spent and how residents' time is
// recognised.
func (s *Service) SaveResources(ctx context.Context, actor *web.User, projectID string, in ResourcesInput) error {
	f := map[string]string{}
	money := func(field, v string) int64 {
		if strings.TrimSpace(v) == "" {
			return 0
		}
		p, ok := progress.ParsePence(v)
		if !ok {
			f[field] = "coproduction.err.money"
		}
		return p
	}
	hours := func(field, v string) int {
		if strings.TrimSpace(v) == "" {
			return 0
		}
		h, ok := progress.ParseHours(v)
		if !ok {
			f[field] = "coproduction.err.hours"
		}
		return h
	}
	bp, bs := money("budget_planned", in.BudgetPlanned), money("budget_spent", in.BudgetSpent)
	sp, ss := hours("staff_planned", in.StaffPlanned), hours("staff_spent", in.StaffSpent)
	vp, vs := hours("volunteer_planned", in.VolunteerPlanned), hours("volunteer_spent", in.VolunteerSpent)
	var rec []string
	for _, r := range progress.Recognitions {
		if slices.Contains(in.Recognition, r) {
			rec = append(rec, r)
		}
	}
	for _, r := range in.Recognition {
		if !progress.In(r, progress.Recognitions) {
			f["recognition"] = "coproduction.err.recognition"
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manage(ctx, actor, projectID); err != nil {
			return err
		}
		_, err := s.DB.Exec(ctx, `UPDATE coproduction_projects SET budget_planned_pence = $1, budget_spent_pence = $2,
			staff_hours_planned = $3, staff_hours_spent = $4, volunteer_hours_planned = $5, volunteer_hours_spent = $6,
			recognition = $7, updated_at = $8 WHERE id = $9`, bp, bs, sp, ss, vp, vs, strings.Join(rec, ","), s.DB.Now(ctx), projectID)
		return err
	})
}

// OutcomeInput is a new outcome and its indicator, as typed.
type OutcomeInput struct{ Name, Indicator, Unit, Baseline, Target, Direction string }

// AddOutcome names an outcome with its indicator.
func (s *Service) AddOutcome(ctx context.Context, actor *web.User, projectID string, in OutcomeInput) error {
	f := map[string]string{}
	in.Name = text(f, "outcome_name", in.Name, true, 200, "coproduction.err.outcome_name")
	in.Indicator = text(f, "indicator", in.Indicator, true, 500, "coproduction.err.indicator")
	in.Unit = text(f, "unit", in.Unit, false, 50, "coproduction.err.unit")
	base, ok := progress.ParseNumber(in.Baseline)
	if !ok {
		f["baseline"] = "coproduction.err.number"
	}
	target, ok := progress.ParseNumber(in.Target)
	if !ok {
		f["target"] = "coproduction.err.number"
	}
	if in.Direction != progress.Up && in.Direction != progress.Down {
		f["direction"] = "coproduction.err.direction"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manage(ctx, actor, projectID); err != nil {
			return err
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_outcomes (id, project_id, name, indicator, unit, baseline, target, direction, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, ids.New(), projectID, in.Name, in.Indicator, in.Unit, base, target, in.Direction, s.DB.Now(ctx)); err != nil {
			return err
		}
		return s.touch(ctx, projectID)
	})
}

// MeasurementInput is one measurement, as typed.
type MeasurementInput struct{ OutcomeID, MeasuredOn, Value, Note string }

// AddMeasurement records an indicator's value on a date; anyone taking part may.
func (s *Service) AddMeasurement(ctx context.Context, actor *web.User, projectID string, in MeasurementInput) error {
	f := map[string]string{}
	if !ids.Valid(in.OutcomeID) {
		f["outcome_id"] = "coproduction.err.outcome"
	}
	on, ok := progress.ParseDate(in.MeasuredOn)
	if !ok {
		f["measured_on"] = "coproduction.err.date"
	}
	v, ok := progress.ParseNumber(in.Value)
	if !ok {
		f["value"] = "coproduction.err.number"
	}
	in.Note = text(f, "measurement_note", in.Note, false, 1000, "coproduction.err.note")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.contribute(ctx, actor, projectID); err != nil {
			return err
		}
		var n int
		if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM coproduction_outcomes WHERE id = $1 AND project_id = $2`, in.OutcomeID, projectID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errs.FieldErrors(map[string]string{"outcome_id": "coproduction.err.outcome"})
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_measurements (id, outcome_id, measured_on, value, note, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, ids.New(), in.OutcomeID, on.Format("2006-01-02"), v, in.Note, actor.ID, s.DB.Now(ctx)); err != nil {
			return err
		}
		return s.touch(ctx, projectID)
	})
}

// ReflectionInput is one entry of the learning log.
type ReflectionInput struct{ Perspective, Worked, DidNot, Change string }

// AddReflection writes to a project's learning log; anyone taking part may.
func (s *Service) AddReflection(ctx context.Context, actor *web.User, projectID string, in ReflectionInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.contribute(ctx, actor, projectID); err != nil {
			return err
		}
		_, err := s.DB.Exec(ctx, `INSERT INTO coproduction_reflections (id, project_id, author_id, author_name, perspective, worked, did_not, change, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, ids.New(), projectID, actor.ID, actor.Name, in.Perspective, in.Worked, in.DidNot, in.Change, s.DB.Now(ctx))
		return err
	})
}

func (in *ReflectionInput) validate() error {
	f := map[string]string{}
	if !slices.Contains(Perspectives, in.Perspective) {
		f["perspective"] = "coproduction.err.perspective"
	}
	in.Worked = text(f, "worked", in.Worked, false, 5000, "coproduction.err.reflection")
	in.DidNot = text(f, "did_not", in.DidNot, false, 5000, "coproduction.err.reflection")
	in.Change = text(f, "change", in.Change, false, 5000, "coproduction.err.reflection")
	if in.Worked == "" && in.DidNot == "" && in.Change == "" {
		f["worked"] = "coproduction.err.reflection_missing"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// Reflections searches the learning logs of every project actor may see.
func (s *Service) Reflections(ctx context.Context, actor *web.User, query string) ([]Reflection, error) {
	ps, err := visibleProjects(ctx, s.DB, userID(actor), isOfficer(actor))
	if err != nil {
		return nil, err
	}
	visible := map[string]bool{}
	for _, p := range ps {
		visible[p.ID] = true
	}
	return reflections(ctx, s.DB, "", strings.TrimSpace(query), visible)
}

// Publish sets whether the public sees the project and, for a closed project, its case study.
func (s *Service) Publish(ctx context.Context, actor *web.User, projectID string, published bool, caseStudy string) error {
	f := map[string]string{}
	caseStudy = text(f, "case_study", caseStudy, false, 20000, "coproduction.err.case_study")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.manage(ctx, actor, projectID)
		if err != nil {
			return err
		}
		if caseStudy != "" && p.Stage != "closed" {
			return errs.FieldErrors(map[string]string{"case_study": "coproduction.err.case_study_closed"})
		}
		_, err = s.DB.Exec(ctx, `UPDATE coproduction_projects SET published = $1, case_study = $2, updated_at = $3 WHERE id = $4`,
			boolInt(published), caseStudy, s.DB.Now(ctx), projectID)
		return err
	})
}
