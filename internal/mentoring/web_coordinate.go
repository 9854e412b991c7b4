package mentoring

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net/http"

	"commons/internal/platform/web"
)

//go:embed static/mentoring-map.js
var mapJS []byte

// mapScript is the map script's URL, with a content hash so it can be cached for long.
var mapScript = func() string {
	sum := sha256.Sum256(mapJS)
	return "/mentoring/map.js?v=" + hex.EncodeToString(sum[:6])
}()

// MapScript serves the coordinators' map script.
func (h *Handlers) MapScript(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(mapJS)
	return err
}

// coordinatePage is every relationship for coordinators, with who is helping whom on a map.
type coordinatePage struct {
	page
	Stage         string
	Relationships []Relationship
	ByStage       map[string]int
	Overdue       int
	TileURL       string
	MapScript     string
	DataURL       string
}

// Coordinate lists every relationship, its stage and overdue check-ins; the list is what the
// map draws when JavaScript runs.
func (h *Handlers) Coordinate(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	stage := r.URL.Query().Get("stage")
	all, err := h.Svc.AllRelationships(r.Context(), u, "")
	if err != nil {
		return err
	}
	p, err := h.page(r, "mentoring.coordinate.title")
	if err != nil {
		return err
	}
	cp := &coordinatePage{page: p, Stage: stage, ByStage: map[string]int{}, TileURL: h.TileURL, MapScript: mapScript,
		DataURL: "/mentoring/coordinate/map.geojson"}
	for _, rel := range all {
		cp.ByStage[rel.Stage]++
		if len(rel.Overdue) > 0 {
			cp.Overdue++
		}
		if stage == "" || rel.Stage == stage || stage == "overdue" && len(rel.Overdue) > 0 {
			cp.Relationships = append(cp.Relationships, rel)
		}
	}
	return h.render(w, r, http.StatusOK, "mentoring/coordinate", cp)
}

// MapGeoJSON is who is helping whom: each live or closed relationship whose two places have
// points, as a line from mentor to mentee, and each organisation as a point (RFC 7946).
func (h *Handlers) MapGeoJSON(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	rels, err := h.Svc.AllRelationships(r.Context(), u, "")
	if err != nil {
		return err
	}
	profiles, err := listProfiles(r.Context(), h.Svc.DB)
	if err != nil {
		return err
	}
	at := map[string][]float64{}
	for _, p := range profiles {
		if p.HasPoint() {
			at[p.OrganisationID] = []float64{*p.Lng, *p.Lat}
		}
	}
	topics, err := h.Svc.topicMap(r.Context())
	if err != nil {
		return err
	}
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	placed := map[string]bool{}
	lang := web.Lang(r)
	for _, rel := range rels {
		if rel.Stage == StageDeclined || rel.Stage == StageEnded {
			continue
		}
		a, b := at[rel.MentorOrgID], at[rel.MenteeOrgID]
		if a == nil || b == nil {
			continue
		}
		fc.Features = append(fc.Features, feature{Type: "Feature",
			Geometry: map[string]any{"type": "LineString", "coordinates": [][]float64{a, b}},
			Properties: map[string]any{"kind": "relationship", "stage": rel.Stage, "mentor": rel.MentorOrg, "mentee": rel.MenteeOrg,
				"topic": topics[rel.TopicID].Name(lang), "url": "/mentoring/relationships/" + rel.ID,
				"label": h.Kit.T(r, "mentoring.map.helps", "mentor", rel.MentorOrg, "mentee", rel.MenteeOrg, "topic", topics[rel.TopicID].Name(lang))}})
		for _, o := range [][2]string{{rel.MentorOrgID, rel.MentorOrg}, {rel.MenteeOrgID, rel.MenteeOrg}} {
			if !placed[o[0]] {
				placed[o[0]] = true
				fc.Features = append(fc.Features, feature{Type: "Feature", Geometry: map[string]any{"type": "Point", "coordinates": at[o[0]]},
					Properties: map[string]any{"kind": "organisation", "name": o[1], "url": "/mentoring/organisations/" + o[0]}})
			}
		}
	}
	w.Header().Set("Content-Type", "application/geo+json")
	return json.NewEncoder(w).Encode(fc)
}

// proposalsPage is the programme-wide proposal.
type proposalsPage struct {
	page
	Pairings []Pairing
}

// Proposals proposes a mentor for every open need at once.
func (h *Handlers) Proposals(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.ProgrammeProposals(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	p, err := h.page(r, "mentoring.proposals.title")
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "mentoring/proposals", &proposalsPage{page: p, Pairings: ps})
}

// topicsPage is the topic list for coordinators.
type topicsPage struct {
	page
	Topics []Topic
	Form   *web.Form
}

func (h *Handlers) topicsPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	if err := h.Svc.mustCoordinate(r.Context(), web.CurrentUser(r)); err != nil {
		return err
	}
	p, err := h.page(r, "mentoring.topics.title")
	if err != nil {
		return err
	}
	ts, err := h.Svc.Topics(r.Context())
	if err != nil {
		return err
	}
	tp := &topicsPage{page: p, Topics: ts, Form: f}
	if status != http.StatusOK {
		tp.Errors = f
	}
	return h.render(w, r, status, "mentoring/topics", tp)
}

// TopicsPage lists the topics with forms to add, rename, retire and restore them.
func (h *Handlers) TopicsPage(w http.ResponseWriter, r *http.Request) error {
	return h.topicsPage(w, r, http.StatusOK, web.EmptyForm())
}

// AddTopic adds a topic.
func (h *Handlers) AddTopic(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	_, err := h.Svc.SaveTopic(r.Context(), web.CurrentUser(r), "", f.Get("name_en"), f.Get("name_cy"), false)
	return h.Kit.Saved(w, r, f, err, []string{"name_en", "name_cy"}, "mentoring.flash.topic_saved", "/mentoring/topics", func() error {
		return h.topicsPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// UpdateTopic renames, retires or restores a topic.
func (h *Handlers) UpdateTopic(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "topic")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	t, err := topicByID(r.Context(), h.Svc.DB, id)
	if err != nil {
		return h.Svc.DB.Err(err, "error.not_found")
	}
	en, cy, retired := f.Get("name_en"), f.Get("name_cy"), t.Retired
	if en == "" && cy == "" { // the retire or restore button alone
		en, cy = t.NameEN, t.NameCY
	}
	switch f.Get("action") {
	case "retire":
		retired = true
	case "restore":
		retired = false
	}
	_, err = h.Svc.SaveTopic(r.Context(), web.CurrentUser(r), id, en, cy, retired)
	return h.Kit.Saved(w, r, f, err, nil, "mentoring.flash.topic_saved", "/mentoring/topics", func() error {
		return h.topicsPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// coordinatorsPage names the coordinators (admins).
type coordinatorsPage struct {
	page
	People []Coordinator
	Form   *web.Form
}

func (h *Handlers) coordinatorsPage(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	ps, err := h.Svc.Coordinators(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	p, err := h.page(r, "mentoring.coordinators.title")
	if err != nil {
		return err
	}
	cp := &coordinatorsPage{page: p, People: ps, Form: f}
	if status != http.StatusOK {
		cp.Errors = f
	}
	return h.render(w, r, status, "mentoring/coordinators", cp)
}

// CoordinatorsPage lists the coordinators with a form to name another.
func (h *Handlers) CoordinatorsPage(w http.ResponseWriter, r *http.Request) error {
	return h.coordinatorsPage(w, r, http.StatusOK, web.EmptyForm())
}

// AddCoordinator names a coordinator by email.
func (h *Handlers) AddCoordinator(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	err := h.Svc.AddCoordinator(r.Context(), web.CurrentUser(r), f.Get("email"))
	return h.Kit.Saved(w, r, f, err, []string{"email"}, "mentoring.flash.coordinator_added", "/mentoring/coordinators", func() error {
		return h.coordinatorsPage(w, r, http.StatusUnprocessableEntity, f)
	})
}

// RemoveCoordinator takes the role away.
func (h *Handlers) RemoveCoordinator(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "account")
	if err != nil {
		return err
	}
	if err := h.Svc.RemoveCoordinator(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	h.Kit.Flash(w, "mentoring.flash.coordinator_removed")
	web.Redirect(w, r, "/mentoring/coordinators")
	return nil
}
