package knowledge

import (
	"net/http"
	"slices"

	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
	"commons/internal/platform/web"
)

type startPage struct {
	page
	M       Method
	Tpl     hub.Template
	Form    *web.Form
	Orgs    []Option
	NeedOrg bool
	NeedDay bool
	NeedSum bool
}

// renderStart shows the questions a template asks before it starts a draft.
func (h *Handlers) renderStart(w http.ResponseWriter, r *http.Request, status int, m Method, t hub.Template, f *web.Form) error {
	p := startPage{page: h.page(r, "knowledge.start.title", "title", t.Title), M: m, Tpl: t, Form: f,
		NeedOrg: slices.Contains(t.Needs, hub.ParamOrganisation), NeedDay: slices.Contains(t.Needs, hub.ParamDate),
		NeedSum: slices.Contains(t.Needs, hub.ParamAmount)}
	if p.NeedOrg {
		orgs, err := h.Svc.OrganisationChoices(r.Context(), web.CurrentUser(r))
		if err != nil {
			return err
		}
		p.Orgs = orgs
	}
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/start", &p)
	return nil
}

// StartForm asks what a method's template needs (a title, an organisation, a day, a sum) before
// it starts the work.
func (h *Handlers) StartForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	p := h.page(r, "knowledge.start.title")
	m, t, err := h.Svc.StartTemplate(r.Context(), web.CurrentUser(r), id, r.URL.Query().Get("template"), p.Lang)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set(hub.ParamTitle, p.Pick(m.V.Title).Text)
	return h.renderStart(w, r, http.StatusOK, m, t, f)
}

// Start creates the draft in the capability that runs it and takes the person to its edit page.
func (h *Handlers) Start(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	p := h.page(r, "knowledge.start.title")
	f := web.NewForm(r)
	key := f.Get("template")
	m, t, err := h.Svc.StartTemplate(r.Context(), u, id, key, p.Lang)
	if err != nil {
		return err
	}
	in := map[string]string{}
	for _, name := range startFields {
		in[name] = f.Get(name)
	}
	to, err := h.Svc.StartFromMethod(r.Context(), u, id, key, p.Lang, in)
	if err != nil {
		if onForm(err, t) && f.Take(err, startFields...) {
			return h.renderStart(w, r, http.StatusUnprocessableEntity, m, t, f)
		}
		return err
	}
	h.Kit.Flash(w, "knowledge.flash.started")
	web.Redirect(w, r, to)
	return nil
}

// onForm reports whether a refusal can be shown on the start form: an error about fields the
// form has (any other is put on the title, so the person is told rather than sent away), or a
// conflict.
func onForm(err error, t hub.Template) bool {
	e := errs.As(err)
	if e.Code != errs.Invalid && e.Code != errs.Conflict {
		return false
	}
	shown := append([]string{hub.ParamTitle}, t.Needs...)
	for name, key := range e.Fields {
		if !slices.Contains(shown, name) {
			delete(e.Fields, name)
			if _, ok := e.Fields[hub.ParamTitle]; !ok {
				e.Fields[hub.ParamTitle] = key
			}
		}
	}
	return true
}
