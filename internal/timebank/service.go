package timebank

import (
	"context"
	"strconv"
	"strings"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/mail"
	"commons/internal/platform/place"
	"commons/internal/platform/ratelimit"
)

// Outbox queues mail in the caller's transaction.
type Outbox interface {
	EnqueueMessage(ctx context.Context, m mail.Message) error
}

// Locator finds a UK postcode's point (the asset map provides it, from the council's postcode
// file); without one, listings can be searched by area but not by distance.
type Locator interface {
	LocatePostcode(ctx context.Context, postcode string) (place.Point, error)
}

// Deps is what the time bank service needs.
type Deps struct {
	DB       *db.DB
	Outbox   Outbox
	Identity *identity.Service
	T        func(lang, key string, args ...any) string
	BaseURL  string
	// ContactLimit counts the messages a member sends through Commons, so the contact form
	// cannot be used to mail members in bulk.
	ContactLimit *ratelimit.Limiter
	// Locate is found once every capability is built; nil when no capability provides it.
	Locate Locator
}

// Service holds the time bank rules.
type Service struct{ Deps }

// NewService returns the service.
func NewService(d Deps) *Service { return &Service{d} }

var (
	errForbidden = errs.E(errs.Forbidden, "timebank.err.forbidden")
	errNotBroker = errs.E(errs.Forbidden, "timebank.err.not_broker")
)

// Viewer is a person looking at one bank: who they are in it.
type Viewer struct {
	Actor *actor.Actor
	Bank  Bank
	// Self is the person's own membership (any status), nil if they have none.
	Self *Member
	// Orgs are the active memberships of organisations the person belongs to.
	Orgs []Member
	// Broker: the person coordinates the bank (or is an admin, who may act as any broker).
	Broker bool
}

// Member reports whether the person may exchange in the bank, in person or for an
// organisation.
func (v *Viewer) Member() bool { return len(v.Own()) > 0 }

// Own are the active memberships the person may act as: their own, then their organisations'.
func (v *Viewer) Own() []Member {
	var out []Member
	if v.Self != nil && v.Self.Active() {
		out = append(out, *v.Self)
	}
	return append(out, v.Orgs...)
}

// ActsFor reports whether the person may act for a member: their own membership or an
// organisation they belong to.
func ActsFor(a *actor.Actor, m Member) bool {
	if !a.SignedIn() {
		return false
	}
	switch m.Kind {
	case KindPerson:
		return m.AccountID == a.ID
	case KindOrganisation:
		return a.InOrg(m.OrganisationID)
	}
	return false
}

// Bank returns a bank.
func (s *Service) Bank(ctx context.Context, id string) (Bank, error) {
	b, err := bankByID(ctx, s.DB, id)
	return b, s.DB.Err(err, "timebank.err.not_found")
}

// Banks lists every bank.
func (s *Service) Banks(ctx context.Context) ([]Bank, error) {
	bs, err := listBanks(ctx, s.DB)
	return bs, errs.Wrap(err, "banks")
}

// Viewer says who a person is in a bank.
func (s *Service) Viewer(ctx context.Context, a *actor.Actor, bankID string) (*Viewer, error) {
	b, err := s.Bank(ctx, bankID)
	if err != nil {
		return nil, err
	}
	v := &Viewer{Actor: a, Bank: b}
	if !a.SignedIn() {
		return v, nil
	}
	v.Broker = a.Has(identity.RoleAdmin)
	mine, err := membershipsOf(ctx, s.DB, a.ID)
	if err != nil {
		return nil, errs.Wrap(err, "memberships")
	}
	for i := range mine {
		if mine[i].BankID != bankID {
			continue
		}
		m := mine[i]
		v.Self = &m
		if m.Broker() {
			v.Broker = true
		}
		// People change their names on their account page; the bank shows the new one.
		if a.Name != "" && m.Name != a.Name && m.AnonymisedAt == nil {
			if err := setMemberName(ctx, s.DB, m.ID, a.Name); err != nil {
				return nil, errs.Wrap(err, "member name")
			}
			v.Self.Name = a.Name
		}
	}
	for _, org := range a.Orgs {
		ms, err := organisationMemberships(ctx, s.DB, org)
		if err != nil {
			return nil, errs.Wrap(err, "organisation memberships")
		}
		for _, m := range ms {
			if m.BankID == bankID && m.Active() {
				v.Orgs = append(v.Orgs, m)
			}
		}
	}
	return v, nil
}

// broker returns the viewer when the person coordinates the bank.
func (s *Service) broker(ctx context.Context, a *actor.Actor, bankID string) (*Viewer, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return nil, err
	}
	if !v.Broker {
		return nil, errNotBroker
	}
	return v, nil
}

// Memberships lists every bank membership a person has, in person and through their
// organisations.
func (s *Service) Memberships(ctx context.Context, a *actor.Actor) ([]Member, error) {
	if !a.SignedIn() {
		return nil, nil
	}
	out, err := membershipsOf(ctx, s.DB, a.ID)
	if err != nil {
		return nil, errs.Wrap(err, "memberships")
	}
	for _, org := range a.Orgs {
		ms, err := organisationMemberships(ctx, s.DB, org)
		if err != nil {
			return nil, errs.Wrap(err, "memberships")
		}
		out = append(out, ms...)
	}
	return out, nil
}

// Member returns a member of a bank (a member id from another bank is not found).
func (s *Service) member(ctx context.Context, bankID, memberID string) (Member, error) {
	var m Member
	err := s.DB.Read(ctx, func(ctx context.Context) (err error) {
		m, err = memberByID(ctx, s.DB, memberID)
		return err
	})
	if err != nil {
		return m, s.DB.Err(err, "timebank.err.member_not_found")
	}
	if m.BankID != bankID {
		return m, errs.E(errs.NotFound, "timebank.err.member_not_found")
	}
	return m, nil
}

// record writes an audit entry for a broker's action.
func (s *Service) record(ctx context.Context, a *actor.Actor, action, targetType, targetID, detail string) error {
	return audit.Record(ctx, s.DB, audit.Entry{ActorID: a.ID, ActorName: a.Name, Action: "timebank." + action,
		TargetType: targetType, TargetID: targetID, Detail: detail})
}

// Hours writes minutes in words in a language: "1 hour 30 minutes", "−45 minutes".
func Hours(t func(lang, key string, args ...any) string, lang string, m int64) string {
	sign := ""
	if m < 0 {
		sign, m = "−", -m
	}
	h, mm := m/60, m%60
	var parts []string
	if h > 0 || mm == 0 {
		parts = append(parts, t(lang, "timebank.hours."+i18n.PluralCategory(lang, h), "n", strconv.FormatInt(h, 10)))
	}
	if mm > 0 {
		parts = append(parts, t(lang, "timebank.minutes."+i18n.PluralCategory(lang, mm), "n", strconv.FormatInt(mm, 10)))
	}
	return sign + strings.Join(parts, " ")
}

// recipients are the addresses and languages mail to a member goes to: a person's own, an
// organisation's members'; none for a member without internet (their broker is told instead).
func (s *Service) recipients(ctx context.Context, m Member) ([][2]string, error) {
	switch {
	case m.Kind == KindPerson && m.AccountID != "" && m.AnonymisedAt == nil:
		acc, err := s.Identity.Account(ctx, m.AccountID)
		if errs.Is(err, errs.NotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if acc.Email == "" {
			return nil, nil
		}
		return [][2]string{{acc.Email, identity.LanguageOf(acc.Language)}}, nil
	case m.Kind == KindOrganisation && m.OrganisationID != "":
		people, err := s.Identity.Members(ctx, m.OrganisationID)
		if err != nil {
			return nil, err
		}
		var out [][2]string
		for _, p := range people {
			lang, err := s.Identity.Language(ctx, p.AccountID)
			if err != nil {
				lang = "en"
			}
			if p.Email != "" {
				out = append(out, [2]string{p.Email, identity.LanguageOf(lang)})
			}
		}
		return out, nil
	}
	return nil, nil
}

// tell mails a member in each recipient's language: key.subject and key.body with args, and
// the bank's name as {bank}. Minutes given as {minutes} are written in words.
func (s *Service) tell(ctx context.Context, b Bank, m Member, key string, args ...any) error {
	to, err := s.recipients(ctx, m)
	if err != nil {
		return errs.Wrap(err, "recipients")
	}
	for _, r := range to {
		if err := s.mailTo(ctx, r[0], r[1], b, key, args...); err != nil {
			return err
		}
	}
	return nil
}

// tellBrokers mails every broker of a bank.
func (s *Service) tellBrokers(ctx context.Context, b Bank, key string, args ...any) error {
	ms, err := membersOfBank(ctx, s.DB, b.ID, StatusActive)
	if err != nil {
		return errs.Wrap(err, "brokers")
	}
	for _, m := range ms {
		if m.Broker() {
			if err := s.tell(ctx, b, m, key, args...); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) mailTo(ctx context.Context, to, lang string, b Bank, key string, args ...any) error {
	full := append([]any{"bank", b.Local(lang)}, args...)
	for i := 0; i+1 < len(full); i += 2 {
		if full[i] == "minutes" {
			if m, ok := full[i+1].(int64); ok {
				full[i+1] = Hours(s.T, lang, m)
			}
		}
		if d, ok := full[i+1].(day); ok {
			full[i+1] = dayIn(func(k string) string { return s.T(lang, k) }, string(d))
		}
	}
	return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{to},
		Subject: s.T(lang, key+".subject", full...), Text: s.T(lang, key+".body", full...)})
}
