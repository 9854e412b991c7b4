package ownership

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"commons/internal/ownership/clock"
	"commons/internal/platform/i18n"
	"commons/internal/platform/mail"
)

// ReminderDays are how many days before a deadline its reminders go (and "0": on the day after
// it passed, for the council's own deadlines).
var ReminderDays = []string{"7", "1", "0"}

// Run is the capability's background worker: it sends the reminders that are due, every poll,
// until ctx ends. Several servers may run it: each reminder is claimed with one conditional
// UPDATE in the transaction that queues its mail, so it is sent once.
func (s *Service) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.SendReminders(ctx); err != nil && ctx.Err() == nil && s.Log != nil {
			s.Log.Error("ownership reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// SendReminders sends each deadline's reminders once: a week before, the day before, and (for
// the council's deadlines) once it has passed. It returns how many it sent.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	today := s.Today(ctx)
	rows, err := queryClocks(ctx, s.DB, `WHERE met_on = '' AND stopped_on = '' AND due_on <> '' AND due_on <= $1 ORDER BY due_on LIMIT 500`,
		today.AddDays(7).String())
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for _, row := range rows {
		n, err := s.remind(ctx, row, today)
		sent += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return sent, errors.Join(errs...)
}

func (s *Service) remind(ctx context.Context, row ClockRow, today clock.Date) (int, error) {
	c, err := caseByID(ctx, s.DB, row.CaseID)
	if err != nil {
		return 0, err
	}
	ck, ok := s.clockOf(ctx, &c, row)
	if !ok || ck.Rule.Kind == clock.Period || ck.IsPaused() || !c.Open() {
		return 0, nil
	}
	due, err := ck.Due(today)
	if err != nil {
		return 0, nil
	}
	days := today.DaysUntil(due)
	done := strings.Split(row.Reminded, ",")
	var level string
	for _, l := range ReminderDays {
		want := map[string]bool{"7": days <= 7 && days >= 0, "1": days <= 1 && days >= 0, "0": days < 0 && ck.Rule.Party == "council"}[l]
		if want && !slices.Contains(done, l) {
			level = l
		}
	}
	if level == "" {
		return 0, nil
	}
	// Mark this level and every earlier one: a clock first seen the day before its deadline gets
	// one reminder, not two.
	var now []string
	for _, l := range ReminderDays {
		now = append(now, l)
		if l == level {
			break
		}
	}
	sent := 0
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		claimed, err := claimReminder(ctx, s.DB, row.ID, row.Reminded, strings.Join(now, ","))
		if err != nil || !claimed {
			return err
		}
		var to []struct{ addr, lang string }
		switch ck.Rule.Party {
		case "owner":
			to = append(to, struct{ addr, lang string }{c.Owner.Email, c.MailLang})
		case "group":
			lang := c.MailLang
			if c.ContactAccount != "" && s.Identity != nil {
				if l, err := s.Identity.Language(ctx, c.ContactAccount); err == nil && l != "" {
					lang = l
				}
			}
			to = append(to, struct{ addr, lang string }{c.ContactEmail, lang})
		default:
			if c.AssignedTo != "" && s.Identity != nil {
				if acc, err := s.Identity.Account(ctx, c.AssignedTo); err == nil {
					to = append(to, struct{ addr, lang string }{acc.Email, acc.Language})
					break
				}
			}
			to = append(to, struct{ addr, lang string }{s.teamAddress(ctx), "en"})
		}
		for _, r := range to {
			if strings.TrimSpace(r.addr) == "" {
				continue
			}
			lang := r.lang
			what := s.T(lang, "ownership.rule."+row.Rule)
			key := "ownership.mail.remind"
			if level == "0" {
				key = "ownership.mail.overdue"
			}
			subject := s.T(lang, key+".subject", "ref", c.Reference, "what", what, "date", i18n.DayOf(lang, due.String()))
			body := s.T(lang, "ownership.mail.hello") + "\n\n" +
				s.T(lang, key+".body", "what", what, "name", c.Name, "ref", c.Reference, "date", i18n.DayOf(lang, due.String())) + "\n\n" +
				s.T(lang, "ownership.mail.rule", "words", ck.Rule.Words, "source", ck.Rule.Source) + "\n\n" +
				s.T(lang, "ownership.mail.link") + "\n" + s.BaseURL + "/ownership/cases/" + c.ID + "\n\n" +
				s.T(lang, "ownership.mail.signoff", "place", s.PlaceName) + "\n"
			if err := s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{r.addr}, Subject: subject, Text: body}); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}
