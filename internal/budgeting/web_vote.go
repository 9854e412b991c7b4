package budgeting

import (
	"net/http"
	"net/url"
	"strconv"

	"commons/internal/identity"
	"commons/internal/platform/web"
)

type ballotPage struct {
	web.Page
	money
	P        Process
	Area     string
	AreaName string
	Budget   int64
	Projects []Idea
	Form     *web.Form
	Chosen   map[string]int
	Paper    bool // an officer entering a paper ballot
	NeedCode bool
	Script   string
	Areas    []identity.Area // where voters may say they live, when the process has no area budgets
}

// Checked reports whether a project is ticked on the form.
func (b *ballotPage) Checked(id string) bool { return b.Chosen[id] > 0 }

// PointsFor is the points typed for a project.
func (b *ballotPage) PointsFor(id string) string { return b.Form.Get("p-" + id) }

func (h *Handlers) renderBallot(w http.ResponseWriter, r *http.Request, status int, p Process, area string, f *web.Form, paper bool) {
	u := web.CurrentUser(r)
	title := "budgeting.vote.title"
	if paper {
		title = "budgeting.paper.title"
	}
	pg := &ballotPage{Page: h.Kit.NewPage(r, title, "title", p.Title), P: p, Area: area, Form: f, Paper: paper, Chosen: map[string]int{}, Script: ballotScript}
	pg.Errors = f
	pg.NeedCode = !paper && (p.VoterAccess == "code" || p.VoterAccess == "either" && u == nil)
	for _, a := range p.AreaBudgets {
		if a.AreaID == area {
			pg.AreaName = a.AreaName
		}
	}
	if !p.Districts() {
		var err error
		if pg.Projects, err = h.Svc.Projects(r.Context(), p.ID, ""); err == nil {
			pg.Areas, err = h.Areas(r.Context())
		}
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		pg.Budget, pg.Area = p.TotalPence, ""
	} else if pg.AreaName != "" {
		var err error
		if pg.Projects, err = h.Svc.Projects(r.Context(), p.ID, area); err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		pg.Budget = p.BudgetFor(area)
	} else {
		pg.Area = ""
	}
	for _, id := range f.Values["choice"] {
		pg.Chosen[id] = 1
	}
	h.Kit.Render(w, r, status, "budgeting/ballot", pg)
}

// Ballot shows the ballot (for a process with area budgets, first the choice of area).
func (h *Handlers) Ballot(w http.ResponseWriter, r *http.Request) {
	p, ok := h.process(w, r)
	if !ok {
		return
	}
	u := web.CurrentUser(r)
	if p.Phase == "voting" && p.VoterAccess == "account" && u == nil {
		web.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.Path))
		return
	}
	f := web.EmptyForm()
	area := r.URL.Query().Get("area")
	if u != nil && p.VoterAccess != "code" {
		myArea, mine, err := h.Svc.MyBallot(r.Context(), u.ID, p.ID)
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		if area == "" {
			area = myArea
		}
		for _, c := range mine {
			f.Values.Add("choice", c.IdeaID)
			f.Values.Set("p-"+c.IdeaID, strconv.Itoa(c.Points))
		}
		if len(mine) > 0 {
			f.Values.Set("eligible", "yes")
		}
	}
	f.Values.Set("area_id", area)
	h.renderBallot(w, r, http.StatusOK, p, area, f, false)
}

func ballotInput(p Process, f *web.Form, projects []Idea) BallotInput {
	in := BallotInput{AreaID: f.Get("area_id"), Eligible: f.Get("eligible") == "yes"}
	if p.Format == FormatCumulative {
		for _, pr := range projects {
			s := f.Get("p-" + pr.ID)
			if s == "" || s == "0" {
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				n = -1
			}
			in.Choices = append(in.Choices, Choice{IdeaID: pr.ID, Points: n})
		}
		return in
	}
	for _, id := range f.Values["choice"] {
		in.Choices = append(in.Choices, Choice{IdeaID: id, Points: 1})
	}
	return in
}

var ballotFields = []string{"paper_ref", "code", "area_id", "choices", "eligible"}

func (h *Handlers) castBallot(w http.ResponseWriter, r *http.Request, paper bool) {
	p, ok := h.process(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	area := f.Get("area_id")
	projectArea := area
	if !p.Districts() {
		projectArea = ""
	}
	projects, err := h.Svc.Projects(r.Context(), p.ID, projectArea)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	v := Voter{Account: web.CurrentUser(r), Lang: web.Lang(r)}
	if paper {
		v.PaperRef = f.Get("paper_ref")
		if v.PaperRef == "" {
			f.Fail("paper_ref", "budgeting.err.paper_ref")
			h.renderBallot(w, r, http.StatusUnprocessableEntity, p, area, f, paper)
			return
		}
	} else if f.Get("code") != "" {
		v.Code = f.Get("code")
		v.Account = nil
	}
	fields := ballotFields
	for _, pr := range projects {
		fields = append(fields, "p-"+pr.ID)
	}
	receipt, err := h.Svc.Vote(r.Context(), v, p.ID, ballotInput(p, f, projects))
	if err != nil {
		if f.Take(err, fields...) {
			h.renderBallot(w, r, http.StatusUnprocessableEntity, p, area, f, paper)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	if paper {
		h.Kit.Flash(w, "budgeting.paper.saved")
		web.Redirect(w, r, "/budgets/"+p.ID+"/paper?area="+url.QueryEscape(area))
		return
	}
	web.Redirect(w, r, "/budgets/"+p.ID+"/receipts/"+receipt)
}

// Vote casts the ballot online.
func (h *Handlers) Vote(w http.ResponseWriter, r *http.Request) { h.castBallot(w, r, false) }

// PaperForm shows the form for entering a paper ballot (officers).
func (h *Handlers) PaperForm(w http.ResponseWriter, r *http.Request) {
	p, ok := h.process(w, r)
	if !ok {
		return
	}
	f := web.EmptyForm()
	area := r.URL.Query().Get("area")
	f.Values.Set("area_id", area)
	h.renderBallot(w, r, http.StatusOK, p, area, f, true)
}

// Paper enters a paper ballot (officers).
func (h *Handlers) Paper(w http.ResponseWriter, r *http.Request) { h.castBallot(w, r, true) }

type receiptPage struct {
	web.Page
	money
	P Process
	B Ballot
}

// Receipt tells a voter their ballot is in.
func (h *Handlers) Receipt(w http.ResponseWriter, r *http.Request) {
	p, ok := h.process(w, r)
	if !ok {
		return
	}
	rid, ok := h.Kit.PathID(w, r, "receipt")
	if !ok {
		return
	}
	b, err := h.Svc.Receipt(r.Context(), p.ID, rid)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "budgeting/receipt", &receiptPage{Page: h.Kit.NewPage(r, "budgeting.receipt.title"), P: p, B: b})
}

type codesPage struct {
	web.Page
	money
	P      Process
	Codes  []Code
	Unused int
	Form   *web.Form
}

func (h *Handlers) renderCodes(w http.ResponseWriter, r *http.Request, status int, p Process, f *web.Form) {
	codes, err := h.Svc.Codes(r.Context(), p.ID)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	pg := &codesPage{Page: h.Kit.NewPage(r, "budgeting.codes.title", "title", p.Title), P: p, Codes: codes, Form: f}
	for _, c := range codes {
		if !c.Used {
			pg.Unused++
		}
	}
	pg.Errors = f
	h.Kit.Render(w, r, status, "budgeting/codes", pg)
}

// Codes lists the one-time codes, printable (officers).
func (h *Handlers) Codes(w http.ResponseWriter, r *http.Request) {
	p, ok := h.process(w, r)
	if !ok {
		return
	}
	f := web.EmptyForm()
	f.Values.Set("count", "20")
	h.renderCodes(w, r, http.StatusOK, p, f)
}

// MakeCodes generates a batch of codes (officers).
func (h *Handlers) MakeCodes(w http.ResponseWriter, r *http.Request) {
	p, ok := h.process(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	n, err := strconv.Atoi(f.Get("count"))
	if err != nil {
		n = 0
	}
	if err := h.Svc.GenerateCodes(r.Context(), web.CurrentUser(r), p.ID, n); err != nil {
		if f.Take(err, "count") {
			h.renderCodes(w, r, http.StatusUnprocessableEntity, p, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "budgeting.codes.made")
	web.Redirect(w, r, "/budgets/"+p.ID+"/codes")
}
