package volunteering

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"commons/internal/platform/secret"
)

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// Run is the capability's background worker: shift reminders, short-staffed shifts, check
// expiry reminders and the deletion of check records past their retention. Each piece of work
// is claimed with one conditional statement in the transaction that queues its mail, so several
// servers running it send each message once. It wakes every poll and after each sign-up.
func (s *Service) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if err := s.Work(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("volunteering worker", "err", err)
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
	return errors.Join(s.SendReminders(ctx), s.FlagShortShifts(ctx), s.RemindExpiringChecks(ctx), s.DeleteExpiredChecks(ctx))
}

// ReminderWindow is how long before a shift its reminder goes.
const ReminderWindow = 24 * time.Hour

// SendReminders reminds everyone with a place on a shift starting within a day, once, with a
// link to say they can't make it.
func (s *Service) SendReminders(ctx context.Context) error {
	now := s.DB.Clock().Now()
	gs, err := querySignups(ctx, s.DB, `WHERE g.status = 'confirmed' AND g.reminded_at IS NULL AND g.shift_id IN
		(SELECT id FROM vol_shifts WHERE status = 'scheduled' AND deleted = 0 AND starts_at > $1 AND starts_at <= $2)
		ORDER BY g.created_at LIMIT 200`, now, now.Add(ReminderWindow))
	if err != nil {
		return err
	}
	for _, g := range gs {
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			token := secret.Token()
			res, err := claimReminder(ctx, s.DB, g.ID, s.DB.Now(ctx), secret.HashToken(token))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another server sent it
			}
			sh, err := shiftByID(ctx, s.DB, g.ShiftID)
			if err != nil {
				return err
			}
			return s.mailPerson(ctx, g.AccountID, g.PersonEmail, "volunteering.mail.reminder", &sh, "name", g.PersonName,
				"title", sh.OpportunityTtl, "role", sh.RoleTitle, "lead", sh.LeadName, "cant", s.BaseURL+"/volunteering/cant/"+token)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ShortWindow is how far ahead a shift under its minimum is flagged.
const ShortWindow = 48 * time.Hour

// FlagShortShifts flags, once, each shift under its minimum that starts within two days: its
// coordinators are told, and suitable volunteers (accepted for the role, not on the shift, with
// any check the role needs) are offered it.
func (s *Service) FlagShortShifts(ctx context.Context) error {
	now := s.DB.Clock().Now()
	ss, err := queryShifts(ctx, s.DB, `WHERE s.status = 'scheduled' AND s.deleted = 0 AND s.flagged_at IS NULL AND s.starts_at > $1
		AND s.starts_at <= $2 AND s.taken < s.min_volunteers ORDER BY s.starts_at LIMIT 100`, now, now.Add(ShortWindow))
	if err != nil {
		return err
	}
	for _, sh := range ss {
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			res, err := claimShortShift(ctx, s.DB, sh.ID, s.DB.Now(ctx))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			role, err := roleByID(ctx, s.DB, sh.RoleID)
			if err != nil {
				return err
			}
			if err := s.mailCoordinators(ctx, sh.OrganisationID, "volunteering.mail.short", "title", sh.OpportunityTtl, "role", sh.RoleTitle,
				"when", mailWhen(sh), "gap", sh.Gap(), "link", s.BaseURL+"/volunteering/opportunities/"+sh.OpportunityID+"/manage"); err != nil {
				return err
			}
			apps, err := queryApplications(ctx, s.DB, `WHERE a.role_id = $1 AND a.status = 'accepted' AND NOT EXISTS
				(SELECT 1 FROM vol_signups g WHERE g.shift_id = $2 AND g.person_id = a.person_id AND g.status <> 'cancelled')
				ORDER BY a.created_at LIMIT 50`, sh.RoleID, sh.ID)
			if err != nil {
				return err
			}
			offered := 0
			for _, ap := range apps {
				ok, err := validCheckFor(ctx, s.DB, sh.OrganisationID, ap.PersonID, role.CheckNeeded, Local(sh.StartsAt).Format("2006-01-02"))
				if err != nil {
					return err
				}
				if !ok || offered >= 20 {
					continue
				}
				p, err := personByID(ctx, s.DB, ap.PersonID)
				if err != nil {
					return err
				}
				offered++
				if err := s.mailPerson(ctx, p.AccountID, p.Email, "volunteering.mail.offer", &sh, "name", p.Name, "title", sh.OpportunityTtl,
					"role", sh.RoleTitle); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// CheckReminders are the days before expiry at which the volunteer and the coordinators are
// reminded.
var CheckReminders = []int{7, 30, 60}

// RemindExpiringChecks reminds the volunteer and the organisation's coordinators as a check
// nears its expiry, once per step (60, 30 and 7 days). The mail names the kind of check and its
// expiry, never its reference.
func (s *Service) RemindExpiringChecks(ctx context.Context) error {
	today := Local(s.DB.Clock().Now())
	for _, days := range CheckReminders {
		limit := today.AddDate(0, 0, days).Format("2006-01-02")
		cs, err := queryChecks(ctx, s.DB, `WHERE c.expires_on <= $1 AND c.expires_on >= $2 AND (c.reminded_days = 0 OR c.reminded_days > $3)
			ORDER BY c.expires_on LIMIT 200`, limit, today.Format("2006-01-02"), days)
		if err != nil {
			return err
		}
		for _, c := range cs {
			err := s.DB.WithTx(ctx, func(ctx context.Context) error {
				res, err := claimCheckReminder(ctx, s.DB, c.ID, days)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 0 {
					return nil
				}
				org, err := s.Identity.Organisation(ctx, c.OrganisationID)
				if err != nil {
					return err
				}
				p, err := personByID(ctx, s.DB, c.PersonID)
				if err != nil {
					return err
				}
				args := []any{"name", p.Name, "org", org.Name, "kind_en", s.T("en", "volunteering.check."+c.Kind), "expires", mailDay(c.ExpiresOn)}
				if err := s.mailPerson(ctx, p.AccountID, p.Email, "volunteering.mail.check_expiring", nil, args...); err != nil {
					return err
				}
				return s.mailCoordinators(ctx, c.OrganisationID, "volunteering.mail.check_expiring_coordinator",
					append(args, "link", s.BaseURL+"/volunteering/organisations/"+c.OrganisationID+"/checks")...)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// DeleteExpiredChecks deletes check records whose expiry is further back than their
// organisation's retention (180 days unless it set another).
func (s *Service) DeleteExpiredChecks(ctx context.Context) error {
	gone, err := checksPastRetention(ctx, s.DB, Local(s.DB.Clock().Now()))
	if err != nil {
		return err
	}
	for _, id := range gone {
		if _, err := deleteCheckByID(ctx, s.DB, id); err != nil {
			return err
		}
	}
	return nil
}
