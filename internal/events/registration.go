package events

import (
	"context"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/ical"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/secret"
	"commons/internal/platform/web"
)

// lockEvent reads an event inside a write transaction, holding its row on PostgreSQL so that
// registrations and cancellations for one event queue behind each other (SQLite's write
// transactions are already one at a time).
func (s *Service) lockEvent(ctx context.Context, id string) (Event, error) {
	var e Event
	err := s.DB.QueryRow(ctx, `SELECT id, capacity, registered FROM events WHERE id = $1`+s.DB.Dialect().ForUpdate(), id).
		Scan(&e.ID, &e.Capacity, &e.Registered)
	if err != nil {
		return e, s.DB.Err(err, "events.not_found")
	}
	return eventByID(ctx, s.DB, id)
}

// Register signs someone up: a confirmed place while places are left, otherwise a place on the
// waitlist. Chosen sessions with their own capacity must have room. A confirmation goes by
// email with the event as an .ics file and a link to cancel.
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
		if !e.EndsAt.After(now) {
			return errs.E(errs.Invalid, "events.err.ended")
		}
		if e.InvitationOnly {
			var email string
			err := s.DB.QueryRow(ctx, `SELECT email FROM event_invitations WHERE token_hash = $1 AND event_id = $2`,
				secret.HashToken(in.Invitation), eventID).Scan(&email)
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
		Status: Waitlisted, WalkIn: walkIn, CreatedAt: now}
	if r.AreaID != "" {
		if _, err := s.Identity.Area(ctx, r.AreaID); err != nil {
			return r, errs.FieldErrors(map[string]string{"area_id": "events.err.area"})
		}
	}
	ok, err := takeEventPlace(ctx, s.DB, e.ID)
	if err != nil {
		return r, err
	}
	if ok {
		r.Status = Confirmed
	} else if walkIn {
		// Someone at the door is in the room: a walk-in takes a place even over capacity.
		if _, err := s.DB.Exec(ctx, `UPDATE events SET registered = registered + 1 WHERE id = $1`, e.ID); err != nil {
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
	if err := s.chooseSessions(ctx, e, r, uniq(in.SessionIDs), r.Status == Confirmed && !walkIn); err != nil {
		return r, err
	}
	if walkIn {
		return r, nil
	}
	return r, s.sendRegistered(ctx, lang, e, r, token)
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

// chooseSessions records session choices; a confirmed place takes a place in each (strict: a
// full session is an error the person can fix; otherwise full sessions are left out quietly).
func (s *Service) chooseSessions(ctx context.Context, e Event, r Registration, sessionIDs []string, strict bool) error {
	for _, sid := range sessionIDs {
		known := false
		for _, ss := range e.Sessions {
			known = known || ss.ID == sid
		}
		if !known {
			return errs.FieldErrors(map[string]string{"sessions": "events.err.session_unknown"})
		}
		if r.Status == Confirmed {
			ok, err := takeSessionPlace(ctx, s.DB, e.ID, sid)
			if err != nil {
				return err
			}
			if !ok {
				if strict {
					return errs.FieldErrors(map[string]string{"sessions": "events.err.session_full"})
				}
				continue
			}
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO event_registration_sessions (registration_id, session_id) VALUES ($1, $2)`, r.ID, sid); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) sendRegistered(ctx context.Context, lang string, e Event, r Registration, token string) error {
	key := "events.mail.confirmed"
	if r.Status == Waitlisted {
		key = "events.mail.waitlisted"
	}
	return s.mailPlace(ctx, lang, key, e, r, token)
}

func (s *Service) mailPlace(ctx context.Context, lang, key string, e Event, r Registration, token string) error {
	where := strings.Join(nonEmpty(e.Venue, e.Address, e.OnlineURL), ", ")
	body := s.T(lang, key+".body", "name", r.Name, "title", e.Title,
		"when", when(lang, e),
		"where", where, "link", s.BaseURL+"/events/"+e.ID, "cancel", s.BaseURL+"/events/"+e.ID+"/cancel/"+token)
	m := mail.Message{To: []string{r.Email}, Subject: s.T(lang, key+".subject", "title", e.Title), Text: body}
	if r.Status == Confirmed {
		cal, err := s.Calendar(e.Title, []Event{e})
		if err != nil {
			return err
		}
		m.Attachments = []mail.Attachment{{Filename: "event.ics", ContentType: ical.ContentType, Data: cal}}
	}
	return s.Outbox.EnqueueMessage(ctx, m)
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
// waitlist, who is told by email.
func (s *Service) Cancel(ctx context.Context, lang, eventID, token string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.lockEvent(ctx, eventID)
		if err != nil {
			return err
		}
		var id, was string
		err = s.DB.QueryRow(ctx, `SELECT id, status FROM event_registrations WHERE event_id = $1 AND cancel_hash = $2 AND status <> 'cancelled'`,
			eventID, secret.HashToken(token)).Scan(&id, &was)
		if err != nil {
			return s.DB.Err(err, "events.cancel.unknown")
		}
		// Conditional on the status just read: two clicks on the link cannot both cancel.
		res, err := s.DB.Exec(ctx, `UPDATE event_registrations SET status = 'cancelled', cancelled_at = $3 WHERE id = $1 AND status = $2`,
			id, was, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.NotFound, "events.cancel.unknown")
		}
		if was != Confirmed {
			return nil
		}
		if err := s.release(ctx, id); err != nil {
			return err
		}
		return s.promote(ctx, lang, e)
	})
}

// release gives back a confirmed registration's places.
func (s *Service) release(ctx context.Context, regID string) error {
	var eventID string
	if err := s.DB.QueryRow(ctx, `SELECT event_id FROM event_registrations WHERE id = $1`, regID).Scan(&eventID); err != nil {
		return err
	}
	if _, err := s.DB.Exec(ctx, `UPDATE events SET registered = registered - 1 WHERE id = $1 AND registered > 0`, eventID); err != nil {
		return err
	}
	_, err := s.DB.Exec(ctx, `UPDATE event_sessions SET taken = taken - 1 WHERE taken > 0 AND id IN
		(SELECT session_id FROM event_registration_sessions WHERE registration_id = $1)`, regID)
	return err
}

// promote fills free places from the waitlist, first come first served.
func (s *Service) promote(ctx context.Context, lang string, e Event) error {
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
		res, err := s.DB.Exec(ctx, `UPDATE event_registrations SET status = 'confirmed' WHERE id = $1 AND status = 'waitlisted'`, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue // taken by someone else meanwhile; the place goes to the next
		}
		r.Status = Confirmed
		// Their session choices now take places where places are left.
		chosen, err := sessionIDsOf(ctx, s.DB, r.ID)
		if err != nil {
			return err
		}
		if _, err := s.DB.Exec(ctx, `DELETE FROM event_registration_sessions WHERE registration_id = $1`, r.ID); err != nil {
			return err
		}
		if err := s.chooseSessions(ctx, e, r, chosen, false); err != nil {
			return err
		}
		// A fresh cancel link, as the old one is only in their first email (stored hashed).
		token := secret.Token()
		if _, err := s.DB.Exec(ctx, `UPDATE event_registrations SET cancel_hash = $2 WHERE id = $1`, r.ID, secret.HashToken(token)); err != nil {
			return err
		}
		return s.mailPlace(ctx, lang, "events.mail.promoted", e, r, token)
	}
}

// Registrations are everyone registered for an event, for its organisers.
func (s *Service) Registrations(ctx context.Context, u *web.User, eventID string) ([]Registration, error) {
	if _, err := s.Organised(ctx, u, eventID); err != nil {
		return nil, err
	}
	return queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.created_at, r.id`, eventID)
}

// AddWalkIn registers someone at the door, checked in at once.
func (s *Service) AddWalkIn(ctx context.Context, u *web.User, eventID string, in RegistrationInput) error {
	if strings.TrimSpace(in.Email) == "" {
		// Walk-ins need not give an address; one is made that can never receive mail.
		in.Email = "walk-in-" + ids.New()[:8] + "@walk-in.invalid"
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		e, err := s.lockEvent(ctx, eventID)
		if err != nil {
			return err
		}
		_, err = s.register(ctx, "en", e, in, true, s.DB.Now(ctx))
		return err
	})
}

// CheckIn marks someone as arrived (or, with undo, not arrived).
func (s *Service) CheckIn(ctx context.Context, u *web.User, eventID, regID string, undo bool) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Organised(ctx, u, eventID); err != nil {
			return err
		}
		var at any = s.DB.Now(ctx)
		if undo {
			at = nil
		}
		res, err := s.DB.Exec(ctx, `UPDATE event_registrations SET checked_in_at = $3 WHERE id = $1 AND event_id = $2 AND status = 'confirmed'`, regID, eventID, at)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound
		}
		return nil
	})
}

// Invite sends invitations to an invitation-only event; each holds a personal link.
func (s *Service) Invite(ctx context.Context, u *web.User, lang, eventID, emails string) (int, error) {
	var list []string
	for _, f := range strings.FieldsFunc(emails, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == ' ' || r == '\r' || r == '\t' }) {
		f = identity.NormaliseEmail(f)
		if !identity.ValidEmail(f) {
			return 0, errs.FieldErrors(map[string]string{"emails": "events.err.invite_email"})
		}
		list = append(list, f)
	}
	list = uniq(list)
	if len(list) == 0 || len(list) > 500 {
		return 0, errs.FieldErrors(map[string]string{"emails": "events.err.invite_email"})
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
			res, err := s.DB.Exec(ctx, `INSERT INTO event_invitations (token_hash, event_id, email, created_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (event_id, email) DO NOTHING`, secret.HashToken(token), eventID, email, s.DB.Now(ctx))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
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
		// How many, not who: the audit log outlives the addresses' owners' accounts.
		return s.record(ctx, u, "event.invite", eventID, e.Title+": "+strconv.Itoa(len(list)))
	})
	return sent, err
}
