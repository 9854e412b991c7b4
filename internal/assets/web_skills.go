package assets

import (
	"net/http"

	"commons/internal/platform/web"
)

type skillsPage struct {
	web.Page
	Skills       []Skill
	Q            string
	NextURL      string
	Form         *web.Form
	Areas        []Choice
	Kinds        []string
	Visibilities []string
}

// Skills lists the skills people share, each only to whom its owner chose.
func (h *Handlers) Skills(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	p := &skillsPage{Page: h.Kit.NewPage(r, "assets.skills.title"), Q: q}
	page := pageNumber(r)
	sk, err := h.Svc.Skills(r.Context(), web.CurrentUser(r), q, PerPage+1, (page-1)*PerPage)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if len(sk) > PerPage {
		sk = sk[:PerPage]
		p.NextURL = "/assets/skills?q=" + urlEscape(q) + "&page=" + itoa(page+1)
	}
	p.Skills = sk
	h.Kit.Render(w, r, http.StatusOK, "assets/skills", p)
}

func (h *Handlers) renderMine(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	u := web.CurrentUser(r)
	p := &skillsPage{Page: h.Kit.NewPage(r, "assets.skills.mine.title"), Form: f, Kinds: SkillKinds, Visibilities: Visibilities}
	p.Errors = f
	var err error
	if p.Skills, err = h.Svc.MySkills(r.Context(), u); err == nil {
		p.Areas, err = h.Svc.Areas(r.Context())
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, status, "assets/my_skills", p)
}

// MySkills is the person's own skills, with a form to share another.
func (h *Handlers) MySkills(w http.ResponseWriter, r *http.Request) {
	f := web.EmptyForm()
	f.Values.Set("kind", "skill")
	// No visibility is chosen for the person: nothing is shown until they choose.
	h.renderMine(w, r, http.StatusOK, f)
}

// AddSkill shares a skill.
func (h *Handlers) AddSkill(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(r)
	in := SkillInput{Kind: f.Get("kind"), Title: f.Get("title"), Description: f.Get("description"), AreaID: f.Get("area"), Visibility: f.Get("visibility")}
	if _, err := h.Svc.AddSkill(r.Context(), web.CurrentUser(r), in); err != nil {
		if f.Take(err, "kind", "title", "description", "area", "visibility") {
			h.renderMine(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "assets.skills.flash.added")
	web.Redirect(w, r, "/assets/skills/mine")
}

// SkillVisibility changes who may see a skill.
func (h *Handlers) SkillVisibility(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	f := web.NewForm(r)
	if err := h.Svc.SetSkillVisibility(r.Context(), web.CurrentUser(r), id, f.Get("visibility")); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "assets.skills.flash.visibility")
	web.Redirect(w, r, "/assets/skills/mine")
}

// WithdrawSkill removes a skill.
func (h *Handlers) WithdrawSkill(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	if err := h.Svc.WithdrawSkill(r.Context(), web.CurrentUser(r), id); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "assets.skills.flash.withdrawn")
	web.Redirect(w, r, "/assets/skills/mine")
}
