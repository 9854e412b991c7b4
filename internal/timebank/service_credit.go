package timebank

import (
	"context"
	"strings"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/timebank/ledger"
)

// CreditVolunteering credits confirmed volunteering to the volunteer's time bank account,
// paid from the organisation's account in the same bank, exactly once per ref (such as
// "volunteering/hours/<id>"): a second call with the same ref returns (false, nil), and so does
// a call for an organisation or a volunteer (accountID is their Commons account) in no time
// bank together. Where both belong to several banks, the credit goes to the bank the volunteer
// joined first, so the hours are counted once. It runs in the caller's transaction (ctx carries
// it); a credit the organisation's limit cannot take is refused with a LimitError, and the
// caller's transaction rolls back with it. The posting keeps the ref, so the statement shows
// the volunteering and links back to it.
func (s *Service) CreditVolunteering(ctx context.Context, organisationID, accountID, ref string, minutes int, note string) (bool, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 200 || organisationID == "" || accountID == "" {
		return false, errs.E(errs.Invalid, "timebank.err.credit")
	}
	if minutes <= 0 {
		return false, nil
	}
	if minutes > ledger.MaxMinutes {
		return false, errs.E(errs.Invalid, "timebank.err.credit")
	}
	credited := false
	err := s.atomic(ctx, "timebank_credit", func(ctx context.Context) error {
		if done, err := transactionByRef(ctx, s.DB, ref); err != nil || done != "" {
			return err
		}
		orgs, err := organisationMemberships(ctx, s.DB, organisationID)
		if err != nil {
			return err
		}
		people, err := membershipsOf(ctx, s.DB, accountID)
		if err != nil {
			return err
		}
		var org, person *Member
		for i := range people {
			if !people[i].Active() {
				continue
			}
			for j := range orgs {
				if orgs[j].Active() && orgs[j].BankID == people[i].BankID {
					person, org = &people[i], &orgs[j]
					break
				}
			}
			if person != nil {
				break
			}
		}
		if person == nil {
			return nil
		}
		b, err := bankByID(ctx, s.DB, person.BankID)
		if err != nil {
			return err
		}
		t, err := ledger.Transfer([]ledger.Line{{Payer: ledger.Ref{Account: org.Account, Bank: b.ID},
			Payee: ledger.Ref{Account: person.Account, Bank: b.ID}, Minutes: int64(minutes)}}, nil)
		if err != nil {
			return errs.Wrap(err, "volunteering credit")
		}
		if err := s.post(ctx, txRow{ID: ids.New(), BankID: b.ID, Kind: TxVolunteering, Ref: ref, Category: "community",
			Note: clip(note, maxNote)}, t); err != nil {
			return err
		}
		credited = true
		return s.tell(ctx, b, *person, "timebank.mail.volunteering", "org", org.Name, "minutes", int64(minutes), "note", clip(note, maxNote),
			"link", s.BaseURL+"/timebanks/"+b.ID+"/me")
	})
	if err != nil {
		return false, err
	}
	return credited, nil
}
