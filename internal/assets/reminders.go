package assets

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// RemindOwners emails the owners of published assets not checked for ReviewAge (the members of
// the owning organisation, or whoever added an asset that has none) and notes the reminder, so
// each stale entry is reminded once per ReviewAge. It returns how many assets were reminded.
func (s *Service) RemindOwners(ctx context.Context) (int, error) {
	if s.ReviewAge <= 0 {
		return 0, nil
	}
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		n = 0
		now := s.DB.Now(ctx)
		stale, err := staleAssets(ctx, s.DB, now.Add(-s.ReviewAge), 200)
		if err != nil {
			return err
		}
		for _, a := range stale {
			// Claim the asset first: with several servers on one database, the one whose update
			// still finds it unreminded writes to its owners; the others skip it.
			claimed, err := claimReminder(ctx, s.DB, a.ID, now, now.Add(-s.ReviewAge))
			if err != nil {
				return err
			}
			if !claimed {
				continue
			}
			to, err := reviewers(ctx, s.DB, a)
			if err != nil {
				return err
			}
			// Each person is written to in the language their account prefers: no request is
			// running, so there is no page language to follow.
			for _, p := range to {
				if err := s.Outbox.Enqueue(ctx, p.email, s.T(p.lang, "assets.mail.review.subject", "name", a.Name),
					s.T(p.lang, "assets.mail.review.body", "person", p.name, "name", a.Name, "checked", s.mailDate(p.lang, a.LastCheckedAt),
						"link", s.BaseURL+"/assets/"+a.ID)); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}

// mailDate writes a day as "2 January 2006" in lang, with the month names from the catalogue.
func (s *Service) mailDate(lang string, t time.Time) string {
	months := strings.Fields(s.T(lang, "assets.mail.months"))
	month := t.Month().String()
	if len(months) == 12 {
		month = months[t.Month()-1]
	}
	return strconv.Itoa(t.Day()) + " " + month + " " + strconv.Itoa(t.Year())
}

// RunReminders calls RemindOwners every interval until ctx ends.
func (s *Service) RunReminders(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.RemindOwners(ctx); err != nil && ctx.Err() == nil {
			log.Error("asset review reminders", "err", err)
		} else if n > 0 {
			log.Info("asset review reminders sent", "assets", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
