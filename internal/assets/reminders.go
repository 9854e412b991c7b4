package assets

import (
	"context"
	"log/slog"
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
			var q string
			var arg string
			if a.OrganisationID != "" {
				q, arg = `SELECT ac.email, ac.name FROM organisation_members m JOIN accounts ac ON ac.id = m.account_id
					WHERE m.organisation_id = $1 ORDER BY ac.email`, a.OrganisationID
			} else {
				q, arg = `SELECT email, name FROM accounts WHERE id = $1`, a.createdBy
			}
			rows, err := s.DB.Query(ctx, q, arg)
			if err != nil {
				return err
			}
			type person struct{ email, name string }
			var to []person
			for rows.Next() {
				var p person
				if err := rows.Scan(&p.email, &p.name); err != nil {
					rows.Close()
					return err
				}
				to = append(to, p)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, p := range to {
				if err := s.Outbox.Enqueue(ctx, p.email, s.T("en", "assets.mail.review.subject", "name", a.Name),
					s.T("en", "assets.mail.review.body", "person", p.name, "name", a.Name, "checked", a.LastCheckedAt.Format("2 January 2006"),
						"link", s.BaseURL+"/assets/"+a.ID)); err != nil {
					return err
				}
			}
			if _, err := s.DB.Exec(ctx, `UPDATE assets SET reminded_at = $2 WHERE id = $1`, a.ID, now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
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
