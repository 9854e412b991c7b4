package campaigns

import (
	"net/http"
	"strings"

	"commons/internal/platform/ids"
	"commons/internal/platform/place"
	"commons/internal/platform/web"
)

// Place-based social action applications, under /social-action.

// applyPage is the application form: the current version's questions.
type applyPage struct {
	page
	Form        Form
	Values      *web.Form
	Areas       []Option
	Orgs        []Option
	Coordinator bool
}

// QuestionField is a question's form field name.
func (p *applyPage) QuestionField(q Question) string { return "q_" + q.ID }

func (h *Handlers) applyPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	form, err := h.Svc.CurrentForm(r.Context())
	if err != nil {
		return err
	}
	p := &applyPage{page: h.page(r, "campaigns.apply.title"), Form: form, Values: f, Coordinator: h.Svc.IsCoordinator(r.Context(), web.CurrentUser(r))}
	if p.Areas, err = h.areaOptions(r, &p.page); err != nil {
		return err
	}
	p.Orgs = h.orgOptions(r, &p.page)
	return h.renderForm(w, r, status, "campaigns/apply", p, f)
}

// ApplyForm shows the application form (anyone may read it; signing in sends it).
func (h *Handlers) ApplyForm(w http.ResponseWriter, r *http.Request) error {
	return h.applyPage(w, r, http.StatusOK, web.EmptyForm())
}

// Apply sends an application.
func (h *Handlers) Apply(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in := ApplyInput{GroupName: f.Get("group_name"), OrganisationID: f.Get("organisation_id"), AreaID: f.Get("area_id"), Place: f.Get("place"),
		WantsDevelopment: f.Get("wants_development") == "yes", ContactEmail: f.Get("contact_email"), Answers: map[string]string{}}
	for k, v := range f.Values {
		if q, ok := strings.CutPrefix(k, "q_"); ok && len(v) > 0 {
			in.Answers[q] = v[0]
		}
	}
	app, err := h.Svc.Apply(r.Context(), web.CurrentUser(r), in)
	if err != nil {
		form, ferr := h.Svc.CurrentForm(r.Context())
		if ferr != nil {
			return ferr
		}
		fields := []string{"contact_email", "group_name", "organisation_id", "area_id", "place", "wants_development"}
		for _, q := range form.Questions {
			fields = append(fields, "q_"+q.ID)
		}
		if !f.Take(err, fields...) {
			return err
		}
		return h.applyPage(w, r, http.StatusUnprocessableEntity, f)
	}
	h.Kit.Flash(w, "campaigns.flash.applied")
	web.Redirect(w, r, "/social-action/applications/"+app.ID)
	return nil
}

// applicationsPage lists applications.
type applicationsPage struct {
	page
	Applications []Application
	Coordinator  bool
}

// Applications lists every application for coordinators, one's own for others.
func (h *Handlers) Applications(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	as, err := h.Svc.Applications(r.Context(), u)
	if err != nil {
		return err
	}
	p := &applicationsPage{page: h.page(r, "campaigns.applications.title"), Applications: as, Coordinator: h.Svc.IsCoordinator(r.Context(), u)}
	return h.render(w, r, http.StatusOK, "campaigns/applications", p)
}

// applicationPage is one application.
type applicationPage struct {
	page
	App          Application
	Coordinator  bool
	Form         *web.Form
	Areas        []Option
	Campaigns    []Option
	Places       bool
	PlaceChoices []place.Place
}

// AnswerText is an answer as the reader sees it.
func (p *applicationPage) AnswerText(q Question) string {
	return q.Answer(p.Lang, p.App.Answers[q.ID], p.T("campaigns.yes"), p.T("campaigns.no"))
}

func (h *Handlers) applicationPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form, choices []place.Place) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	app, err := h.Svc.Application(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &applicationPage{page: h.page(r, "campaigns.application.title", "group", app.GroupName), App: app, Form: f,
		Coordinator: h.Svc.IsCoordinator(r.Context(), u), Places: h.Svc.Finder != nil && h.Svc.Places != nil, PlaceChoices: choices}
	if p.Coordinator {
		if p.Areas, err = h.areaOptions(r, &p.page); err != nil {
			return err
		}
		cs, err := allCampaigns(r.Context(), h.Svc.DB)
		if err != nil {
			return err
		}
		for _, c := range cs {
			p.Campaigns = append(p.Campaigns, Option{c.ID, c.Title})
		}
	}
	return h.renderForm(w, r, status, "campaigns/application", p, f)
}

// Application shows one application to its group's contact and the coordinators.
func (h *Handlers) Application(w http.ResponseWriter, r *http.Request) error {
	return h.applicationPage(w, r, http.StatusOK, web.EmptyForm(), nil)
}

// appForm runs one of the application page's forms.
func (h *Handlers) appForm(flash string, fields []string, run func(r *http.Request, id string, f *web.Form) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		f := web.NewForm(r)
		if err := run(r, id, f); err != nil {
			if !f.Take(err, fields...) {
				return err
			}
			return h.applicationPage(w, r, http.StatusUnprocessableEntity, f, nil)
		}
		h.Kit.Flash(w, flash)
		web.Redirect(w, r, "/social-action/applications/"+id)
		return nil
	}
}

func (h *Handlers) Message() web.HandlerFunc {
	return h.appForm("campaigns.flash.message_sent", []string{"message"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Message(r.Context(), web.CurrentUser(r), id, f.Get("message"))
	})
}

func (h *Handlers) Decide() web.HandlerFunc {
	return h.appForm("campaigns.flash.decided", []string{"decision", "decision_note"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Decide(r.Context(), web.CurrentUser(r), id, f.Get("decision"), f.Get("development") == "yes", f.Get("decision_note"))
	})
}

// AddLink links a place (found by name on the asset map), an area or a campaign.
func (h *Handlers) AddLink(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	kind := f.Get("kind")
	ref := f.Get("link_" + kind)
	if kind == "place" && !ids.Valid(ref) && h.Svc.Finder != nil {
		q := f.Get("place_q")
		ps, err := h.Svc.Finder.FindPlaces(r.Context(), q, 8)
		if err != nil {
			return err
		}
		switch {
		case q == "" || len(ps) == 0:
			f.Fail("place_q", "campaigns.err.link_place")
			return h.applicationPage(w, r, http.StatusUnprocessableEntity, f, nil)
		case len(ps) > 1:
			f.Fail("link_place", "campaigns.err.place_choose")
			return h.applicationPage(w, r, http.StatusUnprocessableEntity, f, ps)
		}
		ref = ps[0].ID
	}
	err = h.Svc.AddLink(r.Context(), web.CurrentUser(r), id, kind, ref)
	return h.Kit.Saved(w, r, f, err, []string{"link_place", "link_area", "link_campaign"}, "campaigns.flash.linked", "/social-action/applications/"+id+"#links", func() error {
		return h.applicationPage(w, r, http.StatusUnprocessableEntity, f, nil)
	})
}

// RemoveLink removes a link.
func (h *Handlers) RemoveLink(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.RemoveLink(r.Context(), web.CurrentUser(r), id, f.Get("kind"), f.Get("ref")); err != nil {
		return err
	}
	h.Kit.Flash(w, "campaigns.flash.unlinked")
	web.Redirect(w, r, "/social-action/applications/"+id+"#links")
	return nil
}

// formEditorPage is the coordinators' editor of the application form's next version.
type formEditorPage struct {
	page
	Draft Form
	Saved bool
	Live  Form
	Form  *web.Form
}

func (h *Handlers) formEditor(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	u := web.CurrentUser(r)
	d, saved, err := h.Svc.Draft(r.Context(), u)
	if err != nil {
		return err
	}
	cur, err := h.Svc.CurrentForm(r.Context())
	if err != nil {
		return err
	}
	p := &formEditorPage{page: h.page(r, "campaigns.form.title"), Draft: d, Saved: saved, Live: cur, Form: f}
	if f.Values.Get("intro_en") == "" && f.Values.Get("intro_cy") == "" {
		f.Values.Set("intro_en", d.IntroEN)
		f.Values.Set("intro_cy", d.IntroCY)
	}
	return h.renderForm(w, r, status, "campaigns/form", p, f)
}

// FormEditor shows the draft of the next version of the application form.
func (h *Handlers) FormEditor(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("q_kind", "long_text")
	return h.formEditor(w, r, http.StatusOK, f)
}

// formAction runs one of the form editor's forms.
func (h *Handlers) formAction(flash string, fields []string, run func(r *http.Request, f *web.Form) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		f := web.NewForm(r)
		if err := run(r, f); err != nil {
			if !f.Take(err, fields...) {
				return err
			}
			return h.formEditor(w, r, http.StatusUnprocessableEntity, f)
		}
		h.Kit.Flash(w, flash)
		web.Redirect(w, r, "/social-action/form")
		return nil
	}
}

func (h *Handlers) AddQuestion() web.HandlerFunc {
	return h.formAction("campaigns.flash.form_saved", []string{"q_kind", "q_label_en", "q_label_cy", "q_hint_en", "q_hint_cy", "q_choices"},
		func(r *http.Request, f *web.Form) error {
			return h.Svc.AddQuestion(r.Context(), web.CurrentUser(r), QuestionInput{Kind: f.Get("q_kind"), LabelEN: f.Get("q_label_en"),
				LabelCY: f.Get("q_label_cy"), HintEN: f.Get("q_hint_en"), HintCY: f.Get("q_hint_cy"), Choices: f.Values.Get("q_choices"),
				Required: f.Get("q_required") == "yes"})
		})
}

func (h *Handlers) RemoveQuestion() web.HandlerFunc {
	return h.formAction("campaigns.flash.form_saved", nil, func(r *http.Request, f *web.Form) error {
		return h.Svc.RemoveQuestion(r.Context(), web.CurrentUser(r), f.Get("question"))
	})
}

func (h *Handlers) SaveIntro() web.HandlerFunc {
	return h.formAction("campaigns.flash.form_saved", []string{"intro_en", "intro_cy"}, func(r *http.Request, f *web.Form) error {
		return h.Svc.SaveIntro(r.Context(), web.CurrentUser(r), f.Get("intro_en"), f.Get("intro_cy"))
	})
}

func (h *Handlers) PublishForm() web.HandlerFunc {
	return h.formAction("campaigns.flash.form_published", []string{"publish"}, func(r *http.Request, f *web.Form) error {
		return h.Svc.PublishDraft(r.Context(), web.CurrentUser(r))
	})
}

// coordinatorsPage names the coordinators (admins).
type coordinatorsPage struct {
	page
	People []Coordinator
	Form   *web.Form
}

func (h *Handlers) coordinatorsPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	ps, err := h.Svc.Coordinators(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	p := &coordinatorsPage{page: h.page(r, "campaigns.coordinators.title"), People: ps, Form: f}
	return h.renderForm(w, r, status, "campaigns/coordinators", p, f)
}

// CoordinatorsPage lists the coordinators.
func (h *Handlers) CoordinatorsPage(w http.ResponseWriter, r *http.Request) error {
	return h.coordinatorsPage(w, r, http.StatusOK, web.EmptyForm())
}

// AddCoordinator names a coordinator.
func (h *Handlers) AddCoordinator(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	err := h.Svc.AddCoordinator(r.Context(), web.CurrentUser(r), f.Get("email"))
	return h.Kit.Saved(w, r, f, err, []string{"email"}, "campaigns.flash.coordinator_added", "/social-action/coordinators", func() error {
		return h.coordinatorsPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// RemoveCoordinator takes the role away.
func (h *Handlers) RemoveCoordinator(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "account")
	if err != nil {
		return err
	}
	if err := h.Svc.RemoveCoordinator(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	h.Kit.Flash(w, "campaigns.flash.coordinator_removed")
	web.Redirect(w, r, "/social-action/coordinators")
	return nil
}
