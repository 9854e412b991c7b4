package mentoring

import (
	"context"

	"commons/internal/identity"
	"commons/internal/mentoring/match"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// programme is everything the matcher needs, read once.
type programme struct {
	pool     *match.Pool
	profiles map[string]Profile
	orgs     map[string]identity.Organisation
	exclude  map[string]bool
	needs    []Need
}

// readProgramme reads every profile with its offers and open needs, the mentors' loads and the
// pairs already asked.
func (s *Service) readProgramme(ctx context.Context) (*programme, error) {
	orgs, err := s.orgs(ctx)
	if err != nil {
		return nil, err
	}
	profiles, err := listProfiles(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	offers, err := allOffers(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	needs, err := openNeeds(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	loads, err := mentorLoads(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	exclude, err := askedPairs(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	pr := &programme{profiles: map[string]Profile{}, orgs: orgs, exclude: exclude, needs: needs}
	byOrg := map[string]*match.Org{}
	list := make([]match.Org, 0, len(profiles))
	for _, p := range profiles {
		o, ok := orgs[p.OrganisationID]
		if !ok {
			continue
		}
		p.Organisation, p.Sector, p.AreaID = o.Name, o.Sector, o.AreaID
		pr.profiles[p.OrganisationID] = p
		m := match.Org{ID: p.OrganisationID, Kind: p.Kind, Sector: o.Sector, PlaceKind: p.PlaceKind, AreaID: o.AreaID,
			TravelKm: float64(p.TravelKm), Online: p.Online, Slots: p.Slots, Capacity: max(p.Capacity, 1), Paused: p.Capacity == 0,
			Load: loads[p.OrganisationID], Offers: map[string]int{}}
		if p.HasPoint() {
			m.Point = &match.Point{Lat: *p.Lat, Lng: *p.Lng}
		}
		list = append(list, m)
	}
	for i := range list {
		byOrg[list[i].ID] = &list[i]
	}
	for _, of := range offers {
		if m := byOrg[of.OrganisationID]; m != nil {
			m.Offers[of.TopicID] = of.Level
		}
	}
	for _, n := range needs {
		if m := byOrg[n.OrganisationID]; m != nil {
			m.Needs = append(m.Needs, n.TopicID)
		}
	}
	pr.pool = match.NewPool(list)
	return pr, nil
}

// Suggestion is a candidate mentor for a need, with its organisation.
type Suggestion struct {
	match.Candidate
	Profile Profile
	// Programme marks the one the programme-wide assignment gives this need.
	Programme bool
}

// Suggestions ranks who could help with a need, best first, with their reasons; for the
// needing organisation's members and coordinators.
func (s *Service) Suggestions(ctx context.Context, a *actor.Actor, needID string) (Need, []Suggestion, error) {
	n, err := s.Need(ctx, a, needID)
	if err != nil {
		return n, nil, err
	}
	if n.Status != "open" {
		return n, nil, nil
	}
	pr, err := s.readProgramme(ctx)
	if err != nil {
		return n, nil, err
	}
	cs := pr.pool.Rank(match.Need{ID: n.ID, OrgID: n.OrganisationID, Topic: n.TopicID}, match.Options{Exclude: pr.exclude, PerNeed: 5})
	out := make([]Suggestion, 0, len(cs))
	for _, c := range cs {
		out = append(out, Suggestion{Candidate: c, Profile: pr.profiles[c.MentorID]})
	}
	return n, out, nil
}

// Pairing is the programme-wide proposal for one need.
type Pairing struct {
	Need        Need
	Suggestions []Suggestion // best on its own merits first; Programme marks the assignment
	Assigned    *Suggestion
}

// ProgrammeProposals proposes a mentor for every open need at once, within every mentor's
// capacity (coordinators only).
func (s *Service) ProgrammeProposals(ctx context.Context, a *actor.Actor) ([]Pairing, error) {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return nil, err
	}
	pr, err := s.readProgramme(ctx)
	if err != nil {
		return nil, err
	}
	needs := make([]match.Need, 0, len(pr.needs))
	var kept []Need
	for _, n := range pr.needs {
		if _, ok := pr.profiles[n.OrganisationID]; !ok {
			continue
		}
		n.Organisation = pr.orgs[n.OrganisationID].Name
		kept = append(kept, n)
		needs = append(needs, match.Need{ID: n.ID, OrgID: n.OrganisationID, Topic: n.TopicID})
	}
	ps := pr.pool.Propose(needs, match.Options{Exclude: pr.exclude, PerNeed: 3})
	out := make([]Pairing, len(ps))
	for i, p := range ps {
		out[i].Need = kept[i]
		for _, c := range p.Ranked {
			out[i].Suggestions = append(out[i].Suggestions, Suggestion{Candidate: c, Profile: pr.profiles[c.MentorID],
				Programme: p.Best != nil && p.Best.MentorID == c.MentorID})
		}
		if p.Best != nil {
			as := Suggestion{Candidate: *p.Best, Profile: pr.profiles[p.Best.MentorID], Programme: true}
			out[i].Assigned = &as
		}
	}
	return out, nil
}

// candidate finds the mentor among a need's candidates (any rank), or says it is not one.
func (s *Service) candidate(ctx context.Context, n Need, mentorOrgID string) (match.Candidate, error) {
	pr, err := s.readProgramme(ctx)
	if err != nil {
		return match.Candidate{}, err
	}
	cs := pr.pool.Rank(match.Need{ID: n.ID, OrgID: n.OrganisationID, Topic: n.TopicID}, match.Options{Exclude: pr.exclude, PerNeed: 1 << 20})
	for _, c := range cs {
		if c.MentorID == mentorOrgID {
			return c, nil
		}
	}
	return match.Candidate{}, errs.E(errs.Conflict, "mentoring.err.not_available")
}
