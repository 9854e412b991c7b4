package assets

import (
	"net/http"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

type skillsPage struct {
	web.Page
	Me           string // the signed-in person's id ("" when signed out)
	Skills       []Skill
	Q            string
	NextURL      string
	Form         *web.Form
	Areas        []Choice
	Kinds        []string
	Visibilities []string
}

// Skills lists the skills people share, each only to whom its owner chose.
func (h *Handlers) Skills(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	p := &skillsPage{Page: h.Kit.NewPage(r, "assets.skills.title"), Q: q}
	if u := web.CurrentUser(r); u != nil {
		p.Me = u.ID
	}
	page := pageNumber(r)
	sk, err := h.Svc.Skills(r.Context(), web.CurrentUser(r), q, PerPage+1, (page-1)*PerPage)
	if err != nil {
		return err
	}
	if len(sk) > PerPage {
		sk = sk[:PerPage]
		p.NextURL = "/assets/skills?q=" + urlEscape(q) + "&page=" + itoa(page+1)
	}
	p.Skills = sk
	h.Kit.Render(w, r, http.StatusOK, "assets/skills", p)
	return nil
}

func (h *Handlers) renderMine(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	u := web.CurrentUser(r)
	p := &skillsPage{Page: h.Kit.NewPage(r, "assets.skills.mine.title"), Form: f, Kinds: SkillKinds, Visibilities: Visibilities}
	p.Errors = f
	var err error
	if p.Skills, err = h.Svc.MySkills(r.Context(), u); err == nil {
		p.Areas, err = h.Svc.Areas(r.Context())
	}
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, status, "assets/my_skills", p)
	return nil
}

// MySkills is the person's own skills, with a form to share another.
func (h *Handlers) MySkills(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("kind", "skill")
	// No visibility is chosen for the person: nothing is shown until they choose.
	return h.renderMine(w, r, http.StatusOK, f)
}

// AddSkill shares a skill.
func (h *Handlers) AddSkill(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in := SkillInput{Kind: f.Get("kind"), Title: f.Get("title"), Description: f.Get("description"), AreaID: f.Get("area"), Visibility: f.Get("visibility")}
	if _, err := h.Svc.AddSkill(r.Context(), web.CurrentUser(r), in); err != nil {
		if f.Take(err, "kind", "title", "description", "area", "visibility") {
			return h.renderMine(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "assets.skills.flash.added")
	web.Redirect(w, r, "/assets/skills/mine")
	return nil
}

// SkillVisibility changes who may see a skill.
func (h *Handlers) SkillVisibility(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.SetSkillVisibility(r.Context(), web.CurrentUser(r), id, f.Get("visibility")); err != nil {
		return err
	}
	h.Kit.Flash(w, "assets.skills.flash.visibility")
	web.Redirect(w, r, "/assets/skills/mine")
	return nil
}

// WithdrawSkill removes a skill.
func (h *Handlers) WithdrawSkill(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.WithdrawSkill, "assets.skills.flash.withdrawn", "/assets/skills/mine")
}

type requestFormPage struct {
	web.Page
	Skill Skill
	Form  *web.Form
}

func (h *Handlers) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	sk, err := h.Svc.Skill(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	p := &requestFormPage{Page: h.Kit.NewPage(r, "assets.request.title", "person", sk.PersonName), Skill: sk, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "assets/request_form", p)
	return nil
}

// RequestSkillForm is the form to ask a person for a skill they share.
func (h *Handlers) RequestSkillForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderRequestForm(w, r, http.StatusOK, web.EmptyForm())
}

// RequestSkill sends the request through Commons.
func (h *Handlers) RequestSkill(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	req, err := h.Svc.RequestSkill(r.Context(), web.CurrentUser(r), id, f.Get("message"))
	return h.Kit.Saved(w, r, f, err, []string{"message"}, "assets.flash.request_sent", "/assets/skills/requests#request-"+req.ID, func() error {
		return h.renderRequestForm(w, r, http.StatusUnprocessableEntity, f)
	})
}

type requestsPage struct {
	web.Page
	Received, Sent []SkillRequest
}

// SkillRequests are the requests a person received and sent.
func (h *Handlers) SkillRequests(w http.ResponseWriter, r *http.Request) error {
	received, sent, err := h.Svc.SkillRequests(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "assets/requests", &requestsPage{Page: h.Kit.NewPage(r, "assets.requests.title"), Received: received, Sent: sent})
	return nil
}

type requestPage struct {
	web.Page
	Request SkillRequest
	Mine    bool // the request is to the person reading
	Form    *web.Form
}

// request reads the request in the path, which must be about the skill in the path.
func (h *Handlers) request(r *http.Request) (SkillRequest, error) {
	skillID, err := web.ID(r, "id")
	if err != nil {
		return SkillRequest{}, err
	}
	id, err := web.ID(r, "request")
	if err != nil {
		return SkillRequest{}, err
	}
	req, err := h.Svc.SkillRequest(r.Context(), web.CurrentUser(r), id)
	if err == nil && req.SkillID != skillID {
		err = errs.E(errs.NotFound, "assets.request.not_found")
	}
	return req, err
}

func (h *Handlers) renderRequest(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	u := web.CurrentUser(r)
	req, err := h.request(r)
	if err != nil {
		return err
	}
	p := &requestPage{Page: h.Kit.NewPage(r, "assets.request.page_title", "title", req.SkillTitle), Request: req, Mine: req.ToID == u.ID, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "assets/request", p)
	return nil
}

// SkillRequest is one request: its answer form for the person asked, its outcome for the asker.
func (h *Handlers) SkillRequest(w http.ResponseWriter, r *http.Request) error {
	return h.renderRequest(w, r, http.StatusOK, web.EmptyForm())
}

// AnswerSkillRequest records the person's answer.
func (h *Handlers) AnswerSkillRequest(w http.ResponseWriter, r *http.Request) error {
	req, err := h.request(r)
	if err != nil {
		return err
	}
	id := req.ID
	f := web.NewForm(r)
	answer := f.Get("answer")
	if answer != "accept" && answer != "decline" {
		f.Fail("answer", "assets.request.err.answer")
		return h.renderRequest(w, r, http.StatusUnprocessableEntity, f)
	}
	if err := h.Svc.AnswerSkillRequest(r.Context(), web.CurrentUser(r), id, answer == "accept", f.Get("reply"), f.Get("share_email") == "yes"); err != nil {
		if f.Take(err, "answer", "reply") {
			return h.renderRequest(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	if answer == "accept" {
		h.Kit.Flash(w, "assets.flash.request_accepted")
	} else {
		h.Kit.Flash(w, "assets.flash.request_declined")
	}
	web.Redirect(w, r, "/assets/skills/requests#request-"+id)
	return nil
}

type withdrawPage struct {
	web.Page
	Skill Skill
}

// WithdrawSkillForm asks the person to confirm they will stop sharing a skill.
func (h *Handlers) WithdrawSkillForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	sk, err := h.Svc.Skill(r.Context(), u, id)
	if err != nil || sk.AccountID != u.ID {
		return errs.E(errs.NotFound, "assets.skills.not_found")
	}
	h.Kit.Render(w, r, http.StatusOK, "assets/withdraw", &withdrawPage{Page: h.Kit.NewPage(r, "assets.skills.withdraw_title", "title", sk.Title), Skill: sk})
	return nil
}
