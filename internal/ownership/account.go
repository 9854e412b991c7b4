package ownership

import (
	"context"
	"fmt"
	"strings"

	"commons/internal/platform/capability"

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
		ID, Reference, Kind, Name, Status, Role, GroupName, ContactName, ContactEmail, ContactPhone, ReceivedOn string
	}
	var out []caseOut
	for _, c := range cases {
		role := "group"
		if c.ContactAccount != accountID && !strings.EqualFold(c.ContactEmail, acc.Email) {
			role = "owner"
		}
		out = append(out, caseOut{c.ID, c.Reference, c.Kind, c.Name, c.Status, role, c.Group.Name, c.ContactName, c.ContactEmail, c.ContactPhone,
			c.ReceivedOn.String()})
	}
	events, err := queryEvents(ctx, s.DB, `WHERE actor_id = $1 ORDER BY on_date, created_at`, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	type stepOut struct{ ID, Case, Step, On, Outcome, Detail, Channel string }
	var steps []stepOut
	for _, e := range events {
		steps = append(steps, stepOut{e.ID, e.CaseID, e.Step, e.On.String(), e.Outcome, e.Detail, e.Channel})
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
// person goes: their contact details on cases they made (or an officer made giving their address
// as the contact, their own nomination included), their name on steps they took, and the
// link from documents they uploaded. An owner's name and address on a case were recorded by the
// council for its notices, not taken from the account, and stay with the case.
func (s *Service) DeleteAccount(ctx context.Context, accountID string) error {
	acc, err := s.Identity.Account(ctx, accountID)
	if err != nil {
		return errs.Wrap(err, "delete account")
	}
	return anonymise(ctx, s.DB, accountID, acc.Email)
}

// accountTables says what deletion does to each of ownership's tables that points at a person.
var accountTables = map[string]string{
	"own_cases":     "kept (the statutory list): the case no longer holds the contact's account, name, email or phone, nor who recorded it or is assigned to it",
	"own_events":    "kept (the case's history): the step no longer names who took it",
	"own_documents": "kept with the case: the document no longer names who uploaded it",
}

// seedAccount makes, for the account deletion test, one of every record ownership can hold
// about a person: a nomination they made with a document, assigned to them as an officer, a
// step they took and a nomination they recorded from paper for someone else.
func (s *Service) seedAccount(ctx context.Context, p capability.SeedPeople) error {
	me, err := s.Identity.User(ctx, p.Person)
	if err != nil {
		return err
	}
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("ownership seed: %s: %w", what, err)
		}
		return nil
	}
	in := CaseInput{Kind: KindACV, Name: "The Drovers Arms", Address: "1 Market Street", Postcode: "AH3 2NA",
		Reasons: "The only pub in the village.", Members: "30",
		Group:       Group{Name: "Friends of the Drovers", Type: GroupUnincorporated, Connection: "Village residents", NoProfit: true},
		ContactName: me.Name, ContactEmail: me.Email, Owner: Party{Name: "Brewery plc", Email: "estates@brewery.example"}, Confirm: true}
	c, err := s.CreateCase(ctx, me, "en", in, &Upload{Kind: "evidence", Filename: "minutes.pdf", Data: []byte("%PDF-1.4 minutes")})
	if err := step("nominate", err); err != nil {
		return err
	}
	if err := step("assign", s.Assign(ctx, me, c.ID)); err != nil {
		return err
	}
	if err := step("notify", s.Apply(ctx, me, c.ID, "acv.notify", StepInput{})); err != nil {
		return err
	}
	paper := in
	paper.Name, paper.ContactName, paper.ContactEmail = "The Old Bakery", "Gwen Jones", "gwen@example.org"
	paper.Channel, paper.HelpedHow = "paper", "Typed in from the nomination form posted to the council."
	_, err = s.CreateCase(ctx, me, "en", paper, nil)
	return step("record from paper", err)
}
