package coproduction

import (
	"commons/internal/platform/actor"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"commons/internal/coproduction/progress"
	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// API serves co-production's part of the JSON API under /api/v1. It shows each caller what the
// pages would: published projects to the public, and more to a token of someone taking part;
// names only where their person agreed. Writes go through the same services as the pages, so a
// token may do what its owner's roles allow (officer rights need a token with the admin scope,
// and any write the write scope: the web kit checks scopes before a handler runs).
type API struct {
	Kit *web.Kit
	Svc *Service
}

// ListBody is a page of a list with the total number of items matching the filters.
type ListBody[T any] struct {
	Items  []T    `json:"items"`
	Total  int    `json:"total"`
	Limit  int    `json:"limit"`
	Offset int    `json:"offset"`
	Next   string `json:"next,omitempty"`
}

func list[T any](r *http.Request, all []T, limit, offset int) ListBody[T] {
	b := ListBody[T]{Items: []T{}, Total: len(all), Limit: limit, Offset: offset}
	if offset < len(all) {
		end := min(offset+limit, len(all))
		b.Items = all[offset:end]
	}
	if offset+limit < len(all) {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(offset+limit))
		q.Set("limit", strconv.Itoa(limit))
		b.Next = (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	return b
}

// writeList answers with one page of a list.
func writeList[T any](w http.ResponseWriter, r *http.Request, all []T, limit, offset int) error {
	web.JSON(w, http.StatusOK, list(r, all, limit, offset))
	return nil
}

// idAndPage reads the path's id and the page asked for.
func idAndPage(r *http.Request) (id string, limit, offset int, err error) {
	if id, err = web.ID(r, "id"); err != nil {
		return "", 0, 0, err
	}
	limit, offset, err = identity.Paging(r)
	return id, limit, offset, err
}

// idAndJSON reads the path's id and the JSON body into v.
func idAndJSON(r *http.Request, v any) (string, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return "", err
	}
	return id, decodeJSON(r, v)
}

// decodeJSON reads a JSON request body into v: the body must be JSON, one object, with no
// unknown fields.
func decodeJSON(r *http.Request, v any) error {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return errs.E(errs.Invalid, "coproduction.err.json_type")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.E(errs.Invalid, "coproduction.err.json_large")
		}
		return errs.E(errs.Invalid, "coproduction.err.json")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errs.E(errs.Invalid, "coproduction.err.json")
	}
	return nil
}

// dateParam reads an optional YYYY-MM-DD query parameter.
func dateParam(r *http.Request, name string, bad map[string]string) string {
	s := r.URL.Query().Get(name)
	if s == "" {
		return ""
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		bad[name] = "coproduction.err.date"
		return ""
	}
	return t.Format(time.DateOnly)
}

// ProjectFilter narrows a list of projects: by stage, level, service area (case-insensitive),
// whether published, and the day of its last change.
type ProjectFilter struct {
	Stage, Level, Area     string
	Published              *bool
	UpdatedFrom, UpdatedTo string // YYYY-MM-DD, inclusive, London days
}

func (f ProjectFilter) keep(p Project) bool {
	day := p.UpdatedAt.In(london).Format(time.DateOnly)
	return (f.Stage == "" || p.Stage == f.Stage) && (f.Level == "" || p.Level == f.Level) &&
		(f.Area == "" || strings.EqualFold(strings.TrimSpace(f.Area), p.ServiceArea.Main) || strings.EqualFold(strings.TrimSpace(f.Area), p.ServiceArea.Alt)) &&
		(f.Published == nil || *f.Published == p.Published) &&
		(f.UpdatedFrom == "" || day >= f.UpdatedFrom) && (f.UpdatedTo == "" || day <= f.UpdatedTo)
}

// Projects lists the projects the caller may see, newest first, filtered.
func (a *API) Projects(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	bad := map[string]string{}
	f := ProjectFilter{Stage: q.Get("stage"), Level: q.Get("level"), Area: q.Get("area"),
		UpdatedFrom: dateParam(r, "updated_from", bad), UpdatedTo: dateParam(r, "updated_to", bad)}
	if f.Stage != "" && !progress.In(f.Stage, StageNames) {
		bad["stage"] = "coproduction.err.stage"
	}
	if f.Level != "" && !progress.In(f.Level, LevelNames) {
		bad["level"] = "coproduction.err.level"
	}
	if s := q.Get("published"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			bad["published"] = "coproduction.err.boolean"
		}
		f.Published = &b
	}
	if len(bad) > 0 {
		return errs.FieldErrors(bad)
	}
	ps, err := a.Svc.Projects(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	var out []ProjectJSON
	for _, p := range ps {
		if f.keep(p) {
			out = append(out, projectJSON(p))
		}
	}
	return writeList(w, r, out, limit, offset)
}

// Translation is a record's texts in the language other than its main one.
type Translation map[string]string

// ProjectJSON is a project in the API: its texts in their main language, with the other
// language's texts under "translations".
type ProjectJSON struct {
	Project
	Hours
	Title        string                 `json:"title"`
	Problem      string                 `json:"problem"`
	Affected     string                 `json:"affected"`
	ServiceArea  string                 `json:"service_area"`
	CaseStudy    string                 `json:"case_study,omitempty"`
	Language     string                 `json:"language"`
	Translations map[string]Translation `json:"translations"`
}

func projectJSON(p Project) ProjectJSON {
	out := ProjectJSON{Project: p, Hours: HoursOf(p), Title: p.Title.Main, Problem: p.Problem.Main, Affected: p.Affected.Main, ServiceArea: p.ServiceArea.Main,
		Language: langOf(p.Title.Lang), Translations: map[string]Translation{}}
	if p.CaseStudyState == "published" {
		out.CaseStudy = p.CaseStudy.Main
	}
	t := Translation{}
	for k, v := range map[string]string{"title": p.Title.Alt, "problem": p.Problem.Alt, "affected": p.Affected.Alt, "service_area": p.ServiceArea.Alt} {
		if v != "" {
			t[k] = v
		}
	}
	if p.CaseStudyState == "published" && p.CaseStudy.Alt != "" {
		t["case_study"] = p.CaseStudy.Alt
	}
	if len(t) > 0 {
		out.Translations[other(out.Language)] = t
	}
	return out
}

// ProjectBody is one project in the API, with its stages and outcomes.
type ProjectBody struct {
	ProjectJSON
	Participants []apiParticipant `json:"participants"`
	Stages       []StageEntry     `json:"stages"`
	Outcomes     []Outcome        `json:"outcomes"`
}

type apiParticipant struct {
	Kind         string `json:"kind"`
	Organisation string `json:"organisation,omitempty"`
}

// Project returns one project; a private one is 404 unless the caller takes part.
func (a *API) Project(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.Svc.Project(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	// Who takes part is shown by kind and organisation only: residents' names stay on the page
	// for those taking part.
	b := ProjectBody{ProjectJSON: projectJSON(v.Project), Participants: []apiParticipant{}, Stages: v.Stages, Outcomes: v.Outcomes}
	for _, p := range v.Participants {
		b.Participants = append(b.Participants, apiParticipant{Kind: p.Kind, Organisation: p.OrganisationName})
	}
	if b.Stages == nil {
		b.Stages = []StageEntry{}
	}
	if b.Outcomes == nil {
		b.Outcomes = []Outcome{}
	}
	web.JSON(w, http.StatusOK, b)
	return nil
}

// Measurements lists a project's measurements in date order, filtered by outcome and dates, with
// their total.
func (a *API) Measurements(w http.ResponseWriter, r *http.Request) error {
	id, limit, offset, err := idAndPage(r)
	if err != nil {
		return err
	}
	bad := map[string]string{}
	from, to := dateParam(r, "from", bad), dateParam(r, "to", bad)
	outcome := r.URL.Query().Get("outcome")
	if outcome != "" && !ids.Valid(outcome) {
		bad["outcome"] = "coproduction.err.outcome"
	}
	if len(bad) > 0 {
		return errs.FieldErrors(bad)
	}
	v, err := a.Svc.Project(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	var out []Measurement
	for _, o := range v.Outcomes {
		if outcome != "" && o.ID != outcome {
			continue
		}
		for _, m := range o.Measurements {
			if (from == "" || m.MeasuredOn >= from) && (to == "" || m.MeasuredOn <= to) {
				out = append(out, m)
			}
		}
	}
	return writeList(w, r, out, limit, offset)
}

// MeasurementRequest is a measurement a program records.
type MeasurementRequest struct {
	OutcomeID  string  `json:"outcome_id"`
	MeasuredOn string  `json:"measured_on"`
	Value      float64 `json:"value"`
	Note       string  `json:"note"`
}

// AddMeasurement records a measurement of one of the project's indicators; the caller must be
// able to on the page too (the lead, officers, or someone taking part).
func (a *API) AddMeasurement(w http.ResponseWriter, r *http.Request) error {
	var in MeasurementRequest
	id, err := idAndJSON(r, &in)
	if err != nil {
		return err
	}
	m, err := a.Svc.RecordMeasurement(r.Context(), web.CurrentUser(r), id, MeasurementInput{OutcomeID: in.OutcomeID, MeasuredOn: in.MeasuredOn,
		Value: progress.FormatNumber(in.Value), Note: in.Note})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/projects/"+id+"/measurements")
	web.JSON(w, http.StatusCreated, m)
	return nil
}

// BoardJSON is a board in the API.
type BoardJSON struct {
	Board
	Name         string                 `json:"name"`
	Purpose      string                 `json:"purpose"`
	Language     string                 `json:"language"`
	Translations map[string]Translation `json:"translations"`
}

func boardJSON(b Board) BoardJSON {
	out := BoardJSON{Board: b, Name: b.Name.Main, Purpose: b.Purpose.Main, Language: langOf(b.Name.Lang), Translations: map[string]Translation{}}
	t := Translation{}
	if b.Name.Alt != "" {
		t["name"] = b.Name.Alt
	}
	if b.Purpose.Alt != "" {
		t["purpose"] = b.Purpose.Alt
	}
	if len(t) > 0 {
		out.Translations[other(out.Language)] = t
	}
	return out
}

// Boards lists the boards, by kind when asked.
func (a *API) Boards(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	bs, err := a.Svc.Boards(r.Context(), web.CurrentUser(r), BoardFilter{Kind: r.URL.Query().Get("kind")})
	if err != nil {
		return err
	}
	out := []BoardJSON{}
	for _, b := range bs {
		out = append(out, boardJSON(b))
	}
	return writeList(w, r, out, limit, offset)
}

// SeatJSON is a seat in the API: a person's name only where the caller may see it.
type SeatJSON struct {
	BoardMember
	Name   string `json:"name,omitempty"`
	Role   string `json:"role"`
	RoleCy string `json:"role_cy,omitempty"`
	RoleEn string `json:"role_en,omitempty"`
	Person bool   `json:"person"`
}

// BoardBody is one board in the API with its seats, meetings and actions.
type BoardBody struct {
	BoardJSON
	Seats    []SeatJSON   `json:"seats"`
	Meetings []Meeting    `json:"meetings"`
	Actions  []ActionJSON `json:"actions"`
}

// ActionJSON is an action in the API.
type ActionJSON struct {
	Action
	OwnerRole string `json:"owner_role,omitempty"`
}

func actionJSON(a Action) ActionJSON {
	return ActionJSON{Action: a, OwnerRole: a.OwnerRole.Main}
}

// Board returns one board.
func (a *API) Board(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.Svc.Board(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	b := BoardBody{BoardJSON: boardJSON(v.Board), Seats: []SeatJSON{}, Meetings: v.Meetings, Actions: []ActionJSON{}}
	for _, m := range v.Members {
		s := SeatJSON{BoardMember: m, Name: m.Name(), Role: m.Role.Main, Person: m.Person()}
		s.RoleEn, s.RoleCy = m.Role.En(), m.Role.Cy()
		b.Seats = append(b.Seats, s)
	}
	if b.Meetings == nil {
		b.Meetings = []Meeting{}
	}
	for _, x := range v.Actions {
		b.Actions = append(b.Actions, actionJSON(x))
	}
	web.JSON(w, http.StatusOK, b)
	return nil
}

// Actions lists a board's actions, filtered by status (open, done, overdue) and due dates.
func (a *API) Actions(w http.ResponseWriter, r *http.Request) error {
	id, limit, offset, err := idAndPage(r)
	if err != nil {
		return err
	}
	bad := map[string]string{}
	from, to := dateParam(r, "due_from", bad), dateParam(r, "due_to", bad)
	status := r.URL.Query().Get("status")
	if status != "" && status != "open" && status != "done" && status != "overdue" {
		bad["status"] = "coproduction.err.action_status"
	}
	if len(bad) > 0 {
		return errs.FieldErrors(bad)
	}
	v, err := a.Svc.Board(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	var out []ActionJSON
	for _, x := range v.Actions {
		ok := (from == "" || x.DueOn >= from) && (to == "" || x.DueOn <= to)
		switch status {
		case "open":
			ok = ok && x.DoneAt == nil
		case "done":
			ok = ok && x.DoneAt != nil
		case "overdue":
			ok = ok && x.Overdue
		}
		if ok {
			out = append(out, actionJSON(x))
		}
	}
	return writeList(w, r, out, limit, offset)
}

// ActionRequest is an action a program records: what, whose (a seat's id, or someone named:
// an account's email or a name), by when, and from which meeting (optional).
type ActionRequest struct {
	Text        string `json:"text"`
	MeetingID   string `json:"meeting_id"`
	OwnerSeatID string `json:"owner_seat_id"`
	Owner       string `json:"owner"`
	DueOn       string `json:"due_on"`
}

// AddAction records an action on a board (the chair, officers).
func (a *API) AddAction(w http.ResponseWriter, r *http.Request) error {
	var in ActionRequest
	id, err := idAndJSON(r, &in)
	if err != nil {
		return err
	}
	if in.MeetingID != "" && !ids.Valid(in.MeetingID) {
		return errs.FieldErrors(map[string]string{"meeting_id": "coproduction.err.meeting"})
	}
	actor := web.CurrentUser(r)
	aid, err := a.Svc.CreateAction(r.Context(), actor, id, in.MeetingID, ActionInput{Text: in.Text, OwnerMemberID: in.OwnerSeatID, Owner: in.Owner, DueOn: in.DueOn})
	if err != nil {
		if e := errs.As(err); e.Code == errs.Invalid && e.Fields != nil {
			if k, ok := e.Fields["action"]; ok { // the form's field is the API's text
				delete(e.Fields, "action")
				e.Fields["text"] = k
			}
			if k, ok := e.Fields["owner_member"]; ok {
				delete(e.Fields, "owner_member")
				e.Fields["owner_seat_id"] = k
			}
		}
		return err
	}
	return a.writeAction(w, r, actor, id, aid, http.StatusCreated)
}

func (a *API) writeAction(w http.ResponseWriter, r *http.Request, actor *actor.Actor, boardID, actionID string, status int) error {
	v, err := a.Svc.Board(r.Context(), actor, boardID)
	if err != nil {
		return err
	}
	for _, x := range v.Actions {
		if x.ID == actionID {
			w.Header().Set("Location", "/api/v1/boards/"+boardID+"/actions/"+actionID)
			web.JSON(w, status, actionJSON(x))
			return nil
		}
	}
	return errNotFound
}

// ActionDoneRequest marks an action done; how and note are for someone recording it for its
// owner (how the owner told them: phone, in_person, letter, email, meeting).
type ActionDoneRequest struct {
	How  string `json:"how"`
	Note string `json:"note"`
}

// CompleteAction marks an action done: its owner may, and the chair and officers for them.
func (a *API) CompleteAction(w http.ResponseWriter, r *http.Request) error {
	id, aid, err := web.IDs(r, "id", "action")
	if err != nil {
		return err
	}
	var in ActionDoneRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	actor := web.CurrentUser(r)
	if err := a.Svc.CompleteAction(r.Context(), actor, id, aid, CompleteInput(in)); err != nil {
		return err
	}
	return a.writeAction(w, r, actor, id, aid, http.StatusOK)
}

// Action returns one of a board's actions.
func (a *API) Action(w http.ResponseWriter, r *http.Request) error {
	id, aid, err := web.IDs(r, "id", "action")
	if err != nil {
		return err
	}
	return a.writeAction(w, r, web.CurrentUser(r), id, aid, http.StatusOK)
}
