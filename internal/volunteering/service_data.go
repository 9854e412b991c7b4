package volunteering

import (
	"context"
	"strconv"
	"time"

	"commons/internal/platform/errs"
)

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
