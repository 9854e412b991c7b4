package events

import (
	"commons/internal/platform/actor"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
)

// FeedbackInput is what the feedback form sends. Code is the person's feedback code (from the
// link in their mail, or handed to a walk-in at the door); a signed-in person registered with
// their account's address needs none.
type FeedbackInput struct{ Code, Rating, Comment string }

// NormaliseCode reads a feedback code as people type it: any case, spaces and dashes ignored.
func NormaliseCode(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s)))
}

// Attendee is the confirmed registration feedback would be counted under: the one with the
// code, or else the signed-in person's own. ok is false when there is none.
func (s *Service) Attendee(ctx context.Context, u *actor.Actor, eventID, code string) (Registration, bool, error) {
	var rs []Registration
	var err error
	switch code = NormaliseCode(code); {
	case code != "":
		rs, err = queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 AND r.feedback_code = $2 AND r.status = 'confirmed'`, eventID, code)
	case u != nil:
		rs, err = queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 AND r.email = $2 AND r.status = 'confirmed'`, eventID, u.Email)
	}
	if err != nil || len(rs) == 0 {
		return Registration{}, false, err
	}
	return rs[0], true, nil
}

// GiveFeedback records an attendee's answer to the feedback form, open once the event has
// begun. Each attendee's answer counts once: answering again replaces the first answer
// (updated is true then).
func (s *Service) GiveFeedback(ctx context.Context, u *actor.Actor, eventID string, in FeedbackInput) (updated bool, err error) {
	n, err := strconv.Atoi(strings.TrimSpace(in.Rating))
	f := map[string]string{}
	if err != nil || n < 1 || n > 5 {
		f["rating"] = "events.err.rating"
	}
	comment := strings.TrimSpace(in.Comment)
	if tooLong(comment, 5000) {
		f["comment"] = "events.err.comment_long"
	}
	if len(f) > 0 {
		return false, errs.FieldErrors(f)
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := eventByID(ctx, s.DB, eventID)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		if now.Before(e.StartsAt) {
			return errs.E(errs.Invalid, "events.feedback.not_yet")
		}
		r, ok, err := s.Attendee(ctx, u, eventID, in.Code)
		if err != nil {
			return err
		}
		if !ok {
			return errs.FieldErrors(map[string]string{"code": "events.err.feedback_code"})
		}
		existing, err := countFeedbackOf(ctx, s.DB, r.ID)
		if err != nil {
			return err
		}
		updated = existing > 0
		// One answer per attendee, whoever sends it twice at once: the unique index on
		// registration_id turns the second insert into an update.
		err = saveFeedback(ctx, s.DB, ids.New(), eventID, n, comment, now, r.ID)
		return err
	})
	return updated, err
}

func (s *Service) feedbackSummary(ctx context.Context, eventID string) (FeedbackSummary, error) {
	var fs FeedbackSummary
	all, err := queryFeedback(ctx, s.DB, eventID)
	if err != nil {
		return fs, err
	}
	total := 0
	for _, f := range all {
		fs.Count++
		total += f.Rating
		fs.ByRating[f.Rating-1]++
		if f.Comment != "" {
			fs.Comments = append(fs.Comments, f)
		}
	}
	if fs.Count > 0 {
		fs.Average = float64(total) / float64(fs.Count)
	}
	return fs, nil
}

// FeedbackWindow is how long after an event ends its people are still asked for feedback: an
// event that ended longer ago (a server that was down, a past event loaded as demo data) is
// not asked about.
const FeedbackWindow = 7 * 24 * time.Hour

// AskForFeedback emails the people who came to events that have ended a link to the feedback
// form carrying their own code, once per event: those checked in, or everyone with a place
// when nobody was checked in. Each event is claimed with one conditional update, so several
// servers running it send each request once. It returns how many events it asked about.
func (s *Service) AskForFeedback(ctx context.Context) (int, error) {
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		n = 0
		now := s.DB.Now(ctx)
		evs, err := queryEvents(ctx, s.DB, `WHERE e.ends_at <= $1 AND e.ends_at > $2 AND e.feedback_asked_at IS NULL AND e.cancelled_at IS NULL AND e.draft = 0
			ORDER BY e.ends_at, e.id LIMIT 20`, now, now.Add(-FeedbackWindow))
		if err != nil {
			return err
		}
		for _, e := range evs {
			k, err := claimFeedbackAsk(ctx, s.DB, e.ID, now)
			if err != nil {
				return err
			}
			if k != 1 {
				continue
			}
			n++
			regs, err := queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 AND r.status = 'confirmed' ORDER BY r.created_at, r.id`, e.ID)
			if err != nil {
				return err
			}
			anyCheckedIn := false
			for _, r := range regs {
				anyCheckedIn = anyCheckedIn || r.CheckedInAt != nil
			}
			for _, r := range regs {
				if !r.Mailable() || r.FeedbackCode == "" || anyCheckedIn && r.CheckedInAt == nil {
					continue
				}
				lang := language(r.Language)
				if err := s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{r.Email},
					Subject: s.T(lang, "events.mail.feedback.subject", "title", e.Title),
					Text: s.T(lang, "events.mail.feedback.body", "name", r.Name, "title", e.Title, "code", r.FeedbackCode,
						"link", s.BaseURL+"/events/"+e.ID+"/feedback?code="+r.FeedbackCode)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}

// RunFeedbackRequests calls AskForFeedback every interval until ctx ends.
func (s *Service) RunFeedbackRequests(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.AskForFeedback(ctx); err != nil && ctx.Err() == nil {
			log.Error("event feedback requests", "err", err)
		} else if n > 0 {
			log.Info("event feedback requests sent", "events", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
