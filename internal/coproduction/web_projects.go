package coproduction

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"commons/internal/coproduction/progress"
	"commons/internal/identity"
	"commons/internal/platform/charts"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type projectsPage struct {
	web.Page
	shared
	Projects []Project
	Officer  bool
}

// Projects lists the projects the visitor may see.
func (h *Handlers) Projects(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Projects(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "coproduction/projects", &projectsPage{Page: h.Kit.NewPage(r, "coproduction.projects.title"), Projects: ps, Officer: isOfficer(web.CurrentUser(r))})
	return nil
}

type portfolioPage struct {
	web.Page
	shared
	Portfolio
	DepthSVG   template.HTML
	DepthTable charts.Table
}

// Portfolio shows every visible project's stage, level, resources and outcome progress.
func (h *Handlers) Portfolio(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.Svc.Portfolio(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	p := &portfolioPage{Page: h.Kit.NewPage(r, "coproduction.portfolio.title"), Portfolio: pf}
	var bars []charts.Bar
	for _, s := range pf.Depth {
		bars = append(bars, charts.Bar{Label: p.T("coproduction.level." + s.Level), Value: float64(s.Percent),
			Display: p.N("coproduction.portfolio.share", s.Days, "percent", s.Percent), Emphasis: progress.CoProduced(s.Level)})
	}
	p.DepthSVG, p.DepthTable = charts.HorizontalBars("depth", p.T("coproduction.portfolio.depth"), "", bars, charts.BarOptions{
		LabelHeading: p.T("coproduction.level"), ValueHeading: p.T("coproduction.portfolio.share_heading"),
		EmphasisText: p.T("coproduction.portfolio.coproduced"), OtherText: p.T("coproduction.portfolio.consulted"),
		StatusHeading: p.T("coproduction.portfolio.kind"), NoData: p.T("coproduction.none_yet")})
	h.Kit.Render(w, r, http.StatusOK, "coproduction/portfolio", p)
	return nil
}

// PortfolioCSV is the portfolio as CSV.
func (h *Handlers) PortfolioCSV(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Projects(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	csvout.Download(w, "projects.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"id", "title", "title_other_language", "service_area", "lead", "stage", "level", "suitability_percent", "decision",
		"budget_planned_pence", "budget_spent_pence", "staff_hours_planned", "staff_hours_spent", "volunteer_hours_planned",
		"volunteer_hours_spent", "recognition", "outcome_progress_percent", "published", "updated_at"})
	for _, p := range ps {
		_ = cw.Row([]string{p.ID, p.Title.Main, p.Title.Alt, p.ServiceArea.Main, p.LeadName, p.Stage, p.Level, intPtr(p.Suitability), p.Decision,
			i64(p.BudgetPlanned), i64(p.BudgetSpent), progress.FormatHours(p.StaffPlanned), progress.FormatHours(p.StaffSpent),
			progress.FormatHours(p.VolunteerPlanned), progress.FormatHours(p.VolunteerSpent), join(p.Recognition), intPtr(p.Progress),
			strconv.FormatBool(p.Published), p.UpdatedAt.Format(time.RFC3339)})
	}
	_ = cw.Flush()
	return nil
}

func intPtr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ";"
		}
		out += s
	}
	return out
}

type proposePage struct {
	web.Page
	shared
	Form *web.Form
	Orgs []identity.Organisation
}

// ProposeForm shows the form to propose a project.
func (h *Handlers) ProposeForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderPropose(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) renderPropose(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := &proposePage{Page: h.Kit.NewPage(r, "coproduction.propose.title"), Form: f, Orgs: h.orgs(r)}
	p.Errors = f
	h.Kit.Render(w, r, status, "coproduction/propose", p)
	return nil
}

// Propose records a proposal.
func (h *Handlers) Propose(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	pr, err := h.Svc.Propose(r.Context(), web.CurrentUser(r), proposalInput(f))
	return h.Kit.Saved(w, r, f, err, proposalFields, "coproduction.propose.done", "/projects/"+pr.ID, func() error {
		return h.renderPropose(w, r, http.StatusUnprocessableEntity, f)
	})
}

type outcomeChart struct {
	Outcome
	SVG      template.HTML
	Table    charts.Table
	Progress string
}

type projectPage struct {
	web.Page
	shared
	V        ProjectView
	Charts   []outcomeChart
	Orgs     []identity.Organisation
	Forms    map[string]*web.Form
	Today    string
	Criteria []Score
}

// Form returns one of the page's forms (empty if it has none by that name).
func (p *projectPage) Form(name string) *web.Form {
	if f, ok := p.Forms[name]; ok {
		return f
	}
	return web.EmptyForm()
}

func (h *Handlers) renderProject(w http.ResponseWriter, r *http.Request, status int, id, formName string, f *web.Form) error {
	v, err := h.Svc.Project(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	p := &projectPage{Page: h.Kit.NewPage(r, "coproduction.project.title", "title", v.Title.For(web.Lang(r)).Text), V: v, Forms: map[string]*web.Form{},
		Today: h.Svc.DB.Now(r.Context()).Format("2006-01-02")}
	if v.CanManage {
		p.Orgs = h.orgs(r)
		res := web.EmptyForm()
		res.Values.Set("budget_planned", poundsField(v.BudgetPlanned))
		res.Values.Set("budget_spent", poundsField(v.BudgetSpent))
		res.Values.Set("staff_planned", progress.FormatHours(v.StaffPlanned))
		res.Values.Set("staff_spent", progress.FormatHours(v.StaffSpent))
		res.Values.Set("volunteer_planned", progress.FormatHours(v.VolunteerPlanned))
		res.Values.Set("volunteer_spent", progress.FormatHours(v.VolunteerSpent))
		res.Values["recognition"] = v.Recognition
		p.Forms["resources"] = res
		st := web.EmptyForm()
		st.Values.Set("stage", v.Stage)
		st.Values.Set("level", v.Level)
		p.Forms["stage"] = st
		pub := web.EmptyForm()
		if v.Published {
			pub.Values.Set("published", "yes")
		}
		p.Forms["publish"] = pub
		cs := web.EmptyForm()
		setBoth(cs, "case_study", v.CaseStudy)
		if v.CaseStudyNamed || v.CaseStudyState == "none" {
			cs.Values.Set("named", "yes")
		}
		p.Forms["case_study"] = cs
	}
	m := web.EmptyForm()
	m.Values.Set("measured_on", p.Today)
	p.Forms["measurement"] = m
	if formName != "" {
		p.Forms[formName] = f
		p.Errors = f
	}
	for i, o := range v.Outcomes {
		var pts []charts.Point
		for _, ms := range o.Measurements {
			at, _ := time.Parse("2006-01-02", ms.MeasuredOn)
			pts = append(pts, charts.Point{X: at, Y: ms.Value, Display: Number(ms.Value) + unitSuffix(o.Unit)})
		}
		base, target := o.Baseline, o.Target
		desc := p.T("coproduction.outcome.chart_empty", "indicator", o.Indicator)
		if n := len(o.Measurements); n > 0 {
			first, last := o.Measurements[0], o.Measurements[n-1]
			desc = p.T("coproduction.outcome.chart_desc", "indicator", o.Indicator, "first", Number(first.Value)+unitSuffix(o.Unit), "from", p.DayOf(first.MeasuredOn),
				"last", Number(last.Value)+unitSuffix(o.Unit), "to", p.DayOf(last.MeasuredOn), "baseline", Number(o.Baseline), "target", Number(o.Target))
		}
		svg, table := charts.Line(fmt.Sprintf("outcome-%d", i+1), o.Name, desc, []charts.Series{{Name: o.Indicator, Points: pts}}, charts.LineOptions{
			FormatDate: p.DayShort,
			Baseline:   &base, Target: &target, BaselineText: p.T("coproduction.outcome.baseline"), TargetText: p.T("coproduction.outcome.target"),
			YLabel: o.Unit, XHeading: p.T("coproduction.measurement.date"), NoData: p.T("coproduction.outcome.no_measurements"),
			Format: func(f float64) string { return Number(f) + unitSuffix(o.Unit) }})
		oc := outcomeChart{Outcome: o, SVG: svg, Table: table}
		if pc, ok := o.ProgressPercent(); ok {
			oc.Progress = p.T("coproduction.outcome.progress", "percent", pc)
		}
		p.Charts = append(p.Charts, oc)
	}
	if v.CanGovern {
		p.Criteria, _ = h.Svc.Scores(r.Context(), id)
		if _, ok := p.Forms["suitability"]; !ok {
			sf := web.EmptyForm()
			for _, c := range p.Criteria {
				if c.Scored {
					sf.Values.Set("score-"+c.CriterionID, strconv.Itoa(c.Score))
					sf.Values.Set("note-"+c.CriterionID, c.Note)
				}
			}
			p.Forms["suitability"] = sf
		}
		if _, ok := p.Forms["decision"]; !ok {
			df := web.EmptyForm()
			df.Values.Set("decision", v.Decision)
			df.Values.Set("reasons", v.DecisionReasons)
			p.Forms["decision"] = df
		}
	}
	h.Kit.Render(w, r, status, "coproduction/project", p)
	return nil
}

func unitSuffix(unit string) string {
	if unit == "" {
		return ""
	}
	if unit == "%" {
		return "%"
	}
	return " " + unit
}

func poundsField(p int64) string {
	if p%100 == 0 {
		return strconv.FormatInt(p/100, 10)
	}
	return fmt.Sprintf("%d.%02d", p/100, p%100)
}

// Project shows a project; one the visitor may not see is a 404.
func (h *Handlers) Project(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	return h.renderProject(w, r, http.StatusOK, id, "", nil)
}

// projectPost runs one of the project page's short forms: do is the service call; on field
// errors the page is shown again with that form's errors.
func (h *Handlers) projectPost(formName, flash string, fields []string, do func(r *http.Request, id string, f *web.Form) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		f := web.NewForm(r)
		if err := do(r, id, f); err != nil {
			if f.Take(err, fields...) {
				return h.renderProject(w, r, http.StatusUnprocessableEntity, id, formName, f)
			}
			return err
		}
		h.Kit.Flash(w, flash)
		web.Redirect(w, r, "/projects/"+id+"#section-"+formName)
		return nil
	}
}

// AddParticipant adds someone taking part.
func (h *Handlers) AddParticipant(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("participants", "coproduction.participant.added", []string{"kind", "name", "email", "organisation_id"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.AddParticipant(r.Context(), web.CurrentUser(r), id, ParticipantInput{Kind: f.Get("kind"), Name: f.Get("name"), Email: f.Get("email"),
			OrganisationID: f.Get("organisation_id"), Named: f.Get("named") == "yes"})
	})(w, r)
}

// MoveStage moves a project to a stage and level.
func (h *Handlers) MoveStage(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("stage", "coproduction.stage.moved", []string{"stage", "level", "stage_note"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.MoveStage(r.Context(), web.CurrentUser(r), id, f.Get("stage"), f.Get("level"), f.Get("stage_note"))
	})(w, r)
}

// SaveResources records resources planned and spent.
func (h *Handlers) SaveResources(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("resources", "coproduction.resources.saved", []string{"budget_planned", "budget_spent", "staff_planned", "staff_spent", "volunteer_planned", "volunteer_spent", "recognition"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.SaveResources(r.Context(), web.CurrentUser(r), id, ResourcesInput{BudgetPlanned: f.Get("budget_planned"), BudgetSpent: f.Get("budget_spent"),
			StaffPlanned: f.Get("staff_planned"), StaffSpent: f.Get("staff_spent"), VolunteerPlanned: f.Get("volunteer_planned"),
			VolunteerSpent: f.Get("volunteer_spent"), Recognition: f.Values["recognition"]})
	})(w, r)
}

// AddOutcome names an outcome and its indicator.
func (h *Handlers) AddOutcome(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("outcomes", "coproduction.outcome.added", []string{"outcome_name", "indicator", "unit", "baseline", "target", "direction"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.AddOutcome(r.Context(), web.CurrentUser(r), id, OutcomeInput{Name: f.Get("outcome_name"), Indicator: f.Get("indicator"),
			Unit: f.Get("unit"), Baseline: f.Get("baseline"), Target: f.Get("target"), Direction: f.Get("direction")})
	})(w, r)
}

// AddMeasurement records an indicator's value.
func (h *Handlers) AddMeasurement(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("measurement", "coproduction.measurement.added", []string{"outcome_id", "measured_on", "value", "measurement_note"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.AddMeasurement(r.Context(), web.CurrentUser(r), id, MeasurementInput{OutcomeID: f.Get("outcome_id"), MeasuredOn: f.Get("measured_on"),
			Value: f.Get("value"), Note: f.Get("measurement_note")})
	})(w, r)
}

// AddReflection writes to the learning log.
func (h *Handlers) AddReflection(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("reflection", "coproduction.reflection.added", []string{"perspective", "worked", "did_not", "change"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.AddReflection(r.Context(), web.CurrentUser(r), id, ReflectionInput{Perspective: f.Get("perspective"), Worked: f.Get("worked"),
			DidNot: f.Get("did_not"), Change: f.Get("change"), Named: f.Get("named") == "yes"})
	})(w, r)
}

// SaveCaseStudy keeps the case study as a draft, or publishes it.
func (h *Handlers) SaveCaseStudy(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	publish := f.Get("publish") == "yes"
	if err := h.Svc.SaveCaseStudy(r.Context(), web.CurrentUser(r), id, CaseStudyInput{Text: f.Get("case_study"), TextCy: f.Get("case_study_cy"),
		Publish: publish, Named: f.Get("named") == "yes"}); err != nil {
		if f.Take(err, "case_study", "case_study_cy", "named") {
			return h.renderProject(w, r, http.StatusUnprocessableEntity, id, "case_study", f)
		}
		return err
	}
	if publish {
		h.Kit.Flash(w, "coproduction.case_study.published")
	} else {
		h.Kit.Flash(w, "coproduction.case_study.drafted")
	}
	web.Redirect(w, r, "/projects/"+id+"#section-case-study")
	return nil
}

// SetParticipantNamed records whether a person taking part may be named on public pages.
func (h *Handlers) SetParticipantNamed(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := web.IDs(r, "id", "participant")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.SetParticipantNamed(r.Context(), web.CurrentUser(r), id, pid, f.Get("named") == "yes"); err != nil {
		return err
	}
	h.Kit.Flash(w, "coproduction.participant.named_saved")
	web.Redirect(w, r, "/projects/"+id+"#section-participants")
	return nil
}

// Publish sets what the public sees.
func (h *Handlers) Publish(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("publish", "coproduction.publish.saved", []string{"published"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Publish(r.Context(), web.CurrentUser(r), id, f.Get("published") == "yes")
	})(w, r)
}

// Decide records the governance decision.
func (h *Handlers) Decide(w http.ResponseWriter, r *http.Request) error {
	return h.projectPost("decision", "coproduction.decision.saved", []string{"decision", "reasons"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Decide(r.Context(), web.CurrentUser(r), id, f.Get("decision"), f.Get("reasons"))
	})(w, r)
}

// Assess records the suitability check.
func (h *Handlers) Assess(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := map[string]ScoreInput{}
	var fields []string
	cs, err := h.Svc.Criteria(r.Context(), false)
	if err != nil {
		return err
	}
	for _, c := range cs {
		in[c.ID] = ScoreInput{Score: f.Get("score-" + c.ID), Note: f.Get("note-" + c.ID)}
		fields = append(fields, "score-"+c.ID, "note-"+c.ID)
	}
	if _, err := h.Svc.Assess(r.Context(), web.CurrentUser(r), id, in); err != nil {
		if f.Take(err, fields...) {
			return h.renderProject(w, r, http.StatusUnprocessableEntity, id, "suitability", f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.suitability.saved")
	web.Redirect(w, r, "/projects/"+id+"#section-suitability")
	return nil
}

// MeasurementsCSV is a project's measurements as CSV.
func (h *Handlers) MeasurementsCSV(w http.ResponseWriter, r *http.Request) error {
	_, v, err := h.projectOf(r)
	if err != nil {
		return err
	}
	csvout.Download(w, v.Title.For(web.Lang(r)).Text+" measurements.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"outcome", "indicator", "unit", "baseline", "target", "direction", "measured_on", "value", "note"})
	for _, o := range v.Outcomes {
		for _, m := range o.Measurements {
			_ = cw.Row([]string{o.Name, o.Indicator, o.Unit, Number(o.Baseline), Number(o.Target), o.Direction, m.MeasuredOn, Number(m.Value), m.Note})
		}
	}
	_ = cw.Flush()
	return nil
}

type caseStudyPage struct {
	web.Page
	shared
	V ProjectView
}

// CaseStudy shows a closed, published project as a case study.
func (h *Handlers) CaseStudy(w http.ResponseWriter, r *http.Request) error {
	_, v, err := h.projectOf(r)
	if err != nil {
		return err
	}
	if !v.CaseStudyVisible {
		return errNotFound
	}
	h.Kit.Render(w, r, http.StatusOK, "coproduction/case_study", &caseStudyPage{Page: h.Kit.NewPage(r, "coproduction.case_study.title", "title", v.Title.For(web.Lang(r)).Text), V: v})
	return nil
}

type reflectionsPage struct {
	web.Page
	shared
	Query       string
	Reflections []Reflection
}

// Reflections searches the learning logs across projects.
func (h *Handlers) Reflections(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	rs, err := h.Svc.Reflections(r.Context(), web.CurrentUser(r), q)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "coproduction/reflections", &reflectionsPage{Page: h.Kit.NewPage(r, "coproduction.reflections.title"), Query: q, Reflections: rs})
	return nil
}

type criteriaPage struct {
	web.Page
	shared
	Criteria  []Criterion
	Criterion Criterion
	Form      *web.Form
}

// Criteria lists the suitability criteria with a form to add one.
func (h *Handlers) Criteria(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("weight", "1")
	return h.renderCriteria(w, r, http.StatusOK, f)
}

func (h *Handlers) renderCriteria(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	cs, err := h.Svc.Criteria(r.Context(), true)
	if err != nil {
		return err
	}
	p := &criteriaPage{Page: h.Kit.NewPage(r, "coproduction.criteria.title"), Criteria: cs, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "coproduction/criteria", p)
	return nil
}

var criterionFields = []string{"name", "name_cy", "description", "description_cy", "weight"}

// AddCriterion adds a criterion.
func (h *Handlers) AddCriterion(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	if err := h.Svc.SaveCriterion(r.Context(), web.CurrentUser(r), "", CriterionInput{Name: f.Get("name"), NameCy: f.Get("name_cy"), Description: f.Get("description"), DescriptionCy: f.Get("description_cy"), Weight: f.Get("weight"), Active: true}); err != nil {
		if f.Take(err, criterionFields...) {
			return h.renderCriteria(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.criteria.saved")
	web.Redirect(w, r, "/project-criteria")
	return nil
}

func (h *Handlers) renderCriterion(w http.ResponseWriter, r *http.Request, status int, id string, f *web.Form) error {
	cs, err := h.Svc.Criteria(r.Context(), true)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.ID != id {
			continue
		}
		if f == nil {
			f = web.EmptyForm()
			setBoth(f, "name", c.Name)
			setBoth(f, "description", c.Description)
			f.Values.Set("weight", strconv.Itoa(c.Weight))
			if c.Active {
				f.Values.Set("active", "yes")
			}
		}
		p := &criteriaPage{Page: h.Kit.NewPage(r, "coproduction.criterion.title", "name", c.Name.For(web.Lang(r)).Text), Criterion: c, Form: f}
		p.Errors = f
		h.Kit.Render(w, r, status, "coproduction/criterion", p)
		return nil
	}
	return errNotFound
}

// EditCriterion shows one criterion's form.
func (h *Handlers) EditCriterion(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	return h.renderCriterion(w, r, http.StatusOK, id, nil)
}

// UpdateCriterion changes a criterion.
func (h *Handlers) UpdateCriterion(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.SaveCriterion(r.Context(), web.CurrentUser(r), id, CriterionInput{Name: f.Get("name"), NameCy: f.Get("name_cy"), Description: f.Get("description"), DescriptionCy: f.Get("description_cy"), Weight: f.Get("weight"), Active: f.Get("active") == "yes"}); err != nil {
		if f.Take(err, criterionFields...) {
			return h.renderCriterion(w, r, http.StatusUnprocessableEntity, id, f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.criteria.saved")
	web.Redirect(w, r, "/project-criteria")
	return nil
}
