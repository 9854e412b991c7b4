package campaigns

import (
	"context"
	"log/slog"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/outbox"
	"commons/internal/platform/place"
	"commons/internal/platform/ratelimit"
)

// EventLookup is what campaigns need of the events capability: an event's title, page and start,
// for an action that is an event.
type EventLookup interface {
	EventSummary(ctx context.Context, eventID string) (title, url string, startsAt time.Time, err error)
}

// PlaceLookup is the asset map's place by id (the place contract).
type PlaceLookup interface {
	Place(ctx context.Context, assetID string) (place.Place, error)
}

// PlaceFinder finds the asset map's places by name.
type PlaceFinder interface {
	FindPlaces(ctx context.Context, q string, limit int) ([]place.Place, error)
}

// Deps are what the service is built from.
type Deps struct {
	DB       *db.DB
	Outbox   *outbox.Outbox
	Identity *identity.Service
	T        func(lang, key string, args ...any) string
	BaseURL  string
	Log      *slog.Logger
	// PublicLimit limits public forms (support, sign, erase) per network address.
	PublicLimit *ratelimit.Limiter
}

// Service is community organising's rules.
type Service struct {
	Deps
	// Found in Connect; nil when the capability is not there.
	Events EventLookup
	Places PlaceLookup
	Finder PlaceFinder
}

// NewService returns the service.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{Deps: d}
}

// role is the actor's role in a campaign's team: lead, member or "".
func (s *Service) role(ctx context.Context, a *actor.Actor, campaignID string) string {
	if !a.SignedIn() {
		return ""
	}
	r, err := teamRole(ctx, s.DB, campaignID, a.ID)
	if err != nil {
		return ""
	}
	return r
}

// InTeam reports whether the actor is on the campaign's team.
func (s *Service) InTeam(ctx context.Context, a *actor.Actor, campaignID string) bool {
	return s.role(ctx, a, campaignID) != ""
}

func (s *Service) mustTeam(ctx context.Context, a *actor.Actor, campaignID string) error {
	if !a.SignedIn() {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if !s.InTeam(ctx, a, campaignID) {
		return errs.E(errs.Forbidden, "campaigns.err.team_only")
	}
	return nil
}

// fill adds the area's and organisation's names.
func (s *Service) fill(ctx context.Context, c *Campaign) {
	if c.AreaID != "" {
		if ar, err := s.Identity.Area(ctx, c.AreaID); err == nil {
			c.Area, c.PostcodeDistrict = ar.Name, ar.PostcodeDistricts
		}
	}
	if c.OrganisationID != "" {
		if o, err := s.Identity.Organisation(ctx, c.OrganisationID); err == nil {
			c.Organisation = o.Name
		}
	}
}

// Campaigns lists the published campaigns, most recently active first.
func (s *Service) Campaigns(ctx context.Context) ([]Campaign, error) {
	cs, err := publishedCampaigns(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		s.fill(ctx, &cs[i])
	}
	return cs, nil
}

// MyCampaigns lists the campaigns the actor is on the team of.
func (s *Service) MyCampaigns(ctx context.Context, a *actor.Actor) ([]Campaign, error) {
	if !a.SignedIn() {
		return nil, nil
	}
	cs, err := campaignsOfMember(ctx, s.DB, a.ID)
	for i := range cs {
		s.fill(ctx, &cs[i])
	}
	return cs, err
}

// Campaign returns a campaign: published ones to anyone, others to their team.
func (s *Service) Campaign(ctx context.Context, a *actor.Actor, id string) (Campaign, error) {
	c, err := campaignByID(ctx, s.DB, id)
	if err != nil {
		return c, s.DB.Err(err, "error.not_found")
	}
	if !c.Published && !s.InTeam(ctx, a, id) {
		return Campaign{}, errs.E(errs.NotFound, "error.not_found")
	}
	s.fill(ctx, &c)
	team, err := s.Team(ctx, id)
	c.Team = team
	return c, err
}

// Team lists a campaign's team with names, emails and whether each agreed to be named publicly.
func (s *Service) Team(ctx context.Context, campaignID string) ([]TeamMember, error) {
	team, err := teamOf(ctx, s.DB, campaignID)
	if err != nil {
		return nil, err
	}
	shown, err := s.Identity.NamesShown(ctx, []string{teamSubject(campaignID)})
	if err != nil {
		return nil, err
	}
	for i := range team {
		if acc, err := s.Identity.Account(ctx, team[i].AccountID); err == nil {
			team[i].Name, team[i].Email = acc.Name, acc.Email
		}
		team[i].ShowName = shown[team[i].AccountID+"|"+teamSubject(campaignID)]
	}
	return team, nil
}

// teamSubject is the name-consent subject of being named on a campaign's team.
func teamSubject(campaignID string) string { return "campaign_team:" + campaignID }

// Create starts a campaign; its starter leads its team.
func (s *Service) Create(ctx context.Context, a *actor.Actor, in CampaignInput, showName bool) (Campaign, error) {
	if !a.SignedIn() {
		return Campaign{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if err := in.Validate(); err != nil {
		return Campaign{}, err
	}
	if err := s.checkRefs(ctx, a, in); err != nil {
		return Campaign{}, err
	}
	c := Campaign{ID: ids.New(), Title: in.Title, Aim: in.Aim, Issue: in.Issue, AreaID: in.AreaID, OrganisationID: in.OrganisationID, Stage: in.Stage}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		c.CreatedAt, c.UpdatedAt = now, now
		if err := insertCampaign(ctx, s.DB, c, a.ID); err != nil {
			return err
		}
		if _, err := addTeamMember(ctx, s.DB, c.ID, a.ID, "lead", a.ID, now); err != nil {
			return err
		}
		return s.Identity.ShowName(ctx, a.ID, teamSubject(c.ID), showName)
	})
	return c, s.DB.Err(err, "error.internal")
}

// checkRefs checks the area exists and the organisation is one of the actor's.
func (s *Service) checkRefs(ctx context.Context, a *actor.Actor, in CampaignInput) error {
	f := map[string]string{}
	if in.AreaID != "" {
		if _, err := s.Identity.Area(ctx, in.AreaID); err != nil {
			f["area_id"] = "campaigns.err.area"
		}
	}
	if in.OrganisationID != "" && !a.InOrg(in.OrganisationID) && !a.Has(identity.RoleAdmin) {
		f["organisation_id"] = "campaigns.err.organisation"
	}
	return fieldErrors(f)
}

// Update changes a campaign's details, stage and whether it is published (its team).
func (s *Service) Update(ctx context.Context, a *actor.Actor, id string, in CampaignInput, published bool) error {
	if err := s.mustTeam(ctx, a, id); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := campaignByID(ctx, s.DB, id)
	if err != nil {
		return s.DB.Err(err, "error.not_found")
	}
	if in.OrganisationID != c.OrganisationID {
		if err := s.checkRefs(ctx, a, in); err != nil {
			return err
		}
	} else if err := s.checkRefs(ctx, a, CampaignInput{AreaID: in.AreaID}); err != nil {
		return err
	}
	c.Title, c.Aim, c.Issue, c.AreaID, c.OrganisationID, c.Stage, c.Published = in.Title, in.Aim, in.Issue, in.AreaID, in.OrganisationID, in.Stage, published
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error { return updateCampaign(ctx, s.DB, c, s.DB.Now(ctx)) }), "error.internal")
}

// AddTeamMember adds someone with an account to the team (its lead).
func (s *Service) AddTeamMember(ctx context.Context, a *actor.Actor, id, email string) error {
	if s.role(ctx, a, id) != "lead" {
		return errs.E(errs.Forbidden, "campaigns.err.lead_only")
	}
	acc, err := s.Identity.AccountByEmail(ctx, email)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.FieldErrors(map[string]string{"member_email": "campaigns.err.no_account"})
		}
		return err
	}
	c, err := campaignByID(ctx, s.DB, id)
	if err != nil {
		return s.DB.Err(err, "error.not_found")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		n, err := addTeamMember(ctx, s.DB, id, acc.ID, "member", a.ID, s.DB.Now(ctx))
		if err != nil || n == 0 {
			return err
		}
		lang := identity.LanguageOf(acc.Language)
		return s.mail(ctx, acc.Email, lang, "campaigns.mail.team_added", "title", c.Title, "link", s.BaseURL+"/campaigns/"+id+"/manage")
	})
}

// RemoveTeamMember takes someone off the team (its lead; the lead stays).
func (s *Service) RemoveTeamMember(ctx context.Context, a *actor.Actor, id, accountID string) error {
	if s.role(ctx, a, id) != "lead" {
		return errs.E(errs.Forbidden, "campaigns.err.lead_only")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := removeTeamMember(ctx, s.DB, id, accountID); err != nil {
			return err
		}
		return s.Identity.ShowName(ctx, accountID, teamSubject(id), false)
	})
}

// ShowMyName records whether a team member agrees to be named on the public page.
func (s *Service) ShowMyName(ctx context.Context, a *actor.Actor, id string, show bool) error {
	if err := s.mustTeam(ctx, a, id); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return s.Identity.ShowName(ctx, a.ID, teamSubject(id), show) })
}

// mail queues one message in lang.
func (s *Service) mail(ctx context.Context, to, lang, key string, args ...any) error {
	if to == "" {
		return nil
	}
	return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{to}, Subject: s.T(lang, key+".subject", args...), Text: s.T(lang, key+".body", args...)})
}

// mailTeam mails every team member in their language.
func (s *Service) mailTeam(ctx context.Context, campaignID, key string, args ...any) error {
	team, err := teamOf(ctx, s.DB, campaignID)
	if err != nil {
		return err
	}
	for _, m := range team {
		acc, err := s.Identity.Account(ctx, m.AccountID)
		if err != nil {
			continue
		}
		if err := s.mail(ctx, acc.Email, identity.LanguageOf(acc.Language), key, args...); err != nil {
			return err
		}
	}
	return nil
}

// limited counts a public form's use from a network address and refuses beyond the limit.
func (s *Service) limited(ctx context.Context, addr string) error {
	if s.PublicLimit == nil || addr == "" {
		return nil
	}
	n, err := s.PublicLimit.Hit(ctx, "campaigns:"+addr)
	if err != nil {
		return err
	}
	if n > s.PublicLimit.Limit {
		return errs.E(errs.RateLimited, "error.rate_limited")
	}
	return nil
}
