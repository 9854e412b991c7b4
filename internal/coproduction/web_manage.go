package coproduction

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/web"
)

// The pages where project leads, reflection authors and board chairs manage what is theirs.

type editProjectPage struct {
	web.Page
	shared
	P      Project
	Form   *web.Form
	Orgs   []identity.Organisation
	IsLead bool
}

// setBoth fills a pair of form fields (name, name_cy) with a text in each language.
func setBoth(f *web.Form, name string, t Text) {
	f.Values.Set(name, t.En())
	f.Values.Set(name+"_cy", t.Cy())
}

// proposalInput reads the propose and edit forms.
func proposalInput(f *web.Form) ProposalInput {
	return ProposalInput{Title: f.Get("title"), TitleCy: f.Get("title_cy"), Problem: f.Get("problem"), ProblemCy: f.Get("problem_cy"),
		Affected: f.Get("affected"), AffectedCy: f.Get("affected_cy"), ServiceArea: f.Get("service_area"), ServiceAreaCy: f.Get("service_area_cy"),
		OrganisationID: f.Get("organisation_id"), LeadNamed: f.Get("lead_named") == "yes"}
}

var proposalFields = []string{"title", "title_cy", "problem", "problem_cy", "affected", "affected_cy", "service_area", "service_area_cy", "organisation_id", "lead_named"}

func (h *Handlers) renderEditProject(w http.ResponseWriter, r *http.Request, status int, id string, f *web.Form) error {
	p, err := h.Svc.ProjectToEdit(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		setBoth(f, "title", p.Title)
		setBoth(f, "problem", p.Problem)
		setBoth(f, "affected", p.Affected)
		setBoth(f, "service_area", p.ServiceArea)
		f.Values.Set("organisation_id", p.OrganisationID)
		if p.LeadNamed {
			f.Values.Set("lead_named", "yes")
		}
	}
	pg := &editProjectPage{Page: h.Kit.NewPage(r, "coproduction.project_edit.title", "title", p.Title.For(web.Lang(r)).Text), P: p, Form: f, Orgs: h.orgs(r)}
	pg.IsLead = web.CurrentUser(r) != nil && web.CurrentUser(r).ID == p.LeadID
	pg.Errors = f
	h.Kit.Render(w, r, status, "coproduction/project_edit", pg)
	return nil
}

// EditProject shows the form to change a proposal.
func (h *Handlers) EditProject(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	return h.renderEditProject(w, r, http.StatusOK, id, nil)
}

// UpdateProject saves a changed proposal.
func (h *Handlers) UpdateProject(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	err = h.Svc.UpdateProposal(r.Context(), web.CurrentUser(r), id, proposalInput(f))
	return h.Kit.Saved(w, r, f, err, proposalFields, "coproduction.project_edit.done", "/projects/"+id, func() error {
		return h.renderEditProject(w, r, http.StatusUnprocessableEntity, id, f)
	})
}

type editReflectionPage struct {
	web.Page
	shared
	ProjectID string
	R         Reflection
	Form      *web.Form
}

func (h *Handlers) renderEditReflection(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	pid, rid, err := web.IDs(r, "id", "reflection")
	if err != nil {
		return err
	}
	ref, err := h.Svc.ReflectionToEdit(r.Context(), web.CurrentUser(r), pid, rid)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		f.Values.Set("perspective", ref.Perspective)
		f.Values.Set("worked", ref.Worked)
		f.Values.Set("did_not", ref.DidNot)
		f.Values.Set("change", ref.Change)
		if ref.Named {
			f.Values.Set("named", "yes")
		}
	}
	p := &editReflectionPage{Page: h.Kit.NewPage(r, "coproduction.reflection_edit.title", "title", ref.ProjectTitle.For(web.Lang(r)).Text), ProjectID: pid, R: ref, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "coproduction/reflection_edit", p)
	return nil
}

// EditReflection shows the form to change a reflection.
func (h *Handlers) EditReflection(w http.ResponseWriter, r *http.Request) error {
	return h.renderEditReflection(w, r, http.StatusOK, nil)
}

// UpdateReflection saves a changed reflection.
func (h *Handlers) UpdateReflection(w http.ResponseWriter, r *http.Request) error {
	pid, rid, err := web.IDs(r, "id", "reflection")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	err = h.Svc.UpdateReflection(r.Context(), web.CurrentUser(r), pid, rid, ReflectionInput{Named: f.Get("named") == "yes", Perspective: f.Get("perspective"),
		Worked: f.Get("worked"), DidNot: f.Get("did_not"), Change: f.Get("change")})
	return h.Kit.Saved(w, r, f, err, []string{"perspective", "worked", "did_not", "change"}, "coproduction.reflection_edit.done", "/projects/"+pid+"#section-reflection", func() error {
		return h.renderEditReflection(w, r, http.StatusUnprocessableEntity, f)
	})
}

// confirmPage asks once more before something is deleted or removed.
type confirmPage struct {
	web.Page
	shared
	Question string // already translated
	Action   string
	Button   string // message key
	Back     string
	Form     *web.Form
	// Notice, on the confirmation of a meeting's notice, lists the seats it cannot reach by mail.
	Notice *Notice
	Manage bool
}

func (h *Handlers) renderConfirm(w http.ResponseWriter, r *http.Request, status int, p *confirmPage) error {
	if p.Form == nil {
		p.Form = web.EmptyForm()
	}
	p.Errors = p.Form
	h.Kit.Render(w, r, status, "coproduction/confirm", p)
	return nil
}

func (h *Handlers) reflectionConfirm(r *http.Request) (*confirmPage, string, string, error) {
	pid, rid, err := web.IDs(r, "id", "reflection")
	if err != nil {
		return nil, "", "", err
	}
	ref, err := h.Svc.ReflectionToEdit(r.Context(), web.CurrentUser(r), pid, rid)
	if err != nil {
		return nil, "", "", err
	}
	p := &confirmPage{Page: h.Kit.NewPage(r, "coproduction.reflection_delete.title"), Action: "/projects/" + pid + "/reflections/" + rid + "/delete",
		Button: "coproduction.reflection_delete.submit", Back: "/projects/" + pid + "#section-reflection"}
	p.Question = p.T("coproduction.reflection_delete.question", "author", ref.AuthorName, "date", p.Day(ref.CreatedAt), "title", ref.ProjectTitle.For(p.Lang).Text)
	return p, pid, rid, nil
}

// DeleteReflectionForm asks whether to delete a reflection.
func (h *Handlers) DeleteReflectionForm(w http.ResponseWriter, r *http.Request) error {
	p, _, _, err := h.reflectionConfirm(r)
	if err != nil {
		return err
	}
	return h.renderConfirm(w, r, http.StatusOK, p)
}

// DeleteReflection deletes a reflection.
func (h *Handlers) DeleteReflection(w http.ResponseWriter, r *http.Request) error {
	p, pid, rid, err := h.reflectionConfirm(r)
	if err != nil {
		return err
	}
	return h.confirmed(w, r, p, h.Svc.DeleteReflection(r.Context(), web.CurrentUser(r), pid, rid),
		"coproduction.reflection_delete.done", "/projects/"+pid+"#section-reflection")
}

// confirmed ends a confirmed action: a refusal the form can show comes back on the confirm page
// (422), another error is an error page, and success flashes done and goes to next.
func (h *Handlers) confirmed(w http.ResponseWriter, r *http.Request, p *confirmPage, err error, done, next string) error {
	if err != nil {
		p.Form = web.NewForm(r)
		if p.Form.Take(err, "confirm") {
			return h.renderConfirm(w, r, http.StatusUnprocessableEntity, p)
		}
		return err
	}
	h.Kit.Flash(w, done)
	web.Redirect(w, r, next)
	return nil
}

func (h *Handlers) memberConfirm(r *http.Request) (*confirmPage, string, string, error) {
	bid, mid, err := web.IDs(r, "id", "member")
	if err != nil {
		return nil, "", "", err
	}
	b, m, err := h.Svc.MemberToManage(r.Context(), web.CurrentUser(r), bid, mid)
	if err != nil {
		return nil, "", "", err
	}
	who := m.AccountName
	if who == "" {
		who = m.PersonName
	}
	if who == "" {
		who = m.OrganisationName
	} else if m.OrganisationName != "" {
		who += " (" + m.OrganisationName + ")"
	}
	p := &confirmPage{Page: h.Kit.NewPage(r, "coproduction.member_remove.title"), Action: "/boards/" + bid + "/members/" + mid + "/remove",
		Button: "coproduction.member_remove.submit", Back: "/boards/" + bid + "#members"}
	p.Question = p.T("coproduction.member_remove.question", "name", who, "role", m.Role.For(p.Lang).Text, "board", b.Name.For(p.Lang).Text)
	return p, bid, mid, nil
}

// RemoveMemberForm asks whether to take a seat off a board.
func (h *Handlers) RemoveMemberForm(w http.ResponseWriter, r *http.Request) error {
	p, _, _, err := h.memberConfirm(r)
	if err != nil {
		return err
	}
	return h.renderConfirm(w, r, http.StatusOK, p)
}

// RemoveMember takes a seat off a board.
func (h *Handlers) RemoveMember(w http.ResponseWriter, r *http.Request) error {
	p, bid, mid, err := h.memberConfirm(r)
	if err != nil {
		return err
	}
	return h.confirmed(w, r, p, h.Svc.RemoveMember(r.Context(), web.CurrentUser(r), bid, mid),
		"coproduction.member_remove.done", "/boards/"+bid+"#members")
}

type chairPage struct {
	web.Page
	shared
	B       Board
	Members []BoardMember // seats held by people other than the chair
	Form    *web.Form
}

func (h *Handlers) renderChair(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	v, err := h.Svc.Board(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	if !v.CanManage {
		return errForbidden
	}
	p := &chairPage{Page: h.Kit.NewPage(r, "coproduction.chair.title", "name", v.Name.For(web.Lang(r)).Text), B: v.Board, Form: f}
	for _, m := range v.Members {
		if m.AccountID != "" && m.AccountID != v.ChairID {
			p.Members = append(p.Members, m)
		}
	}
	if p.Form == nil {
		p.Form = web.EmptyForm()
	}
	p.Errors = p.Form
	h.Kit.Render(w, r, status, "coproduction/chair", p)
	return nil
}

// ChairForm shows the form to hand the chair to another member.
func (h *Handlers) ChairForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderChair(w, r, http.StatusOK, nil)
}

// ChangeChair hands the chair to another member.
func (h *Handlers) ChangeChair(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.ChangeChair(r.Context(), web.CurrentUser(r), id, f.Get("member")); err != nil {
		if f.Take(err, "member") {
			return h.renderChair(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.chair.done")
	web.Redirect(w, r, "/boards/"+id)
	return nil
}
