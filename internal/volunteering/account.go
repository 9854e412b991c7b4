package volunteering

import (
	"context"

	"commons/internal/platform/errs"
)

// Export is everything volunteering holds about an account, for the data download: the person
// record, applications, sign-ups and hours, and the checks organisations recorded (the person
// is entitled to their own data, so the download has them, though no page or feed shows them).
func (s *Service) Export(ctx context.Context, accountID string) (any, error) {
	p, err := personByAccount(ctx, s.DB, accountID)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	apps, err := queryApplications(ctx, s.DB, `WHERE a.person_id = $1 ORDER BY a.created_at`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	gs, err := querySignups(ctx, s.DB, `WHERE g.person_id = $1 ORDER BY g.created_at`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	hs, err := queryHours(ctx, s.DB, `WHERE h.person_id = $1 ORDER BY h.day`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	cs, err := queryChecks(ctx, s.DB, `WHERE c.person_id = $1 ORDER BY c.expires_on`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	return map[string]any{"person": p, "applications": apps, "signups": gs, "hours": hs, "checks": cs}, nil
}

// DeleteAccount runs inside the account deletion's transaction: the person's checks,
// applications and sign-ups are deleted (a confirmed place is freed for the waiting list), and
// their hours stay only as anonymous numbers in the organisations' totals.
func (s *Service) DeleteAccount(ctx context.Context, accountID string) error {
	p, err := personByAccount(ctx, s.DB, accountID)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	gs, err := querySignups(ctx, s.DB, `WHERE g.person_id = $1 AND g.status <> 'cancelled'`, p.ID)
	if err != nil {
		return err
	}
	for _, g := range gs {
		if err := s.cancel(ctx, g.ShiftID, `id = $1`, g.ID); err != nil {
			return err
		}
	}
	return forgetPerson(ctx, s.DB, p.ID)
}
