package knowledge

import (
	"net/http"
	"net/url"
	"strconv"

	"commons/internal/platform/web"
)

func caseInput(f *web.Form) CaseInput {
	t := func(name string) Text { return Text{f.Get(name + "_en"), f.Get(name + "_cy")} }
	return CaseInput{Title: t("title"), Summary: t("summary"), Story: t("story"), Outcomes: t("outcomes"), Learning: t("learning"),
		Place: f.Get("place"), Year: f.Get("year"), Methods: f.Values["methods"]}
}

func caseForm(c Case) *web.Form {
	vals := url.Values{"place": {c.Place}, "year": {strconv.Itoa(c.Year)}, "methods": c.MethodIDs}
	for name, t := range map[string]Text{"title": c.Title, "summary": c.Summary, "story": c.Story, "outcomes": c.Outcomes, "learning": c.Learning} {
		vals.Set(name+"_en", t.En)
		vals.Set(name+"_cy", t.Cy)
	}
	return &web.Form{Values: vals, Errors: map[string]string{}}
}

// methodOptions are the published methods as choices, by title in the page's language.
func (h *Handlers) methodOptions(r *http.Request, p *page) ([]Option, map[string]Method, error) {
	ms, err := h.Svc.Methods(r.Context(), MethodFilter{})
	if err != nil {
		return nil, nil, err
	}
	out := make([]Option, 0, len(ms))
	byID := map[string]Method{}
	for _, m := range ms {
		out = append(out, Option{m.ID, p.Pick(m.V.Title).Text})
		byID[m.ID] = m
	}
	return out, byID, nil
}

type casesPage struct {
	page
	Cases    []Case
	Drafts   []Case
	Form     *web.Form
	Methods  []Option
	ByID     map[string]Method
	Editor   bool
	Filtered bool
	Orgs     []Option
	Areas    []Option
}

// Cases is the list of case studies, filtered by method and year.
func (h *Handlers) Cases(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	u := web.CurrentUser(r)
	p := casesPage{page: h.page(r, "knowledge.cases.title"), Form: &web.Form{Values: q, Errors: map[string]string{}}, Editor: Editor(u)}
	var err error
	if p.Methods, p.ByID, err = h.methodOptions(r, &p.page); err != nil {
		return err
	}
	f := CaseFilter{Method: q.Get("method"), Organisation: q.Get("organisation"), Area: q.Get("area")}
	if p.Orgs, p.Areas, err = h.linkOptions(r); err != nil {
		return err
	}
	if y := q.Get("year"); y != "" {
		if f.Year, err = strconv.Atoi(y); err != nil || f.Year < 1900 || f.Year > 2200 {
			p.Form.Errors["year"] = "knowledge.err.year"
			f.Year = 0
		}
	}
	if f.Method != "" {
		if _, ok := p.ByID[f.Method]; !ok {
			p.Form.Errors["method"] = "knowledge.err.case_method"
			f.Method = ""
		}
	}
	p.Filtered = q.Get("method") != "" || q.Get("year") != "" || f.Organisation != "" || f.Area != ""
	if p.Cases, err = h.Svc.Cases(r.Context(), f); err != nil {
		return err
	}
	if p.Editor {
		if p.Drafts, err = h.Svc.DraftCases(r.Context(), u); err != nil {
			return err
		}
	}
	status := http.StatusOK
	if len(p.Form.Errors) > 0 {
		p.Errors = p.Form
		status = http.StatusUnprocessableEntity
	}
	h.Kit.Render(w, r, status, "knowledge/cases", &p)
	return nil
}

type casePage struct {
	page
	C          Case
	Methods    []Method
	Editor     bool
	Outcomes   *FigureChart
	Indicators *FigureChart
	Links      []CaseLink
}

// Case is one case study.
func (h *Handlers) Case(w http.ResponseWriter, r *http.Request) error {
	c, _, u, err := byPath(r, h.Svc.Case)
	if err != nil {
		return err
	}
	p := casePage{page: h.page(r, "knowledge.case.title"), C: c, Editor: Editor(u)}
	p.TitleKey, p.TitleArgs = "knowledge.raw", []any{"text", p.Pick(c.Title).Text}
	_, byID, err := h.methodOptions(r, &p.page)
	if err != nil {
		return err
	}
	for _, m := range c.MethodIDs {
		if mm, ok := byID[m]; ok {
			p.Methods = append(p.Methods, mm)
		}
	}
	p.Outcomes = p.figureChart("case-outcomes", "knowledge.chart.outcomes", c.OutcomeFigures)
	p.Indicators = p.figureChart("case-indicators", "knowledge.chart.indicators", c.Indicators)
	if p.Links, err = h.caseLinks(r, c); err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/case", &p)
	return nil
}

type caseFormPage struct {
	page
	Form    *web.Form
	Action  string
	Case    *Case
	Methods []Option
}

func (h *Handlers) renderCaseForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c *Case) error {
	title, action := "knowledge.case.new", "/cases"
	if c != nil {
		title, action = "knowledge.case.edit", "/cases/"+c.ID+"/edit"
	}
	p := caseFormPage{page: h.page(r, title), Form: f, Action: action, Case: c}
	var err error
	if p.Methods, _, err = h.methodOptions(r, &p.page); err != nil {
		return err
	}
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/case_form", &p)
	return nil
}

// NewCase is the form for a new case study.
func (h *Handlers) NewCase(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	if m := r.URL.Query().Get("method"); m != "" {
		f.Values["methods"] = []string{m}
	}
	return h.renderCaseForm(w, r, http.StatusOK, f, nil)
}

// CreateCase saves a new case study as a draft.
func (h *Handlers) CreateCase(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	c, err := h.Svc.SaveCase(r.Context(), web.CurrentUser(r), "", caseInput(f))
	return h.Kit.Saved(w, r, f, err, caseFields, "knowledge.flash.case_saved", "/cases/"+c.ID, func() error {
		return h.renderCaseForm(w, r, http.StatusUnprocessableEntity, f, nil)
	})
}

// EditCase is the form filled with a case study.
func (h *Handlers) EditCase(w http.ResponseWriter, r *http.Request) error {
	c, _, _, err := byPath(r, h.Svc.Case)
	if err != nil {
		return err
	}
	return h.renderCaseForm(w, r, http.StatusOK, caseForm(c), &c)
}

// UpdateCase saves an edit of a case study.
func (h *Handlers) UpdateCase(w http.ResponseWriter, r *http.Request) error {
	c, id, u, err := byPath(r, h.Svc.Case)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.SaveCase(r.Context(), u, id, caseInput(f))
	return h.Kit.Saved(w, r, f, err, caseFields, "knowledge.flash.case_saved", "/cases/"+id, func() error {
		return h.renderCaseForm(w, r, http.StatusUnprocessableEntity, f, &c)
	})
}

// PublishCase publishes a case study.
func (h *Handlers) PublishCase(w http.ResponseWriter, r *http.Request) error {
	return h.setCase(w, r, true)
}

// UnpublishCase takes a case study back to a draft.
func (h *Handlers) UnpublishCase(w http.ResponseWriter, r *http.Request) error {
	return h.setCase(w, r, false)
}

func (h *Handlers) setCase(w http.ResponseWriter, r *http.Request, publish bool) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Svc.SetCasePublished(r.Context(), web.CurrentUser(r), id, publish); err != nil {
		return err
	}
	if publish {
		h.Kit.Flash(w, "knowledge.flash.case_published")
	} else {
		h.Kit.Flash(w, "knowledge.flash.case_unpublished")
	}
	web.Redirect(w, r, "/cases/"+id)
	return nil
}
