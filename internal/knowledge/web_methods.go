package knowledge

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"commons/internal/knowledge/finder"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
	"commons/internal/platform/web"
)

// methodFields are the method form's fields in page order, for the error summary.
var methodFields = []string{"title_en", "summary_en", "iap2", "purposes", "duration", "cost", "people_min", "people_max", "setting",
	"when_en", "when_not_en", "needs_en", "steps_en", "resources_en", "accessibility_en", "templates", "change_note"}

func methodInput(f *web.Form) MethodInput {
	t := func(name string) Text { return Text{f.Get(name + "_en"), f.Get(name + "_cy")} }
	return MethodInput{IAP2: f.Get("iap2"), Duration: f.Get("duration"), Cost: f.Get("cost"), Setting: f.Get("setting"),
		PeopleMin: f.Get("people_min"), PeopleMax: f.Get("people_max"), Purposes: f.Values["purposes"], Templates: f.Values["templates"],
		Title: t("title"), Summary: t("summary"), When: t("when"), WhenNot: t("when_not"), Needs: t("needs"), Steps: t("steps"),
		Resources: t("resources"), Accessibility: t("accessibility"), ChangeNote: f.Get("change_note")}
}

func methodForm(v MethodVersion) *web.Form {
	vals := url.Values{"iap2": {v.IAP2}, "duration": {v.Duration}, "cost": {v.Cost}, "setting": {v.Setting},
		"people_min": {strconv.Itoa(v.PeopleMin)}, "people_max": {strconv.Itoa(v.PeopleMax)}, "purposes": v.Purposes, "templates": v.Templates}
	for name, t := range map[string]Text{"title": v.Title, "summary": v.Summary, "when": v.When, "when_not": v.WhenNot, "needs": v.Needs,
		"steps": v.Steps, "resources": v.Resources, "accessibility": v.Accessibility} {
		vals.Set(name+"_en", t.En)
		vals.Set(name+"_cy", t.Cy)
	}
	return &web.Form{Values: vals, Errors: map[string]string{}}
}

type methodsPage struct {
	page
	Methods  []Method
	Form     *web.Form
	Editor   bool
	Filtered bool
}

// List is the methods library.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := MethodFilter{IAP2: q.Get("iap2"), Purpose: q.Get("purpose"), Setting: q.Get("setting")}
	ms, err := h.Svc.Methods(r.Context(), f)
	if err != nil {
		return err
	}
	p := methodsPage{page: h.page(r, "knowledge.methods.title"), Methods: ms, Form: &web.Form{Values: q, Errors: map[string]string{}},
		Editor: Editor(web.CurrentUser(r)), Filtered: f != MethodFilter{}}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/methods", &p)
	return nil
}

type methodFormPage struct {
	page
	Form      *web.Form
	Action    string
	Method    *Method
	Templates []hub.Template
}

func (h *Handlers) renderMethodForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, m *Method) {
	title, action := "knowledge.method.new", "/methods"
	if m != nil {
		title, action = "knowledge.method.edit", "/methods/"+m.ID+"/edit"
	}
	p := methodFormPage{page: h.page(r, title), Form: f, Action: action, Method: m, Templates: h.Svc.AllTemplates(web.Lang(r))}
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/method_form", &p)
}

// New is the form for a new method.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("people_min", "1")
	h.renderMethodForm(w, r, http.StatusOK, f, nil)
	return nil
}

// Create saves a new method as a draft.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	m, err := h.Svc.CreateMethod(r.Context(), web.CurrentUser(r), methodInput(f))
	return h.Kit.Saved(w, r, f, err, methodFields, "knowledge.flash.draft_saved", "/methods/"+m.ID, func() error {
		h.renderMethodForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return nil
	})
}

// method is a method with the version the viewer sees by default, for byPath.
func (h *Handlers) method(ctx context.Context, a *actor.Actor, id string) (Method, error) {
	return h.Svc.Method(ctx, a, id, "")
}

// Edit is the form for a new version of a method, filled with its newest version.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	m, id, u, err := byPath(r, h.method)
	if err != nil {
		return err
	}
	v, err := h.Svc.Latest(r.Context(), u, id)
	if err != nil {
		return err
	}
	h.renderMethodForm(w, r, http.StatusOK, methodForm(v), &m)
	return nil
}

// Update saves an edit as a draft version.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	m, id, u, err := byPath(r, h.method)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.SaveDraft(r.Context(), u, id, methodInput(f))
	return h.Kit.Saved(w, r, f, err, methodFields, "knowledge.flash.draft_saved", "/methods/"+id+"/versions", func() error {
		h.renderMethodForm(w, r, http.StatusUnprocessableEntity, f, &m)
		return nil
	})
}

type methodPage struct {
	page
	M         Method
	Editor    bool
	Templates []hub.Template
	Cases     []Case
	Latest    *MethodVersion
}

// Show is one method.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	m, err := h.Svc.Method(r.Context(), u, id, r.URL.Query().Get("version"))
	if err != nil {
		return err
	}
	p := methodPage{page: h.page(r, "knowledge.method.title"), M: m, Editor: Editor(u)}
	p.TitleKey, p.TitleArgs = "knowledge.raw", []any{"text", p.Pick(m.V.Title).Text}
	p.Templates = h.Svc.MethodTemplates(m.V, p.Lang)
	if p.Cases, err = h.Svc.CasesUsing(r.Context(), m.ID); err != nil {
		return err
	}
	if p.Editor {
		if v, err := h.Svc.Latest(r.Context(), u, id); err == nil && v.ID != m.V.ID {
			p.Latest = &v
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/method", &p)
	return nil
}

type versionsPage struct {
	page
	M        Method
	Versions []MethodVersion
	Form     *web.Form
}

// Versions is a method's history with the review actions.
func (h *Handlers) VersionsPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderVersions(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) renderVersions(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	m, id, u, err := byPath(r, h.method)
	if err != nil {
		return err
	}
	vs, err := h.Svc.Versions(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := versionsPage{page: h.page(r, "knowledge.versions.title", "title", p0(m.V.Title, web.Lang(r))), M: m, Versions: vs, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/versions", &p)
	return nil
}

func p0(t Text, lang string) string { return t.In(lang) }

// Submit sends a draft version for review.
func (h *Handlers) Submit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	vid, err := web.ID(r, "version")
	if err != nil {
		return err
	}
	if err := h.checkVersion(r, id, vid); err != nil {
		return err
	}
	if err := h.Svc.Submit(r.Context(), web.CurrentUser(r), vid); err != nil {
		return err
	}
	h.Kit.Flash(w, "knowledge.flash.submitted")
	web.Redirect(w, r, "/methods/"+id+"/versions")
	return nil
}

// checkVersion refuses a version of another method (a 404, as for any id that is not there).
func (h *Handlers) checkVersion(r *http.Request, methodID, versionID string) error {
	m, err := h.Svc.Method(r.Context(), web.CurrentUser(r), methodID, versionID)
	if err != nil {
		return err
	}
	if m.V.ID != versionID {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return nil
}

// Review publishes a submitted version or returns it with a note.
func (h *Handlers) Review(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	vid, err := web.ID(r, "version")
	if err != nil {
		return err
	}
	if err := h.checkVersion(r, id, vid); err != nil {
		return err
	}
	f := web.NewForm(r)
	publish := f.Get("decision") == "publish"
	if _, err := h.Svc.Review(r.Context(), web.CurrentUser(r), vid, publish, f.Get("review_note")); err != nil {
		if f.Take(err, "review_note") {
			return h.renderVersions(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	if publish {
		h.Kit.Flash(w, "knowledge.flash.published")
		web.Redirect(w, r, "/methods/"+id)
		return nil
	}
	h.Kit.Flash(w, "knowledge.flash.returned")
	web.Redirect(w, r, "/methods/"+id+"/versions")
	return nil
}

type editorPage struct {
	page
	Waiting     []MethodVersion
	Unpublished []Method
}

// EditorQueue is what waits for the library's editors.
func (h *Handlers) EditorQueue(w http.ResponseWriter, r *http.Request) error {
	waiting, unpublished, err := h.Svc.EditorQueue(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/editor", &editorPage{page: h.page(r, "knowledge.editor.title"), Waiting: waiting, Unpublished: unpublished})
	return nil
}

type finderPage struct {
	page
	Form    *web.Form
	Asked   bool
	Results []finder.Recommendation
	Methods map[string]Method
}

// Finder is the method finder: the questionnaire, and its recommendations once answered. It is
// a GET form, so the answers stay in the address to share or come back to.
func (h *Handlers) Finder(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := &web.Form{Values: q, Errors: map[string]string{}}
	p := finderPage{page: h.page(r, "knowledge.finder.title"), Form: f}
	if q.Get("asked") != "" {
		a := finder.Answers{Purpose: q.Get("purpose"), Depth: q.Get("depth"), Size: q.Get("size"), Duration: q.Get("duration"), Budget: q.Get("budget")}
		res, ms, err := h.Svc.Recommend(r.Context(), a)
		if err != nil {
			if f.Take(err, "purpose") {
				p.Errors = f
				h.Kit.Render(w, r, http.StatusUnprocessableEntity, "knowledge/finder", &p)
				return nil
			}
			return err
		}
		p.Asked, p.Results, p.Methods = true, res, ms
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/finder", &p)
	return nil
}
