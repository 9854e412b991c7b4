package coproduction

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/web"
)

// API serves co-production's part of the JSON API under /api/v1. It shows each visitor what the
// pages would: published projects to the public, and more to a token of someone taking part.
type API struct {
	Kit *web.Kit
	Svc *Service
}

func page[T any](items []T, limit, offset int) []T {
	if offset >= len(items) {
		return nil
	}
	items = items[offset:]
	if len(items) > limit+1 {
		items = items[:limit+1]
	}
	return items
}

// Projects lists the projects the caller may see, newest first.
func (a *API) Projects(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		a.Kit.Error(w, r, err)
		return
	}
	ps, err := a.Svc.Projects(r.Context(), web.CurrentUser(r))
	if err != nil {
		a.Kit.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, identity.List(r, page(ps, limit, offset), limit, offset))
}

// ProjectBody is one project in the API, with its stages and outcomes.
type ProjectBody struct {
	Project
	Participants []apiParticipant `json:"participants"`
	Stages       []StageEntry     `json:"stages"`
	Outcomes     []Outcome        `json:"outcomes"`
}

type apiParticipant struct {
	Kind         string `json:"kind"`
	Organisation string `json:"organisation,omitempty"`
}

// Project returns one project; a private one is 404 unless the caller takes part.
func (a *API) Project(w http.ResponseWriter, r *http.Request) {
	id, ok := a.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	v, err := a.Svc.Project(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		a.Kit.Error(w, r, err)
		return
	}
	// Who takes part is shown by kind and organisation only: residents' names stay on the page
	// for those taking part.
	b := ProjectBody{Project: v.Project, Participants: []apiParticipant{}, Stages: v.Stages, Outcomes: v.Outcomes}
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
}

// Measurements lists a project's measurements, outcome by outcome.
func (a *API) Measurements(w http.ResponseWriter, r *http.Request) {
	id, ok := a.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	v, err := a.Svc.Project(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		a.Kit.Error(w, r, err)
		return
	}
	out := []Measurement{}
	for _, o := range v.Outcomes {
		out = append(out, o.Measurements...)
	}
	web.JSON(w, http.StatusOK, map[string]any{"items": out})
}

// Boards lists the boards.
func (a *API) Boards(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		a.Kit.Error(w, r, err)
		return
	}
	bs, err := a.Svc.Boards(r.Context())
	if err != nil {
		a.Kit.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, identity.List(r, page(bs, limit, offset), limit, offset))
}

// BoardBody is one board in the API with its members, meetings and actions.
type BoardBody struct {
	Board
	Seats    []BoardMember `json:"seats"`
	Meetings []Meeting     `json:"meetings"`
	Actions  []Action      `json:"actions"`
}

// Board returns one board.
func (a *API) Board(w http.ResponseWriter, r *http.Request) {
	id, ok := a.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	v, err := a.Svc.Board(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		a.Kit.Error(w, r, err)
		return
	}
	b := BoardBody{Board: v.Board, Seats: v.Members, Meetings: v.Meetings, Actions: v.Actions}
	if b.Seats == nil {
		b.Seats = []BoardMember{}
	}
	if b.Meetings == nil {
		b.Meetings = []Meeting{}
	}
	if b.Actions == nil {
		b.Actions = []Action{}
	}
	web.JSON(w, http.StatusOK, b)
}
