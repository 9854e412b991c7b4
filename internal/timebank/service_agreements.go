package timebank

import (
	"context"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// AgreementInput is a proposal one bank's broker makes to another bank.
type AgreementInput struct {
	Partner string
	Limit   string // hours: how far, net, members of each bank may give to the other's
	Note    string
}

// Propose asks another bank to agree to exchange. The limit is the trust each bank extends:
// once its members have given that many hours more to the other bank's members than they
// received, exchanges in that direction stop until time flows back.
func (s *Service) Propose(ctx context.Context, a *actor.Actor, bankID string, in AgreementInput) (Agreement, error) {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return Agreement{}, err
	}
	f := map[string]string{}
	partner, err := s.Bank(ctx, in.Partner)
	if err != nil || in.Partner == bankID {
		f["partner"] = "timebank.err.partner"
	}
	limit, err := ParseHours(in.Limit)
	if err != nil || limit < 60 || limit > 10000*60 {
		f["limit"] = "timebank.err.agreement_limit"
	}
	if len([]rune(in.Note)) > maxNote {
		f["note"] = "timebank.err.note"
	}
	if len(f) > 0 {
		return Agreement{}, errs.FieldErrors(f)
	}
	lo, hi := orderPair(bankID, partner.ID)
	g := Agreement{ID: ids.New(), BankLow: lo, BankHigh: hi, Proposer: bankID, Limit: limit, Status: "proposed", Note: clip(in.Note, maxNote)}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		g.ProposedAt = s.DB.Now(ctx)
		old, err := agreementBetween(ctx, s.DB, bankID, partner.ID)
		switch {
		case err == nil:
			if old.Status == "proposed" || old.Status == "active" {
				return errs.FieldErrors(map[string]string{"partner": "timebank.err.agreement_exists"})
			}
			g.ID = old.ID
			if _, err := reproposeAgreement(ctx, s.DB, g, a.ID); err != nil {
				return err
			}
		case errs.Is(s.DB.Err(err, ""), errs.NotFound):
			if err := insertAgreement(ctx, s.DB, g, a.ID); err != nil {
				return err
			}
		default:
			return err
		}
		if err := s.record(ctx, a, "agreement.propose", "timebank_agreement", g.ID, v.Bank.Name+" → "+partner.Name); err != nil {
			return err
		}
		return s.tellBrokers(ctx, partner, "timebank.mail.agreement_proposed", "other", v.Bank.Name, "minutes", limit,
			"link", s.BaseURL+"/timebanks/"+partner.ID+"/agreements")
	})
	return g, s.DB.Err(err, "timebank.err.save")
}

// Answer accepts or declines a proposal made to the person's bank. Accepting opens a clearing
// account for the other bank in each bank's book, with the agreed limit.
func (s *Service) Answer(ctx context.Context, a *actor.Actor, bankID, agreementID string, accept bool) error {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return err
	}
	g, err := agreementByID(ctx, s.DB, agreementID)
	if err != nil || (g.BankLow != bankID && g.BankHigh != bankID) {
		return errs.E(errs.NotFound, "timebank.err.agreement_not_found")
	}
	if g.Proposer == bankID {
		return errs.E(errs.Forbidden, "timebank.err.own_proposal")
	}
	to := "declined"
	if accept {
		to = "active"
	}
	proposer, err := s.Bank(ctx, g.Proposer)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		ok, err := setAgreementStatus(ctx, s.DB, g.ID, "proposed", to, a.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		if accept {
			for _, pair := range [][2]string{{g.BankLow, g.BankHigh}, {g.BankHigh, g.BankLow}} {
				acc, err := clearingAccount(ctx, s.DB, pair[0], pair[1])
				if err == nil {
					if err := setFloor(ctx, s.DB, acc.ID, -g.Limit); err != nil {
						return err
					}
					continue
				}
				if err := insertAccount(ctx, s.DB, Account{ID: ids.New(), BankID: pair[0], Kind: AccountClearing,
					PartnerBankID: pair[1], Floor: -g.Limit}, now); err != nil {
					return err
				}
			}
		}
		if err := s.record(ctx, a, "agreement."+to, "timebank_agreement", g.ID, proposer.Name+" → "+v.Bank.Name); err != nil {
			return err
		}
		return s.tellBrokers(ctx, proposer, "timebank.mail.agreement_"+to, "other", v.Bank.Name,
			"link", s.BaseURL+"/timebanks/"+proposer.ID+"/agreements")
	})
}

// End stops new exchanges between two banks; what was exchanged stays in both books.
func (s *Service) End(ctx context.Context, a *actor.Actor, bankID, agreementID string) error {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return err
	}
	g, err := agreementByID(ctx, s.DB, agreementID)
	if err != nil || (g.BankLow != bankID && g.BankHigh != bankID) {
		return errs.E(errs.NotFound, "timebank.err.agreement_not_found")
	}
	other := g.BankLow
	if other == bankID {
		other = g.BankHigh
	}
	ob, err := s.Bank(ctx, other)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		from := "active"
		if g.Status == "proposed" {
			from = "proposed"
		}
		ok, err := setAgreementStatus(ctx, s.DB, g.ID, from, "ended", a.ID, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		if err := s.record(ctx, a, "agreement.end", "timebank_agreement", g.ID, v.Bank.Name+" / "+ob.Name); err != nil {
			return err
		}
		return s.tellBrokers(ctx, ob, "timebank.mail.agreement_ended", "other", v.Bank.Name,
			"link", s.BaseURL+"/timebanks/"+ob.ID+"/agreements")
	})
}

// Agreements lists a bank's agreements, for its brokers.
func (s *Service) Agreements(ctx context.Context, a *actor.Actor, bankID string) ([]Agreement, error) {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return nil, err
	}
	gs, err := agreementsOf(ctx, s.DB, bankID)
	return gs, errs.Wrap(err, "agreements")
}

// ActiveAgreements lists the banks a bank exchanges with (for its public page).
func (s *Service) ActiveAgreements(ctx context.Context, bankID string) ([]Agreement, error) {
	gs, err := agreementsOf(ctx, s.DB, bankID)
	if err != nil {
		return nil, errs.Wrap(err, "agreements")
	}
	var out []Agreement
	for _, g := range gs {
		if g.Status == "active" {
			out = append(out, g)
		}
	}
	return out, nil
}

// Partners lists the active members of the banks a bank has active agreements with, by bank,
// for the exchange forms.
func (s *Service) Partners(ctx context.Context, bankID string) ([]PartnerMembers, error) {
	gs, err := s.ActiveAgreements(ctx, bankID)
	if err != nil {
		return nil, err
	}
	var out []PartnerMembers
	for _, g := range gs {
		b, err := s.Bank(ctx, g.Partner)
		if err != nil {
			return nil, err
		}
		ms, err := membersOfBank(ctx, s.DB, g.Partner, StatusActive)
		if err != nil {
			return nil, errs.Wrap(err, "partner members")
		}
		out = append(out, PartnerMembers{Bank: b, Members: ms})
	}
	return out, nil
}

// PartnerMembers are one partner bank's members.
type PartnerMembers struct {
	Bank    Bank
	Members []Member
}

// BankStats are a bank's headline figures for its public page.
type BankStats struct {
	Members   int   `json:"members"`
	Exchanges int   `json:"exchanges"`
	Minutes   int64 `json:"minutes_exchanged"`
}

// Stats counts a bank's members and the time exchanged in it (reversed exchanges left out).
func (s *Service) Stats(ctx context.Context, bankID string) (BankStats, error) {
	st, err := bankStats(ctx, s.DB, bankID)
	return st, errs.Wrap(err, "stats")
}
