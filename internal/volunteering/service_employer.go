package volunteering

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// PledgeInput is the form a business pledges time with.
type PledgeInput struct {
	OrganisationID string
	People, Days   string
	Causes         []string
	Note           string
}

// CreatePledge records a business's pledge of people × days for causes it cares about.
func (s *Service) CreatePledge(ctx context.Context, a *actor.Actor, in PledgeInput) (Pledge, error) {
	f := map[string]string{}
	if !Coordinates(a, in.OrganisationID) {
		f["organisation_id"] = "volunteering.err.organisation"
	}
	people, err1 := strconv.Atoi(strings.TrimSpace(in.People))
	days, err2 := strconv.Atoi(strings.TrimSpace(in.Days))
	if err1 != nil || people < 1 || people > 1000 {
		f["people"] = "volunteering.err.people"
	}
	if err2 != nil || days < 1 || days > 365 {
		f["days"] = "volunteering.err.days"
	}
	causes, ok := pick(in.Causes, Causes)
	if !ok || len(causes) == 0 {
		f["causes"] = "volunteering.err.causes"
	}
	if tooLong(in.Note, 2000) {
		f["note"] = "volunteering.err.too_long"
	}
	if len(f) > 0 {
		return Pledge{}, errs.FieldErrors(f)
	}
	p := Pledge{ID: ids.New(), OrganisationID: in.OrganisationID, People: people, Days: days, Causes: causes,
		Note: strings.TrimSpace(in.Note), Status: "open", CreatedBy: a.Name}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		p.CreatedAt = s.DB.Now(ctx)
		return insertPledge(ctx, s.DB, p)
	})
	return p, s.DB.Err(err, "volunteering.err.save")
}

func (s *Service) pledgeNames(ctx context.Context, ps []Pledge) {
	for i := range ps {
		if o, err := s.Identity.Organisation(ctx, ps[i].OrganisationID); err == nil {
			ps[i].OrgName = o.Name
		}
	}
}

// Pledge is one pledge.
func (s *Service) Pledge(ctx context.Context, id string) (Pledge, error) {
	ps, err := queryPledges(ctx, s.DB, `WHERE id = $1`, id)
	if err != nil {
		return Pledge{}, errs.Wrap(err, "pledge")
	}
	if len(ps) == 0 {
		return Pledge{}, errNotFound
	}
	s.pledgeNames(ctx, ps)
	return ps[0], nil
}

// Need is a team challenge with the pledges that fit it.
type Need struct {
	Opportunity
	Pledges []Pledge
}

// Fit says how well a pledge fits a team challenge: the causes they share, and whether the
// team's size is within what the challenge needs (0: no fit).
func Fit(p Pledge, o Opportunity) int {
	shared := 0
	for _, c := range p.Causes {
		if o.Causes.Has(c) {
			shared++
		}
	}
	if shared == 0 {
		return 0
	}
	score := shared * 10
	if o.TeamMax == 0 || (p.People >= o.TeamMin && p.People <= o.TeamMax) {
		score += 5
	}
	return score
}

// Needs lists the open team challenges, each with the open pledges that fit it best first, and
// the open pledges: pledges against needs.
func (s *Service) Needs(ctx context.Context) ([]Need, []Pledge, error) {
	os, err := listOpportunities(ctx, s.DB, Search{Kind: Team}, 500)
	if err != nil {
		return nil, nil, errs.Wrap(err, "needs")
	}
	if err := s.names(ctx, os); err != nil {
		return nil, nil, err
	}
	ps, err := queryPledges(ctx, s.DB, `WHERE status = 'open' ORDER BY created_at DESC`)
	if err != nil {
		return nil, nil, errs.Wrap(err, "pledges")
	}
	s.pledgeNames(ctx, ps)
	var needs []Need
	for _, o := range os {
		n := Need{Opportunity: o}
		for _, p := range ps {
			if Fit(p, o) > 0 {
				n.Pledges = append(n.Pledges, p)
			}
		}
		sort.SliceStable(n.Pledges, func(i, j int) bool { return Fit(n.Pledges[i], o) > Fit(n.Pledges[j], o) })
		needs = append(needs, n)
	}
	return needs, ps, nil
}

// PledgeView is what a business sees of its pledge: the challenges that fit it, its offers
// and team days, and the confirmed hours and causes it has given.
type PledgeView struct {
	Pledge  Pledge
	Fits    []Opportunity
	Matches []Match
	Hours   []Hours
	Minutes int
	ByCause []Tally
}

// ViewPledge is a pledge as its business sees it (the business's members, and admins).
func (s *Service) ViewPledge(ctx context.Context, a *actor.Actor, id string) (PledgeView, error) {
	p, err := s.Pledge(ctx, id)
	if err != nil {
		return PledgeView{}, err
	}
	if !Coordinates(a, p.OrganisationID) {
		return PledgeView{}, errForbidden
	}
	v := PledgeView{Pledge: p}
	needs, _, err := s.Needs(ctx)
	if err != nil {
		return v, err
	}
	sort.SliceStable(needs, func(i, j int) bool { return Fit(p, needs[i].Opportunity) > Fit(p, needs[j].Opportunity) })
	for _, n := range needs {
		if Fit(p, n.Opportunity) > 0 {
			v.Fits = append(v.Fits, n.Opportunity)
		}
	}
	if v.Matches, err = queryMatches(ctx, s.DB, `WHERE m.pledge_id = $1 ORDER BY m.created_at`, id); err != nil {
		return v, errs.Wrap(err, "matches")
	}
	if v.Hours, err = pledgeHours(ctx, s.DB, id); err != nil {
		return v, errs.Wrap(err, "hours")
	}
	byCause := map[string]int{}
	for _, h := range v.Hours {
		v.Minutes += h.Total()
		for _, c := range h.Causes {
			byCause[c] += h.Total()
		}
	}
	for _, c := range Causes {
		if byCause[c] > 0 {
			v.ByCause = append(v.ByCause, Tally{Key: c, Minutes: byCause[c]})
		}
	}
	return v, nil
}

// OrgPledges are a business's pledges.
func (s *Service) OrgPledges(ctx context.Context, orgID string) ([]Pledge, error) {
	ps, err := queryPledges(ctx, s.DB, `WHERE organisation_id = $1 ORDER BY created_at DESC`, orgID)
	return ps, errs.Wrap(err, "pledges")
}

// Offer offers a pledge's team to a team challenge; the challenge's coordinators are told.
// Offering twice is one offer.
func (s *Service) Offer(ctx context.Context, a *actor.Actor, pledgeID, oppID string) error {
	p, err := s.Pledge(ctx, pledgeID)
	if err != nil {
		return err
	}
	if !Coordinates(a, p.OrganisationID) {
		return errForbidden
	}
	o, err := s.Opportunity(ctx, oppID)
	if err != nil {
		return err
	}
	if o.Kind != Team || !o.Open() {
		return errs.E(errs.Invalid, "volunteering.err.not_team")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		added, err := insertMatch(ctx, s.DB, Match{ID: ids.New(), PledgeID: p.ID, OpportunityID: o.ID, CreatedAt: s.DB.Now(ctx)})
		if err != nil || !added {
			return err
		}
		return s.mailCoordinators(ctx, o.OrganisationID, "volunteering.mail.team_offer", "org", p.OrgName, "people", p.People,
			"title", o.Title, "link", s.BaseURL+"/volunteering/opportunities/"+o.ID+"/manage#offers")
	})
}

// Offers lists the pledges offered to an opportunity (its coordinators).
func (s *Service) Offers(ctx context.Context, a *actor.Actor, o Opportunity) ([]Match, error) {
	if !Coordinates(a, o.OrganisationID) {
		return nil, errForbidden
	}
	ms, err := queryMatches(ctx, s.DB, `WHERE m.opportunity_id = $1 ORDER BY m.created_at`, o.ID)
	if err != nil {
		return nil, errs.Wrap(err, "offers")
	}
	for i := range ms {
		if ms[i].Pledge, err = s.Pledge(ctx, ms[i].PledgeID); err != nil {
			return nil, err
		}
	}
	return ms, nil
}

// BookTeamDay books an offered team as a shift of the challenge for the named group with one
// lead; the business is told.
func (s *Service) BookTeamDay(ctx context.Context, a *actor.Actor, matchID string, in ShiftInput) (Shift, error) {
	ms, err := queryMatches(ctx, s.DB, `WHERE m.id = $1`, matchID)
	if err != nil || len(ms) == 0 {
		return Shift{}, errNotFound
	}
	m := ms[0]
	if !Coordinates(a, m.OppOrgID) {
		return Shift{}, errForbidden
	}
	p, err := s.Pledge(ctx, m.PledgeID)
	if err != nil {
		return Shift{}, err
	}
	o, err := s.Opportunity(ctx, m.OpportunityID)
	if err != nil {
		return Shift{}, err
	}
	if strings.TrimSpace(in.Lead) == "" {
		return Shift{}, errs.FieldErrors(map[string]string{"lead": "volunteering.err.lead"})
	}
	in.TeamName, in.PledgeID, in.Repeat, in.Count = p.OrgName, p.ID, "", "1"
	in.Min, in.Max = strconv.Itoa(p.People), strconv.Itoa(p.People)
	var sh Shift
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		ss, err := s.AddShifts(ctx, a, o.Roles[0].ID, in)
		if err != nil {
			return err
		}
		sh = ss[0]
		booked, err := bookMatch(ctx, s.DB, m.ID, sh.ID)
		if err != nil {
			return err
		}
		if !booked {
			return errs.E(errs.Conflict, "volunteering.err.booked")
		}
		sh.OpportunityTtl, sh.RoleTitle = o.Title, o.Roles[0].Title
		return s.mailCoordinators(ctx, p.OrganisationID, "volunteering.mail.team_booked", "title", o.Title, "lead", sh.LeadName,
			"when", mailWhen(sh), "link", s.BaseURL+"/volunteering/pledges/"+p.ID)
	})
	return sh, err
}
