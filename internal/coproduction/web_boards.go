package coproduction

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"strconv"

	"commons/internal/coproduction/progress"
	"commons/internal/identity"
	"commons/internal/platform/charts"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type boardsPage struct {
	web.Page
	shared
	Boards    []Board
	Form      *web.Form
	CanCreate bool
}

// Boards lists the boards; officers also get the form to set one up.
func (h *Handlers) Boards(w http.ResponseWriter, r *http.Request) {
	f := web.EmptyForm()
	f.Values.Set("kind", "stakeholder")
	h.renderBoards(w, r, http.StatusOK, f)
}

func (h *Handlers) renderBoards(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	bs, err := h.Svc.Boards(r.Context())
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	p := &boardsPage{Page: h.Kit.NewPage(r, "coproduction.boards.title"), Boards: bs, Form: f, CanCreate: isOfficer(web.CurrentUser(r))}
	p.Errors = f
	h.Kit.Render(w, r, status, "coproduction/boards", p)
}

// CreateBoard sets up a board.
func (h *Handlers) CreateBoard(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(r)
	id, err := h.Svc.CreateBoard(r.Context(), web.CurrentUser(r), BoardInput{Name: f.Get("name"), Kind: f.Get("kind"), Purpose: f.Get("purpose"), ChairEmail: f.Get("chair_email")})
	if err != nil {
		if f.Take(err, "name", "kind", "purpose", "chair_email") {
			h.renderBoards(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "coproduction.board.created")
	web.Redirect(w, r, "/boards/"+id)
}

type boardPage struct {
	web.Page
	shared
	V       BoardView
	M       Meeting
	Actions []Action
	Orgs    []identity.Organisation
	Forms   map[string]*web.Form
}

// Form returns one of the page's forms.
func (p *boardPage) Form(name string) *web.Form {
	if f, ok := p.Forms[name]; ok {
		return f
	}
	return web.EmptyForm()
}

func (h *Handlers) renderBoard(w http.ResponseWriter, r *http.Request, status int, id, meetingID, formName string, f *web.Form) {
	v, err := h.Svc.Board(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	p := &boardPage{V: v, Forms: map[string]*web.Form{}}
	tmpl := "coproduction/board"
	if meetingID != "" {
		m, ok := v.Meeting(meetingID)
		if !ok {
			h.Kit.Error(w, r, errNotFound)
			return
		}
		p.M = m
		for _, a := range v.Actions {
			if a.MeetingID == m.ID {
				p.Actions = append(p.Actions, a)
			}
		}
		mf := web.EmptyForm()
		mf.Values.Set("minutes", m.Minutes)
		p.Forms["minutes"] = mf
		p.Page = h.Kit.NewPage(r, "coproduction.meeting.title", "board", v.Name, "date", m.HeldOn)
		tmpl = "coproduction/meeting"
	} else {
		p.Page = h.Kit.NewPage(r, "coproduction.board.title", "name", v.Name)
		if v.CanManage {
			p.Orgs = h.orgs(r)
		}
	}
	if formName != "" {
		p.Forms[formName] = f
		p.Errors = f
	}
	h.Kit.Render(w, r, status, tmpl, p)
}

// Board shows a board: members, meetings and actions.
func (h *Handlers) Board(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	h.renderBoard(w, r, http.StatusOK, id, "", "", nil)
}

// Meeting shows one meeting: agenda, minutes, decisions and actions.
func (h *Handlers) Meeting(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	mid, ok := h.Kit.PathID(w, r, "meeting")
	if !ok {
		return
	}
	h.renderBoard(w, r, http.StatusOK, id, mid, "", nil)
}

// boardPost runs one of the board or meeting pages' forms.
func (h *Handlers) boardPost(w http.ResponseWriter, r *http.Request, onMeeting bool, formName, flash string, fields []string, do func(id, mid string, f *web.Form) (string, error)) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	mid := ""
	if onMeeting {
		if mid, ok = h.Kit.PathID(w, r, "meeting"); !ok {
			return
		}
	}
	f := web.NewForm(r)
	to, err := do(id, mid, f)
	if err != nil {
		if f.Take(err, fields...) {
			h.renderBoard(w, r, http.StatusUnprocessableEntity, id, mid, formName, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, to)
}

// AddMember gives someone a seat.
func (h *Handlers) AddMember(w http.ResponseWriter, r *http.Request) {
	h.boardPost(w, r, false, "members", "coproduction.member.added", []string{"email", "organisation_id", "role"}, func(id, _ string, f *web.Form) (string, error) {
		return "/boards/" + id + "#members", h.Svc.AddMember(r.Context(), web.CurrentUser(r), id, MemberInput{Email: f.Get("email"), OrganisationID: f.Get("organisation_id"), Role: f.Get("role")})
	})
}

// AddMeeting records a meeting.
func (h *Handlers) AddMeeting(w http.ResponseWriter, r *http.Request) {
	h.boardPost(w, r, false, "meeting", "coproduction.meeting.added", []string{"held_on", "agenda", "minutes"}, func(id, _ string, f *web.Form) (string, error) {
		mid, err := h.Svc.AddMeeting(r.Context(), web.CurrentUser(r), id, MeetingInput{HeldOn: f.Get("held_on"), Agenda: f.Get("agenda"), Minutes: f.Get("minutes")})
		return "/boards/" + id + "/meetings/" + mid, err
	})
}

// SaveMinutes writes a meeting's minutes.
func (h *Handlers) SaveMinutes(w http.ResponseWriter, r *http.Request) {
	h.boardPost(w, r, true, "minutes", "coproduction.minutes.saved", []string{"minutes"}, func(id, mid string, f *web.Form) (string, error) {
		return "/boards/" + id + "/meetings/" + mid, h.Svc.SaveMinutes(r.Context(), web.CurrentUser(r), id, mid, f.Get("minutes"))
	})
}

// AddDecision records a decision.
func (h *Handlers) AddDecision(w http.ResponseWriter, r *http.Request) {
	h.boardPost(w, r, true, "decision", "coproduction.board_decision.added", []string{"decision"}, func(id, mid string, f *web.Form) (string, error) {
		return "/boards/" + id + "/meetings/" + mid + "#decisions", h.Svc.AddDecision(r.Context(), web.CurrentUser(r), id, mid, f.Get("decision"))
	})
}

// AddAction records an action.
func (h *Handlers) AddAction(w http.ResponseWriter, r *http.Request) {
	h.boardPost(w, r, true, "action", "coproduction.action.added", []string{"action", "owner", "due_on"}, func(id, mid string, f *web.Form) (string, error) {
		return "/boards/" + id + "/meetings/" + mid + "#actions", h.Svc.AddAction(r.Context(), web.CurrentUser(r), id, mid, ActionInput{Text: f.Get("action"), Owner: f.Get("owner"), DueOn: f.Get("due_on")})
	})
}

// CompleteAction marks an action done.
func (h *Handlers) CompleteAction(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	aid, ok := h.Kit.PathID(w, r, "action")
	if !ok {
		return
	}
	if err := h.Svc.CompleteAction(r.Context(), web.CurrentUser(r), id, aid); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "coproduction.action.done")
	web.Redirect(w, r, "/boards/"+id+"#actions")
}

type seatsPage struct {
	web.Page
	shared
	Seats
}

// PersonSeats shows the boards a person sits on.
func (h *Handlers) PersonSeats(w http.ResponseWriter, r *http.Request) {
	h.seats(w, r, h.Svc.PersonSeats)
}

// OrganisationSeats shows the boards an organisation sits on.
func (h *Handlers) OrganisationSeats(w http.ResponseWriter, r *http.Request) {
	h.seats(w, r, h.Svc.OrganisationSeats)
}

func (h *Handlers) seats(w http.ResponseWriter, r *http.Request, get func(context.Context, string) (Seats, error)) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	st, err := get(r.Context(), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "coproduction/seats", &seatsPage{Page: h.Kit.NewPage(r, "coproduction.seats.title", "name", st.Name), Seats: st})
}

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
func (h *Handlers) Engagements(w http.ResponseWriter, r *http.Request) {
	f := web.EmptyForm()
	f.Values.Set("phase", "evaluated")
	h.renderEngagements(w, r, http.StatusOK, f)
}

func (h *Handlers) renderEngagements(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	actor := web.CurrentUser(r)
	es, err := h.Svc.Engagements(r.Context(), actor)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	ps, err := h.Svc.Projects(r.Context(), actor)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
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
			cell := ""
			if sc, ok := e.Scores[s]; ok {
				cell = strconv.Itoa(sc.Score)
			}
			row = append(row, cell)
		}
		avg, n := e.Average()
		if n > 0 {
			row = append(row, strconv.FormatFloat(avg, 'f', 1, 64))
		} else {
			row = append(row, "")
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
		Max: progress.MaxStandardScore, AxisHeading: p.T("coproduction.engagement.standard"), NoData: p.T("coproduction.engagement.not_scored")})
	h.Kit.Render(w, r, status, "coproduction/engagements", p)
}

// CreateEngagement adds an engagement activity.
func (h *Handlers) CreateEngagement(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(r)
	id, err := h.Svc.CreateEngagement(r.Context(), web.CurrentUser(r), EngagementInput{Title: f.Get("title"), ProjectID: f.Get("project_id"), Phase: f.Get("phase"), HeldOn: f.Get("held_on")})
	if err != nil {
		if f.Take(err, "title", "project_id", "phase", "held_on") {
			h.renderEngagements(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "coproduction.engagement.created")
	web.Redirect(w, r, "/engagements/"+id)
}

type engagementPage struct {
	web.Page
	shared
	E     Engagement
	SVG   template.HTML
	Table charts.Table
	Form  *web.Form
}

func (h *Handlers) renderEngagement(w http.ResponseWriter, r *http.Request, status int, id string, f *web.Form) {
	e, err := h.Svc.Engagement(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
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
		ScaleCaption: p.T("coproduction.engagement.scale")})
	h.Kit.Render(w, r, status, "coproduction/engagement", p)
}

// Engagement shows an activity's assessment: radar chart, table and the scoring form.
func (h *Handlers) Engagement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	h.renderEngagement(w, r, http.StatusOK, id, nil)
}

// AssessEngagement scores an activity against the standards.
func (h *Handlers) AssessEngagement(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
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
			h.renderEngagement(w, r, http.StatusUnprocessableEntity, id, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "coproduction.engagement.saved")
	web.Redirect(w, r, "/engagements/"+id)
}

// EngagementsCSV is every activity's scores as CSV.
func (h *Handlers) EngagementsCSV(w http.ResponseWriter, r *http.Request) {
	es, err := h.Svc.Engagements(r.Context(), web.CurrentUser(r))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
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
