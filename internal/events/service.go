package events

import (
	"commons/internal/platform/actor"
	"context"
	"slices"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/markdown"
	"commons/internal/platform/ratelimit"
)

// Outbox queues mail in the caller's transaction.
type Outbox interface {
	EnqueueMessage(ctx context.Context, m mail.Message) error
}

// Deps is what the events service needs.
type Deps struct {
	DB        *db.DB
	Outbox    Outbox
	Identity  *identity.Service
	T         func(lang, key string, args ...any) string
	BaseURL   string
	PlaceName string
	// PublicLimit counts registrations and feedback per network address, so the public forms
	// cannot be used to mail strangers in bulk; nil for no limit.
	PublicLimit *ratelimit.Limiter
}

// Service holds the events rules.
type Service struct{ Deps }

// NewService returns the service.
func NewService(d Deps) *Service { return &Service{d} }

var (
	errForbidden = errs.E(errs.Forbidden, "events.forbidden")
	errNotFound  = errs.E(errs.NotFound, "events.not_found")
)

// CanOrganise reports whether u organises e: council officers and admins organise every
// event, members of the organising organisation their own.
func CanOrganise(u *actor.Actor, e Event) bool {
	if u == nil {
		return false
	}
	return u.Has(identity.RoleOfficer, identity.RoleAdmin) || slices.Contains(u.Orgs, e.OrganisationID)
}

// CanCreate reports whether u may organise events at all.
func CanCreate(u *actor.Actor) bool {
	return u != nil && (u.Has(identity.RoleOfficer, identity.RoleAdmin) || len(u.Orgs) > 0)
}

// OrganiserOrgs are the organisations u may organise events for.
func (s *Service) OrganiserOrgs(ctx context.Context, u *actor.Actor) ([]identity.Organisation, error) {
	all, err := s.Identity.Organisations(ctx, "", 1000, 0)
	if err != nil || u.Has(identity.RoleOfficer, identity.RoleAdmin) {
		return all, err
	}
	var out []identity.Organisation
	for _, o := range all {
		if slices.Contains(u.Orgs, o.ID) {
			out = append(out, o)
		}
	}
	return out, nil
}

// Event is one event with its programme.
func (s *Service) Event(ctx context.Context, id string) (Event, error) {
	return eventByID(ctx, s.DB, id)
}

// Viewable is an event as u may see it: a draft only for its organisers, not found for others.
func (s *Service) Viewable(ctx context.Context, u *actor.Actor, id string) (Event, error) {
	e, err := eventByID(ctx, s.DB, id)
	if err != nil {
		return e, err
	}
	if e.Draft && !CanOrganise(u, e) {
		return Event{}, errs.E(errs.NotFound, "events.not_found")
	}
	return e, nil
}

// Drafts are the draft events u organises, latest first.
func (s *Service) Drafts(ctx context.Context, u *actor.Actor) ([]Event, error) {
	if !CanCreate(u) {
		return nil, nil
	}
	all, err := draftEvents(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var out []Event
	for _, e := range all {
		if CanOrganise(u, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// Publish makes a draft event public, for its organisers.
func (s *Service) Publish(ctx context.Context, u *actor.Actor, id string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.Organised(ctx, u, id)
		if err != nil {
			return err
		}
		done, err := publishEvent(ctx, s.DB, e.ID, s.DB.Now(ctx))
		if err != nil || !done {
			return err
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: "events.publish", TargetType: "event", TargetID: e.ID, Detail: e.Title})
	})
}

// Organised is an event u organises, or an error.
func (s *Service) Organised(ctx context.Context, u *actor.Actor, id string) (Event, error) {
	e, err := eventByID(ctx, s.DB, id)
	if err != nil {
		return e, err
	}
	if !CanOrganise(u, e) {
		return e, errForbidden
	}
	return e, nil
}

// Upcoming are events that have not ended, soonest first.
func (s *Service) Upcoming(ctx context.Context, limit, offset int) ([]Event, error) {
	return queryEvents(ctx, s.DB, `WHERE e.ends_at > $1 AND e.draft = 0 ORDER BY e.starts_at, e.id LIMIT $2 OFFSET $3`, s.DB.Now(ctx), limit, offset)
}

// Past are events that have ended, latest first.
func (s *Service) Past(ctx context.Context, limit int) ([]Event, error) {
	return queryEvents(ctx, s.DB, `WHERE e.ends_at <= $1 AND e.draft = 0 ORDER BY e.starts_at DESC, e.id LIMIT $2`, s.DB.Now(ctx), limit)
}

// Between are events starting in [from, to), for the month view.
func (s *Service) Between(ctx context.Context, from, to time.Time) ([]Event, error) {
	return queryEvents(ctx, s.DB, `WHERE e.starts_at >= $1 AND e.starts_at < $2 AND e.draft = 0 ORDER BY e.starts_at, e.id`, from, to)
}

// ByOrganisation are an organisation's events, latest first.
func (s *Service) ByOrganisation(ctx context.Context, orgID string) ([]Event, error) {
	if _, err := s.Identity.Organisation(ctx, orgID); err != nil {
		return nil, err
	}
	return queryEvents(ctx, s.DB, `WHERE e.organisation_id = $1 AND e.draft = 0 ORDER BY e.starts_at DESC, e.id LIMIT 500`, orgID)
}

// record writes an organiser's action to the audit log, naming who acted and, when there is no
// other detail, the event by its title rather than its id.
func (s *Service) record(ctx context.Context, actor *actor.Actor, action, id, detail string) error {
	if detail == "" {
		var err error
		if detail, err = queryEventTitle(ctx, s.DB, id); err != nil {
			return err
		}
	}
	e := audit.Entry{Action: action, TargetType: "event", TargetID: id, Detail: detail}
	if actor != nil {
		e.ActorID, e.ActorName = actor.ID, actor.Name
	}
	return audit.Record(ctx, s.DB, e)
}

// Save creates (id "") or updates an event; u must organise for the chosen organisation. More
// places for an event with a waiting list go to the people waiting. Places can be cut no lower
// than the places booked in advance (walk-ins may have taken the event over its places, which
// blocks nothing). The programme moves with the event's date and must stay within its times.
// When the date, the times or the place change, everyone with a place or waiting is told by
// email, in their language, with the updated calendar file.
func (s *Service) Save(ctx context.Context, u *actor.Actor, lang, id string, in EventInput) (Event, error) {
	c, err := in.Validate()
	if err != nil {
		return Event{}, err
	}
	if !CanOrganise(u, Event{OrganisationID: in.OrganisationID}) {
		return Event{}, errs.FieldErrors(map[string]string{"organisation_id": "events.err.organisation_not_yours"})
	}
	html, err := markdown.Render(in.Description)
	if err != nil {
		return Event{}, errs.Wrap(err, "render description")
	}
	e := Event{ID: id, Title: in.Title, Description: in.Description, DescriptionHTML: string(html), OrganisationID: in.OrganisationID,
		Venue: in.Venue, Address: strings.TrimSpace(in.Address), Latitude: c.lat, Longitude: c.lon, AccessInfo: strings.TrimSpace(in.AccessInfo),
		OnlineURL: in.OnlineURL, StartsAt: c.start, EndsAt: c.end, Capacity: c.capacity, InvitationOnly: in.InvitationOnly}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if _, err := s.Identity.Organisation(ctx, in.OrganisationID); err != nil {
			return errs.FieldErrors(map[string]string{"organisation_id": "events.err.organisation_missing"})
		}
		if id == "" {
			e.ID, e.CreatedAt, e.UpdatedAt = ids.New(), now, now
			if err := insertEvent(ctx, s.DB, e, u.ID); err != nil {
				return s.DB.Err(err, "events.err.save")
			}
			return s.record(ctx, u, "event.create", e.ID, e.Title)
		}
		old, err := s.lockEvent(ctx, id)
		if err != nil {
			return err
		}
		if !CanOrganise(u, old) {
			return errForbidden
		}
		if old.Cancelled() {
			return errs.E(errs.Invalid, "events.err.cancelled")
		}
		if c.capacity != old.Capacity {
			booked, err := s.booked(ctx, id)
			if err != nil {
				return err
			}
			if c.capacity < booked {
				return errs.FieldErrors(map[string]string{"capacity": "events.err.capacity_below_registered"})
			}
		}
		e.UpdatedAt = now
		if err := updateEvent(ctx, s.DB, e); err != nil {
			return s.DB.Err(err, "events.err.save")
		}
		if err := s.moveSessions(ctx, id, old.StartsAt, e.StartsAt); err != nil {
			return err
		}
		fresh, err := eventByID(ctx, s.DB, id)
		if err != nil {
			return err
		}
		for _, ss := range fresh.Sessions {
			if ss.StartsAt.Before(fresh.StartsAt) || ss.EndsAt.After(fresh.EndsAt) {
				return errs.FieldErrors(map[string]string{"start_time": "events.err.sessions_outside"})
			}
		}
		if c.capacity > old.Capacity {
			if err := s.promote(ctx, fresh); err != nil {
				return err
			}
		}
		if err := s.record(ctx, u, "event.update", e.ID, e.Title); err != nil {
			return err
		}
		if changed := changes(old, fresh); len(changed) > 0 {
			return s.notifyChange(ctx, fresh, changed)
		}
		return nil
	})
	return e, err
}

// booked is how many confirmed places were booked in advance (walk-ins not counted).
func (s *Service) booked(ctx context.Context, eventID string) (int, error) {
	return queryBookedCount(ctx, s.DB, eventID)
}

// changes names what changed that registrants must know: "when" and "where".
func changes(old, new Event) []string {
	var out []string
	if !old.StartsAt.Equal(new.StartsAt) || !old.EndsAt.Equal(new.EndsAt) {
		out = append(out, "when")
	}
	if old.Venue != new.Venue || old.Address != new.Address || old.OnlineURL != new.OnlineURL {
		out = append(out, "where")
	}
	return out
}

// notifyChange tells everyone with a place or waiting for one that the event's date, times or
// place changed: the new details, and the updated calendar file for those with a place.
func (s *Service) notifyChange(ctx context.Context, e Event, changed []string) error {
	regs, err := liveRegistrations(ctx, s.DB, e.ID)
	if err != nil {
		return err
	}
	cs, err := choicesOf(ctx, s.DB, e.ID, "")
	if err != nil {
		return err
	}
	return s.mailRegistrants(ctx, e, regs, cs, func(r Registration, lang string) mail.Message {
		var what []string
		for _, c := range changed {
			what = append(what, s.T(lang, "events.mail.changed."+c))
		}
		return mail.Message{To: []string{r.Email}, Subject: s.T(lang, "events.mail.changed.subject", "title", e.Title),
			Text: s.T(lang, "events.mail.changed.body", "name", r.Name, "title", e.Title, "what", strings.Join(what, ", "),
				"when", when(lang, e), "where", where(e), "link", s.BaseURL+"/events/"+e.ID,
				"sessions", s.sessionLines(lang, cs[r.ID]), "status", s.T(lang, "events.status."+r.Status))}
	})
}

// mailRegistrants queues one message, made by write, to each registration that can be mailed;
// those with a place get the event's calendar file with their sessions (cs, by registration).
func (s *Service) mailRegistrants(ctx context.Context, e Event, regs []Registration, cs map[string][]Choice,
	write func(r Registration, lang string) mail.Message) error {
	for _, r := range regs {
		if !r.Mailable() {
			continue
		}
		m := write(r, language(r.Language))
		if r.Status == Confirmed {
			if err := s.attachCalendar(&m, e, cs[r.ID]); err != nil {
				return err
			}
		}
		if err := s.Outbox.EnqueueMessage(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// AddSession adds a session to an event's programme.
func (s *Service) AddSession(ctx context.Context, u *actor.Actor, eventID string, in SessionInput) (Session, error) {
	var ss Session
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.Organised(ctx, u, eventID)
		if err != nil {
			return err
		}
		start, end, capacity, err := in.Validate(e)
		if err != nil {
			return err
		}
		ss = Session{ID: ids.New(), EventID: eventID, Title: in.Title, Kind: in.Kind, Track: strings.TrimSpace(in.Track),
			Room: strings.TrimSpace(in.Room), Facilitators: strings.TrimSpace(in.Facilitators), StartsAt: start, EndsAt: end, Capacity: capacity}
		if err := insertSession(ctx, s.DB, ss); err != nil {
			return s.DB.Err(err, "events.err.save")
		}
		err = bumpSequence(ctx, s.DB, eventID, s.DB.Now(ctx))
		return err
	})
	return ss, err
}

// UpdateSession changes a session. Its places cannot go below the places already taken; more
// places (or no limit) go to the people waiting for them. When its times change, the people
// in it or waiting for it are told, with the updated calendar file.
func (s *Service) UpdateSession(ctx context.Context, u *actor.Actor, eventID, sessionID string, in SessionInput) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.lockOrganised(ctx, u, eventID)
		if err != nil {
			return err
		}
		old, ok := e.Session(sessionID)
		if !ok {
			return errNotFound
		}
		start, end, capacity, err := in.Validate(e)
		if err != nil {
			return err
		}
		if capacity > 0 && capacity < old.Taken {
			return errs.FieldErrors(map[string]string{"session_capacity": "events.err.session_capacity_below"})
		}
		if err := updateSession(ctx, s.DB, sessionID, eventID, in.Title, in.Kind, strings.TrimSpace(in.Track), strings.TrimSpace(in.Room), strings.TrimSpace(in.Facilitators), start, end, capacity); err != nil {
			return s.DB.Err(err, "events.err.save")
		}
		if err := bumpSequence(ctx, s.DB, eventID, s.DB.Now(ctx)); err != nil {
			return err
		}
		fresh, err := eventByID(ctx, s.DB, eventID)
		if err != nil {
			return err
		}
		if capacity == 0 || capacity > old.Capacity {
			if err := s.promoteSession(ctx, fresh, sessionID); err != nil {
				return err
			}
		}
		if err := s.record(ctx, u, "event.session.update", eventID, e.Title+": "+in.Title); err != nil {
			return err
		}
		if !old.StartsAt.Equal(start) || !old.EndsAt.Equal(end) {
			return s.notifySessionChange(ctx, fresh, sessionID)
		}
		return nil
	})
}

// notifySessionChange tells the people in a session, or waiting for it, its new times.
func (s *Service) notifySessionChange(ctx context.Context, e Event, sessionID string) error {
	ss, _ := e.Session(sessionID)
	regs, err := queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 AND r.status <> 'cancelled'
		AND r.id IN (SELECT registration_id FROM event_registration_sessions WHERE session_id = $2) ORDER BY r.created_at, r.id`, e.ID, sessionID)
	if err != nil {
		return err
	}
	cs, err := choicesOf(ctx, s.DB, e.ID, "")
	if err != nil {
		return err
	}
	return s.mailRegistrants(ctx, e, regs, cs, func(r Registration, lang string) mail.Message {
		return mail.Message{To: []string{r.Email}, Subject: s.T(lang, "events.mail.session_changed.subject", "session", ss.Title, "title", e.Title),
			Text: s.T(lang, "events.mail.session_changed.body", "name", r.Name, "session", ss.Title, "time", ss.Times(), "title", e.Title,
				"when", when(lang, e), "link", s.BaseURL+"/events/"+e.ID)}
	})
}

// DeleteSession removes a session (and people's choices of it).
func (s *Service) DeleteSession(ctx context.Context, u *actor.Actor, eventID, sessionID string) error {
	return s.changeOrganised(ctx, u, eventID, func(ctx context.Context) (int64, error) {
		n, err := deleteSession(ctx, s.DB, sessionID, eventID)
		if err != nil || n == 0 {
			return n, err
		}
		return n, bumpSequence(ctx, s.DB, eventID, s.DB.Now(ctx))
	})
}

// changeOrganised runs change in one transaction for an organiser of the event; a change that
// touches no row is of something not found.
func (s *Service) changeOrganised(ctx context.Context, u *actor.Actor, eventID string, change func(ctx context.Context) (int64, error)) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		n, err := change(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotFound
		}
		return nil
	})
}

// limit counts one use of a public form from addr and refuses it over the limit.
func (s *Service) limit(ctx context.Context, addr string) error {
	if s.PublicLimit == nil {
		return nil
	}
	n, err := s.PublicLimit.Hit(ctx, "events:"+addr)
	if err != nil {
		return err
	}
	if n > s.PublicLimit.Limit {
		return errs.E(errs.RateLimited, "events.err.too_many")
	}
	return nil
}

// moveSessions moves an event's sessions by as many days as its date moved, keeping their times
// of day in UK time (a session at 10:00 stays at 10:00 when the clocks change in between).
// Changing only the event's times leaves the programme where it is.
func (s *Service) moveSessions(ctx context.Context, eventID string, from, to time.Time) error {
	days := civilDay(Local(to)) - civilDay(Local(from))
	if days == 0 {
		return nil
	}
	ss, err := sessionsOf(ctx, s.DB, eventID)
	if err != nil {
		return err
	}
	for _, ss := range ss {
		start, end := Local(ss.StartsAt).AddDate(0, 0, days).UTC(), Local(ss.EndsAt).AddDate(0, 0, days).UTC()
		if err := moveSession(ctx, s.DB, start, end, ss.ID); err != nil {
			return err
		}
	}
	return nil
}

// civilDay numbers t's calendar date (in t's location) in days since 1970-01-01.
func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
