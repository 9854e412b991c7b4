package volunteering

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// NS is the Volunteering Data Standard's namespace.
const NS = "https://ns.volunteeringdata.io/"

// Standard builds the /volunteering.jsonld document: a graph of organisations, each with its
// open opportunities as activities, their roles and sessions, in the UK Volunteering Data
// Standard's shape. Nothing about people is in it: no names, no checks.
func (s *Service) Standard(ctx context.Context) (map[string]any, error) {
	os, err := listOpportunities(ctx, s.DB, Search{}, 5000)
	if err != nil {
		return nil, errs.Wrap(err, "opportunities")
	}
	if err := s.names(ctx, os); err != nil {
		return nil, err
	}
	type orgEntry struct {
		obj    map[string]any
		causes map[string]bool
		acts   []any
	}
	byOrg := map[string]*orgEntry{}
	var order []string
	var modified time.Time
	for _, o := range os {
		e, ok := byOrg[o.OrganisationID]
		if !ok {
			org, err := s.Identity.Organisation(ctx, o.OrganisationID)
			if err != nil {
				return nil, err
			}
			obj := map[string]any{"type": "Organisation", "id": s.BaseURL + "/volunteering/organisations/" + org.ID + "#org", "name": org.Name}
			if org.Description != "" {
				obj["description"] = org.Description
			}
			if org.Website != "" {
				obj["website"] = org.Website
			}
			e = &orgEntry{obj: obj, causes: map[string]bool{}}
			byOrg[o.OrganisationID] = e
			order = append(order, o.OrganisationID)
		}
		for _, c := range o.Causes {
			e.causes[c] = true
		}
		if o.UpdatedAt.After(modified) {
			modified = o.UpdatedAt
		}
		act := map[string]any{"id": s.BaseURL + "/volunteering/opportunities/" + o.ID, "title": o.Title, "description": o.Description}
		var roles []any
		for _, r := range o.Roles {
			role := map[string]any{"title": r.Title, "applyLink": s.BaseURL + "/volunteering/opportunities/" + o.ID + "#role-" + r.ID,
				"allowsRemoteParticipation": o.FromHome}
			if r.Description != "" {
				role["description"] = r.Description
			}
			if r.Commitment != "" {
				role["commitment"] = r.Commitment
			}
			if r.MinAge > 0 {
				role["minimumAge"] = strconv.Itoa(r.MinAge)
			}
			if r.NeedsCheck() {
				role["requirement"] = []string{NS + "DBSCheck"}
			}
			if len(r.Skills) > 0 {
				role["skill"] = iris(r.Skills)
			}
			if len(r.Rewards) > 0 {
				role["reward"] = iris(r.Rewards)
			}
			if len(r.Accessibility) > 0 {
				role["accessibility"] = iris(r.Accessibility)
			}
			roles = append(roles, role)
		}
		act["role"] = roles
		session := map[string]any{}
		if !o.FromHome && (o.Venue != "" || o.Address != "" || o.HasPoint()) {
			loc := map[string]any{}
			if o.Venue != "" {
				loc["name"] = o.Venue
			}
			if addr := joinNonEmpty(o.Address, o.Postcode); addr != "" {
				loc["address"] = addr
			}
			if o.HasPoint() {
				loc["latitude"] = strconv.FormatFloat(*o.Latitude, 'f', -1, 64)
				loc["longitude"] = strconv.FormatFloat(*o.Longitude, 'f', -1, 64)
			}
			session["location"] = loc
		}
		if len(o.Slots) > 0 {
			session["time"] = iris(o.Slots)
		}
		if len(session) > 0 {
			act["session"] = []any{session}
		}
		e.acts = append(e.acts, act)
	}
	graph := []any{}
	for _, id := range order {
		e := byOrg[id]
		var cs []string
		for _, c := range Causes {
			if e.causes[c] {
				cs = append(cs, NS+c)
			}
		}
		e.obj["cause"] = cs
		e.obj["activity"] = e.acts
		graph = append(graph, e.obj)
	}
	if modified.IsZero() {
		modified = s.DB.Clock().Now()
	}
	return map[string]any{
		"@context":   "https://api.volunteeringdata.io/context/v1",
		"conformsTo": "https://ns.volunteeringdata.io/",
		"license":    "OGL-UK-3.0",
		"publisher":  s.PlaceName,
		"modified":   modified.UTC().Format(time.RFC3339),
		"graph":      graph,
	}, nil
}

func iris(ts Terms) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = NS + t
	}
	return out
}

// JSONLD serves /volunteering.jsonld.
func (h *Handlers) JSONLD(w http.ResponseWriter, r *http.Request) error {
	doc, err := h.Svc.Standard(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/ld+json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// API serves /api/v1/volunteering/opportunities: the open opportunities with their roles, as the
// list's filters choose.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset := 50, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return errs.FieldErrors(map[string]string{"limit": "volunteering.err.limit"})
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errs.FieldErrors(map[string]string{"offset": "volunteering.err.limit"})
		}
		offset = n
	}
	res, err := h.Svc.Search(r.Context(), searchFrom(q))
	if err != nil {
		return err
	}
	items := res.Opportunities
	if offset > len(items) {
		items = nil
	} else {
		items = items[offset:]
	}
	body := map[string]any{"limit": limit, "offset": offset}
	if len(items) > limit {
		items = items[:limit]
		nq := r.URL.Query()
		nq.Set("offset", strconv.Itoa(offset+limit))
		nq.Set("limit", strconv.Itoa(limit))
		body["next"] = h.Svc.BaseURL + r.URL.Path + "?" + nq.Encode()
	}
	if items == nil {
		items = []Opportunity{}
	}
	body["items"] = items
	web.JSON(w, http.StatusOK, body)
	return nil
}

// APIGet serves one opportunity with its roles and coming shifts.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.Svc.Opportunity(r.Context(), id)
	if err != nil {
		return err
	}
	ss, err := queryShifts(r.Context(), h.Svc.DB, `WHERE s.opportunity_id = $1 AND s.deleted = 0 AND s.starts_at > $2 ORDER BY s.starts_at LIMIT 200`, o.ID, h.Svc.DB.Now(r.Context()))
	if err != nil {
		return errs.Wrap(err, "shifts")
	}
	if ss == nil {
		ss = []Shift{}
	}
	web.JSON(w, http.StatusOK, struct {
		Opportunity
		Shifts []Shift `json:"shifts"`
	}{o, ss})
	return nil
}

// APIMyHours serves the signed-in person's hours (their own record; no checks).
func (h *Handlers) APIMyHours(w http.ResponseWriter, r *http.Request) error {
	rec, err := h.Svc.MyRecord(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	hs := rec.Hours
	if hs == nil {
		hs = []Hours{}
	}
	web.JSON(w, http.StatusOK, map[string]any{"confirmed_minutes": rec.Confirmed, "pending_minutes": rec.Pending, "items": hs})
	return nil
}
