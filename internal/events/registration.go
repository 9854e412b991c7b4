package events

import (
	"commons/internal/platform/actor"
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/ical"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/secret"
)

// lockOrganised is an event its organiser is about to change, locked as lockEvent locks it
// once the organiser is checked.
func (s *Service) lockOrganised(ctx context.Context, u *actor.Actor, eventID string) (Event, error) {
	if _, err := s.Organised(ctx, u, eventID); err != nil {
		return Event{}, err
	}
	return s.lockEvent(ctx, eventID)
}

// lockEvent reads an event inside a write transaction, holding its row on PostgreSQL so that
// registrations and cancellations for one event queue behind each other (SQLite's write
// transactions are already one at a time).
func (s *Service) lockEvent(ctx context.Context, id string) (Event, error) {
	e, err := queryEventForUpdate(ctx, s.DB, id)
	if err != nil {
		return e, s.DB.Err(err, "events.not_found")
	}
	return eventByID(ctx, s.DB, id)
}

// language is a page language as mail is written: Welsh or English.
func language(lang string) string {
	if lang == "cy" {
		return "cy"
	}
	return "en"
}

// Register signs someone up: a confirmed place while places are left, otherwise a place on the
// waitlist. Each chosen session gives a place in it while it has one, or a place on its own
// waiting list; chosen sessions may not overlap (one place per time slot). A confirmation goes
// by email in lang, with the event and the sessions as an .ics file and a link to cancel.
func (s *Service) Register(ctx context.Context, lang, eventID string, in RegistrationInput) (Registration, error) {
	if err := in.Validate(); err != nil {
		return Registration{}, err
	}
	var r Registration
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.lockEvent(ctx, eventID)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		if e.Cancelled() {
			return errs.E(errs.Invalid, "events.err.cancelled")
		}
		if !e.EndsAt.After(now) {
			return errs.E(errs.Invalid, "events.err.ended")
		}
		if e.InvitationOnly {
			email, err := queryInvitationEmail(ctx, s.DB, secret.HashToken(in.Invitation), eventID)
			if err != nil || email != in.Email {
				return errs.FieldErrors(map[string]string{"email": "events.err.not_invited"})
			}
		}
		r, err = s.register(ctx, lang, e, in, false, now)
		return err
	})
	return r, err
}

func (s *Service) register(ctx context.Context, lang string, e Event, in RegistrationInput, walkIn bool, now time.Time) (Registration, error) {
	r := Registration{ID: ids.New(), EventID: e.ID, Name: in.Name, Email: in.Email, OrganisationName: strings.TrimSpace(in.OrganisationName),
		Sector: in.Sector, AreaID: in.AreaID, AccessNeeds: strings.TrimSpace(in.AccessNeeds), DietaryNeeds: strings.TrimSpace(in.DietaryNeeds),
		Status: Waitlisted, WalkIn: walkIn, CreatedAt: now, Language: language(lang), FeedbackCode: feedbackCode()}
	if r.AreaID != "" {
		if _, err := s.Identity.Area(ctx, r.AreaID); err != nil {
			return r, errs.FieldErrors(map[string]string{"area_id": "events.err.area"})
		}
	}
	chosen, err := checkChoices(e, uniq(in.SessionIDs))
	if err != nil {
		return r, err
	}
	ok, err := takeEventPlace(ctx, s.DB, e.ID)
	if err != nil {
		return r, err
	}
	if ok {
		r.Status = Confirmed
	} else if walkIn {
		// Someone at the door is in the room: a walk-in takes a place even over capacity.
		if err := incrementRegistered(ctx, s.DB, e.ID); err != nil {
			return r, err
		}
		r.Status = Confirmed
	}
	if walkIn {
		r.CheckedInAt = &now
	}
	token := secret.Token()
	if err := insertRegistration(ctx, s.DB, r, secret.HashToken(token)); err != nil {
		return r, s.DB.Err(err, "events.err.already_registered")
	}
	if r.Sessions, err = s.chooseSessions(ctx, r, chosen, now); err != nil {
		return r, err
	}
	if walkIn {
		return r, nil
	}
	return r, s.sendRegistered(ctx, e, r, token)
}

// feedbackCode is eight letters and digits that cannot be mistaken for each other when read
// aloud or from paper (no 0/O, 1/I/L).
func feedbackCode() string {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// checkChoices finds the chosen sessions in the programme and refuses two that overlap: a
// person can be in one place at a time.
func checkChoices(e Event, sessionIDs []string) ([]Session, error) {
	var out []Session
	for _, sid := range sessionIDs {
		ss, ok := e.Session(sid)
		if !ok {
			return nil, errs.FieldErrors(map[string]string{"sessions": "events.err.session_unknown"})
		}
		for _, o := range out {
			if o.Overlaps(ss) {
				return nil, errs.FieldErrors(map[string]string{"sessions": "events.err.session_clash"})
			}
		}
		out = append(out, ss)
	}
	return out, nil
}

// chooseSessions records a registration's session choices. With a place at the event, each
// takes a place in its session when one is left and otherwise joins the session's waiting
// list; without one (waiting for the event) every choice waits, in the order chosen.
func (s *Service) chooseSessions(ctx context.Context, r Registration, chosen []Session, now time.Time) ([]Choice, error) {
	var out []Choice
	for _, ss := range chosen {
		status := Waitlisted
		if r.Status == Confirmed {
			ok, err := takeSessionPlace(ctx, s.DB, r.EventID, ss.ID)
			if err != nil {
				return nil, err
			}
			if ok {
				status = Confirmed
			}
		}
		if err := insertChoice(ctx, s.DB, r.ID, ss.ID, status, now); err != nil {
			return nil, err
		}
		out = append(out, Choice{Session: ss, Status: status})
	}
	return out, nil
}

func (s *Service) sendRegistered(ctx context.Context, e Event, r Registration, token string) error {
	key := "events.mail.confirmed"
	if r.Status == Waitlisted {
		key = "events.mail.waitlisted"
	}
	return s.mailPlace(ctx, key, e, r, token)
}

// sessionLines lists a person's sessions in their mail: time, title, and whether they have a
// place or wait for one.
func (s *Service) sessionLines(lang string, cs []Choice) string {
	if len(cs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(s.T(lang, "events.mail.sessions") + "\n")
	for _, c := range cs {
		state := s.T(lang, "events.mail.session.place")
		if c.Status == Waitlisted {
			state = s.T(lang, "events.mail.session.waiting")
		}
		b.WriteString("- " + c.Times() + " " + c.Title + " (" + state + ")\n")
	}
	b.WriteString("\n")
	return b.String()
}

func where(e Event) string { return strings.Join(nonEmpty(e.Venue, e.Address, e.OnlineURL), ", ") }

// mailPlace writes to a person about their place, in the language they registered in. With a
// place, the event and the sessions they have places in come as an .ics file.
func (s *Service) mailPlace(ctx context.Context, key string, e Event, r Registration, token string) error {
	if !r.Mailable() {
		return nil
	}
	lang := language(r.Language)
	body := s.T(lang, key+".body", "name", r.Name, "title", e.Title, "when", when(lang, e),
		"where", where(e), "link", s.BaseURL+"/events/"+e.ID, "cancel", s.BaseURL+"/events/"+e.ID+"/cancel/"+token,
		"sessions", s.sessionLines(lang, r.Sessions))
	m := mail.Message{To: []string{r.Email}, Subject: s.T(lang, key+".subject", "title", e.Title), Text: body}
	if r.Status == Confirmed {
		if err := s.attachCalendar(&m, e, r.Sessions); err != nil {
			return err
		}
	}
	return s.Outbox.EnqueueMessage(ctx, m)
}

// attachCalendar attaches the event and the sessions the person has places in.
func (s *Service) attachCalendar(m *mail.Message, e Event, cs []Choice) error {
	var mine []Session
	for _, c := range cs {
		if c.Status == Confirmed {
			mine = append(mine, c.Session)
		}
	}
	cal, err := s.EventCalendar(e, mine)
	if err != nil {
		return err
	}
	m.Attachments = []mail.Attachment{{Filename: "event.ics", ContentType: ical.ContentType, Data: cal}}
	return nil
}

// CancelInfo is the registration a cancel link belongs to.
func (s *Service) CancelInfo(ctx context.Context, eventID, token string) (Registration, error) {
	rs, err := queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 AND r.cancel_hash = $2`, eventID, secret.HashToken(token))
	if err != nil {
		return Registration{}, err
	}
	if len(rs) == 0 {
		return Registration{}, errs.E(errs.NotFound, "events.cancel.unknown")
	}
	return rs[0], nil
}

// Cancel gives up a place by its link. A confirmed place passes to the first person on the
// waitlist, and its session places to the first people waiting for them, who are told by email.
func (s *Service) Cancel(ctx context.Context, eventID, token string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.lockEvent(ctx, eventID)
		if err != nil {
			return err
		}
		id, err := queryRegistrationByCancelHash(ctx, s.DB, eventID, secret.HashToken(token))
		if err != nil {
			return s.DB.Err(err, "events.cancel.unknown")
		}
		return s.cancelPlace(ctx, e, id, "")
	})
}

// cancelPlace cancels a registration (reason is the organisers' when they removed it) and
// passes on what it held: its event place to the waitlist and its session places to the
// sessions' waiting lists. A cancelled event passes nothing on.
func (s *Service) cancelPlace(ctx context.Context, e Event, regID, reason string) error {
	was, err := queryRegistrationStatus(ctx, s.DB, regID, e.ID)
	if err != nil {
		return s.DB.Err(err, "events.not_found")
	}
	if was == Cancelled {
		return errs.E(errs.Conflict, "events.cancel.already")
	}
	// Conditional on the status just read: two clicks on the link cannot both cancel.
	n, err := cancelRegistrationFor(ctx, s.DB, regID, was, s.DB.Now(ctx), reason)
	if err != nil {
		return err
	}
	if n != 1 {
		return errs.E(errs.NotFound, "events.cancel.unknown")
	}
	if was != Confirmed {
		return nil
	}
	freed, err := s.release(ctx, e.ID, regID)
	if err != nil || e.Cancelled() {
		return err
	}
	// The session places go first to people already at the event who wait for them; only then
	// does the event place go to the next person, whose choices queue behind them.
	for _, sid := range freed {
		if err := s.promoteSession(ctx, e, sid); err != nil {
			return err
		}
	}
	return s.promote(ctx, e)
}

// release gives back a confirmed registration's event place and the session places it held,
// and returns those sessions.
func (s *Service) release(ctx context.Context, eventID, regID string) ([]string, error) {
	if err := decrementRegistered(ctx, s.DB, eventID); err != nil {
		return nil, err
	}
	cs, err := choicesOf(ctx, s.DB, eventID, regID)
	if err != nil {
		return nil, err
	}
	var freed []string
	for _, c := range cs[regID] {
		if c.Status != Confirmed {
			continue
		}
		if err := decrementSessionTaken(ctx, s.DB, c.ID); err != nil {
			return nil, err
		}
		freed = append(freed, c.ID)
	}
	return freed, nil
}

// promote fills free event places from the waitlist, first come first served. Each promoted
// person's session choices take places where places are left and otherwise stay in the
// sessions' waiting lists, where they queued when they registered.
func (s *Service) promote(ctx context.Context, e Event) error {
	for {
		queue, err := queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 AND r.status = 'waitlisted' ORDER BY r.created_at, r.id LIMIT 1`, e.ID)
		if err != nil || len(queue) == 0 {
			return err
		}
		ok, err := takeEventPlace(ctx, s.DB, e.ID)
		if err != nil || !ok {
			return err
		}
		r := queue[0]
		n, err := promoteRegistration(ctx, s.DB, r.ID)
		if err != nil {
			return err
		}
		if n != 1 {
			continue // taken by someone else meanwhile; the place goes to the next
		}
		r.Status = Confirmed
		cs, err := choicesOf(ctx, s.DB, e.ID, r.ID)
		if err != nil {
			return err
		}
		for _, c := range cs[r.ID] {
			ok, err := takeSessionPlace(ctx, s.DB, e.ID, c.ID)
			if err != nil {
				return err
			}
			if !ok {
				r.Sessions = append(r.Sessions, c)
				continue
			}
			if err := confirmSessionChoice(ctx, s.DB, r.ID, c.ID); err != nil {
				return err
			}
			c.Status = Confirmed
			r.Sessions = append(r.Sessions, c)
		}
		// A fresh cancel link, as the old one is only in their first email (stored hashed).
		token := secret.Token()
		if err := setCancelHash(ctx, s.DB, r.ID, secret.HashToken(token)); err != nil {
			return err
		}
		if err := s.mailPlace(ctx, "events.mail.promoted", e, r, token); err != nil {
			return err
		}
	}
}

// promoteSession gives a session's free places to the people waiting for them, first queued
// first served; only people with a place at the event are in the running. Each is told by
// email, in their language.
func (s *Service) promoteSession(ctx context.Context, e Event, sessionID string) error {
	for {
		regID, err := queryFirstWaiting(ctx, s.DB, sessionID)
		if noRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		ok, err := takeSessionPlace(ctx, s.DB, e.ID, sessionID)
		if err != nil || !ok {
			return err
		}
		if err := confirmWaitingChoice(ctx, s.DB, regID, sessionID); err != nil {
			return err
		}
		rs, err := queryRegistrations(ctx, s.DB, `WHERE r.id = $1`, regID)
		if err != nil || len(rs) == 0 {
			return err
		}
		r := rs[0]
		ss, _ := e.Session(sessionID)
		if !r.Mailable() {
			continue
		}
		lang := language(r.Language)
		cs, err := choicesOf(ctx, s.DB, e.ID, r.ID)
		if err != nil {
			return err
		}
		m := mail.Message{To: []string{r.Email}, Subject: s.T(lang, "events.mail.session_place.subject", "session", ss.Title, "title", e.Title),
			Text: s.T(lang, "events.mail.session_place.body", "name", r.Name, "session", ss.Title, "time", ss.Times(), "title", e.Title,
				"when", when(lang, e), "link", s.BaseURL+"/events/"+e.ID)}
		if err := s.attachCalendar(&m, e, cs[r.ID]); err != nil {
			return err
		}
		if err := s.Outbox.EnqueueMessage(ctx, m); err != nil {
			return err
		}
	}
}

// Registrations are everyone registered for an event, with their session choices, for its
// organisers.
func (s *Service) Registrations(ctx context.Context, u *actor.Actor, eventID string) ([]Registration, error) {
	if _, err := s.Organised(ctx, u, eventID); err != nil {
		return nil, err
	}
	regs, err := queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.created_at, r.id`, eventID)
	if err != nil {
		return nil, err
	}
	cs, err := choicesOf(ctx, s.DB, eventID, "")
	if err != nil {
		return nil, err
	}
	for i := range regs {
		regs[i].Sessions = cs[regs[i].ID]
	}
	return regs, nil
}

// AddWalkIn registers someone at the door, checked in at once. It returns the registration,
// whose feedback code the organisers can hand to the person.
func (s *Service) AddWalkIn(ctx context.Context, u *actor.Actor, eventID string, in RegistrationInput) (Registration, error) {
	if strings.TrimSpace(in.Email) == "" {
		// Walk-ins need not give an address; one is made that can never receive mail.
		in.Email = "walk-in-" + ids.New()[:8] + "@" + walkInDomain
	}
	if err := in.Validate(); err != nil {
		return Registration{}, err
	}
	var r Registration
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.lockOrganised(ctx, u, eventID)
		if err != nil {
			return err
		}
		r, err = s.register(ctx, "en", e, in, true, s.DB.Now(ctx))
		return err
	})
	return r, err
}

// CheckIn marks someone as arrived (or, with undo, not arrived).
func (s *Service) CheckIn(ctx context.Context, u *actor.Actor, eventID, regID string, undo bool) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		var at any = s.DB.Now(ctx)
		if undo {
			at = nil
		}
		n, err := checkIn(ctx, s.DB, regID, eventID, at)
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotFound
		}
		return nil
	})
}

// ParseEmails splits a list of addresses typed one a line or separated by commas, semicolons
// or spaces into the good ones (normalised, each once) and the ones that are not addresses,
// as typed, so each can be reported.
func ParseEmails(list string) (good, bad []string) {
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == ' ' || r == '\r' || r == '\t' }) {
		f = strings.Trim(f, "<>\"'")
		e := identity.NormaliseEmail(f)
		if !identity.ValidEmail(e) {
			bad = append(bad, f)
			continue
		}
		good = append(good, e)
	}
	return uniq(good), uniq(bad)
}

// MaxInvitations is the most addresses one invitation form takes.
const MaxInvitations = 500

// Invite sends invitations to an invitation-only event; each holds a personal link. Addresses
// that are not email addresses are returned, each as typed, and the others are still sent;
// someone invited before is not invited twice.
func (s *Service) Invite(ctx context.Context, u *actor.Actor, lang, eventID, emails string) (int, []string, error) {
	list, bad := ParseEmails(emails)
	if len(list) == 0 && len(bad) == 0 || len(list)+len(bad) > MaxInvitations {
		return 0, nil, errs.FieldErrors(map[string]string{"emails": "events.err.invite_email"})
	}
	sent := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		sent = 0
		e, err := s.Organised(ctx, u, eventID)
		if err != nil {
			return err
		}
		for _, email := range list {
			token := secret.Token()
			n, err := insertInvitation(ctx, s.DB, secret.HashToken(token), eventID, email, s.DB.Now(ctx))
			if err != nil {
				return err
			}
			if n == 0 {
				continue // invited before
			}
			sent++
			body := s.T(lang, "events.mail.invite.body", "title", e.Title,
				"when", when(lang, e), "organiser", e.OrganisationName,
				"link", s.BaseURL+"/events/"+e.ID+"/register?invitation="+token)
			if err := s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{email}, Subject: s.T(lang, "events.mail.invite.subject", "title", e.Title), Text: body}); err != nil {
				return err
			}
		}
		if sent == 0 {
			return nil
		}
		// How many, not who: the audit log outlives the addresses' owners' accounts.
		return s.record(ctx, u, "event.invite", eventID, e.Title+": "+strconv.Itoa(sent))
	})
	return sent, bad, err
}

// Invitation is one address invited to an event, and what became of it.
type Invitation struct {
	Email     string
	InvitedAt time.Time
	Status    string // the registration's status, "" when they have not registered
}

// Invitations are the addresses invited to an event, newest first, each with whether the
// person has registered.
func (s *Service) Invitations(ctx context.Context, u *actor.Actor, eventID string) ([]Invitation, error) {
	if _, err := s.Organised(ctx, u, eventID); err != nil {
		return nil, err
	}
	return queryInvitations(ctx, s.DB, eventID)
}

// InvitedEmail is the address an invitation link was sent to, "" for an unknown link.
func (s *Service) InvitedEmail(ctx context.Context, eventID, token string) string {
	if token == "" {
		return ""
	}
	email, err := queryInvitationEmail(ctx, s.DB, secret.HashToken(token), eventID)
	if err != nil {
		return ""
	}
	return email
}
