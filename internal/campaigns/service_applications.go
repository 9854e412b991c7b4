package campaigns

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// IsCoordinator reports whether the actor reviews place-based social action applications: an
// admin, or an account an admin named. Through an API token it needs the admin scope.
func (s *Service) IsCoordinator(ctx context.Context, a *actor.Actor) bool {
	if !a.SignedIn() || !a.Allows(actor.ScopeAdmin) {
		return false
	}
	if a.Has(identity.RoleAdmin) {
		return true
	}
	ok, err := isCoordinator(ctx, s.DB, a.ID)
	return err == nil && ok
}

func (s *Service) mustCoordinate(ctx context.Context, a *actor.Actor) error {
	if !a.SignedIn() {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if !s.IsCoordinator(ctx, a) {
		return errs.E(errs.Forbidden, "campaigns.err.coordinators_only")
	}
	return nil
}

// CurrentForm is the application form people fill in now.
func (s *Service) CurrentForm(ctx context.Context) (Form, error) {
	f, err := currentForm(ctx, s.DB)
	return f, s.DB.Err(err, "error.not_found")
}

// Draft is the form's next version as the coordinators change it: the draft, or a copy of the
// current form when there is none yet (saved on the first change).
func (s *Service) Draft(ctx context.Context, a *actor.Actor) (Form, bool, error) {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return Form{}, false, err
	}
	d, err := draftForm(ctx, s.DB)
	if err == nil {
		return d, true, nil
	}
	if !isNoRows(err) {
		return d, false, err
	}
	cur, err := s.CurrentForm(ctx)
	cur.ID, cur.PublishedAt = "", nil
	return cur, false, err
}

// changeDraft applies fn to the draft, making it from the current form first.
func (s *Service) changeDraft(ctx context.Context, a *actor.Actor, fn func(f *Form) error) error {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return err
	}
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error {
		f, saved, err := s.Draft(ctx, a)
		if err != nil {
			return err
		}
		if err := fn(&f); err != nil {
			return err
		}
		if saved {
			_, err := saveDraft(ctx, s.DB, f)
			return err
		}
		f.ID, f.CreatedAt = ids.New(), s.DB.Now(ctx)
		return insertForm(ctx, s.DB, f, a.ID)
	}), "error.internal")
}

// QuestionInput is what the question form sends.
type QuestionInput struct {
	Kind, LabelEN, LabelCY, HintEN, HintCY, Choices string
	Required                                        bool
}

// AddQuestion adds a question to the draft. Choices are one a line, "English | Cymraeg".
func (s *Service) AddQuestion(ctx context.Context, a *actor.Actor, in QuestionInput) error {
	q := Question{ID: "q" + ids.New()[:8], Kind: in.Kind, LabelEN: strings.TrimSpace(in.LabelEN),
		LabelCY: strings.TrimSpace(in.LabelCY), HintEN: strings.TrimSpace(in.HintEN), HintCY: strings.TrimSpace(in.HintCY), Required: in.Required}
	f := map[string]string{}
	if !slices.Contains(QuestionKinds, q.Kind) {
		f["q_kind"] = "campaigns.err.question_kind"
	}
	text(f, "q_label_en", q.LabelEN, 300, "campaigns.err.question_label")
	text(f, "q_label_cy", q.LabelCY, 300, "campaigns.err.question_label_cy")
	optional(f, "q_hint_en", q.HintEN, 500)
	optional(f, "q_hint_cy", q.HintCY, 500)
	if q.Kind == "choice" {
		for i, line := range strings.Split(in.Choices, "\n") {
			en, cy, _ := strings.Cut(line, "|")
			en, cy = strings.TrimSpace(en), strings.TrimSpace(cy)
			if en == "" {
				continue
			}
			q.Choices = append(q.Choices, Choice{ID: "c" + strconv.Itoa(i+1), EN: en, CY: cy})
		}
		if len(q.Choices) < 2 {
			f["q_choices"] = "campaigns.err.question_choices"
		}
	}
	if err := fieldErrors(f); err != nil {
		return err
	}
	return s.changeDraft(ctx, a, func(f *Form) error {
		f.Questions = append(f.Questions, q)
		return nil
	})
}

// RemoveQuestion takes a question off the draft (answers to it in earlier versions stay).
func (s *Service) RemoveQuestion(ctx context.Context, a *actor.Actor, id string) error {
	return s.changeDraft(ctx, a, func(f *Form) error {
		f.Questions = slices.DeleteFunc(f.Questions, func(q Question) bool { return q.ID == id })
		return nil
	})
}

// SaveIntro changes the draft's introduction.
func (s *Service) SaveIntro(ctx context.Context, a *actor.Actor, en, cy string) error {
	en, cy = strings.TrimSpace(en), strings.TrimSpace(cy)
	f := map[string]string{}
	optional(f, "intro_en", en, 2000)
	optional(f, "intro_cy", cy, 2000)
	if err := fieldErrors(f); err != nil {
		return err
	}
	return s.changeDraft(ctx, a, func(f *Form) error {
		f.IntroEN, f.IntroCY = en, cy
		return nil
	})
}

// PublishDraft makes the draft the form people fill in; applications made before keep the
// version they answered.
func (s *Service) PublishDraft(ctx context.Context, a *actor.Actor) error {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		d, err := draftForm(ctx, s.DB)
		if err != nil {
			return errs.E(errs.Conflict, "campaigns.err.no_draft")
		}
		if len(d.Questions) == 0 {
			return errs.E(errs.Invalid, "campaigns.err.no_questions")
		}
		_, err = publishForm(ctx, s.DB, d.ID, s.DB.Now(ctx))
		return err
	})
}

// Apply submits an application through the current form. A coordinator may apply on a group's
// behalf, naming the group's contact by the email of their account (recorded as assisted).
func (s *Service) Apply(ctx context.Context, a *actor.Actor, in ApplyInput) (Application, error) {
	if !a.SignedIn() {
		return Application{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	form, err := s.CurrentForm(ctx)
	if err != nil {
		return Application{}, err
	}
	in.GroupName, in.Place = strings.TrimSpace(in.GroupName), strings.TrimSpace(in.Place)
	f := map[string]string{}
	text(f, "group_name", in.GroupName, 200, "campaigns.err.group_name")
	text(f, "place", in.Place, 500, "campaigns.err.place")
	if in.AreaID != "" {
		if _, err := s.Identity.Area(ctx, in.AreaID); err != nil {
			f["area_id"] = "campaigns.err.area"
		}
	}
	if in.OrganisationID != "" && !a.InOrg(in.OrganisationID) && !s.IsCoordinator(ctx, a) {
		f["organisation_id"] = "campaigns.err.organisation"
	}
	if in.Answers == nil {
		in.Answers = map[string]string{}
	}
	form.check(in.Answers, f)
	app := Application{ID: ids.New(), FormID: form.ID, GroupName: in.GroupName, OrganisationID: in.OrganisationID, ContactID: a.ID,
		AreaID: in.AreaID, Place: in.Place, WantsDevelopment: in.WantsDevelopment, Answers: in.Answers}
	if email := strings.TrimSpace(in.ContactEmail); email != "" {
		if !s.IsCoordinator(ctx, a) {
			return app, errs.E(errs.Forbidden, "campaigns.err.coordinators_only")
		}
		app.Assisted, app.ContactID = true, ""
		if acc, err := s.Identity.AccountByEmail(ctx, email); err == nil {
			app.ContactID = acc.ID
		} else if errs.Is(err, errs.NotFound) {
			f["contact_email"] = "campaigns.err.no_account"
		} else {
			return app, err
		}
	}
	if err := fieldErrors(f); err != nil {
		return app, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		app.CreatedAt = s.DB.Now(ctx)
		if err := insertApplication(ctx, s.DB, app, a.ID); err != nil {
			return err
		}
		link := s.BaseURL + "/campaigns/applications/" + app.ID
		if err := s.mailAccount(ctx, app.ContactID, "campaigns.mail.applied", "group", app.GroupName, "link", link); err != nil {
			return err
		}
		return s.mailCoordinators(ctx, "campaigns.mail.application_new", "group", app.GroupName, "link", link)
	})
	return app, s.DB.Err(err, "error.internal")
}

// mailAccount mails an account in its language.
func (s *Service) mailAccount(ctx context.Context, accountID, key string, args ...any) error {
	if accountID == "" {
		return nil
	}
	acc, err := s.Identity.Account(ctx, accountID)
	if err != nil {
		return nil // the account has gone
	}
	return s.mail(ctx, acc.Email, identity.LanguageOf(acc.Language), key, args...)
}

// mailCoordinators mails the named coordinators.
func (s *Service) mailCoordinators(ctx context.Context, key string, args ...any) error {
	idl, err := coordinatorIDs(ctx, s.DB)
	if err != nil {
		return err
	}
	for _, id := range idl {
		if err := s.mailAccount(ctx, id, key, args...); err != nil {
			return err
		}
	}
	return nil
}

// Applications lists applications: every one for coordinators, one's own for others.
func (s *Service) Applications(ctx context.Context, a *actor.Actor) ([]Application, error) {
	if !a.SignedIn() {
		return nil, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	var as []Application
	var err error
	if s.IsCoordinator(ctx, a) {
		as, err = queryApplications(ctx, s.DB, `ORDER BY a.status IN ('approved', 'declined'), a.updated_at DESC`)
	} else {
		as, err = queryApplications(ctx, s.DB, `WHERE a.contact_id = $1 ORDER BY a.updated_at DESC`, a.ID)
	}
	for i := range as {
		s.fillApplication(ctx, &as[i], false)
	}
	return as, err
}

func (s *Service) fillApplication(ctx context.Context, app *Application, full bool) {
	if app.AreaID != "" {
		if ar, err := s.Identity.Area(ctx, app.AreaID); err == nil {
			app.Area = ar.Name
		}
	}
	if app.ContactID != "" {
		if acc, err := s.Identity.Account(ctx, app.ContactID); err == nil {
			app.ContactName, app.ContactEmail = acc.Name, acc.Email
		}
	}
	if f, err := formByID(ctx, s.DB, app.FormID); err == nil {
		app.Form, app.FormVersion = f, f.Version
	}
	if !full {
		return
	}
	app.Messages, _ = appMessages(ctx, s.DB, app.ID)
	app.Links, _ = linksOf(ctx, s.DB, app.ID)
	for i, l := range app.Links {
		switch l.Kind {
		case "place":
			app.Links[i].URL = "/assets/" + l.RefID
		case "campaign":
			app.Links[i].URL = "/campaigns/" + l.RefID
		}
	}
}

// Application returns one application with the questions its form version asked, its messages
// and links: for its contact and coordinators.
func (s *Service) Application(ctx context.Context, a *actor.Actor, id string) (Application, error) {
	app, err := applicationByID(ctx, s.DB, id)
	if err != nil {
		return app, s.DB.Err(err, "error.not_found")
	}
	if !a.SignedIn() {
		return app, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if app.ContactID != a.ID && !s.IsCoordinator(ctx, a) {
		return Application{}, errs.E(errs.NotFound, "error.not_found")
	}
	s.fillApplication(ctx, &app, true)
	return app, nil
}

// Message adds a coordinator's question (the group is told) or the group's answer (the
// coordinators are told).
func (s *Service) Message(ctx context.Context, a *actor.Actor, id, body string) error {
	app, err := s.Application(ctx, a, id)
	if err != nil {
		return err
	}
	body = strings.TrimSpace(body)
	f := map[string]string{}
	text(f, "message", body, 5000, "campaigns.err.message")
	if err := fieldErrors(f); err != nil {
		return err
	}
	if app.Status == "approved" || app.Status == "declined" {
		return errs.E(errs.Conflict, "campaigns.err.decided")
	}
	side := "group"
	if app.ContactID != a.ID && s.IsCoordinator(ctx, a) {
		side = "coordinator"
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if err := insertAppMessage(ctx, s.DB, ids.New(), app.ID, side, a.ID, body, now); err != nil {
			return err
		}
		link := s.BaseURL + "/campaigns/applications/" + app.ID
		if side == "coordinator" {
			if err := setApplicationStatus(ctx, s.DB, app.ID, "submitted", "questions", now); err != nil {
				return err
			}
			return s.mailAccount(ctx, app.ContactID, "campaigns.mail.application_question", "group", app.GroupName, "question", body, "link", link)
		}
		if err := setApplicationStatus(ctx, s.DB, app.ID, "questions", "submitted", now); err != nil {
			return err
		}
		return s.mailCoordinators(ctx, "campaigns.mail.application_answer", "group", app.GroupName, "link", link)
	})
}

// Decide approves (with or without development support) or declines an application; the group
// is told.
func (s *Service) Decide(ctx context.Context, a *actor.Actor, id, decision string, development bool, note string) error {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	f := map[string]string{}
	if decision != "approved" && decision != "declined" {
		f["decision"] = "campaigns.err.decision"
	}
	optional(f, "decision_note", note, 5000)
	if err := fieldErrors(f); err != nil {
		return err
	}
	app, err := s.Application(ctx, a, id)
	if err != nil {
		return err
	}
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := decideApplication(ctx, s.DB, id, decision, development && decision == "approved", note, a.ID, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "campaigns.err.decided")
		}
		key := "campaigns.mail.application_" + decision
		if decision == "approved" && development {
			key = "campaigns.mail.application_approved_development"
		}
		return s.mailAccount(ctx, app.ContactID, key, "group", app.GroupName, "note", note, "link", s.BaseURL+"/campaigns/applications/"+id)
	}), "error.internal")
}

// AddLink links what an application produced: a place on the asset map (by its id), an area or
// a campaign.
func (s *Service) AddLink(ctx context.Context, a *actor.Actor, id, kind, ref string) error {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return err
	}
	if _, err := s.Application(ctx, a, id); err != nil {
		return err
	}
	l := Link{Kind: kind, RefID: ref}
	bad := errs.FieldErrors(map[string]string{"link_" + kind: "campaigns.err.link_" + kind})
	switch kind {
	case "place":
		if s.Places == nil || !ids.Valid(ref) {
			return bad
		}
		p, err := s.Places.Place(ctx, ref)
		if err != nil {
			return bad
		}
		l.Label = p.Name
	case "area":
		ar, err := s.Identity.Area(ctx, ref)
		if err != nil {
			return bad
		}
		l.Label = ar.Name
	case "campaign":
		c, err := campaignByID(ctx, s.DB, ref)
		if err != nil {
			return bad
		}
		l.Label = c.Title
	default:
		return errs.E(errs.Invalid, "error.invalid")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return insertLink(ctx, s.DB, id, l, s.DB.Now(ctx)) })
}

// RemoveLink removes a link.
func (s *Service) RemoveLink(ctx context.Context, a *actor.Actor, id, kind, ref string) error {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return err
	}
	if _, err := s.Application(ctx, a, id); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return deleteLink(ctx, s.DB, id, kind, ref) })
}

// Coordinator is a named coordinator of applications.
type Coordinator struct{ AccountID, Name, Email string }

// Coordinators lists the named coordinators (admins).
func (s *Service) Coordinators(ctx context.Context, a *actor.Actor) ([]Coordinator, error) {
	if !a.Has(identity.RoleAdmin) {
		return nil, errs.E(errs.Forbidden, "error.forbidden")
	}
	idl, err := coordinatorIDs(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var out []Coordinator
	for _, id := range idl {
		if acc, err := s.Identity.Account(ctx, id); err == nil {
			out = append(out, Coordinator{AccountID: id, Name: acc.Name, Email: acc.Email})
		}
	}
	return out, nil
}

// AddCoordinator names a coordinator by the email of their account (admins).
func (s *Service) AddCoordinator(ctx context.Context, a *actor.Actor, email string) error {
	if !a.Has(identity.RoleAdmin) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	acc, err := s.Identity.AccountByEmail(ctx, email)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.FieldErrors(map[string]string{"email": "campaigns.err.no_account"})
		}
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return addCoordinator(ctx, s.DB, acc.ID, a.ID, s.DB.Now(ctx)) })
}

// RemoveCoordinator takes the role away (admins).
func (s *Service) RemoveCoordinator(ctx context.Context, a *actor.Actor, accountID string) error {
	if !a.Has(identity.RoleAdmin) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return removeCoordinator(ctx, s.DB, accountID) })
}
