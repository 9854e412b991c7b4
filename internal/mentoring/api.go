package mentoring

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/mentoring/match"
	"commons/internal/platform/web"
)

// API is peer support's part of the JSON API, for coordinators.
type API struct{ Svc *Service }

// apiReason is a reason with its text in the request's language.
type apiReason struct {
	match.Reason
	Text string `json:"text"`
}

type apiCandidate struct {
	OrganisationID string      `json:"organisation_id"`
	Organisation   string      `json:"organisation"`
	Score          float64     `json:"score"`
	Km             *float64    `json:"distance_km"`
	Reasons        []apiReason `json:"reasons"`
}

func (a *API) reasons(r *http.Request, rs []match.Reason, topics map[string]Topic) []apiReason {
	lang := web.Lang(r)
	out := make([]apiReason, 0, len(rs))
	for _, x := range rs {
		out = append(out, apiReason{Reason: x, Text: ReasonText(func(k string, args ...any) string { return a.Svc.T(lang, k, args...) }, lang, x, topics)})
	}
	return out
}

func (a *API) candidate(r *http.Request, s Suggestion, topics map[string]Topic) apiCandidate {
	c := apiCandidate{OrganisationID: s.MentorID, Organisation: s.Profile.Organisation, Score: s.Score, Reasons: a.reasons(r, s.Reasons, topics)}
	if s.Km >= 0 {
		km := s.Km
		c.Km = &km
	}
	return c
}

// paginate cuts a whole list to the request's page.
func paginate[T any](r *http.Request, all []T) (identity.ListBody[T], error) {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return identity.ListBody[T]{}, err
	}
	if offset > len(all) {
		offset = len(all)
	}
	return identity.List(r, all[offset:min(len(all), offset+limit+1)], limit, offset), nil
}

// Topics lists the topic list.
func (a *API) Topics(w http.ResponseWriter, r *http.Request) error {
	if err := a.Svc.mustCoordinate(r.Context(), web.CurrentUser(r)); err != nil {
		return err
	}
	ts, err := a.Svc.Topics(r.Context())
	if err != nil {
		return err
	}
	body, err := paginate(r, ts)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

type apiTopicRef struct {
	ID      string `json:"id"`
	TopicID string `json:"topic_id"`
	Level   int    `json:"level,omitempty"`
	Detail  string `json:"detail"`
	Status  string `json:"status,omitempty"`
}

type apiOrganisation struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Sector       string        `json:"sector"`
	AreaID       string        `json:"area_id"`
	Kind         string        `json:"kind"`
	PlaceID      string        `json:"place_id"`
	PlaceName    string        `json:"place_name"`
	Postcode     string        `json:"postcode"`
	Lat          *float64      `json:"latitude"`
	Lng          *float64      `json:"longitude"`
	TravelKm     int           `json:"travel_km"`
	Online       bool          `json:"online"`
	Slots        []string      `json:"slots"`
	Availability string        `json:"availability"`
	Capacity     int           `json:"capacity"`
	MentoringNow int           `json:"mentoring_now"`
	Offers       []apiTopicRef `json:"offers"`
	Needs        []apiTopicRef `json:"needs"`
}

// Organisations lists the organisations taking part.
func (a *API) Organisations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := a.Svc.mustCoordinate(ctx, web.CurrentUser(r)); err != nil {
		return err
	}
	pr, err := a.Svc.readProgramme(ctx)
	if err != nil {
		return err
	}
	offers, err := allOffers(ctx, a.Svc.DB)
	if err != nil {
		return err
	}
	loads, err := mentorLoads(ctx, a.Svc.DB)
	if err != nil {
		return err
	}
	var out []apiOrganisation
	profiles, err := listProfiles(ctx, a.Svc.DB)
	if err != nil {
		return err
	}
	for _, p := range profiles {
		p = pr.profiles[p.OrganisationID]
		if p.OrganisationID == "" {
			continue
		}
		o := apiOrganisation{ID: p.OrganisationID, Name: p.Organisation, Sector: p.Sector, AreaID: p.AreaID, Kind: p.Kind, PlaceID: p.PlaceID,
			PlaceName: p.PlaceName, Postcode: p.Postcode, Lat: p.Lat, Lng: p.Lng, TravelKm: p.TravelKm, Online: p.Online, Slots: p.Slots,
			Availability: p.Availability, Capacity: p.Capacity, MentoringNow: loads[p.OrganisationID], Offers: []apiTopicRef{}, Needs: []apiTopicRef{}}
		if o.Slots == nil {
			o.Slots = []string{}
		}
		for _, of := range offers {
			if of.OrganisationID == o.ID {
				o.Offers = append(o.Offers, apiTopicRef{ID: of.ID, TopicID: of.TopicID, Level: of.Level, Detail: of.Detail})
			}
		}
		for _, n := range pr.needs {
			if n.OrganisationID == o.ID {
				o.Needs = append(o.Needs, apiTopicRef{ID: n.ID, TopicID: n.TopicID, Detail: n.Detail, Status: n.Status})
			}
		}
		out = append(out, o)
	}
	body, err := paginate(r, out)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

type apiNeed struct {
	ID             string         `json:"id"`
	OrganisationID string         `json:"organisation_id"`
	Organisation   string         `json:"organisation"`
	TopicID        string         `json:"topic_id"`
	Topic          string         `json:"topic"`
	Detail         string         `json:"detail"`
	CreatedAt      any            `json:"created_at"`
	Candidates     []apiCandidate `json:"candidates"`
	Proposed       *apiCandidate  `json:"proposed"`
}

// Needs lists open needs with their candidates and the programme-wide proposal.
func (a *API) Needs(w http.ResponseWriter, r *http.Request) error {
	ps, err := a.Svc.ProgrammeProposals(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	topics, err := a.Svc.topicMap(r.Context())
	if err != nil {
		return err
	}
	lang := web.Lang(r)
	out := make([]apiNeed, 0, len(ps))
	for _, p := range ps {
		n := apiNeed{ID: p.Need.ID, OrganisationID: p.Need.OrganisationID, Organisation: p.Need.Organisation, TopicID: p.Need.TopicID,
			Topic: topics[p.Need.TopicID].Name(lang), Detail: p.Need.Detail, CreatedAt: p.Need.CreatedAt, Candidates: []apiCandidate{}}
		for _, s := range p.Suggestions {
			n.Candidates = append(n.Candidates, a.candidate(r, s, topics))
		}
		if p.Assigned != nil {
			c := a.candidate(r, *p.Assigned, topics)
			n.Proposed = &c
		}
		out = append(out, n)
	}
	body, err := paginate(r, out)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

type apiRelationship struct {
	Relationship
	Topic   string      `json:"topic"`
	Reasons []apiReason `json:"reasons"`
}

func (a *API) relationship(r *http.Request, rel Relationship, topics map[string]Topic) apiRelationship {
	return apiRelationship{Relationship: rel, Topic: topics[rel.TopicID].Name(web.Lang(r)), Reasons: a.reasons(r, rel.Reasons, topics)}
}

// Relationships lists relationships, of one stage or all.
func (a *API) Relationships(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.Svc.AllRelationships(r.Context(), web.CurrentUser(r), r.URL.Query().Get("stage"))
	if err != nil {
		return err
	}
	topics, err := a.Svc.topicMap(r.Context())
	if err != nil {
		return err
	}
	out := make([]apiRelationship, 0, len(rs))
	for _, rel := range rs {
		out = append(out, a.relationship(r, rel, topics))
	}
	body, err := paginate(r, out)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

// Relationship is one relationship (coordinators only: members of the two organisations have
// its page).
func (a *API) Relationship(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	if err := a.Svc.mustCoordinate(r.Context(), u); err != nil {
		return err
	}
	rel, err := a.Svc.Relationship(r.Context(), u, id)
	if err != nil {
		return err
	}
	topics, err := a.Svc.topicMap(r.Context())
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, a.relationship(r, rel, topics))
	return nil
}
