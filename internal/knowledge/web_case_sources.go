package knowledge

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"commons/internal/platform/charts"
	"commons/internal/platform/hub"
	"commons/internal/platform/web"
)

type caseSourcesPage struct {
	page
	Sources []SourceChoice
	Form    *web.Form
}

func (h *Handlers) renderCaseSources(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := caseSourcesPage{page: h.page(r, "knowledge.from.title"), Form: f}
	var err error
	if p.Sources, err = h.Svc.CaseSourceList(r.Context(), web.CurrentUser(r), p.Lang); err != nil {
		return err
	}
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/case_from", &p)
	return nil
}

// CaseSourcesPage lists the finished work a case study can be drafted from.
func (h *Handlers) CaseSourcesPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderCaseSources(w, r, http.StatusOK, web.EmptyForm())
}

// DraftFromWork drafts a case study from the finished work chosen and opens it for editing.
func (h *Handlers) DraftFromWork(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	p := h.page(r, "knowledge.from.title")
	c, err := h.Svc.DraftCaseFrom(r.Context(), web.CurrentUser(r), f.Get("source"), p.Lang)
	return h.Kit.Saved(w, r, f, err, []string{"source"}, "knowledge.flash.case_drafted", "/cases/"+c.ID+"/edit", func() error {
		return h.renderCaseSources(w, r, http.StatusUnprocessableEntity, f)
	})
}

// FigureChart is a case's figures drawn as bars, with the same numbers as a table.
type FigureChart struct {
	SVG   template.HTML
	Table charts.Table
}

// figureChart charts figures, each with its target as a note.
func (p *page) figureChart(id, titleKey string, fs []hub.Figure) *FigureChart {
	if len(fs) == 0 {
		return nil
	}
	bars := make([]charts.Bar, 0, len(fs))
	for _, f := range fs {
		b := charts.Bar{Label: f.Label, Value: f.Value, Display: FormatFigure(f.Value, f.Unit)}
		if f.Target != 0 {
			b.Note = p.T("knowledge.chart.target", "target", FormatFigure(f.Target, f.Unit))
		}
		bars = append(bars, b)
	}
	svg, table := charts.HorizontalBars(id, p.T(titleKey), "", bars, charts.BarOptions{
		LabelHeading: p.T("knowledge.chart.measure"), ValueHeading: p.T("knowledge.chart.value"),
		NoteHeading: p.T("knowledge.chart.target_heading"), NoData: p.T("knowledge.chart.none")})
	return &FigureChart{SVG: svg, Table: table}
}

// caseLinks names a case's organisations and areas through identity, and keeps only those
// that still exist (a place is named by its id's page).
func (h *Handlers) caseLinks(r *http.Request, c Case) ([]CaseLink, error) {
	var out []CaseLink
	for _, l := range c.Links {
		switch l.Kind {
		case LinkOrganisation:
			o, err := h.Svc.Identity.Organisation(r.Context(), l.Ref)
			if err != nil {
				continue
			}
			l.Name = o.Name
		case LinkArea:
			a, err := h.Svc.Identity.Area(r.Context(), l.Ref)
			if err != nil {
				continue
			}
			l.Name = a.Name
		}
		out = append(out, l)
	}
	return out, nil
}

// linkOptions are the organisations and areas the published case studies involved, by name, to
// filter by.
func (h *Handlers) linkOptions(r *http.Request) (orgs, areas []Option, err error) {
	cs, err := h.Svc.Cases(r.Context(), CaseFilter{})
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, c := range cs {
		links, err := h.caseLinks(r, c)
		if err != nil {
			return nil, nil, err
		}
		for _, l := range links {
			if seen[l.Kind+l.Ref] {
				continue
			}
			seen[l.Kind+l.Ref] = true
			switch l.Kind {
			case LinkOrganisation:
				orgs = append(orgs, Option{l.Ref, l.Name})
			case LinkArea:
				areas = append(areas, Option{l.Ref, l.Name})
			}
		}
	}
	byLabel := func(a, b Option) int { return strings.Compare(a.Label, b.Label) }
	slices.SortFunc(orgs, byLabel)
	slices.SortFunc(areas, byLabel)
	return orgs, areas, nil
}
