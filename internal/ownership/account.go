package ownership

import (
	"context"

	"commons/internal/platform/errs"
)

// Export is what ownership holds about an account, for the data download: the cases the person
// made (with their contact details), the cases about land they own (by their email), the steps
// they took and the documents they uploaded (names and types, not the files).
func (s *Service) Export(ctx context.Context, accountID string) (any, error) {
	acc, err := s.Identity.Account(ctx, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	cases, err := casesOf(ctx, s.DB, accountID, acc.Email, nil)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	type caseOut struct {
		Reference, Kind, Name, Status, Role, GroupName, ContactName, ContactEmail, ContactPhone, ReceivedOn string
	}
	var out []caseOut
	for _, c := range cases {
		role := "group"
		if c.ContactAccount != accountID {
			role = "owner"
		}
		out = append(out, caseOut{c.Reference, c.Kind, c.Name, c.Status, role, c.Group.Name, c.ContactName, c.ContactEmail, c.ContactPhone,
			c.ReceivedOn.String()})
	}
	events, err := queryEvents(ctx, s.DB, `WHERE actor_id = $1 ORDER BY on_date, created_at`, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	type stepOut struct{ Step, On, Outcome, Detail, Channel string }
	var steps []stepOut
	for _, e := range events {
		steps = append(steps, stepOut{e.Step, e.On.String(), e.Outcome, e.Detail, e.Channel})
	}
	docs, err := documentsBy(ctx, s.DB, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	if len(out) == 0 && len(steps) == 0 && len(docs) == 0 {
		return nil, nil
	}
	return map[string]any{"cases": out, "steps": steps, "documents": docs}, nil
}

// DeleteAccount runs inside the account deletion's transaction. A case is part of the council's
// statutory record (the lists the law requires it to keep), so it stays; what links it to the
// person goes: their contact details on cases they made, their name on steps they took, and the
// link from documents they uploaded. An owner's name and address on a case were recorded by the
// council for its notices, not taken from the account, and stay with the case.
func (s *Service) DeleteAccount(ctx context.Context, accountID string) error {
	return anonymise(ctx, s.DB, accountID)
}
