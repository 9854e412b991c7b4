package volunteering

import (
	"context"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strings"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/markdown"
	"commons/internal/platform/place"
)

// Outbox queues mail in the caller's transaction.
type Outbox interface {
	EnqueueMessage(ctx context.Context, m mail.Message) error
}

// PostcodeLocator is what volunteering needs of the asset map to search by distance: a full
// UK postcode to its point (errs.NotFound if unknown, errs.Invalid if malformed).
type PostcodeLocator interface {
	LocatePostcode(ctx context.Context, postcode string) (place.Point, error)
}

// PlaceLookup is what volunteering needs of the asset map to hold an opportunity at an asset.
type PlaceLookup interface {
	Place(ctx context.Context, assetID string) (place.Place, error)
}

// Crediter is what volunteering needs of a time bank: confirmed hours credited exactly once
// per ref, in the caller's transaction.
type Crediter interface {
	CreditVolunteering(ctx context.Context, organisationID, accountID, ref string, minutes int, note string) (bool, error)
}

// Deps is what the volunteering service needs.
type Deps struct {
	DB        *db.DB
	Outbox    Outbox
	Identity  *identity.Service
	T         func(lang, key string, args ...any) string
	BaseURL   string
	PlaceName string
	Log       *slog.Logger
	// Found in Connect; each may be nil, and the capability then does without.
	Locator PostcodeLocator
	Places  PlaceLookup
	Finder  PlaceFinder
	Credit  Crediter
}

// Service holds the volunteering rules.
type Service struct {
	Deps
	kick chan struct{} // wakes the reminder worker after a sign-up commits
}

// NewService returns the service.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{Deps: d, kick: make(chan struct{}, 1)}
}

var (
	errForbidden = errs.E(errs.Forbidden, "volunteering.forbidden")
	errNotFound  = errs.E(errs.NotFound, "volunteering.not_found")
)

// Coordinates reports whether a coordinates an organisation's volunteering: its members do, and
// admins. Coordinators post opportunities, run rotas, decide applications and confirm hours.
func Coordinates(a *actor.Actor, orgID string) bool {
	return a.InOrg(orgID) || a.Has(identity.RoleAdmin)
}

// SeesChecks reports whether a may see an organisation's check records. Checks are
// criminal-offence data: only that organisation's own coordinators (its members) see them, not
// admins of the site, not officers, not the person's public pages.
func SeesChecks(a *actor.Actor, orgID string) bool { return a.InOrg(orgID) }

// CoordinatorOrgs are the organisations a coordinates.
func (s *Service) CoordinatorOrgs(ctx context.Context, a *actor.Actor) ([]identity.Organisation, error) {
	if !a.SignedIn() {
		return nil, nil
	}
	all, err := s.Identity.Organisations(ctx, "", 1000, 0)
	if err != nil {
		return nil, err
	}
	var out []identity.Organisation
	for _, o := range all {
		if Coordinates(a, o.ID) && (a.InOrg(o.ID) || a.Has(identity.RoleAdmin)) {
			out = append(out, o)
		}
	}
	if !a.Has(identity.RoleAdmin) {
		return out, nil
	}
	// Admins may act for any organisation, but their own come first.
	sort.SliceStable(out, func(i, j int) bool { return a.InOrg(out[i].ID) && !a.InOrg(out[j].ID) })
	return out, nil
}

// orgNames fills in organisation and area names through identity.
func (s *Service) names(ctx context.Context, os []Opportunity) error {
	orgs := map[string]string{}
	areas := map[string]string{}
	for i := range os {
		o := &os[i]
		if _, ok := orgs[o.OrganisationID]; !ok {
			org, err := s.Identity.Organisation(ctx, o.OrganisationID)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return err
			}
			orgs[o.OrganisationID] = org.Name
		}
		o.OrganisationName = orgs[o.OrganisationID]
		if o.AreaID != "" {
			if _, ok := areas[o.AreaID]; !ok {
				a, err := s.Identity.Area(ctx, o.AreaID)
				if err != nil && !errs.Is(err, errs.NotFound) {
					return err
				}
				areas[o.AreaID] = a.Name
			}
			o.AreaName = areas[o.AreaID]
		}
	}
	return nil
}

// Opportunity is one opportunity with its roles.
func (s *Service) Opportunity(ctx context.Context, id string) (Opportunity, error) {
	o, err := opportunityByID(ctx, s.DB, id)
	if err != nil {
		return o, err
	}
	os := []Opportunity{o}
	if err := s.names(ctx, os); err != nil {
		return o, err
	}
	return os[0], nil
}

// Role is one role with its opportunity.
func (s *Service) Role(ctx context.Context, id string) (Role, Opportunity, error) {
	r, err := roleByID(ctx, s.DB, id)
	if err != nil {
		return r, Opportunity{}, err
	}
	o, err := s.Opportunity(ctx, r.OpportunityID)
	return r, o, err
}

// SearchResult is a page of the list: the opportunities, and whether distance search could be
// done.
type SearchResult struct {
	Opportunities []Opportunity
	// Located is the searched postcode's point; NoLocator says distance search is not available
	// here (no postcode file imported), UnknownPostcode that the postcode was not found.
	Located         *place.Point
	NoLocator       bool
	UnknownPostcode bool
}

// Search lists open opportunities matching the filters; with a postcode, those within the
// distance nearest first, then those done from home.
func (s *Service) Search(ctx context.Context, q Search) (SearchResult, error) {
	var res SearchResult
	os, err := listOpportunities(ctx, s.DB, q, 500)
	if err != nil {
		return res, errs.Wrap(err, "search opportunities")
	}
	if q.Postcode != "" {
		if s.Locator == nil {
			res.NoLocator = true
		} else if pt, err := s.Locator.LocatePostcode(ctx, q.Postcode); err != nil {
			if !errs.Is(err, errs.NotFound) && !errs.Is(err, errs.Invalid) {
				return res, err
			}
			res.UnknownPostcode = true
		} else {
			res.Located = &pt
			within := q.Within
			if within <= 0 {
				within = 10
			}
			var near, home []Opportunity
			for _, o := range os {
				switch {
				case o.HasPoint():
					d := Distance(pt, place.Point{Lat: *o.Latitude, Lng: *o.Longitude})
					if d <= within {
						o.Distance = &d
						near = append(near, o)
					}
				case o.FromHome:
					home = append(home, o)
				}
			}
			sort.SliceStable(near, func(i, j int) bool { return *near[i].Distance < *near[j].Distance })
			os = append(near, home...)
		}
	}
	if len(os) > 200 {
		os = os[:200]
	}
	if err := s.names(ctx, os); err != nil {
		return res, err
	}
	res.Opportunities = os
	return res, nil
}

// Distance is the great-circle distance between two points in kilometres.
func Distance(a, b place.Point) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLng := (b.Lat-a.Lat)*rad, (b.Lng-a.Lng)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// applyWhere fills an opportunity's place from the form: an asset of the map (when the map is
// there to ask), an address (located by its postcode when it has no point), or from home.
func (s *Service) applyWhere(ctx context.Context, o *Opportunity, in *OpportunityInput) error {
	o.PlaceID, o.Venue, o.Address, o.Postcode, o.Latitude, o.Longitude, o.FromHome = "", "", "", "", nil, nil, false
	o.AreaID = in.AreaID
	switch in.Where {
	case "home":
		o.FromHome = true
		return nil
	case "place":
		if s.Places == nil {
			return errs.FieldErrors(map[string]string{"place_id": "volunteering.err.place"})
		}
		p, err := s.Places.Place(ctx, in.PlaceID)
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return errs.FieldErrors(map[string]string{"place_id": "volunteering.err.place"})
			}
			return err
		}
		o.PlaceID, o.Venue, o.Address, o.Postcode, o.Latitude, o.Longitude = p.ID, p.Name, p.Address, p.Postcode, p.Lat, p.Lng
		if o.AreaID == "" {
			o.AreaID = p.AreaID
		}
		return nil
	}
	o.Venue, o.Address, o.Postcode, o.Latitude, o.Longitude = in.Venue, in.Address, in.Postcode, in.lat, in.lng
	if o.Latitude == nil && o.Postcode != "" && s.Locator != nil {
		if pt, err := s.Locator.LocatePostcode(ctx, o.Postcode); err == nil {
			o.Latitude, o.Longitude = &pt.Lat, &pt.Lng
		}
	}
	return nil
}

func (s *Service) checkArea(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	if _, err := s.Identity.Area(ctx, id); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.FieldErrors(map[string]string{"area_id": "volunteering.err.area"})
		}
		return err
	}
	return nil
}

// CreateOpportunity posts an opportunity with its first role, for one of a's organisations.
func (s *Service) CreateOpportunity(ctx context.Context, a *actor.Actor, in OpportunityInput) (Opportunity, error) {
	if err := in.Validate(true); err != nil {
		return Opportunity{}, err
	}
	if !Coordinates(a, in.OrganisationID) {
		return Opportunity{}, errs.FieldErrors(map[string]string{"organisation_id": "volunteering.err.organisation"})
	}
	if err := s.checkArea(ctx, in.AreaID); err != nil {
		return Opportunity{}, err
	}
	html, err := markdown.Render(in.Description)
	if err != nil {
		return Opportunity{}, errs.Wrap(err, "render description")
	}
	o := Opportunity{ID: ids.New(), OrganisationID: in.OrganisationID, Title: in.Title, Description: in.Description,
		DescriptionHTML: string(html), Kind: in.Kind, Causes: in.causes, UsualSlots: in.slots, Slots: in.slots, Status: "open",
		TeamMin: in.teamMin, TeamMax: in.teamMax}
	if err := s.applyWhere(ctx, &o, &in); err != nil {
		return o, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		o.CreatedAt, o.UpdatedAt = now, now
		if err := insertOpportunity(ctx, s.DB, o, a.ID); err != nil {
			return err
		}
		r := roleFrom(in.Role, o.ID)
		r.CreatedAt, r.UpdatedAt = now, now
		o.Roles = []Role{r}
		return saveRole(ctx, s.DB, r, true)
	})
	return o, s.DB.Err(err, "volunteering.err.save")
}

func roleFrom(in RoleInput, oppID string) Role {
	return Role{ID: ids.New(), OpportunityID: oppID, Title: in.Title, Description: strings.TrimSpace(in.Description),
		Commitment: strings.TrimSpace(in.Commitment), Skills: in.skills, Accessibility: in.accessibility,
		AccessibilityNote: strings.TrimSpace(in.AccessibilityNote), MinAge: in.minAge, CheckNeeded: in.CheckNeeded,
		Rewards: in.rewards, AutoAccept: in.AutoAccept, Minutes: in.minutes}
}

// UpdateOpportunity changes an opportunity (not its roles); a coordinator may also close it,
// which keeps its hours and history.
func (s *Service) UpdateOpportunity(ctx context.Context, a *actor.Actor, id string, in OpportunityInput, status string) (Opportunity, error) {
	o, err := opportunityByID(ctx, s.DB, id)
	if err != nil {
		return o, err
	}
	if !Coordinates(a, o.OrganisationID) {
		return o, errForbidden
	}
	in.OrganisationID = o.OrganisationID
	if err := in.Validate(false); err != nil {
		return o, err
	}
	if err := s.checkArea(ctx, in.AreaID); err != nil {
		return o, err
	}
	html, err := markdown.Render(in.Description)
	if err != nil {
		return o, errs.Wrap(err, "render description")
	}
	o.Title, o.Description, o.DescriptionHTML, o.Kind, o.Causes, o.UsualSlots = in.Title, in.Description, string(html), in.Kind, in.causes, in.slots
	o.TeamMin, o.TeamMax = in.teamMin, in.teamMax
	if status == "open" || status == "closed" {
		o.Status = status
	}
	if err := s.applyWhere(ctx, &o, &in); err != nil {
		return o, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		o.UpdatedAt = s.DB.Now(ctx)
		if err := updateOpportunity(ctx, s.DB, o); err != nil {
			return err
		}
		// The sessions feed embeds the opportunity: its sessions change with it.
		if err := touchOpportunityShifts(ctx, s.DB, o.ID); err != nil {
			return err
		}
		return refreshSlots(ctx, s.DB, o.ID)
	})
	return o, s.DB.Err(err, "volunteering.err.save")
}

// SaveRole adds a role to an opportunity (roleID "") or changes one.
func (s *Service) SaveRole(ctx context.Context, a *actor.Actor, oppID, roleID string, in RoleInput) (Role, error) {
	o, err := opportunityByID(ctx, s.DB, oppID)
	if err != nil {
		return Role{}, err
	}
	if !Coordinates(a, o.OrganisationID) {
		return Role{}, errForbidden
	}
	if err := in.Validate(o.Kind); err != nil {
		return Role{}, err
	}
	r := roleFrom(in, o.ID)
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		r.CreatedAt, r.UpdatedAt = now, now
		if roleID != "" {
			old, err := roleByID(ctx, s.DB, roleID)
			if err != nil || old.OpportunityID != o.ID {
				return errNotFound
			}
			r.ID, r.CreatedAt = old.ID, old.CreatedAt
			if err := saveRole(ctx, s.DB, r, false); err != nil {
				return err
			}
		} else if err := saveRole(ctx, s.DB, r, true); err != nil {
			return err
		}
		if _, err := touchOpportunity(ctx, s.DB, o.ID, now); err != nil {
			return err
		}
		return touchOpportunityShifts(ctx, s.DB, o.ID)
	})
	return r, s.DB.Err(err, "volunteering.err.save")
}

// Me is the person record of a signed-in account: found, linked from a record a coordinator
// made with the same confirmed email, or made now.
func (s *Service) Me(ctx context.Context, a *actor.Actor) (Person, error) {
	if !a.SignedIn() {
		return Person{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	var p Person
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		p, err = s.me(ctx, a)
		return err
	})
	return p, err
}

func (s *Service) me(ctx context.Context, a *actor.Actor) (Person, error) {
	p, err := personByAccount(ctx, s.DB, a.ID)
	if err == nil {
		return p, nil
	}
	if !db.IsNoRows(err) {
		return p, err
	}
	acc, err := s.Identity.Account(ctx, a.ID)
	if err != nil {
		return p, err
	}
	if acc.Confirmed != nil && acc.Email != "" {
		if p, err = unlinkedPersonByEmail(ctx, s.DB, acc.Email); err == nil {
			if err := linkPerson(ctx, s.DB, p.ID, a.ID, acc.Name); err != nil {
				return p, err
			}
			p.AccountID, p.Name = a.ID, acc.Name
			return p, nil
		} else if !db.IsNoRows(err) {
			return p, err
		}
	}
	p = Person{ID: ids.New(), AccountID: a.ID, Name: acc.Name, Email: acc.Email, CreatedAt: s.DB.Now(ctx)}
	// Two first clicks at once: whichever commits first makes the record, the other reads it.
	if err := insertAccountPerson(ctx, s.DB, p); err != nil {
		return p, err
	}
	return personByAccount(ctx, s.DB, a.ID)
}

// PersonInput is what a coordinator enters to act for someone (assisted digital).
type PersonInput struct{ PersonID, Name, Email, Phone string }

// assistedPerson is the person a coordinator acts for: one already known, or a new record
// (a matching email links it to the account later).
func (s *Service) assistedPerson(ctx context.Context, a *actor.Actor, in PersonInput) (Person, error) {
	if in.PersonID != "" {
		return personByID(ctx, s.DB, in.PersonID)
	}
	name, email, phone := strings.TrimSpace(in.Name), identity.NormaliseEmail(in.Email), strings.TrimSpace(in.Phone)
	f := map[string]string{}
	if name == "" || tooLong(name, 200) {
		f["name"] = "volunteering.err.person_name"
	}
	if email != "" && !identity.ValidEmail(email) {
		f["email"] = "volunteering.err.email"
	}
	if tooLong(phone, 40) {
		f["phone"] = "volunteering.err.too_long"
	}
	if len(f) > 0 {
		return Person{}, errs.FieldErrors(f)
	}
	if email != "" {
		if p, err := personByEmail(ctx, s.DB, email); err == nil {
			return p, nil
		} else if !db.IsNoRows(err) {
			return p, err
		}
	}
	p := Person{ID: ids.New(), Name: name, Email: email, Phone: phone, CreatedBy: a.Name, CreatedAt: s.DB.Now(ctx)}
	return p, insertPerson(ctx, s.DB, p)
}

// People lists the people known to an organisation (coordinators).
func (s *Service) People(ctx context.Context, a *actor.Actor, orgID string) ([]Person, error) {
	if !Coordinates(a, orgID) {
		return nil, errForbidden
	}
	ps, err := orgPeople(ctx, s.DB, orgID)
	return ps, errs.Wrap(err, "people")
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
