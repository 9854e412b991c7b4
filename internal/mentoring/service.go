package mentoring

import (
	"context"
	"log/slog"
	"strings"
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/outbox"
	"commons/internal/platform/place"
)

// PlaceLookup is what mentoring needs of the asset map to place an organisation at its hall.
type PlaceLookup interface {
	Place(ctx context.Context, assetID string) (place.Place, error)
}

// PlaceFinder finds the asset map's places by name, for the profile form's picker.
type PlaceFinder interface {
	FindPlaces(ctx context.Context, q string, limit int) ([]place.Place, error)
}

// PostcodeLocator turns a full postcode into its point.
type PostcodeLocator interface {
	LocatePostcode(ctx context.Context, postcode string) (place.Point, error)
}

// Deps are what the service is built from.
type Deps struct {
	DB       *db.DB
	Outbox   *outbox.Outbox
	Identity *identity.Service
	T        func(lang, key string, args ...any) string
	BaseURL  string
	Log      *slog.Logger
}

// Service is peer support's rules.
type Service struct {
	Deps
	// Found in Connect; nil when the asset map is not there.
	Places  PlaceLookup
	Finder  PlaceFinder
	Locator PostcodeLocator
	kick    chan struct{}
}

// NewService returns the service.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{Deps: d, kick: make(chan struct{}, 1)}
}

// IsCoordinator reports whether the actor coordinates peer support: an admin, or an account an
// admin named. Through an API token it needs the admin scope, like any privileged role.
func (s *Service) IsCoordinator(ctx context.Context, a *actor.Actor) bool {
	if !a.SignedIn() || !a.Allows(actor.ScopeAdmin) {
		return false
	}
	if a.Has(identity.RoleAdmin) {
		return true
	}
	ok, err := isCoordinator(ctx, s.DB, a.ID)
	return err == nil && ok
}

func (s *Service) mustCoordinate(ctx context.Context, a *actor.Actor) error {
	if !a.SignedIn() {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if !s.IsCoordinator(ctx, a) {
		return errs.E(errs.Forbidden, "mentoring.err.coordinators_only")
	}
	return nil
}

// actFor says whether the actor may act for the organisation, and whether it does so on the
// organisation's behalf (a coordinator who is not one of its members).
func (s *Service) actFor(ctx context.Context, a *actor.Actor, orgID string) (assisted bool, err error) {
	if !a.SignedIn() {
		return false, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if a.InOrg(orgID) {
		return false, nil
	}
	if s.IsCoordinator(ctx, a) {
		return true, nil
	}
	return false, errs.E(errs.Forbidden, "mentoring.err.not_member")
}

// CanSee reports whether the actor may see the organisation's peer support: its members and
// coordinators.
func (s *Service) CanSee(ctx context.Context, a *actor.Actor, orgID string) bool {
	_, err := s.actFor(ctx, a, orgID)
	return err == nil
}

// Topics lists the topic list, retired ones last.
func (s *Service) Topics(ctx context.Context) ([]Topic, error) {
	ts, err := listTopics(ctx, s.DB)
	return ts, s.DB.Err(err, "error.internal")
}

// topicMap is the topics by id.
func (s *Service) topicMap(ctx context.Context) (map[string]Topic, error) {
	ts, err := s.Topics(ctx)
	m := make(map[string]Topic, len(ts))
	for _, t := range ts {
		m[t.ID] = t
	}
	return m, err
}

// SaveTopic adds (id "") or renames, retires and restores a topic. Coordinators only.
func (s *Service) SaveTopic(ctx context.Context, a *actor.Actor, id, nameEN, nameCY string, retired bool) (Topic, error) {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return Topic{}, err
	}
	t := Topic{ID: id, NameEN: strings.TrimSpace(nameEN), NameCY: strings.TrimSpace(nameCY), Retired: retired}
	f := map[string]string{}
	if t.NameEN == "" || utf8.RuneCountInString(t.NameEN) > 100 {
		f["name_en"] = "mentoring.err.topic_name"
	}
	if t.NameCY == "" || utf8.RuneCountInString(t.NameCY) > 100 {
		f["name_cy"] = "mentoring.err.topic_name_cy"
	}
	if len(f) > 0 {
		return t, errs.FieldErrors(f)
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if id == "" {
			t.ID, t.Created = ids.New(), s.DB.Now(ctx)
			return insertTopic(ctx, s.DB, t)
		}
		res, err := updateTopic(ctx, s.DB, t)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "error.not_found")
		}
		return nil
	})
	return t, s.DB.Err(err, "error.internal")
}

// Coordinator is a named coordinator.
type Coordinator struct{ AccountID, Name, Email string }

// Coordinators lists the accounts admins named as coordinators. Admins only.
func (s *Service) Coordinators(ctx context.Context, a *actor.Actor) ([]Coordinator, error) {
	if !a.Has(identity.RoleAdmin) {
		return nil, errs.E(errs.Forbidden, "error.forbidden")
	}
	idl, err := coordinatorIDs(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var out []Coordinator
	for _, id := range idl {
		acc, err := s.Identity.Account(ctx, id)
		if err != nil {
			continue
		}
		out = append(out, Coordinator{AccountID: id, Name: acc.Name, Email: acc.Email})
	}
	return out, nil
}

// AddCoordinator names an account, by its email, a coordinator. Admins only.
func (s *Service) AddCoordinator(ctx context.Context, a *actor.Actor, email string) error {
	if !a.Has(identity.RoleAdmin) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	acc, err := s.Identity.AccountByEmail(ctx, email)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.FieldErrors(map[string]string{"email": "mentoring.err.no_account"})
		}
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		return addCoordinator(ctx, s.DB, acc.ID, a.ID, s.DB.Now(ctx))
	})
}

// RemoveCoordinator takes the role away. Admins only.
func (s *Service) RemoveCoordinator(ctx context.Context, a *actor.Actor, accountID string) error {
	if !a.Has(identity.RoleAdmin) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return removeCoordinator(ctx, s.DB, accountID) })
}

// orgs is every organisation by id, for names, sectors and areas.
func (s *Service) orgs(ctx context.Context) (map[string]identity.Organisation, error) {
	list, err := s.Identity.Organisations(ctx, "", 100000, 0)
	if err != nil {
		return nil, err
	}
	m := make(map[string]identity.Organisation, len(list))
	for _, o := range list {
		m[o.ID] = o
	}
	return m, nil
}

// Profile returns an organisation's profile; not found when it has not joined.
func (s *Service) Profile(ctx context.Context, orgID string) (Profile, error) {
	p, err := profileByOrg(ctx, s.DB, orgID)
	if err != nil {
		return p, s.DB.Err(err, "error.not_found")
	}
	org, err := s.Identity.Organisation(ctx, orgID)
	if err != nil {
		return p, err
	}
	p.Organisation, p.Sector, p.AreaID = org.Name, org.Sector, org.AreaID
	return p, nil
}

// SaveProfile joins an organisation to peer support, or changes its profile. Its place is the
// asset chosen on the map (its point and kind of place), else its postcode's point, else its
// area.
func (s *Service) SaveProfile(ctx context.Context, a *actor.Actor, orgID string, in ProfileInput) (Profile, error) {
	assisted, err := s.actFor(ctx, a, orgID)
	if err != nil {
		return Profile{}, err
	}
	org, err := s.Identity.Organisation(ctx, orgID)
	if err != nil {
		return Profile{}, err
	}
	v, err := in.Validate()
	if err != nil {
		return Profile{}, err
	}
	p := Profile{OrganisationID: orgID, Organisation: org.Name, Sector: org.Sector, AreaID: org.AreaID, Kind: in.Kind,
		Postcode: in.Postcode, TravelKm: v.travel, Online: in.Online, Slots: in.Slots, Availability: in.Availability,
		Capacity: v.capacity, About: in.About, Assisted: assisted}
	if in.PlaceID != "" && s.Places != nil {
		pl, err := s.Places.Place(ctx, in.PlaceID)
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return p, errs.FieldErrors(map[string]string{"place_q": "mentoring.err.place"})
			}
			return p, err
		}
		p.PlaceID, p.PlaceName, p.PlaceKind, p.Lat, p.Lng = pl.ID, pl.Name, pl.Kind, pl.Lat, pl.Lng
		if p.Postcode == "" {
			p.Postcode = normalisePostcode(pl.Postcode)
		}
	}
	if !p.HasPoint() && p.Postcode != "" && s.Locator != nil {
		pt, err := s.Locator.LocatePostcode(ctx, p.Postcode)
		switch {
		case err == nil:
			p.Lat, p.Lng = &pt.Lat, &pt.Lng
		case errs.Is(err, errs.Invalid):
			return p, errs.FieldErrors(map[string]string{"postcode": "mentoring.err.postcode"})
		case !errs.Is(err, errs.NotFound):
			return p, err
		}
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		p.UpdatedAt = now
		return saveProfile(ctx, s.DB, p, a.ID, now)
	})
	return p, s.DB.Err(err, "error.internal")
}

// Offers lists what an organisation offers.
func (s *Service) Offers(ctx context.Context, orgID string) ([]Offer, error) {
	o, err := offersOf(ctx, s.DB, orgID)
	return o, s.DB.Err(err, "error.internal")
}

// SaveOffer says the organisation can help with a topic (or changes how).
func (s *Service) SaveOffer(ctx context.Context, a *actor.Actor, orgID, topicID string, level int, detail string) error {
	assisted, err := s.actFor(ctx, a, orgID)
	if err != nil {
		return err
	}
	detail = strings.TrimSpace(detail)
	f := map[string]string{}
	t, err := topicByID(ctx, s.DB, topicID)
	if err != nil || t.Retired {
		f["offer_topic"] = "mentoring.err.topic"
	}
	if level < 1 || level > 3 {
		f["offer_level"] = "mentoring.err.level"
	}
	checkDetail(f, "offer_detail", detail)
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := profileByOrg(ctx, s.DB, orgID); err != nil {
			return errs.E(errs.Invalid, "mentoring.err.no_profile")
		}
		return saveOffer(ctx, s.DB, Offer{ID: ids.New(), OrganisationID: orgID, TopicID: topicID, Level: level, Detail: detail, Assisted: assisted},
			a.ID, s.DB.Now(ctx))
	}), "error.internal")
}

// DeleteOffer withdraws an offer.
func (s *Service) DeleteOffer(ctx context.Context, a *actor.Actor, offerID string) error {
	o, err := offerByID(ctx, s.DB, offerID)
	if err != nil {
		return s.DB.Err(err, "error.not_found")
	}
	if _, err := s.actFor(ctx, a, o.OrganisationID); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return deleteOffer(ctx, s.DB, offerID) })
}

// Needs lists an organisation's needs, open ones first.
func (s *Service) Needs(ctx context.Context, orgID string) ([]Need, error) {
	n, err := needsOf(ctx, s.DB, orgID)
	return n, s.DB.Err(err, "error.internal")
}

// AddNeed says the organisation needs help with a topic.
func (s *Service) AddNeed(ctx context.Context, a *actor.Actor, orgID, topicID, detail string) (Need, error) {
	assisted, err := s.actFor(ctx, a, orgID)
	if err != nil {
		return Need{}, err
	}
	detail = strings.TrimSpace(detail)
	f := map[string]string{}
	t, err := topicByID(ctx, s.DB, topicID)
	if err != nil || t.Retired {
		f["need_topic"] = "mentoring.err.topic"
	}
	checkDetail(f, "need_detail", detail)
	if len(f) > 0 {
		return Need{}, errs.FieldErrors(f)
	}
	n := Need{ID: ids.New(), OrganisationID: orgID, TopicID: topicID, Detail: detail, Status: "open", Assisted: assisted}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := profileByOrg(ctx, s.DB, orgID); err != nil {
			return errs.E(errs.Invalid, "mentoring.err.no_profile")
		}
		n.CreatedAt = s.DB.Now(ctx)
		return insertNeed(ctx, s.DB, n, a.ID)
	})
	if errs.Is(s.DB.Err(err, "x"), errs.Conflict) {
		return n, errs.FieldErrors(map[string]string{"need_topic": "mentoring.err.need_exists"})
	}
	return n, s.DB.Err(err, "error.internal")
}

// Need returns one need, for its organisation's members and coordinators.
func (s *Service) Need(ctx context.Context, a *actor.Actor, needID string) (Need, error) {
	n, err := needByID(ctx, s.DB, needID)
	if err != nil {
		return n, s.DB.Err(err, "error.not_found")
	}
	if _, err := s.actFor(ctx, a, n.OrganisationID); err != nil {
		return n, err
	}
	org, err := s.Identity.Organisation(ctx, n.OrganisationID)
	n.Organisation = org.Name
	return n, err
}

// CloseNeed says the organisation no longer needs help with it.
func (s *Service) CloseNeed(ctx context.Context, a *actor.Actor, needID string) error {
	n, err := s.Need(ctx, a, needID)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, err := setNeedStatus(ctx, s.DB, n.ID, n.Status, "closed", s.DB.Now(ctx))
		return err
	})
}

// Summary is the public page's picture of the programme.
type Summary struct {
	Organisations, Offers, Needs, Live, Closed int
	Topics                                     []TopicCount
}

// TopicCount is how many organisations offer and need a topic.
type TopicCount struct {
	Topic         Topic
	Offers, Needs int
}

// Summary counts the programme for its public page (no organisation is named).
func (s *Service) Summary(ctx context.Context) (Summary, error) {
	c, err := programmeCounts(ctx, s.DB)
	if err != nil {
		return Summary{}, err
	}
	ts, err := s.Topics(ctx)
	if err != nil {
		return Summary{}, err
	}
	tc, err := topicCounts(ctx, s.DB)
	if err != nil {
		return Summary{}, err
	}
	out := Summary{Organisations: c.Organisations, Offers: c.Offers, Needs: c.Needs, Live: c.Live, Closed: c.Closed}
	for _, t := range ts {
		if !t.Retired {
			out.Topics = append(out.Topics, TopicCount{Topic: t, Offers: tc[t.ID][0], Needs: tc[t.ID][1]})
		}
	}
	return out, nil
}
