package ownership

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"commons/internal/ownership/clock"
	"commons/internal/platform/charts"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

// Casework is an officer's work list: what is overdue, what is due this week, what is paused,
// and every open case.
func (h *Handlers) Casework(w http.ResponseWriter, r *http.Request) error {
	kind := r.URL.Query().Get("kind")
	d, err := h.Svc.Casework(r.Context(), web.CurrentUser(r), kind)
	if err != nil {
		return err
	}
	p := struct {
		page
		Due
		Kind string
	}{page: h.page(r, "ownership.casework.title"), Due: d, Kind: kind}
	h.Kit.Render(w, r, http.StatusOK, "ownership/casework", &p)
	return nil
}

type settingsPage struct {
	page
	Form     *web.Form
	CritForm *web.Form
	Criteria []Criterion
}

// Settings shows the council's choices: its mailbox, its kind of authority in Scotland, its
// community asset transfer targets and criteria.
func (h *Handlers) Settings(w http.ResponseWriter, r *http.Request) error {
	st, err := h.Svc.SettingsOf(r.Context())
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("team_email", st.TeamEmail)
	f.Values.Set("authority", st.Authority)
	f.Values.Set("eoi_months", strconv.Itoa(st.EOIMonths))
	f.Values.Set("assessment_months", strconv.Itoa(st.AssessmentMonths))
	f.Values.Set("completion_months", strconv.Itoa(st.Complete))
	return h.renderSettings(w, r, http.StatusOK, f, web.EmptyForm())
}

func (h *Handlers) renderSettings(w http.ResponseWriter, r *http.Request, status int, f, cf *web.Form) error {
	crit, err := h.Svc.Criteria(r.Context())
	if err != nil {
		return err
	}
	p := settingsPage{page: h.page(r, "ownership.settings.title"), Form: f, CritForm: cf, Criteria: crit}
	if !f.Valid() {
		p.Errors = f
	} else if !cf.Valid() {
		p.Errors = cf
	}
	h.Kit.Render(w, r, status, "ownership/settings", &p)
	return nil
}

// SaveSettings stores the settings.
func (h *Handlers) SaveSettings(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	err := h.Svc.SaveSettings(r.Context(), web.CurrentUser(r), SettingsInput{TeamEmail: f.Get("team_email"), Authority: f.Get("authority"),
		EOIMonths: f.Get("eoi_months"), AssessmentMonths: f.Get("assessment_months"), Complete: f.Get("completion_months")})
	if err != nil {
		if f.Take(err, "team_email", "authority", "eoi_months", "assessment_months", "completion_months") {
			return h.renderSettings(w, r, http.StatusUnprocessableEntity, f, web.EmptyForm())
		}
		return err
	}
	h.Kit.Flash(w, "ownership.flash.settings")
	web.Redirect(w, r, "/ownership/settings")
	return nil
}

// SaveCriterion adds or changes a criterion.
func (h *Handlers) SaveCriterion(w http.ResponseWriter, r *http.Request) error {
	cf := web.NewForm(r)
	err := h.Svc.SaveCriterion(r.Context(), web.CurrentUser(r), CriterionInput{ID: cf.Get("id"), Name: cf.Get("criterion_name"),
		NameCy: cf.Get("criterion_name_cy"), Weight: cf.Get("weight"), Position: cf.Get("position"), Active: cf.Get("active") != "no"})
	if err != nil {
		if cf.Take(err, "criterion_name", "weight") {
			st, _ := h.Svc.SettingsOf(r.Context())
			f := web.EmptyForm()
			f.Values.Set("team_email", st.TeamEmail)
			f.Values.Set("authority", st.Authority)
			return h.renderSettings(w, r, http.StatusUnprocessableEntity, f, cf)
		}
		return err
	}
	h.Kit.Flash(w, "ownership.flash.criterion")
	web.Redirect(w, r, "/ownership/settings")
	return nil
}

// reportPage is a year's report with its charts.
type reportPage struct {
	page
	Report
	Years  []int
	Charts []reportChart
}

type reportChart struct {
	SVG   template.HTML
	Table charts.Table
}

func (h *Handlers) year(r *http.Request) (int, error) {
	y := ReportYear(h.Svc.Today(r.Context()))
	if s := r.URL.Query().Get("year"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 2012 || n > 2100 {
			return 0, errs.FieldErrors(map[string]string{"year": "ownership.err.year"})
		}
		y = n
	}
	return y, nil
}

// report is the figures of the reporting year the query names (this one by default).
func (h *Handlers) report(r *http.Request) (int, Report, error) {
	y, err := h.year(r)
	if err != nil {
		return 0, Report{}, err
	}
	rep, err := h.Svc.ReportFor(r.Context(), y)
	return y, rep, err
}

// Reports shows a reporting year's figures as charts, each with its table.
func (h *Handlers) Reports(w http.ResponseWriter, r *http.Request) error {
	_, rep, err := h.report(r)
	if err != nil {
		return err
	}
	p := reportPage{page: h.page(r, "ownership.reports.title"), Report: rep}
	for yr := ReportYear(h.Svc.Today(r.Context())); yr >= 2017 && len(p.Years) < 10; yr-- {
		p.Years = append(p.Years, yr)
	}
	add := func(id, title string, figs []Figure, prefix string) {
		var bars []charts.Bar
		for _, f := range figs {
			bars = append(bars, charts.Bar{Label: p.T(prefix + f.Key), Value: float64(f.N), Display: strconv.Itoa(f.N)})
		}
		svg, table := charts.HorizontalBars(id, title, "", bars, charts.BarOptions{LabelHeading: p.T("ownership.reports.measure"),
			ValueHeading: p.T("ownership.reports.count")})
		p.Charts = append(p.Charts, reportChart{SVG: svg, Table: table})
	}
	if h.Svc.Runs(KindATR) {
		add("report-scotland", p.T("ownership.reports.scotland"), rep.Scotland, "ownership.fig.atr.")
	}
	if h.Svc.Runs(KindACV) {
		add("report-england", p.T("ownership.reports.england"), rep.England, "ownership.fig.acv.")
	}
	if h.Svc.Runs(KindCAT) {
		add("report-cat", p.T("ownership.reports.cat"), rep.Transfers, "ownership.fig.cat.")
	}
	h.Kit.Render(w, r, http.StatusOK, "ownership/reports", &p)
	return nil
}

// ReportsCSV is a reporting year's figures as CSV: one row a measure.
func (h *Handlers) ReportsCSV(w http.ResponseWriter, r *http.Request) error {
	y, rep, err := h.report(r)
	if err != nil {
		return err
	}
	lang := web.Lang(r)
	csvout.Download(w, "community-ownership-"+strconv.Itoa(y)+"-"+strconv.Itoa(y+1)+".csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	if err := cw.Header([]string{"year_from", "year_to", "scheme", "measure", "label", "count"}); err != nil {
		return err
	}
	for _, part := range []struct {
		scheme string
		figs   []Figure
	}{{KindATR, rep.Scotland}, {KindACV, rep.England}, {KindCAT, rep.Transfers}} {
		if !h.Svc.Runs(part.scheme) {
			continue
		}
		for _, f := range part.figs {
			if err := cw.Row([]string{rep.From.String(), rep.To.String(), part.scheme, f.Key,
				csvout.Cell(h.Svc.T(lang, "ownership.fig."+part.scheme+"."+f.Key)), strconv.Itoa(f.N)}); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

// noticePage is a printable notice: a letter to the people a step concerns, or a public notice
// for posting at the site. The addressee's name and address appear only to officers.
type noticePage struct {
	page
	CaseView
	Notice string
	Event  Event
}

// NoticeSteps are the notices each step produces, by notice name.
func noticeStep(kind, notice string) (Step, bool) {
	for _, s := range Steps {
		if s.Kind == kind && s.Notice == notice {
			return s, true
		}
	}
	return Step{}, false
}

// Notice shows a printable notice of a case.
func (h *Handlers) Notice(w http.ResponseWriter, r *http.Request) error {
	v, err := h.pathCase(r)
	if err != nil {
		return err
	}
	notice := r.PathValue("notice")
	st, ok := noticeStep(v.Kind, notice)
	if !ok || notice == "incomplete" && !v.Involved {
		return errNotFound
	}
	p := noticePage{page: h.page(r, "ownership.notice."+v.Kind+"."+notice+".title"), CaseView: v, Notice: notice}
	found := false
	for _, e := range slices.Backward(v.Events) {
		if e.Step == st.ID || st.ID == "atr.decide" && (e.Step == "atr.review_decide") {
			p.Event, found = e, true
			break
		}
	}
	if !found {
		return errNotFound
	}
	h.Kit.Render(w, r, http.StatusOK, "ownership/notice", &p)
	return nil
}

// ClockOf is a clock by rule, for the notices.
func (p *noticePage) ClockOf(rule string) clock.Date {
	if c, ok := p.Clock(rule); ok {
		return c.Due
	}
	return clock.Date{}
}
