package budgeting

import (
	"commons/internal/platform/actor"
	"context"
	"crypto/rand"
	"encoding/base32"
	"sort"
	"strings"
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/markdown"
)

// Outbox queues mail in the caller's transaction.
type Outbox interface {
	EnqueueMessage(ctx context.Context, m mail.Message) error
}

// Deps is what the service needs.
type Deps struct {
	DB      *db.DB
	Outbox  Outbox
	T       func(lang, key string, args ...any) string
	BaseURL string
	// The 360Giving publisher: grant id prefix and the funding organisation's org-id and name.
	GrantPrefix, FunderID, FunderName string
	// People reads accounts to write to them; nil writes no mail about ideas.
	People People
}

// Service holds the participatory budgeting rules.
type Service struct {
	Deps
	snaps snapshotCache // what ballots are checked against, see ballotSnapshot
}

// NewService returns the service.
func NewService(d Deps) *Service { return &Service{Deps: d} }

func isOfficer(u *actor.Actor) bool   { return u.Has(identity.RoleOfficer, identity.RoleAdmin) }
func isModerator(u *actor.Actor) bool { return u.Has(identity.RoleModerator, identity.RoleAdmin) }

var forbidden = errs.E(errs.Forbidden, "error.forbidden")

func record(ctx context.Context, d *db.DB, actor *actor.Actor, action, targetType, target, detail string) error {
	return audit.Record(ctx, d, audit.Entry{ActorID: actor.ID, ActorName: actor.Name, Action: action, TargetType: targetType, TargetID: target, Detail: detail})
}

// Processes lists processes, the latest voting first.
func (s *Service) Processes(ctx context.Context, limit, offset int) ([]Process, error) {
	return listProcesses(ctx, s.DB, limit, offset)
}

// DraftProcesses are the processes not yet published, for officers.
func (s *Service) DraftProcesses(ctx context.Context, actor *actor.Actor) ([]Process, error) {
	if !isOfficer(actor) {
		return nil, nil
	}
	return draftProcesses(ctx, s.DB)
}

// PublishProcess makes a draft process public (officers).
func (s *Service) PublishProcess(ctx context.Context, actor *actor.Actor, id string) error {
	if !isOfficer(actor) {
		return forbidden
	}
	defer s.snaps.forget()
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := getProcess(ctx, s.DB, id)
		if err != nil {
			return err
		}
		done, err := setProcessDraft(ctx, s.DB, p.ID, false)
		if err != nil || !done {
			return err
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: actor.ID, ActorName: actor.Name, Action: "budgeting.process.publish",
			TargetType: "budget_process", TargetID: p.ID, Detail: p.Title})
	})
}

// Process is one process.
func (s *Service) Process(ctx context.Context, id string) (Process, error) {
	return getProcess(ctx, s.DB, id)
}

// SaveProcess creates (id "") or updates a process; officers only. The description's Markdown is
// rendered to sanitised HTML once, here.
func (s *Service) SaveProcess(ctx context.Context, actor *actor.Actor, id string, in ProcessInput) (Process, error) {
	defer s.snaps.forget() // ballots are checked against the process and its projects
	if !isOfficer(actor) {
		return Process{}, forbidden
	}
	v, err := in.Validate()
	if err != nil {
		return Process{}, err
	}
	html, err := markdown.Render(in.Description)
	if err != nil {
		return Process{}, &errs.Error{Code: errs.Invalid, Fields: map[string]string{"description": "budgeting.err.description_long"}, Err: err}
	}
	htmlCy, err := markdown.Render(in.DescriptionCy)
	if err != nil {
		return Process{}, &errs.Error{Code: errs.Invalid, Fields: map[string]string{"description_cy": "budgeting.err.description_long"}, Err: err}
	}
	p := Process{ID: id, Title: in.Title, TitleCy: in.TitleCy, Description: in.Description, DescriptionHTML: string(html),
		DescriptionCy: in.DescriptionCy, DescriptionCyHTML: string(htmlCy), TotalPence: v.total,
		Phase: in.Phase, IdeasFrom: in.IdeasFrom, ReviewFrom: in.ReviewFrom, VotingFrom: in.VotingFrom, VotingUntil: in.VotingUntil,
		ResultsFrom: in.ResultsFrom, Format: in.Format, MinChoices: v.minChoices, MaxChoices: v.maxChoices, Points: v.points,
		Rule: in.Rule, MinAge: v.minAge, VoterAccess: in.VoterAccess, createdBy: actor.ID}
	for area, pence := range v.areaBudgets {
		p.AreaBudgets = append(p.AreaBudgets, AreaBudget{AreaID: area, Pence: pence})
	}
	sort.Slice(p.AreaBudgets, func(i, j int) bool { return p.AreaBudgets[i].AreaID < p.AreaBudgets[j].AreaID })
	insert := id == ""
	if insert {
		p.ID = ids.New()
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		p.UpdatedAt = s.DB.Now(ctx)
		if !insert {
			// Once ballots are in, the ballot's shape may not change under them.
			old, err := getProcess(ctx, s.DB, p.ID)
			if err != nil {
				return err
			}
			ballots, err := countBallots(ctx, s.DB, p.ID)
			if err != nil {
				return err
			}
			if ballots > 0 && (old.Format != p.Format || old.Points != p.Points || old.Districts() != p.Districts()) {
				return errs.FieldErrors(map[string]string{"format": "budgeting.err.format_locked"})
			}
			if old.Frozen() {
				if f := frozenChanges(&old, &p); len(f) > 0 {
					return errs.FieldErrors(f)
				}
			}
		}
		if p.Phase == "voting" {
			if f, err := s.emptyBallots(ctx, &p); err != nil || len(f) > 0 {
				if err == nil {
					err = errs.FieldErrors(f)
				}
				return err
			}
		}
		if err := saveProcess(ctx, s.DB, p, insert); err != nil {
			return s.DB.Err(err, "budgeting.err.area_unknown")
		}
		action := "budget.update"
		if insert {
			action = "budget.create"
		}
		return record(ctx, s.DB, actor, action, "budget", p.ID, p.Title)
	})
	if err != nil {
		if errs.Is(err, errs.Invalid) && len(errs.As(err).Fields) == 0 {
			return Process{}, errs.FieldErrors(map[string]string{"total": "budgeting.err.area_unknown"})
		}
		return Process{}, err
	}
	return getProcess(ctx, s.DB, p.ID)
}

// Ideas lists a process's ideas: hidden ones only for moderators and officers.
func (s *Service) Ideas(ctx context.Context, viewer *actor.Actor, processID string) ([]Idea, error) {
	return listIdeas(ctx, s.DB, processID, "", "", isModerator(viewer) || isOfficer(viewer))
}

// Projects are the accepted ideas on the ballot, in one area when area is set.
func (s *Service) Projects(ctx context.Context, processID, area string) ([]Idea, error) {
	return listIdeas(ctx, s.DB, processID, "accepted", area, false)
}

// Idea is one idea. A hidden idea is shown only to its author, moderators and officers.
func (s *Service) Idea(ctx context.Context, viewer *actor.Actor, id string) (Idea, error) {
	i, err := getIdea(ctx, s.DB, id)
	if err != nil {
		return i, err
	}
	if i.Hidden() && !(isModerator(viewer) || isOfficer(viewer) || viewer != nil && viewer.ID == i.AuthorID) {
		return Idea{}, errs.E(errs.NotFound, "budgeting.idea_not_found")
	}
	if i.AuthorID != "" && s.People != nil {
		shown, err := s.People.NamesShown(ctx, []string{ideaSubject(i.ID)})
		if err != nil {
			return i, err
		}
		i.AuthorShown = shown[i.AuthorID+"|"+ideaSubject(i.ID)]
	}
	return i, nil
}

// SubmitIdea adds a resident's idea while the process takes ideas. An officer may submit one for
// a resident (assisted digital): in.ForEmail names the resident's account, if they have one (it
// becomes theirs: they are told about it and see it on their page), and in.AssistedHow how the
// officer helped; both are kept with the idea.
func (s *Service) SubmitIdea(ctx context.Context, actor *actor.Actor, processID string, in IdeaInput) (Idea, error) {
	if actor == nil {
		return Idea{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	p, err := getProcess(ctx, s.DB, processID)
	if err != nil {
		return Idea{}, err
	}
	if p.Draft && !isOfficer(actor) {
		return Idea{}, errs.E(errs.NotFound, "budgeting.not_found")
	}
	if p.Phase != "ideas" {
		return Idea{}, errs.E(errs.Conflict, "budgeting.err.not_ideas_phase")
	}
	assisted := in.AssistedHow != "" || strings.TrimSpace(in.ForEmail) != ""
	if assisted && !isOfficer(actor) {
		return Idea{}, forbidden
	}
	v, err := in.Validate(&p)
	if err != nil {
		return Idea{}, err
	}
	author := actor.ID
	if assisted {
		if in.AssistedHow == "" {
			return Idea{}, errs.FieldErrors(map[string]string{"assisted_how": "budgeting.err.assisted_how"})
		}
		author = ""
		if email := strings.TrimSpace(in.ForEmail); email != "" && s.People != nil {
			a, err := s.People.AccountByEmail(ctx, email)
			if errs.Is(err, errs.NotFound) {
				return Idea{}, errs.FieldErrors(map[string]string{"for_email": "budgeting.err.for_email"})
			}
			if err != nil {
				return Idea{}, err
			}
			author = a.ID
		}
	}
	i := Idea{ID: ids.New(), ProcessID: p.ID, AuthorID: author, Title: in.Title, Description: in.Description,
		AreaID: in.AreaID, Address: in.Address, Lat: v.lat, Lng: v.lng, EstimatePence: v.estimate, Status: "submitted",
		Lang: langOf(in.Lang)}
	if assisted {
		i.AssistedBy, i.AssistedHow = actor.ID, in.AssistedHow
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		i.CreatedAt = s.DB.Now(ctx)
		if err := insertIdea(ctx, s.DB, i); err != nil {
			return s.DB.Err(err, "budgeting.err.area_unknown")
		}
		if in.ShowName && !assisted && s.People != nil {
			if err := s.People.ShowName(ctx, author, ideaSubject(i.ID), true); err != nil {
				return err
			}
			i.AuthorShown = true
		}
		if assisted {
			if err := record(ctx, s.DB, actor, "budget.idea.assisted", "budget_idea", i.ID, in.AssistedHow); err != nil {
				return err
			}
		}
		return s.insertPhoto(ctx, i.ID, "", v.contentType, in.Photo)
	})
	if errs.Is(err, errs.Invalid) && len(errs.As(err).Fields) == 0 {
		return Idea{}, errs.FieldErrors(map[string]string{"area_id": "budgeting.err.area_unknown"})
	}
	return i, err
}

// langOf is en or cy.
func langOf(lang string) string {
	if lang == "cy" {
		return "cy"
	}
	return "en"
}

// ShowAuthor records whether an idea's author agrees to be named with it on public pages; only
// the author may say.
func (s *Service) ShowAuthor(ctx context.Context, actor *actor.Actor, ideaID string, show bool) error {
	i, err := s.Idea(ctx, actor, ideaID)
	if err != nil {
		return err
	}
	if actor == nil || i.AuthorID != actor.ID || s.People == nil {
		return forbidden
	}
	return s.People.ShowName(ctx, actor.ID, ideaSubject(ideaID), show)
}

// Support records that the actor supports an idea (once; supporting again changes nothing).
func (s *Service) Support(ctx context.Context, actor *actor.Actor, ideaID string) error {
	i, err := s.Idea(ctx, actor, ideaID)
	if err != nil {
		return err
	}
	if i.Hidden() {
		return errs.E(errs.Conflict, "budgeting.err.hidden")
	}
	return insertSupport(ctx, s.DB, ideaID, actor.ID, s.DB.Now(ctx))
}

// AddComment adds a comment to an idea; public pages show its author's role, not their name.
func (s *Service) AddComment(ctx context.Context, actor *actor.Actor, ideaID, body string) error {
	return s.AddNamedComment(ctx, actor, ideaID, body, false)
}

// AddNamedComment adds a comment to an idea; with showName its author agrees to be named with it
// on public pages (otherwise their role is shown).
func (s *Service) AddNamedComment(ctx context.Context, actor *actor.Actor, ideaID, body string, showName bool) error {
	return s.AddCommentOnce(ctx, actor, ideaID, body, "", showName)
}

// AddCommentOnce is AddNamedComment for a comment form with its own key (the hidden field idem):
// the same form sent twice (a double click, a resend) makes one comment. An empty key makes a
// comment every time.
func (s *Service) AddCommentOnce(ctx context.Context, actor *actor.Actor, ideaID, body, key string, showName bool) error {
	body = strings.TrimSpace(body)
	if len(key) > 100 {
		key = key[:100]
	}
	switch {
	case body == "":
		return errs.FieldErrors(map[string]string{"body": "budgeting.err.comment_missing"})
	case utf8.RuneCountInString(body) > 2000:
		return errs.FieldErrors(map[string]string{"body": "budgeting.err.description_long"})
	}
	i, err := s.Idea(ctx, actor, ideaID)
	if err != nil {
		return err
	}
	if i.Hidden() {
		return errs.E(errs.Conflict, "budgeting.err.hidden")
	}
	role := "resident"
	if isOfficer(actor) {
		role = "officer"
	}
	id := ids.New()
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := insertComment(ctx, s.DB, id, ideaID, actor.ID, actor.Name, body, s.DB.Now(ctx), role, key)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil // this form's comment is in already
		}
		if showName && s.People != nil {
			return s.People.ShowName(ctx, actor.ID, commentSubject(id), true)
		}
		return nil
	})
}

func commentSubject(id string) string { return "budget_comment:" + id }

// Comments lists an idea's comments, oldest first, each with whether its author agreed to be
// named with it.
func (s *Service) Comments(ctx context.Context, ideaID string) ([]Comment, error) {
	out, err := ideaComments(ctx, s.DB, ideaID)
	if err != nil || s.People == nil {
		return out, err
	}
	var subjects []string
	for _, c := range out {
		subjects = append(subjects, commentSubject(c.ID))
	}
	shown, err := s.People.NamesShown(ctx, subjects)
	for k := range out {
		out[k].Shown = shown[out[k].authorID+"|"+commentSubject(out[k].ID)]
	}
	return out, err
}

// Hide hides an idea with a reason its author sees; moderators only.
func (s *Service) Hide(ctx context.Context, actor *actor.Actor, ideaID, reason string) error {
	defer s.snaps.forget() // ballots are checked against the process and its projects
	if !isModerator(actor) {
		return forbidden
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > 1000 {
		return errs.FieldErrors(map[string]string{"hide_reason": "budgeting.err.hide_reason"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := hideIdea(ctx, s.DB, ideaID, reason, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.NotFound, "budgeting.idea_not_found")
		}
		return record(ctx, s.DB, actor, "budget.idea.hide", "budget_idea", ideaID, reason)
	})
}

// Review records a feasibility review by an officer or a member of the process's review panel; an
// accepted idea becomes a ballot project costing the costed estimate.
func (s *Service) Review(ctx context.Context, actor *actor.Actor, ideaID string, in ReviewInput) error {
	defer s.snaps.forget() // ballots are checked against the process and its projects
	if actor == nil {
		return forbidden
	}
	cost, err := in.Validate()
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		i, p, err := ideaAndProcess(ctx, s.DB, ideaID)
		if err != nil {
			return err
		}
		if ok, err := s.CanReview(ctx, actor, p.ID); err != nil || !ok {
			if err == nil {
				err = forbidden
			}
			return err
		}
		if p.Frozen() {
			return errs.E(errs.Conflict, "budgeting.err.review_frozen")
		}
		if p.Phase != "ideas" && p.Phase != "review" && p.ReopenedAt == nil {
			return errs.E(errs.Conflict, "budgeting.err.review_closed")
		}
		if err := reviewIdea(ctx, s.DB, ideaID, in, cost, s.DB.Now(ctx)); err != nil {
			return err
		}
		if err := record(ctx, s.DB, actor, "budget.idea.review", "budget_idea", ideaID, in.Decision); err != nil {
			return err
		}
		// The author hears once per decision: correcting the cost or the wording of the same
		// decision sends nothing more.
		if i.Status == in.Decision {
			return nil
		}
		return s.tellReview(ctx, &p, &i, in.Decision, in.Reason)
	})
}

// Milestones lists a project's delivery milestones.
func (s *Service) Milestones(ctx context.Context, ideaID string) ([]Milestone, error) {
	return ideaMilestones(ctx, s.DB, ideaID)
}

// Updates lists a project's delivery updates, newest first.
func (s *Service) Updates(ctx context.Context, ideaID string) ([]Update, error) {
	return ideaUpdates(ctx, s.DB, ideaID)
}

// fundedIdea checks that the published results funded the idea.
func (s *Service) fundedIdea(ctx context.Context, ideaID string) error {
	outcome, err := ideaOutcome(ctx, s.DB, ideaID)
	if db.IsNoRows(err) || err == nil && outcome != "funded" {
		return errs.E(errs.Conflict, "budgeting.err.not_funded")
	}
	return err
}

// SaveMilestone adds a milestone to a funded project, or updates one (milestoneID set).
func (s *Service) SaveMilestone(ctx context.Context, actor *actor.Actor, ideaID, milestoneID string, in MilestoneInput) error {
	if !isOfficer(actor) {
		return forbidden
	}
	pc, err := in.Validate()
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.fundedIdea(ctx, ideaID); err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		if milestoneID == "" {
			err = insertMilestone(ctx, s.DB, ids.New(), ideaID, in.Title, in.Status, pc, now)
		} else {
			var n int64
			n, err = updateMilestone(ctx, s.DB, milestoneID, ideaID, in.Title, in.Status, pc, now)
			if err == nil {
				if n == 0 {
					return errs.E(errs.NotFound, "error.not_found")
				}
			}
		}
		if err != nil {
			return err
		}
		return record(ctx, s.DB, actor, "budget.milestone", "budget_idea", ideaID, in.Title)
	})
}

// AddUpdate posts a dated public update (Markdown) on a funded project.
func (s *Service) AddUpdate(ctx context.Context, actor *actor.Actor, ideaID, body string, photo PhotoInput) error {
	if !isOfficer(actor) {
		return forbidden
	}
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > 10000 {
		return errs.FieldErrors(map[string]string{"update": "budgeting.err.update_missing"})
	}
	html, err := markdown.Render(body)
	if err != nil {
		return errs.FieldErrors(map[string]string{"update": "budgeting.err.update_missing"})
	}
	ct, err := CheckPhoto(photo)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.fundedIdea(ctx, ideaID); err != nil {
			return err
		}
		id := ids.New()
		if err := insertUpdate(ctx, s.DB, id, ideaID, body, string(html), s.DB.Now(ctx)); err != nil {
			return err
		}
		return s.insertPhoto(ctx, ideaID, id, ct, photo)
	})
}

// codeEncoding leaves out letters and digits people confuse on paper (0/O, 1/I).
var codeEncoding = base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)

// newCode is a one-time voting code such as "K7QM-XD4P-2RTA".
func newCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	s := codeEncoding.EncodeToString(b)[:12]
	return s[:4] + "-" + s[4:8] + "-" + s[8:]
}

// NormaliseCode reads a code as typed: case and spaces do not matter, dashes are optional.
func NormaliseCode(s string) string {
	s = strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s))
	if len(s) != 12 {
		return s
	}
	return s[:4] + "-" + s[4:8] + "-" + s[8:]
}

// Code is a one-time voting code.
type Code struct {
	Code string
	Used bool
}

// GenerateCodes makes n one-time codes for a process; officers only.
func (s *Service) GenerateCodes(ctx context.Context, actor *actor.Actor, processID string, n int) error {
	if !isOfficer(actor) {
		return forbidden
	}
	if n < 1 || n > 500 {
		return errs.FieldErrors(map[string]string{"count": "budgeting.err.code_count"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := getProcess(ctx, s.DB, processID); err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		for range n {
			if err := insertCode(ctx, s.DB, ids.New(), processID, newCode(), now); err != nil {
				return err
			}
		}
		return record(ctx, s.DB, actor, "budget.codes", "budget", processID, "")
	})
}

// Codes lists a process's codes, unused first.
func (s *Service) Codes(ctx context.Context, processID string) ([]Code, error) {
	return listCodes(ctx, s.DB, processID)
}

// emptyBallots says which ballots would open with nothing on them: a process cannot move to
// voting until every area with a budget (or the whole place) has a project on its ballot.
func (s *Service) emptyBallots(ctx context.Context, p *Process) (map[string]string, error) {
	costs, err := projectCosts(ctx, s.DB, p.ID, "")
	if err != nil {
		return nil, err
	}
	if len(costs) == 0 {
		return map[string]string{"phase": "budgeting.err.no_projects"}, nil
	}
	if !p.Districts() {
		return nil, nil
	}
	f := map[string]string{}
	for _, a := range p.AreaBudgets {
		n, err := projectCosts(ctx, s.DB, p.ID, a.AreaID)
		if err != nil {
			return nil, err
		}
		if len(n) == 0 {
			f["phase"] = "budgeting.err.no_projects_area"
			f["area_"+a.AreaID] = "budgeting.err.no_projects_here"
		}
	}
	return f, nil
}

// MarkDelivered records that a funded project has been delivered and tells its author; officers
// only, with confirm set.
func (s *Service) MarkDelivered(ctx context.Context, actor *actor.Actor, ideaID string, confirm bool) error {
	if !isOfficer(actor) {
		return forbidden
	}
	if !confirm {
		return errs.FieldErrors(map[string]string{"delivered_confirm": "budgeting.err.delivered_confirm"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.fundedIdea(ctx, ideaID); err != nil {
			return err
		}
		n, err := markDelivered(ctx, s.DB, ideaID, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "budgeting.err.already_delivered")
		}
		i, p, err := ideaAndProcess(ctx, s.DB, ideaID)
		if err != nil {
			return err
		}
		if err := record(ctx, s.DB, actor, "budget.delivered", "budget_idea", ideaID, ""); err != nil {
			return err
		}
		return s.tellDelivered(ctx, &p, &i)
	})
}

// Resident is the account an officer names by email to act for (assisted digital).
func (s *Service) Resident(ctx context.Context, email string) (*actor.Actor, error) {
	if strings.TrimSpace(email) == "" {
		return nil, errs.FieldErrors(map[string]string{"for_email": "budgeting.err.for_email_missing"})
	}
	if s.People == nil {
		return nil, errs.FieldErrors(map[string]string{"for_email": "budgeting.err.for_email"})
	}
	a, err := s.People.AccountByEmail(ctx, email)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.FieldErrors(map[string]string{"for_email": "budgeting.err.for_email"})
	}
	if err != nil {
		return nil, err
	}
	return &actor.Actor{ID: a.ID, Name: a.Name, Email: a.Email, Roles: a.Roles, Language: a.Language}, nil
}
