package ownership

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"commons/internal/identity"
	"commons/internal/ownership/clock"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/place"
)

// Outbox queues mail in the caller's transaction.
type Outbox interface {
	EnqueueMessage(ctx context.Context, m mail.Message) error
}

// PlaceFinder is what the asset map offers for choosing the land a case is about.
type PlaceFinder interface {
	FindPlaces(ctx context.Context, q string, limit int) ([]place.Place, error)
}

// PlaceLookup is what the asset map offers for reading one place.
type PlaceLookup interface {
	Place(ctx context.Context, assetID string) (place.Place, error)
}

// Deps is what the ownership service needs.
type Deps struct {
	DB        *db.DB
	Outbox    Outbox
	Identity  *identity.Service
	T         func(lang, key string, args ...any) string
	Log       *slog.Logger
	BaseURL   string
	PlaceName string
	// OrgID is the council's org-id (GB-LAE-ABC), from which the planning.data organisation
	// (local-authority:ABC) is made.
	OrgID string
	// RightToBuy switches new nominations to the proposed community right to buy's timetable.
	RightToBuy bool
	// Schemes are the schemes the council runs: acv, atr, cat.
	Schemes []string
}

// Service holds the rules of community ownership casework.
type Service struct {
	Deps
	Finder PlaceFinder // nil when no capability offers places
	Places PlaceLookup
	kick   chan struct{}
}

// NewService returns the service.
func NewService(d Deps) *Service {
	if len(d.Schemes) == 0 {
		d.Schemes = Kinds
	}
	return &Service{Deps: d, kick: make(chan struct{}, 1)}
}

var (
	errNotFound  = errs.E(errs.NotFound, "error.not_found")
	errForbidden = errs.E(errs.Forbidden, "error.forbidden")
)

// Runs reports whether the council runs a scheme.
func (s *Service) Runs(kind string) bool { return slices.Contains(s.Schemes, kind) }

// Today is the date in London.
func (s *Service) Today(ctx context.Context) clock.Date { return clock.On(s.DB.Now(ctx), i18n.London) }

// TimetableFor is the timetable a new case of the kind runs on.
func (s *Service) TimetableFor(kind string) string {
	switch kind {
	case KindATR:
		return clock.ScotlandTimetable
	case KindCAT:
		return clock.Policy
	}
	if s.RightToBuy {
		return clock.CommunityRightToBuy
	}
	return clock.England
}

// IsOfficer reports whether the actor works cases.
func IsOfficer(a *actor.Actor) bool {
	return a.Has(identity.RoleOfficer, identity.RoleAdmin) && a.Allows(actor.ScopeAdmin)
}

// RolesOn are the parts the actor plays in a case: officer, owner, group, anyone.
func RolesOn(a *actor.Actor, c *Case) []string {
	if !a.SignedIn() {
		return nil
	}
	roles := []string{ByAnyone}
	if IsOfficer(a) {
		roles = append(roles, ByOfficer)
	}
	if a.Email != "" && c.Owner.Email != "" && strings.EqualFold(a.Email, c.Owner.Email) {
		roles = append(roles, ByOwner)
	}
	if a.ID == c.ContactAccount || a.InOrg(c.Group.OrgID) {
		roles = append(roles, ByGroup)
	}
	return roles
}

// Involved reports whether the actor may see the case's private details: officers, the owner,
// and the group that made it.
func Involved(a *actor.Actor, c *Case) bool {
	r := RolesOn(a, c)
	return slices.Contains(r, ByOfficer) || slices.Contains(r, ByOwner) || slices.Contains(r, ByGroup)
}

// Public reports whether a case has a public page: everything except a Scottish request not yet
// validated (it is not "made" until then, SSI 2016/357 reg. 5).
func Public(c *Case) bool { return !(c.Kind == KindATR && c.Status == "received") }

// policyRules are the council's community asset transfer targets (months), from its settings.
func (s *Service) policyRules(ctx context.Context) []clock.Rule {
	n := func(key string, def int) int {
		v, err := getSetting(ctx, s.DB, key)
		if err != nil {
			return def
		}
		if i, err := strconv.Atoi(v); err == nil && i > 0 {
			return i
		}
		return def
	}
	return clock.PolicyRules(n("cat_eoi_months", 1), n("cat_assessment_months", 6), n("cat_completion_months", 12), clock.Months)
}

// ruleFor finds a rule of the case's timetable.
func (s *Service) ruleFor(ctx context.Context, c *Case, id string) (clock.Rule, bool) {
	if c.Timetable == clock.Policy {
		return clock.RuleFor("", id, s.policyRules(ctx))
	}
	return clock.RuleFor(c.Timetable, id, nil)
}

// Upload is a file chosen on a form.
type Upload struct {
	Kind, Filename string
	Data           []byte
}

// CreateCase makes a nomination, a request or an expression of interest: online by the group,
// or recorded by an officer from paper, email, a phone call or a visit (with who helped and how).
func (s *Service) CreateCase(ctx context.Context, a *actor.Actor, lang string, in CaseInput, up *Upload) (Case, error) {
	if !a.SignedIn() {
		return Case{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if !s.Runs(in.Kind) {
		return Case{}, errNotFound
	}
	officer := IsOfficer(a)
	if !officer {
		in.Channel, in.ReceivedOn, in.HelpedHow = "online", "", ""
	} else if in.Channel == "" {
		in.Channel = "online"
	}
	var pl *place.Place
	if in.AssetID != "" {
		if s.Places == nil {
			return Case{}, errs.FieldErrors(map[string]string{"asset_id": "ownership.err.asset"})
		}
		p, err := s.Places.Place(ctx, in.AssetID)
		if err != nil {
			return Case{}, errs.FieldErrors(map[string]string{"asset_id": "ownership.err.asset"})
		}
		pl = &p
	}
	if err := in.Validate(officer); err != nil {
		return Case{}, err
	}
	var doc *Document
	if up != nil {
		d, err := CheckUpload(up)
		if err != nil {
			return Case{}, err
		}
		doc = d
	}
	today := s.Today(ctx)
	received := today
	if in.ReceivedOn != "" {
		received = clock.MustParse(in.ReceivedOn)
		if received.After(today) {
			return Case{}, errs.FieldErrors(map[string]string{"received_on": "ownership.err.future"})
		}
	}
	c := Case{ID: ids.New(), Kind: in.Kind, Status: FirstStatus(in.Kind), Timetable: s.TimetableFor(in.Kind), AssetID: in.AssetID,
		Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description), Address: strings.TrimSpace(in.Address),
		Postcode: strings.ToUpper(strings.TrimSpace(in.Postcode)), UPRN: strings.TrimSpace(in.UPRN), Reasons: strings.TrimSpace(in.Reasons),
		Group: in.Group, ContactName: strings.TrimSpace(in.ContactName), ContactEmail: strings.TrimSpace(in.ContactEmail),
		ContactPhone: strings.TrimSpace(in.ContactPhone), Owner: trimParty(in.Owner), Occupier: trimParty(in.Occupier),
		MailLang: identity.LanguageOf(lang), Channel: in.Channel, HelpedHow: strings.TrimSpace(in.HelpedHow), ReceivedOn: received,
		RequestType: in.RequestType, Price: strings.TrimSpace(in.Price)}
	c.Group.Name, c.Group.Connection, c.Group.Number = strings.TrimSpace(c.Group.Name), strings.TrimSpace(c.Group.Connection), strings.TrimSpace(c.Group.Number)
	if b := strings.TrimSpace(in.Boundary); b != "" {
		g, _ := ParseBoundary(b)
		if raw, err := g.MarshalJSON(); err == nil {
			c.Boundary = string(raw)
		}
	}
	if in.Lat != "" {
		la, _ := strconv.ParseFloat(in.Lat, 64)
		lo, _ := strconv.ParseFloat(in.Lng, 64)
		c.Lat, c.Lng = &la, &lo
	}
	if pl != nil {
		fillFromPlace(&c, *pl)
	}
	if officer {
		c.RecordedBy, c.RecordedByName, c.AssignedTo = a.ID, a.Name, a.ID
		if in.Channel == "online" { // an officer making it for themselves online is still the recorder
			c.HelpedHow = ""
		}
	} else {
		c.ContactAccount = a.ID
		if c.ContactEmail == "" {
			c.ContactEmail = a.Email
		}
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		c.CreatedAt, c.UpdatedAt = now, now
		ref, err := nextReference(ctx, s.DB, c.Kind, received.Year())
		if err != nil {
			return err
		}
		c.Reference = ref
		if err := insertCase(ctx, s.DB, &c); err != nil {
			return s.DB.Err(err, "ownership.err.save")
		}
		role := ByGroup
		if officer {
			role = ByOfficer
		}
		if err := insertEvent(ctx, s.DB, &Event{CaseID: c.ID, Step: c.Kind + ".received", On: received, ActorID: a.ID, ActorName: a.Name,
			ActorRole: role, Channel: c.Channel, HelpedHow: c.HelpedHow}); err != nil {
			return err
		}
		if rule := FirstClock(c.Kind); rule != "" {
			if err := s.startClock(ctx, &c, rule, received, clock.Date{}); err != nil {
				return err
			}
		}
		if doc != nil {
			doc.CaseID, doc.UploadedBy = c.ID, a.ID
			if err := insertDocument(ctx, s.DB, doc); err != nil {
				return err
			}
		}
		who := []string{"group"}
		if !officer { // the council learns of a case made online; one an officer recorded it knows of
			who = append(who, "team")
		}
		return s.tell(ctx, &c, c.Kind+".received", "", "", who)
	})
	return c, err
}

func trimParty(p Party) Party {
	return Party{Name: strings.TrimSpace(p.Name), Address: strings.TrimSpace(p.Address), Email: strings.TrimSpace(p.Email)}
}

// fillFromPlace takes what the form left empty from the asset map's place.
func fillFromPlace(c *Case, p place.Place) {
	if c.Name == "" {
		c.Name = p.Name
	}
	if c.Address == "" {
		c.Address = p.Address
	}
	if c.Postcode == "" {
		c.Postcode = p.Postcode
	}
	if c.UPRN == "" {
		c.UPRN = p.UPRN
	}
	if c.Boundary == "" && len(p.Boundary) > 0 {
		if _, err := ParseBoundary(string(p.Boundary)); err == nil {
			c.Boundary = string(p.Boundary)
		}
	}
	if c.Lat == nil && p.Lat != nil && p.Lng != nil {
		c.Lat, c.Lng = p.Lat, p.Lng
	}
}

// Case returns a case as the viewer may see it: its private details only for those involved.
func (s *Service) Case(ctx context.Context, viewer *actor.Actor, id string) (CaseView, error) {
	c, err := caseByID(ctx, s.DB, id)
	if isNoRows(err) {
		return CaseView{}, errNotFound
	}
	if err != nil {
		return CaseView{}, errs.Wrap(err, "case")
	}
	involved := Involved(viewer, &c)
	if !Public(&c) && !involved {
		return CaseView{}, errNotFound
	}
	return s.view(ctx, viewer, c, involved)
}
