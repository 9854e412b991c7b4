package events

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/web"
)

// API serves the events part of /api/v1.
type API struct {
	Kit *web.Kit
	Svc *Service
}

// List is upcoming events, soonest first.
func (a *API) List(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	evs, err := a.Svc.Upcoming(r.Context(), limit+1, offset)
	if err != nil {
		return err
	}
	for i := range evs {
		if evs[i].Sessions == nil {
			evs[i].Sessions = []Session{} // the document says an array; a list reads no sessions
		}
	}
	web.JSON(w, http.StatusOK, identity.List(r, evs, limit, offset))
	return nil
}

// Get is one event with its programme.
func (a *API) Get(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	e, err := a.Svc.Viewable(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, e)
	return nil
}

// Summary is an event's published themes.
func (a *API) Summary(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	_, ts, err := a.Svc.Summary(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []Theme{}
	}
	web.JSON(w, http.StatusOK, map[string]any{"themes": ts})
	return nil
}

// InsightsBody is the JSON form of an event's insights.
type InsightsBody struct {
	Registered int     `json:"registered"`
	Attended   int     `json:"attended"`
	Waitlisted int     `json:"waitlisted"`
	Cancelled  int     `json:"cancelled"`
	WalkIns    int     `json:"walk_ins"`
	BySector   []Tally `json:"by_sector"`
	ByArea     []Tally `json:"by_area"`
	BySession  []Tally `json:"by_session"`
	Feedback   struct {
		Count   int     `json:"count"`
		Average float64 `json:"average_rating"`
	} `json:"feedback"`
}

// Insights is an event's registrations and attendance by sector, area and session (organisers).
func (a *API) Insights(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	_, in, err := a.Svc.Insights(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	b := InsightsBody{Registered: in.Registered, Attended: in.Attended, Waitlisted: in.Waitlisted, Cancelled: in.Cancelled, WalkIns: in.WalkIns,
		BySector: in.BySector, ByArea: in.ByArea, BySession: in.BySession}
	b.Feedback.Count, b.Feedback.Average = in.Feedback.Count, in.Feedback.Average
	web.JSON(w, http.StatusOK, b)
	return nil
}
