package budgeting

import (
	"context"
	"net/http"
	"strconv"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// Handlers serve the budgeting pages.
type Handlers struct {
	Kit   *web.Kit
	Svc   *Service
	Areas func(ctx context.Context) ([]identity.Area, error)
	// TileURL is the maps' tile server ({z}/{x}/{y} template, the map-tile-url setting).
	TileURL string
	// MapCentre is where the idea form's map starts (latitude, longitude; the map-centre setting).
	MapCentre [2]float64
}

type listPage struct {
	web.Page
	money
	Processes []Process
	Drafts    []Process // not yet published (officers)
	Officer   bool
}

// List shows every process.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Processes(r.Context(), 500, 0)
	if err != nil {
		return err
	}
	drafts, err := h.Svc.DraftProcesses(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "budgeting/list", &listPage{Page: h.Kit.NewPage(r, "budgeting.list.title"), Processes: ps, Drafts: drafts,
		Officer: isOfficer(web.CurrentUser(r))})
	return nil
}

type processPage struct {
	web.Page
	money
	Reviewers []Reviewer
	Form      *web.Form
	P         Process
	Ideas     []Idea
	Officer   bool
	Moderator bool
	Counted   bool
	Voting    string // the voting window by the published dates: "", "before", "open" or "closed"
	// Early: counting now would close voting before its published closing day.
	Early bool
	// Mine is the signed-in person's ballot in the process (nil when none).
	Mine *Cast
	// Turnout so far while voting (from the live counters): the total for everyone, by area and
	// channel for officers.
	Turnout      []Turnout
	TurnoutTotal int
	// Mapped: some idea has a point, so the page draws the ideas' map (with JavaScript).
	Mapped                    bool
	TileURL, Style, MapScript string
}

// Show shows a process with its ideas and what can be done in its phase.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	return h.show(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) show(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	ideas, err := h.Svc.Ideas(r.Context(), u, p.ID)
	if err != nil {
		return err
	}
	pg := &processPage{Page: h.Kit.NewPage(r, "budgeting.process.title", "title", p.TitleIn(web.Lang(r))), P: p, Ideas: ideas,
		Officer: isOfficer(u), Moderator: isModerator(u), Counted: p.CountedAt != nil, Form: f,
		Voting: p.VotingState(h.Svc.DB.Now(r.Context()))}
	pg.Early = p.Phase == "voting" && pg.Voting != "closed"
	if u != nil && pg.Voting == "open" {
		if pg.Mine, err = h.Svc.MyCast(r.Context(), u.ID, p.ID); err != nil {
			return err
		}
	}
	if p.Phase == "voting" && pg.Voting != "before" {
		if pg.Turnout, pg.TurnoutTotal, err = h.Svc.Turnout(r.Context(), p.ID); err != nil {
			return err
		}
	}
	pg.Errors = f
	for _, i := range ideas {
		if i.Lat != nil && i.Lng != nil && !i.Hidden() {
			pg.Mapped, pg.TileURL, pg.Style, pg.MapScript = true, h.TileURL, styleSheet.URL, mapScript.URL
			break
		}
	}
	if pg.Officer {
		if pg.Reviewers, err = h.Svc.Reviewers(r.Context(), p.ID); err != nil {
			return err
		}
	}
	h.Kit.Render(w, r, status, "budgeting/process", pg)
	return nil
}

// AddReviewer puts someone on the review panel (officers).
func (h *Handlers) AddReviewer(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.AddReviewer(r.Context(), web.CurrentUser(r), p.ID, f.Get("reviewer")); err != nil {
		if f.Take(err, "reviewer") {
			return h.show(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "budgeting.reviewers.added")
	web.Redirect(w, r, "/budgets/"+p.ID)
	return nil
}

// process is the {id} path value's process: not found for a malformed id, an unknown process
// and a draft anyone but an officer asks for.
func (h *Handlers) process(r *http.Request) (Process, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Process{}, err
	}
	p, err := h.Svc.Process(r.Context(), id)
	if err == nil && p.Draft && !isOfficer(web.CurrentUser(r)) {
		err = errs.E(errs.NotFound, "budgeting.not_found")
	}
	return p, err
}

// PublishProcess makes a draft process public (officers).
func (h *Handlers) PublishProcess(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.PublishProcess, "budgeting.flash.published_process", "/budgets/{id}")
}

type processForm struct {
	web.Page
	money
	P        Process
	Form     *web.Form
	Areas    []identity.Area
	Phases   []string
	Formats  []string
	Rules    []string
	Accesses []string
	// AreasOpen: the area budgets are shown open (some are set, or one has an error).
	AreasOpen bool
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, p Process, f *web.Form) error {
	areas, err := h.Areas(r.Context())
	if err != nil {
		return err
	}
	title := "budgeting.new.title"
	if p.ID != "" {
		title = "budgeting.edit.title"
	}
	pg := &processForm{Page: h.Kit.NewPage(r, title, "title", p.Title), P: p, Form: f, Areas: areas,
		Phases: Phases, Formats: Formats, Rules: Rules, Accesses: Accesses}
	pg.Errors = f
	for _, a := range areas {
		if f.Get("area_"+a.ID) != "" || f.Error("area_"+a.ID) != "" {
			pg.AreasOpen = true
		}
	}
	h.Kit.Render(w, r, status, "budgeting/process_form", pg)
	return nil
}

// New shows the form for a new process.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	for k, v := range map[string]string{"phase": "ideas", "format": FormatBudget, "rule": "greedy", "voter_access": "either",
		"min_age": "16", "min_choices": "1", "max_choices": "5", "points": "10"} {
		f.Values.Set(k, v)
	}
	return h.renderForm(w, r, http.StatusOK, Process{}, f)
}

// Edit shows a process's form.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	set := f.Values.Set
	set("title", p.Title)
	set("title_cy", p.TitleCy)
	set("description", p.Description)
	set("description_cy", p.DescriptionCy)
	set("total", penceDecimal(p.TotalPence))
	set("phase", p.Phase)
	set("ideas_from", p.IdeasFrom)
	set("review_from", p.ReviewFrom)
	set("voting_from", p.VotingFrom)
	set("voting_until", p.VotingUntil)
	set("results_from", p.ResultsFrom)
	set("format", p.Format)
	set("min_choices", itoa(p.MinChoices))
	set("max_choices", itoa(p.MaxChoices))
	set("points", itoa(p.Points))
	set("rule", p.Rule)
	set("min_age", itoa(p.MinAge))
	set("voter_access", p.VoterAccess)
	for _, a := range p.AreaBudgets {
		set("area_"+a.AreaID, penceDecimal(a.Pence))
	}
	return h.renderForm(w, r, http.StatusOK, p, f)
}

var processFields = []string{"title", "title_cy", "description", "description_cy", "total", "phase", "ideas_from", "review_from", "voting_from", "voting_until",
	"results_from", "format", "min_choices", "max_choices", "points", "rule", "min_age", "voter_access"}

func (h *Handlers) processInput(r *http.Request, f *web.Form) (ProcessInput, error) {
	in := ProcessInput{Title: f.Get("title"), TitleCy: f.Get("title_cy"), Description: f.Get("description"), DescriptionCy: f.Get("description_cy"), Total: f.Get("total"), Phase: f.Get("phase"),
		IdeasFrom: f.Get("ideas_from"), ReviewFrom: f.Get("review_from"), VotingFrom: f.Get("voting_from"),
		VotingUntil: f.Get("voting_until"), ResultsFrom: f.Get("results_from"), Format: f.Get("format"),
		MinChoices: f.Get("min_choices"), MaxChoices: f.Get("max_choices"), Points: f.Get("points"), Rule: f.Get("rule"),
		MinAge: f.Get("min_age"), VoterAccess: f.Get("voter_access"), AreaBudgets: map[string]string{}}
	areas, err := h.Areas(r.Context())
	if err != nil {
		return in, err
	}
	for _, a := range areas {
		if v := f.Get("area_" + a.ID); v != "" {
			in.AreaBudgets[a.ID] = v
		}
	}
	return in, nil
}

// Save creates or updates a process.
func (h *Handlers) Save(w http.ResponseWriter, r *http.Request) error {
	id := ""
	var existing Process
	if r.PathValue("id") != "" {
		var err error
		if existing, err = h.process(r); err != nil {
			return err
		}
		id = existing.ID
	}
	f := web.NewForm(r)
	in, err := h.processInput(r, f)
	if err == nil {
		var p Process
		if p, err = h.Svc.SaveProcess(r.Context(), web.CurrentUser(r), id, in); err == nil {
			h.Kit.Flash(w, "budgeting.saved")
			web.Redirect(w, r, "/budgets/"+p.ID)
			return nil
		}
	}
	if f.Take(err, processFields...) {
		return h.renderForm(w, r, http.StatusUnprocessableEntity, existing, f)
	}
	return err
}

// Count runs the count.
func (h *Handlers) Count(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := CountInput{Confirm: f.Get("confirm") == "yes", CloseEarly: f.Get("close_early") == "yes"}
	if err := h.Svc.Count(r.Context(), web.CurrentUser(r), p.ID, in); err != nil {
		if f.Take(err, "close_early", "confirm") {
			return h.show(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "budgeting.counted")
	web.Redirect(w, r, "/budgets/"+p.ID+"/results")
	return nil
}

// Reopen reopens a counted process for correction, with a reason (officers).
func (h *Handlers) Reopen(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.Reopen(r.Context(), web.CurrentUser(r), p.ID, f.Get("reopen_reason")); err != nil {
		if f.Take(err, "reopen_reason") {
			return h.show(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "budgeting.reopened")
	web.Redirect(w, r, "/budgets/"+p.ID)
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

var notFound = errs.E(errs.NotFound, "error.not_found")
