package coproduction

import (
	"context"
	"math"
	"slices"
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
