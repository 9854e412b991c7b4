package mentoring

import (
	"context"
	"errors"
	"time"
)

// Run is the capability's background worker: the check-in reminders. Each reminder is claimed
// by inserting its row in the transaction that queues its mail, so several servers running the
// worker send each once.
func (s *Service) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if err := s.Work(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("mentoring worker", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// Work does one round of the worker's jobs.
func (s *Service) Work(ctx context.Context) error {
	var all []error
	for _, m := range Milestones {
		all = append(all, s.remind(ctx, m, "due"), s.remind(ctx, m, "overdue"))
	}
	return errors.Join(all...)
}

// remind sends a milestone's reminders of one kind: "due" to both sides on the due day,
// "overdue" two weeks later to each side that has not checked in (and the coordinators).
func (s *Service) remind(ctx context.Context, milestone int, kind string) error {
	day := today(s.DB.Clock().Now())
	if kind == "overdue" {
		day = dayMinus(day, int(OverdueAfter/(24*time.Hour)))
	}
	rs, err := remindable(ctx, s.DB, milestone, kind, day)
	if err != nil {
		return err
	}
	for _, r := range rs {
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			claimed, err := claimReminder(ctx, s.DB, r.ID, milestone, kind, s.DB.Now(ctx))
			if err != nil || !claimed {
				return err // another server sent it
			}
			full, err := s.complete(ctx, []Relationship{r})
			if err != nil {
				return err
			}
			r := full[0]
			args := func(lang string) []any {
				return []any{"n", itoa(milestone), "due", dayText(lang, r.Due(milestone))}
			}
			for _, org := range []string{r.MentorOrgID, r.MenteeOrgID} {
				if r.CheckedIn(milestone, org) {
					continue
				}
				if err := s.mailOrgWith(ctx, org, r, "mentoring.mail.checkin_"+kind, args); err != nil {
					return err
				}
			}
			if kind == "overdue" {
				return s.mailCoordinators(ctx, r, "mentoring.mail.checkin_overdue_coordinator", args)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
