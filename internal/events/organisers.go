package events

import (
	"commons/internal/platform/actor"
	"context"
	"strings"

	"commons/internal/platform/errs"
	"commons/internal/platform/mail"
)

// RemoveRegistration is an organiser cancelling someone's place (a double booking, someone who
// said they cannot come), with a reason the person is told by email. What the place held
// passes to the people waiting, as when the person cancels it themselves.
func (s *Service) RemoveRegistration(ctx context.Context, u *actor.Actor, eventID, regID, reason string) error {
	reason = strings.TrimSpace(reason)
	if tooLong(reason, 2000) {
		return errs.FieldErrors(map[string]string{"reason": "events.err.reason_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.lockOrganised(ctx, u, eventID)
		if err != nil {
			return err
		}
		rs, err := queryRegistrations(ctx, s.DB, `WHERE r.id = $1 AND r.event_id = $2`, regID, eventID)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return errNotFound
		}
		r := rs[0]
		if err := s.cancelPlace(ctx, e, regID, reason); err != nil {
			return err
		}
		if err := s.record(ctx, u, "event.registration.remove", eventID, e.Title+": "+r.Name); err != nil {
			return err
		}
		if !r.Mailable() {
			return nil
		}
		lang := language(r.Language)
		why := ""
		if reason != "" {
			why = s.T(lang, "events.mail.removed.reason", "reason", reason)
		}
		return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{r.Email}, Subject: s.T(lang, "events.mail.removed.subject", "title", e.Title),
			Text: s.T(lang, "events.mail.removed.body", "name", r.Name, "title", e.Title, "when", when(lang, e),
				"organiser", e.OrganisationName, "reason", why, "link", s.BaseURL+"/events/"+e.ID)})
	})
}

// Registration is one registration of an event, for its organisers.
func (s *Service) Registration(ctx context.Context, u *actor.Actor, eventID, regID string) (Event, Registration, error) {
	e, err := s.Organised(ctx, u, eventID)
	if err != nil {
		return e, Registration{}, err
	}
	rs, err := queryRegistrations(ctx, s.DB, `WHERE r.id = $1 AND r.event_id = $2`, regID, eventID)
	if err != nil {
		return e, Registration{}, err
	}
	if len(rs) == 0 {
		return e, Registration{}, errNotFound
	}
	cs, err := choicesOf(ctx, s.DB, eventID, regID)
	rs[0].Sessions = cs[regID]
	return e, rs[0], err
}

// CancelEvent calls an event off: registration closes, and everyone with a place or waiting
// for one is told by email with the organisers' message and a calendar file that removes the
// event from their calendar. It cannot be undone.
func (s *Service) CancelEvent(ctx context.Context, u *actor.Actor, eventID, message string) error {
	message = strings.TrimSpace(message)
	switch {
	case message == "":
		return errs.FieldErrors(map[string]string{"message": "events.err.cancel_message"})
	case tooLong(message, 5000):
		return errs.FieldErrors(map[string]string{"message": "events.err.message_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.lockOrganised(ctx, u, eventID)
		if err != nil {
			return err
		}
		if e.Cancelled() {
			return errs.E(errs.Conflict, "events.err.cancelled")
		}
		now := s.DB.Now(ctx)
		if err := cancelEvent(ctx, s.DB, eventID, now, message); err != nil {
			return err
		}
		if e, err = eventByID(ctx, s.DB, eventID); err != nil {
			return err
		}
		if err := s.record(ctx, u, "event.cancel", eventID, e.Title); err != nil {
			return err
		}
		regs, err := liveRegistrations(ctx, s.DB, eventID)
		if err != nil {
			return err
		}
		// The calendar file of a cancelled event cancels it, with no sessions.
		return s.mailRegistrants(ctx, e, regs, nil, func(r Registration, lang string) mail.Message {
			return mail.Message{To: []string{r.Email}, Subject: s.T(lang, "events.mail.event_cancelled.subject", "title", e.Title),
				Text: s.T(lang, "events.mail.event_cancelled.body", "name", r.Name, "title", e.Title, "when", when(lang, e),
					"organiser", e.OrganisationName, "message", message, "link", s.BaseURL+"/events/"+e.ID)}
		})
	})
}

// Who a message to registrants goes to.
const (
	ToConfirmed  = "confirmed"  // everyone with a place
	ToWaitlisted = "waitlisted" // everyone on the waiting list
	ToEveryone   = "everyone"   // both
	ToCheckedIn  = "checked_in" // everyone who came
	ToSession    = "session"    // everyone with a place in one session
	ToChosen     = "chosen"     // the people ticked in the list
)

// Audiences are the choices of the message form, in its order.
var Audiences = []string{ToConfirmed, ToWaitlisted, ToEveryone, ToCheckedIn, ToSession, ToChosen}

// MessageInput is what the organisers' message form sends.
type MessageInput struct {
	To              string
	SessionID       string
	RegistrationIDs []string
	Subject, Body   string
}

var messageFields = []string{"to", "session_id", "subject", "body"}

// MaxMessageRecipients is the most people one message reaches.
const MaxMessageRecipients = 5000

// MessageRegistrants emails the organisers' message to all or some of the people registered,
// each with the event's details; nobody's address is shown to anyone else. It returns how many
// it was sent to.
func (s *Service) MessageRegistrants(ctx context.Context, u *actor.Actor, eventID string, in MessageInput) (int, error) {
	in.Subject, in.Body = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	f := map[string]string{}
	known := false
	for _, a := range Audiences {
		known = known || a == in.To
	}
	if !known {
		f["to"] = "events.err.message_to"
	}
	if in.Subject == "" || tooLong(in.Subject, 200) {
		f["subject"] = "events.err.message_subject"
	}
	if in.Body == "" || tooLong(in.Body, 5000) {
		f["body"] = "events.err.message_body"
	}
	if in.To == ToSession && in.SessionID == "" {
		f["session_id"] = "events.err.message_session"
	}
	if len(f) > 0 {
		return 0, errs.FieldErrors(f)
	}
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		n = 0
		e, err := s.Organised(ctx, u, eventID)
		if err != nil {
			return err
		}
		regs, err := liveRegistrations(ctx, s.DB, eventID)
		if err != nil {
			return err
		}
		cs, err := choicesOf(ctx, s.DB, eventID, "")
		if err != nil {
			return err
		}
		if in.To == ToSession {
			if _, ok := e.Session(in.SessionID); !ok {
				return errs.FieldErrors(map[string]string{"session_id": "events.err.message_session"})
			}
		}
		chosen := map[string]bool{}
		for _, id := range in.RegistrationIDs {
			chosen[id] = true
		}
		var to []Registration
		for _, r := range regs {
			var match bool
			switch in.To {
			case ToConfirmed:
				match = r.Status == Confirmed
			case ToWaitlisted:
				match = r.Status == Waitlisted
			case ToEveryone:
				match = true
			case ToCheckedIn:
				match = r.Status == Confirmed && r.CheckedInAt != nil
			case ToSession:
				match = r.Status == Confirmed && holds(cs[r.ID], in.SessionID)
			case ToChosen:
				match = chosen[r.ID]
			}
			if match && r.Mailable() {
				to = append(to, r)
			}
		}
		if len(to) == 0 {
			return errs.FieldErrors(map[string]string{"to": "events.err.message_nobody"})
		}
		if len(to) > MaxMessageRecipients {
			return errs.FieldErrors(map[string]string{"to": "events.err.message_many"})
		}
		for _, r := range to {
			lang := language(r.Language)
			if err := s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{r.Email}, Subject: in.Subject + " – " + e.Title,
				Text: s.T(lang, "events.mail.message.body", "name", r.Name, "title", e.Title, "organiser", e.OrganisationName,
					"message", in.Body, "when", when(lang, e), "link", s.BaseURL+"/events/"+e.ID)}); err != nil {
				return err
			}
			n++
		}
		return s.record(ctx, u, "event.message", eventID, e.Title+": "+in.Subject)
	})
	return n, err
}

// holds reports whether the choices hold a place in the session.
func holds(cs []Choice, sessionID string) bool {
	for _, c := range cs {
		if c.ID == sessionID && c.Status == Confirmed {
			return true
		}
	}
	return false
}
