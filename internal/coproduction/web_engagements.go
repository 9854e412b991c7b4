package coproduction

import (
	"html/template"
	"math"
	"net/http"
	"strconv"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/charts"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type engagementsPage struct {
	web.Page
	shared
	Engagements []Engagement
	Compare     charts.Table
	CompareSVG  template.HTML
	RadarTable  charts.Table
	Projects    []Project
	Form        *web.Form
}

func (h *Handlers) standardNames(p *web.Page) []string {
	var out []string
	for _, s := range progress.Standards {
		out = append(out, p.T("coproduction.standard."+s))
	}
	return out
}

// Engagements lists engagement activities, compared standard by standard.
func (h *Handlers) Engagements(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("phase", "evaluated")
	return h.renderEngagements(w, r, http.StatusOK, f)
}

func (h *Handlers) renderEngagements(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	actor := web.CurrentUser(r)
	es, err := h.Svc.Engagements(r.Context(), actor)
	if err != nil {
		return err
	}
	ps, err := h.Svc.Projects(r.Context(), actor)
	if err != nil {
		return err
	}
	p := &engagementsPage{Page: h.Kit.NewPage(r, "coproduction.engagements.title"), Engagements: es, Projects: ps, Form: f}
	p.Errors = f
	t := charts.Table{Caption: p.T("coproduction.engagements.compare"), Head: []string{p.T("coproduction.engagement.activity")}, Numeric: []bool{false},
		Empty: p.T("coproduction.none_yet")}
	for _, name := range h.standardNames(&p.Page) {
		t.Head = append(t.Head, name)
		t.Numeric = append(t.Numeric, true)
	}
	t.Head = append(t.Head, p.T("coproduction.engagement.average"))
	t.Numeric = append(t.Numeric, true)
	for _, e := range es {
		row := []string{e.Title}
		for _, s := range progress.Standards {
			cell := p.T("coproduction.engagement.not_assessed")
			if sc, ok := e.Scores[s]; ok {
				cell = strconv.Itoa(sc.Score)
			}
			row = append(row, cell)
		}
		avg, n := e.Average()
		if n > 0 {
			row = append(row, strconv.FormatFloat(avg, 'f', 1, 64))
		} else {
			row = append(row, p.T("coproduction.engagement.not_assessed"))
		}
		t.Rows = append(t.Rows, row)
	}
	p.Compare = t
	// The radar compares the four most recent activities that have scores (each drawn with its
	// own colour, dash and marker); the table above compares them all.
	var series []charts.RadarSeries
	for _, e := range es {
		if len(e.Scores) == 0 || len(series) == 4 {
			continue
		}
		series = append(series, charts.RadarSeries{Name: e.Title, Values: standardValues(e)})
	}
	p.CompareSVG, p.RadarTable = charts.Radar("compare", p.T("coproduction.engagements.radar"), "", h.standardNames(&p.Page), series, charts.RadarOptions{
		Max: progress.MaxStandardScore, AxisHeading: p.T("coproduction.engagement.standard"), NoData: p.T("coproduction.engagement.not_scored"),
		Missing: p.T("coproduction.engagement.not_assessed")})
	h.Kit.Render(w, r, status, "coproduction/engagements", p)
	return nil
}

// CreateEngagement adds an engagement activity.
func (h *Handlers) CreateEngagement(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	id, err := h.Svc.CreateEngagement(r.Context(), web.CurrentUser(r), EngagementInput{Title: f.Get("title"), ProjectID: f.Get("project_id"), Phase: f.Get("phase"), HeldOn: f.Get("held_on")})
	return h.Kit.Saved(w, r, f, err, []string{"title", "project_id", "phase", "held_on"}, "coproduction.engagement.created", "/engagements/"+id, func() error {
		return h.renderEngagements(w, r, http.StatusUnprocessableEntity, f)
	})
}

type engagementPage struct {
	web.Page
	shared
	E     Engagement
	SVG   template.HTML
	Table charts.Table
	Form  *web.Form
}

func (h *Handlers) renderEngagement(w http.ResponseWriter, r *http.Request, status int, id string, f *web.Form) error {
	e, err := h.Svc.Engagement(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	p := &engagementPage{Page: h.Kit.NewPage(r, "coproduction.engagement.title", "title", e.Title), E: e}
	if f == nil {
		f = web.EmptyForm()
		for s, sc := range e.Scores {
			f.Values.Set("score-"+s, strconv.Itoa(sc.Score))
			f.Values.Set("evidence-"+s, sc.Evidence)
		}
	} else {
		p.Errors = f
	}
	p.Form = f
	var series []charts.RadarSeries
	if len(e.Scores) > 0 {
		series = []charts.RadarSeries{{Name: e.Title, Values: standardValues(e)}}
	}
	p.SVG, p.Table = charts.Radar("standards", p.T("coproduction.engagement.chart"), "", h.standardNames(&p.Page), series, charts.RadarOptions{
		Max: progress.MaxStandardScore, AxisHeading: p.T("coproduction.engagement.standard"), NoData: p.T("coproduction.engagement.not_scored"),
		ScaleCaption: p.T("coproduction.engagement.scale"), Missing: p.T("coproduction.engagement.not_assessed")})
	h.Kit.Render(w, r, status, "coproduction/engagement", p)
	return nil
}

// Engagement shows an activity's assessment: radar chart, table and the scoring form.
func (h *Handlers) Engagement(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	return h.renderEngagement(w, r, http.StatusOK, id, nil)
}

// AssessEngagement scores an activity against the standards.
func (h *Handlers) AssessEngagement(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := map[string]StandardInput{}
	var fields []string
	for _, s := range progress.Standards {
		in[s] = StandardInput{Score: f.Get("score-" + s), Evidence: f.Get("evidence-" + s)}
		fields = append(fields, "score-"+s, "evidence-"+s)
	}
	if err := h.Svc.AssessEngagement(r.Context(), web.CurrentUser(r), id, in); err != nil {
		if f.Take(err, fields...) {
			return h.renderEngagement(w, r, http.StatusUnprocessableEntity, id, f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.engagement.saved")
	web.Redirect(w, r, "/engagements/"+id)
	return nil
}

// EngagementsCSV is every activity's scores as CSV.
func (h *Handlers) EngagementsCSV(w http.ResponseWriter, r *http.Request) error {
	es, err := h.Svc.Engagements(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	csvout.Download(w, "engagements.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"id", "title", "project", "phase", "held_on", "standard", "score", "evidence"})
	for _, e := range es {
		for _, s := range progress.Standards {
			if sc, ok := e.Scores[s]; ok {
				_ = cw.Row([]string{e.ID, e.Title, e.ProjectTitle, e.Phase, e.HeldOn, s, strconv.Itoa(sc.Score), sc.Evidence})
			}
		}
	}
	_ = cw.Flush()
	return nil
}

// standardValues are an activity's scores in the order of the standards; NaN where unscored.
func standardValues(e Engagement) []float64 {
	vals := make([]float64, len(progress.Standards))
	for i, s := range progress.Standards {
		if sc, ok := e.Scores[s]; ok {
			vals[i] = float64(sc.Score)
		} else {
			vals[i] = math.NaN()
		}
	}
	return vals
}
