package coproduction

import (
	"commons/internal/platform/actor"
	"context"
	"log/slog"
	"math"
	"slices"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/outbox"
)

// Service is the co-production capability's domain logic.
type Service struct {
	DB     *db.DB
	Outbox *outbox.Outbox
	// T translates mail into each person's language; BaseURL and PlaceName go into links and
	// calendar entries.
	T         func(lang, key string, args ...any) string
	BaseURL   string
	PlaceName string
	Log       *slog.Logger
	// Names records each person's agreement to be named with a thing (identity's name_consents),
	// beside the capability's own flags, so every capability asks the same question.
	Names interface {
		ShowName(ctx context.Context, accountID, subject string, show bool) error
	}
}

// consent records, or withdraws, an account's agreement to be named with a subject, like
// "coproduction_seat:ID".
func (s *Service) consent(ctx context.Context, accountID, subject string, show bool) error {
	if s.Names == nil || accountID == "" {
		return nil
	}
	return s.Names.ShowName(ctx, accountID, subject, show)
}

var (
	errNotFound  = errs.E(errs.NotFound, "error.not_found")
	errForbidden = errs.E(errs.Forbidden, "error.forbidden")
)

func (s *Service) record(ctx context.Context, actor *actor.Actor, action, targetType, targetID, detail string) error {
	return audit.Record(ctx, s.DB, audit.Entry{ActorID: actor.ID, ActorName: actor.Name, Action: action,
		TargetType: targetType, TargetID: targetID, Detail: detail})
}

func userID(u *actor.Actor) string {
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
	// SeesNames: the reader sees every name (those taking part and officers); the public sees
	// only the names of people who agreed to be shown.
	SeesNames bool
	// CaseStudyVisible: the reader may read the case study (published, or a draft they manage).
	CaseStudyVisible bool
}

// Participant returns the viewer's own place in the project, if they take part with an account.
func (v ProjectView) Own() *Participant {
	for i := range v.Participants {
		if v.ViewerID != "" && v.Participants[i].AccountID == v.ViewerID {
			return &v.Participants[i]
		}
	}
	return nil
}

// CanEditReflection says whether the viewer may change or delete r: its author, the lead and
// officers (the service checks again).
func (v ProjectView) CanEditReflection(r Reflection) bool {
	return v.CanManage || v.ViewerID != "" && r.AuthorID == v.ViewerID
}

// access works out what actor may do with p; a project they may not see is not found.
func (s *Service) access(ctx context.Context, actor *actor.Actor, p Project) (manage, contribute bool, err error) {
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
func (s *Service) Project(ctx context.Context, actor *actor.Actor, id string) (ProjectView, error) {
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
	if v.Reflections, err = reflections(ctx, s.DB, id, "", nil); err != nil {
		return v, err
	}
	v.SeesNames = v.CanContribute
	v.CaseStudyVisible = v.CaseStudyState == "published" && v.Stage == "closed" || v.CaseStudyState != "none" && v.CanManage
	if v.CaseStudyState != "published" && !v.CanManage {
		v.CaseStudy = Text{}
	}
	if !v.SeesNames {
		hideNames(&v.Project, actor)
		for i := range v.Participants {
			if !v.Participants[i].Named {
				v.Participants[i].Name = ""
			}
		}
		for i := range v.Reflections {
			if !v.Reflections[i].Named {
				v.Reflections[i].AuthorName = ""
			}
		}
	}
	return v, nil
}

// hideNames takes out of a project the names its people did not agree to show to the reader.
func hideNames(p *Project, actor *actor.Actor) {
	if !p.LeadNamed && !isOfficer(actor) && (actor == nil || actor.ID != p.LeadID) {
		p.LeadName = ""
	}
	if !p.CaseStudyNamed && !isOfficer(actor) && (actor == nil || actor.ID != p.CaseStudyByID) {
		p.CaseStudyBy = ""
	}
}

// Projects lists the projects actor may see, newest first, each with its outcome progress.
func (s *Service) Projects(ctx context.Context, actor *actor.Actor) ([]Project, error) {
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
		hideNames(&ps[i], actor)
		if ps[i].CaseStudyState != "published" && !isOfficer(actor) && (actor == nil || actor.ID != ps[i].LeadID) {
			ps[i].CaseStudy = Text{}
		}
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
func (s *Service) Portfolio(ctx context.Context, actor *actor.Actor) (Portfolio, error) {
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
		t.StaffPlanned += p.StaffPlanned
		t.StaffSpent += p.StaffSpent
		t.VolunteerPlanned += p.VolunteerPlanned
		t.VolunteerSpent += p.VolunteerSpent
	}
	pf := Portfolio{Projects: ps, Depth: progress.Depth(spans), Totals: t}
	for _, sh := range pf.Depth {
		if progress.CoProduced(sh.Level) {
			pf.CoProduction += sh.Percent
		}
	}
	return pf, nil
}

// ProposalInput is what the propose form sends: each text in English, Welsh or both, and whether
// the lead agrees to be named on public pages.
type ProposalInput struct {
	Title, Problem, Affected, ServiceArea, OrganisationID string
	TitleCy, ProblemCy, AffectedCy, ServiceAreaCy         string
	LeadNamed                                             bool
}

// proposal is a checked proposal, every text in the same main language.
type proposal struct {
	Title, Problem, Affected, ServiceArea Text
}

// Validate checks a proposal.
func (in *ProposalInput) Validate() (proposal, error) {
	f := map[string]string{}
	var p proposal
	p.Title = bothText(f, "title", in.Title, in.TitleCy, true, 200, "coproduction.err.title")
	p.Problem = bothText(f, "problem", in.Problem, in.ProblemCy, true, 5000, "coproduction.err.problem")
	p.Affected = bothText(f, "affected", in.Affected, in.AffectedCy, true, 2000, "coproduction.err.affected")
	p.ServiceArea = bothText(f, "service_area", in.ServiceArea, in.ServiceAreaCy, true, 200, "coproduction.err.service_area")
	// Every text of a record shares its main language: the title's.
	for _, t := range []*Text{&p.Problem, &p.Affected, &p.ServiceArea} {
		*t = sameLang(*t, p.Title.Lang)
	}
	if in.OrganisationID != "" && !ids.Valid(in.OrganisationID) {
		f["organisation_id"] = "coproduction.err.organisation"
	}
	if len(f) > 0 {
		return p, errs.FieldErrors(f)
	}
	return p, nil
}

// sameLang puts t's texts so that its main text is in lang (possibly empty).
func sameLang(t Text, lang string) Text {
	if langOf(t.Lang) == langOf(lang) {
		return Text{Lang: langOf(lang), Main: t.Main, Alt: t.Alt}
	}
	return Text{Lang: langOf(lang), Main: t.Alt, Alt: t.Main}
}

// Propose records a new project led by actor.
func (s *Service) Propose(ctx context.Context, actor *actor.Actor, in ProposalInput) (Project, error) {
	pr, err := in.Validate()
	if err != nil {
		return Project{}, err
	}
	p := Project{ID: ids.New(), Title: pr.Title, Problem: pr.Problem, Affected: pr.Affected, ServiceArea: pr.ServiceArea,
		LeadID: actor.ID, LeadNamed: in.LeadNamed, OrganisationID: in.OrganisationID, Stage: "proposed", Level: "inform"}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		p.CreatedAt = s.DB.Now(ctx)
		if err := s.knownOrganisation(ctx, p.OrganisationID); err != nil {
			return err
		}
		if err := insertProject(ctx, s.DB, p); err != nil {
			return err
		}
		if err := s.consent(ctx, actor.ID, "coproduction_project_lead:"+p.ID, p.LeadNamed); err != nil {
			return err
		}
		return insertStage(ctx, s.DB, ids.New(), p.ID, p.Stage, p.Level, "", actor.ID, p.CreatedAt)
	})
	return p, err
}

// manage loads a project that actor may manage (lead, officer, admin).
func (s *Service) manage(ctx context.Context, actor *actor.Actor, id string) (Project, error) {
	return s.projectFor(ctx, actor, id, true)
}

// contribute loads a project that actor takes part in (or manages).
func (s *Service) contribute(ctx context.Context, actor *actor.Actor, id string) (Project, error) {
	return s.projectFor(ctx, actor, id, false)
}

// projectFor loads a project when actor may manage it (toManage) or take part in it.
func (s *Service) projectFor(ctx context.Context, actor *actor.Actor, id string, toManage bool) (Project, error) {
	p, err := projectByID(ctx, s.DB, id)
	if err != nil {
		return p, s.DB.Err(err, "error.not_found")
	}
	manage, contribute, err := s.access(ctx, actor, p)
	if err != nil {
		return p, err
	}
	if toManage && !manage || !toManage && !contribute {
		return p, errForbidden
	}
	return p, nil
}

func (s *Service) touch(ctx context.Context, id string) error {
	return touchProject(ctx, s.DB, s.DB.Now(ctx), id)
}

// ParticipantInput is who is added to a project, and whether they agreed to be named on public
// pages.
type ParticipantInput struct {
	Kind, Name, Email, OrganisationID string
	Named                             bool
}

// AddParticipant adds someone taking part. When an email of an account is given, that person
// can then see the project and add measurements and reflections.
func (s *Service) AddParticipant(ctx context.Context, actor *actor.Actor, projectID string, in ParticipantInput) error {
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
			id, name, err := queryPersonWithEmail(ctx, s.DB, in.Email)
			if err != nil {
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
		pid := ids.New()
		if err := insertParticipant(ctx, s.DB, pid, projectID, in.Kind, in.Name, boolInt(in.Named), accountID, db.NullString(in.OrganisationID), s.DB.Now(ctx)); err != nil {
			return s.DB.Err(err, "coproduction.err.organisation")
		}
		if accountID != nil {
			if err := s.consent(ctx, accountID.(string), "coproduction_participant:"+pid, in.Named); err != nil {
				return err
			}
			if err := s.tellParticipant(ctx, accountID.(string), projectID, "coproduction.mail.joined", ""); err != nil {
				return err
			}
		}
		return s.touch(ctx, projectID)
	})
}

// knownOrganisation checks that a project's organisation, when one is given, exists.
func (s *Service) knownOrganisation(ctx context.Context, orgID string) error {
	if orgID == "" {
		return nil
	}
	n, err := queryOrganisationCount(ctx, s.DB, orgID)
	if err == nil && n == 0 {
		return errs.FieldErrors(map[string]string{"organisation_id": "coproduction.err.organisation"})
	}
	return err
}
