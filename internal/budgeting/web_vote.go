package budgeting

import (
	"net/http"
	"net/url"
	"strconv"

	"commons/internal/identity"
	"commons/internal/platform/errs"
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
	Assist   bool // an officer recording a resident's vote with them (assisted digital)
	NeedCode bool
	Script   string
	Style    string
	Areas    []identity.Area // where voters may say they live, when the process has no area budgets
	// Mine is the signed-in voter's ballot already cast (nil when none): sending again replaces it.
	Mine *Cast
	// SignIn is where a voter without an account may sign in and come back to this ballot.
	SignIn string
	// Papers are the paper ballots entered so far (officers entering paper), and InArea how many
	// of them are in the area shown.
	Papers []PaperBallot
	InArea int
	Hows   []string
	// Published: voting is over and the results are public.
	Published bool
}

// Checked reports whether a project is ticked on the form.
func (b *ballotPage) Checked(id string) bool { return b.Chosen[id] > 0 }

// PointsFor is the points typed for a project.
func (b *ballotPage) PointsFor(id string) string { return b.Form.Get("p-" + id) }

// Action is where the ballot form posts and the area choice goes.
func (b *ballotPage) Action() string {
	switch {
	case b.Paper:
		return "paper"
	case b.Assist:
		return "assist"
	}
	return "vote"
}

// OtherArea reports whether the voter's ballot already cast is in an area other than the one shown.
func (b *ballotPage) OtherArea() bool {
	return b.Mine != nil && b.P.Districts() && b.Area != "" && b.Mine.Area != b.Area
}

func (h *Handlers) renderBallot(w http.ResponseWriter, r *http.Request, status int, p Process, area string, f *web.Form, mode string) error {
	u := web.CurrentUser(r)
	title := "budgeting.vote.title"
	switch mode {
	case "paper":
		title = "budgeting.paper.title"
	case "assist":
		title = "budgeting.assist.title"
	}
	pg := &ballotPage{Page: h.Kit.NewPage(r, title, "title", p.TitleIn(web.Lang(r))), P: p, Area: area, Form: f, Paper: mode == "paper",
		Assist: mode == "assist", Chosen: map[string]int{}, Script: ballotScript.URL, Style: styleSheet.URL, Hows: AssistHows, Published: p.Published()}
	pg.Errors = f
	pg.NeedCode = mode == "vote" && (p.VoterAccess == "code" || p.VoterAccess == "either" && u == nil)
	if mode == "vote" && u == nil && p.VoterAccess != "code" {
		back := "/budgets/" + p.ID + "/vote"
		if area != "" {
			back += "?area=" + url.QueryEscape(area)
		}
		pg.SignIn = "/sign-in?next=" + url.QueryEscape(back)
	}
	for _, a := range p.AreaBudgets {
		if a.AreaID == area {
			pg.AreaName = a.AreaName
		}
	}
	var err error
	if mode == "vote" && u != nil && p.VoterAccess != "code" {
		if pg.Mine, err = h.Svc.MyCast(r.Context(), u.ID, p.ID); err != nil {
			return err
		}
	}
	if !p.Districts() {
		if pg.Projects, err = h.Svc.Projects(r.Context(), p.ID, ""); err == nil {
			pg.Areas, err = h.Areas(r.Context())
		}
		if err != nil {
			return err
		}
		pg.Budget, pg.Area = p.TotalPence, ""
	} else if pg.AreaName != "" {
		if pg.Projects, err = h.Svc.Projects(r.Context(), p.ID, area); err != nil {
			return err
		}
		pg.Budget = p.BudgetFor(area)
	} else {
		pg.Area = ""
	}
	if mode == "paper" {
		if pg.Papers, err = h.Svc.PaperBallots(r.Context(), u, p.ID); err != nil {
			return err
		}
		for _, b := range pg.Papers {
			if b.AreaID == area {
				pg.InArea++
			}
		}
	}
	for _, id := range f.Values["choice"] {
		pg.Chosen[id] = 1
	}
	h.Kit.Render(w, r, status, "budgeting/ballot", pg)
	return nil
}

// Ballot shows the ballot (for a process with area budgets, first the choice of area). A
// returning voter finds their ballot filled in as they cast it.
func (h *Handlers) Ballot(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	if p.Phase == "voting" && p.VoterAccess == "account" && u == nil {
		web.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.RequestURI()))
		return nil
	}
	f := web.EmptyForm()
	area := r.URL.Query().Get("area")
	if u != nil && p.VoterAccess != "code" {
		myArea, mine, err := h.Svc.MyBallot(r.Context(), u.ID, p.ID)
		if err != nil {
			return err
		}
		if area == "" && !r.URL.Query().Has("area") {
			area = myArea
		}
		if area == myArea {
			for _, c := range mine {
				f.Values.Add("choice", c.IdeaID)
				f.Values.Set("p-"+c.IdeaID, strconv.Itoa(c.Points))
			}
			if len(mine) > 0 {
				f.Values.Set("eligible", "yes")
			}
		}
	}
	f.Values.Set("area_id", area)
	return h.renderBallot(w, r, http.StatusOK, p, area, f, "vote")
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

var ballotFields = []string{"for_email", "assisted_how", "paper_ref", "code", "area_id", "choices", "eligible"}

func (h *Handlers) castBallot(w http.ResponseWriter, r *http.Request, mode string) error {
	p, err := h.ballotProcess(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	area := f.Get("area_id")
	projectArea := area
	if !p.Districts() {
		projectArea = ""
	}
	projects, err := h.Svc.BallotProjects(r.Context(), p.ID, projectArea)
	if err != nil {
		return err
	}
	v := Voter{Account: web.CurrentUser(r), Lang: web.Lang(r)}
	switch {
	case mode == "paper":
		v.PaperRef = f.Get("paper_ref")
		if v.PaperRef == "" {
			f.Fail("paper_ref", "budgeting.err.paper_ref")
			return h.renderBallot(w, r, http.StatusUnprocessableEntity, p, area, f, mode)
		}
	case mode == "assist":
		resident, err := h.Svc.Resident(r.Context(), f.Get("for_email"))
		if err != nil {
			if f.Take(err, ballotFields...) {
				return h.renderBallot(w, r, http.StatusUnprocessableEntity, p, area, f, mode)
			}
			return err
		}
		v.AssistedBy, v.Account, v.AssistedHow = v.Account, resident, f.Get("assisted_how")
	case f.Get("code") != "":
		v.Code = f.Get("code") // the account stays: one person votes once, with it or a code
	}
	fields := ballotFields
	for _, pr := range projects {
		fields = append(fields, "p-"+pr.ID)
	}
	in := ballotInput(p, f, projects)
	if mode == "assist" {
		in.Eligible = f.Get("eligible") == "yes"
	}
	receipt, err := h.Svc.Vote(r.Context(), v, p.ID, in)
	if err != nil {
		if f.Take(err, fields...) {
			return h.renderBallot(w, r, http.StatusUnprocessableEntity, p, area, f, mode)
		}
		return err
	}
	switch mode {
	case "paper":
		h.Kit.Flash(w, "budgeting.paper.saved")
		web.Redirect(w, r, "/budgets/"+p.ID+"/paper?area="+url.QueryEscape(area))
	case "assist":
		h.Kit.Flash(w, "budgeting.assist.saved")
		web.Redirect(w, r, "/budgets/"+p.ID+"/assist?area="+url.QueryEscape(area))
	default:
		web.Redirect(w, r, "/budgets/"+p.ID+"/receipts/"+receipt)
	}
	return nil
}

// Vote casts the ballot online.
func (h *Handlers) Vote(w http.ResponseWriter, r *http.Request) error {
	return h.castBallot(w, r, "vote")
}

// PaperForm shows the form for entering a paper ballot, with the paper ballots entered so far
// (officers).
func (h *Handlers) PaperForm(w http.ResponseWriter, r *http.Request) error {
	return h.officerBallot(w, r, "paper")
}

// Paper enters a paper ballot (officers).
func (h *Handlers) Paper(w http.ResponseWriter, r *http.Request) error {
	return h.castBallot(w, r, "paper")
}

// AssistForm shows the ballot an officer fills in with a resident (officers).
func (h *Handlers) AssistForm(w http.ResponseWriter, r *http.Request) error {
	return h.officerBallot(w, r, "assist")
}

// Assist records a resident's vote cast with an officer's help (officers).
func (h *Handlers) Assist(w http.ResponseWriter, r *http.Request) error {
	return h.castBallot(w, r, "assist")
}

func (h *Handlers) officerBallot(w http.ResponseWriter, r *http.Request, mode string) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	area := r.URL.Query().Get("area")
	f.Values.Set("area_id", area)
	return h.renderBallot(w, r, http.StatusOK, p, area, f, mode)
}

// WithdrawPaper takes back a paper ballot entered by mistake (officers).
func (h *Handlers) WithdrawPaper(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	bid, err := web.ID(r, "ballot")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.WithdrawPaper(r.Context(), web.CurrentUser(r), p.ID, bid); err != nil {
		return err
	}
	h.Kit.Flash(w, "budgeting.paper.withdrawn")
	web.Redirect(w, r, "/budgets/"+p.ID+"/paper?area="+url.QueryEscape(f.Get("area")))
	return nil
}

type receiptPage struct {
	web.Page
	money
	P    Process
	B    Ballot
	Open bool // voting is open: an online ballot can still be changed
}

// Receipt tells a voter their ballot is in.
func (h *Handlers) Receipt(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	rid, ok := NormaliseReceipt(r.PathValue("receipt"))
	if !ok {
		return errs.E(errs.NotFound, "budgeting.receipt_not_found")
	}
	b, err := h.Svc.Receipt(r.Context(), p.ID, rid)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "budgeting/receipt", &receiptPage{Page: h.Kit.NewPage(r, "budgeting.receipt.title"), P: p, B: b,
		Open: p.VotingState(h.Svc.DB.Now(r.Context())) == "open"})
	return nil
}

type codesPage struct {
	web.Page
	money
	P      Process
	Codes  []Code
	Unused int
	Form   *web.Form
}

func (h *Handlers) renderCodes(w http.ResponseWriter, r *http.Request, status int, p Process, f *web.Form) error {
	codes, err := h.Svc.Codes(r.Context(), p.ID)
	if err != nil {
		return err
	}
	pg := &codesPage{Page: h.Kit.NewPage(r, "budgeting.codes.title", "title", p.TitleIn(web.Lang(r))), P: p, Codes: codes, Form: f}
	for _, c := range codes {
		if !c.Used {
			pg.Unused++
		}
	}
	pg.Errors = f
	h.Kit.Render(w, r, status, "budgeting/codes", pg)
	return nil
}

// Codes lists the one-time codes, printable (officers).
func (h *Handlers) Codes(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("count", "20")
	return h.renderCodes(w, r, http.StatusOK, p, f)
}

// MakeCodes generates a batch of codes (officers).
func (h *Handlers) MakeCodes(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	n, err := strconv.Atoi(f.Get("count"))
	if err != nil {
		n = 0
	}
	if err := h.Svc.GenerateCodes(r.Context(), web.CurrentUser(r), p.ID, n); err != nil {
		if f.Take(err, "count") {
			return h.renderCodes(w, r, http.StatusUnprocessableEntity, p, f)
		}
		return err
	}
	h.Kit.Flash(w, "budgeting.codes.made")
	web.Redirect(w, r, "/budgets/"+p.ID+"/codes")
	return nil
}

type slipsPage struct {
	web.Page
	money
	P     Process
	Codes []Code
	Style string
	URL   string // where voters go to vote
}

// PrintCodes shows the unused codes as slips to print, cut and hand out: several to an A4 page,
// each with the process's name, where to vote and how (officers).
func (h *Handlers) PrintCodes(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	codes, err := h.Svc.Codes(r.Context(), p.ID)
	if err != nil {
		return err
	}
	var unused []Code
	for _, c := range codes {
		if !c.Used {
			unused = append(unused, c)
		}
	}
	base := h.Svc.BaseURL
	if base == "" {
		base = "http://" + r.Host
	}
	h.Kit.Render(w, r, http.StatusOK, "budgeting/codes_print", &slipsPage{Page: h.Kit.NewPage(r, "budgeting.slips.title", "title", p.TitleIn(web.Lang(r))),
		P: p, Codes: unused, Style: styleSheet.URL, URL: base + "/budgets/" + p.ID + "/vote"})
	return nil
}
