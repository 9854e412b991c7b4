package budgeting

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// API serves budgeting's part of /api/v1: processes, their ideas and projects with filters and
// totals, results, and the writes a third party needs — submitting an idea, reviewing it,
// casting a ballot with a one-time code, and recording delivery. Writes need a personal API
// token with the write scope (the web kit checks it); officers' writes also need the admin scope,
// without which a token acts as a resident. The OpenAPI document (openAPI) describes each.
type API struct {
	Kit *web.Kit
	Svc *Service
}

// page is a list with its total: every list of the budgeting API says how many items match.
type page[T any] struct {
	identity.ListBody[T]
	Total int `json:"total"`
}

// pageOf cuts one page out of everything that matched.
func pageOf[T any](r *http.Request, all []T, limit, offset int) page[T] {
	rest := []T{}
	if offset < len(all) {
		rest = all[offset:min(len(all), offset+limit+1)]
	}
	return page[T]{ListBody: identity.List(r, rest, limit, offset), Total: len(all)}
}

// dateParam reads a YYYY-MM-DD query parameter ("" when absent).
func dateParam(r *http.Request, name string) (string, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v != "" && !validDate(v) {
		return "", errs.FieldErrors(map[string]string{name: "budgeting.err.api_date"})
	}
	return v, nil
}

// Processes lists processes, filtered by phase, area (one with a budget for the area) and voting
// dates (voting that runs on or after from, and on or before until).
func (a *API) Processes(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	phase, area := q.Get("phase"), q.Get("area")
	if phase != "" && !oneOf(phase, Phases) {
		return errs.FieldErrors(map[string]string{"phase": "budgeting.err.phase"})
	}
	from, err := dateParam(r, "from")
	if err != nil {
		return err
	}
	until, err := dateParam(r, "until")
	if err != nil {
		return err
	}
	all, err := a.Svc.Processes(r.Context(), 100000, 0)
	if err != nil {
		return err
	}
	out := []Process{}
	for _, p := range all {
		if p.AreaBudgets == nil {
			p.AreaBudgets = []AreaBudget{}
		}
		_, inArea := areaOf(p, area)
		switch {
		case phase != "" && p.Phase != phase, area != "" && !inArea,
			from != "" && p.VotingUntil < from, until != "" && p.VotingFrom > until:
			continue
		}
		out = append(out, p)
	}
	web.JSON(w, http.StatusOK, pageOf(r, out, limit, offset))
	return nil
}

func (a *API) process(r *http.Request) (Process, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Process{}, err
	}
	p, err := a.Svc.Process(r.Context(), id)
	if err == nil && p.Draft && !isOfficer(web.CurrentUser(r)) {
		return Process{}, errs.E(errs.NotFound, "budgeting.not_found")
	}
	if p.AreaBudgets == nil {
		p.AreaBudgets = []AreaBudget{}
	}
	return p, err
}

// Process returns one process.
func (a *API) Process(w http.ResponseWriter, r *http.Request) error {
	p, err := a.process(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, p)
	return nil
}

// apiIdea is an idea as the API gives it: with where it stands.
type apiIdea struct {
	Idea
	State string `json:"state"`
}

func apiIdeas(ideas []Idea) []apiIdea {
	out := make([]apiIdea, 0, len(ideas))
	for _, i := range ideas {
		out = append(out, apiIdea{Idea: i, State: i.State()})
	}
	return out
}

// IdeaStates are the states an idea can be in (Idea.State), for the status filter.
var IdeaStates = []string{"submitted", "accepted", "rejected", "funded", "not_funded", "delivered"}

// filterIdeas keeps the ideas in the state, area and submission dates the request asks for.
func filterIdeas(r *http.Request, ideas []Idea) ([]Idea, error) {
	q := r.URL.Query()
	status, area := q.Get("status"), q.Get("area")
	if status != "" && !oneOf(status, IdeaStates) {
		return nil, errs.FieldErrors(map[string]string{"status": "budgeting.err.api_status"})
	}
	since, err := dateParam(r, "since")
	if err != nil {
		return nil, err
	}
	until, err := dateParam(r, "until")
	if err != nil {
		return nil, err
	}
	out := []Idea{}
	for _, i := range ideas {
		day := i.CreatedAt.In(London).Format(time.DateOnly)
		switch {
		case status != "" && i.State() != status, area != "" && i.AreaID != area,
			since != "" && day < since, until != "" && day > until:
			continue
		}
		out = append(out, i)
	}
	return out, nil
}

// Projects lists a process's ballot projects (filters as Ideas).
func (a *API) Projects(w http.ResponseWriter, r *http.Request) error {
	return a.ideas(w, r, true)
}

// Ideas lists a process's ideas that are not hidden, with their review, filtered by status,
// area and the day they were sent (since, until).
func (a *API) Ideas(w http.ResponseWriter, r *http.Request) error {
	return a.ideas(w, r, false)
}

func (a *API) ideas(w http.ResponseWriter, r *http.Request, projects bool) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	p, err := a.process(r)
	if err != nil {
		return err
	}
	var ideas []Idea
	if projects {
		ideas, err = a.Svc.Projects(r.Context(), p.ID, "")
	} else {
		ideas, err = a.Svc.Ideas(r.Context(), nil, p.ID)
	}
	if err != nil {
		return err
	}
	if ideas, err = filterIdeas(r, ideas); err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, pageOf(r, apiIdeas(ideas), limit, offset))
	return nil
}

// Results returns a process's published results.
func (a *API) Results(w http.ResponseWriter, r *http.Request) error {
	p, err := a.process(r)
	if err != nil {
		return err
	}
	res, err := a.Svc.Results(r.Context(), nil, p.ID)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, res)
	return nil
}

// apiTurnout is a process's live turnout as the API gives it: the ballots so far to everyone,
// and by area and channel to officers, as the process page shows them.
type apiTurnout struct {
	ProcessID string    `json:"process_id"`
	Phase     string    `json:"phase"`
	Ballots   int       `json:"ballots"`
	ByArea    []Turnout `json:"by_area_and_channel,omitempty"`
}

// Turnout returns how many ballots a process has had so far, from the counters kept as ballots
// arrive, so a dashboard may ask as often as it likes.
func (a *API) Turnout(w http.ResponseWriter, r *http.Request) error {
	p, err := a.process(r)
	if err != nil {
		return err
	}
	ts, total, err := a.Svc.Turnout(r.Context(), p.ID)
	if err != nil {
		return err
	}
	out := apiTurnout{ProcessID: p.ID, Phase: p.Phase, Ballots: total}
	if isOfficer(web.CurrentUser(r)) {
		out.ByArea = ts
	}
	web.JSON(w, http.StatusOK, out)
	return nil
}

// decode reads a JSON request body into v, refusing what is not one JSON object of v's fields.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err != nil {
		return &errs.Error{Code: errs.Invalid, Key: "budgeting.err.api_body", Fields: map[string]string{"body": "budgeting.err.api_body"}, Err: err}
	}
	return nil
}

func pounds(pence *int64) string {
	if pence == nil {
		return ""
	}
	if *pence < 0 {
		return "-1"
	}
	return penceDecimal(*pence)
}

func coordinate(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// IdeaRequest is a new idea sent through the API.
type IdeaRequest struct {
	Title         string   `json:"title"`
	Description   string   `json:"description"`
	AreaID        string   `json:"area_id"`
	Address       string   `json:"address"`
	Lat           *float64 `json:"lat"`
	Lng           *float64 `json:"lng"`
	EstimatePence *int64   `json:"estimate_pence"`
	Lang          string   `json:"lang"`
	ShowName      bool     `json:"show_name"`
}

// SubmitIdea adds an idea as the token's owner, while the process takes ideas.
func (a *API) SubmitIdea(w http.ResponseWriter, r *http.Request) error {
	p, err := a.process(r)
	if err != nil {
		return err
	}
	var in IdeaRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	i, err := a.Svc.SubmitIdea(r.Context(), web.CurrentUser(r), p.ID, IdeaInput{Title: in.Title, Description: in.Description,
		AreaID: in.AreaID, Address: in.Address, Lat: coordinate(in.Lat), Lng: coordinate(in.Lng), Estimate: pounds(in.EstimatePence),
		Lang: in.Lang, ShowName: in.ShowName})
	if err != nil {
		return err
	}
	return a.ideaAnswer(w, r, http.StatusCreated, i.ID)
}

func (a *API) ideaAnswer(w http.ResponseWriter, r *http.Request, status int, id string) error {
	i, err := a.Svc.Idea(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	web.JSON(w, status, apiIdea{Idea: i, State: i.State()})
	return nil
}

// idea is the {idea} of the path, checked to belong to the process {id}.
func (a *API) idea(r *http.Request) (Process, Idea, error) {
	p, err := a.process(r)
	if err != nil {
		return p, Idea{}, err
	}
	id, err := web.ID(r, "idea")
	if err != nil {
		return p, Idea{}, err
	}
	i, err := a.Svc.Idea(r.Context(), web.CurrentUser(r), id)
	if err == nil && i.ProcessID != p.ID {
		err = notFound
	}
	return p, i, err
}

// ReviewRequest is a feasibility review sent through the API.
type ReviewRequest struct {
	Decision    string `json:"decision"`
	Feasibility string `json:"feasibility"`
	CostPence   *int64 `json:"cost_pence"`
	Reason      string `json:"reason"`
	TitleEn     string `json:"title_en"`
	TitleCy     string `json:"title_cy"`
	Summary     string `json:"summary"`
	SummaryCy   string `json:"summary_cy"`
}

// Review records a feasibility review (officers with the admin scope, and the process's panel).
func (a *API) Review(w http.ResponseWriter, r *http.Request) error {
	_, i, err := a.idea(r)
	if err != nil {
		return err
	}
	var in ReviewRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := a.Svc.Review(r.Context(), web.CurrentUser(r), i.ID, ReviewInput{Decision: in.Decision, Feasibility: in.Feasibility,
		Cost: pounds(in.CostPence), Reason: in.Reason, TitleEn: in.TitleEn, TitleCy: in.TitleCy, Summary: in.Summary, SummaryCy: in.SummaryCy}); err != nil {
		return err
	}
	return a.ideaAnswer(w, r, http.StatusOK, i.ID)
}

// BallotRequest is a ballot cast with a one-time code through the API.
type BallotRequest struct {
	Code     string   `json:"code"`
	AreaID   string   `json:"area_id"`
	Eligible bool     `json:"eligible"`
	Choices  []Choice `json:"choices"`
}

// BallotAnswer is what casting a ballot returns.
type BallotAnswer struct {
	Receipt    string `json:"receipt"`
	ReceiptURL string `json:"receipt_url"`
}

// CastBallot casts the ballot of a one-time code. The code is the voter: the token (an app's,
// such as a kiosk's) only lets the request in, and its owner's own vote is untouched.
func (a *API) CastBallot(w http.ResponseWriter, r *http.Request) error {
	p, err := a.process(r)
	if err != nil {
		return err
	}
	var in BallotRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Code) == "" {
		return errs.FieldErrors(map[string]string{"code": "budgeting.err.code_missing"})
	}
	receipt, err := a.Svc.Vote(r.Context(), Voter{Code: in.Code, Lang: web.Lang(r)}, p.ID, BallotInput{AreaID: in.AreaID, Eligible: in.Eligible, Choices: in.Choices})
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, BallotAnswer{Receipt: receipt, ReceiptURL: a.Svc.BaseURL + "/budgets/" + p.ID + "/receipts/" + receipt})
	return nil
}

// MilestoneRequest is a delivery milestone sent through the API: a new one, or an update of the
// one named by milestone_id.
type MilestoneRequest struct {
	MilestoneID string `json:"milestone_id"`
	Title       string `json:"title"`
	Status      string `json:"status"`
	Percent     int    `json:"percent"`
}

// SaveMilestone adds or updates a funded project's milestone (officers with the admin scope).
func (a *API) SaveMilestone(w http.ResponseWriter, r *http.Request) error {
	_, i, err := a.idea(r)
	if err != nil {
		return err
	}
	var in MilestoneRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.MilestoneID != "" && !validID(in.MilestoneID) {
		return notFound
	}
	if err := a.Svc.SaveMilestone(r.Context(), web.CurrentUser(r), i.ID, in.MilestoneID,
		MilestoneInput{Title: in.Title, Status: in.Status, Percent: strconv.Itoa(in.Percent)}); err != nil {
		return err
	}
	ms, err := a.Svc.Milestones(r.Context(), i.ID)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if in.MilestoneID != "" {
		status = http.StatusOK
	}
	web.JSON(w, status, map[string]any{"items": nonNil(ms)})
	return nil
}

// UpdateRequest is a public delivery update (Markdown) sent through the API.
type UpdateRequest struct {
	Body string `json:"body"`
}

// PostUpdate adds a dated public update on a funded project (officers with the admin scope).
func (a *API) PostUpdate(w http.ResponseWriter, r *http.Request) error {
	_, i, err := a.idea(r)
	if err != nil {
		return err
	}
	var in UpdateRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := a.Svc.AddUpdate(r.Context(), web.CurrentUser(r), i.ID, in.Body, PhotoInput{}); err != nil {
		return err
	}
	ups, err := a.Svc.Updates(r.Context(), i.ID)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, map[string]any{"items": nonNil(ups)})
	return nil
}

// Delivery lists a project's milestones and updates.
func (a *API) Delivery(w http.ResponseWriter, r *http.Request) error {
	_, i, err := a.idea(r)
	if err != nil {
		return err
	}
	ms, err := a.Svc.Milestones(r.Context(), i.ID)
	if err != nil {
		return err
	}
	ups, err := a.Svc.Updates(r.Context(), i.ID)
	if err != nil {
		return err
	}
	sort.SliceStable(ups, func(x, y int) bool { return ups[x].CreatedAt.After(ups[y].CreatedAt) })
	web.JSON(w, http.StatusOK, map[string]any{"delivered_at": i.DeliveredAt, "milestones": nonNil(ms), "updates": nonNil(ups)})
	return nil
}

// Delivered marks a funded project delivered (officers with the admin scope); its author is told.
func (a *API) Delivered(w http.ResponseWriter, r *http.Request) error {
	_, i, err := a.idea(r)
	if err != nil {
		return err
	}
	if err := a.Svc.MarkDelivered(r.Context(), web.CurrentUser(r), i.ID, true); err != nil {
		return err
	}
	return a.ideaAnswer(w, r, http.StatusOK, i.ID)
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
