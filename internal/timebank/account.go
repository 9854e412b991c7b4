package timebank

import (
	"context"

	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
)

// AccountData is everything the time banks hold about a person, for their data download.
type AccountData struct {
	Memberships []MembershipData `json:"memberships"`
}

// MembershipData is one membership with its account's statement, exchanges, listings and
// messages.
type MembershipData struct {
	Bank      string          `json:"bank"`
	Member    Member          `json:"member"`
	Statement []StatementRow  `json:"statement"`
	Exchanges []Exchange      `json:"exchanges"`
	Listings  []Listing       `json:"listings"`
	Messages  []MessageRecord `json:"messages"`
}

// accountHooks let the data download and account deletion reach the time banks.
func (s *Service) accountHooks() *capability.AccountHooks {
	return &capability.AccountHooks{Export: s.exportAccount, Delete: s.deleteAccount}
}

func (s *Service) exportAccount(ctx context.Context, accountID string) (any, error) {
	ms, err := membershipsOf(ctx, s.DB, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export memberships")
	}
	out := AccountData{Memberships: []MembershipData{}}
	for _, m := range ms {
		b, err := bankByID(ctx, s.DB, m.BankID)
		if err != nil {
			return nil, errs.Wrap(err, "export bank")
		}
		md := MembershipData{Bank: b.Name, Member: m}
		if md.Statement, err = statementRows(ctx, s.DB, m.Account, zeroTime, zeroTime, MaxStatementRows); err != nil {
			return nil, errs.Wrap(err, "export statement")
		}
		if err := s.describe(ctx, m.Account, md.Statement); err != nil {
			return nil, err
		}
		if md.Exchanges, err = s.Recent(ctx, []Member{m}, 100000); err != nil {
			return nil, err
		}
		if md.Listings, err = s.ListingsOf(ctx, []Member{m}); err != nil {
			return nil, err
		}
		if md.Messages, err = messagesOf(ctx, s.DB, m.ID); err != nil {
			return nil, errs.Wrap(err, "export messages")
		}
		out.Memberships = append(out.Memberships, md)
	}
	return out, nil
}

// deleteAccount anonymises a person's memberships: their name, contact details, what they
// said about themselves, their listings and messages go; their accounts, with every posting,
// stay, so each bank's books still balance and the people they exchanged with keep their
// history. Exchanges still waiting on them are withdrawn.
func (s *Service) deleteAccount(ctx context.Context, accountID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		ms, err := membershipsOf(ctx, s.DB, accountID)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		for _, m := range ms {
			if err := cancelWaiting(ctx, s.DB, m.ID, now); err != nil {
				return err
			}
			if err := forgetMemberContent(ctx, s.DB, m.ID); err != nil {
				return err
			}
			if err := anonymiseMember(ctx, s.DB, m.ID, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// AccountTables says, for each of the capability's tables that points at a person, what the
// deletion of their account does to its rows (for the account deletion's summary and test).
var AccountTables = map[string]string{
	"timebank_members":        "kept, anonymised: name, contact details, what they said and their choices go; the membership and its account stay so the books balance",
	"timebank_accounts":       "kept with every posting: the books of each bank still balance, and others keep their history",
	"timebank_postings":       "kept: nothing in the ledger is deleted",
	"timebank_transactions":   "kept, no longer pointing at the account that recorded them",
	"timebank_exchanges":      "kept, shown as with a former member; those still waiting on them are withdrawn",
	"timebank_listings":       "removed, with their photos",
	"timebank_photos":         "removed",
	"timebank_messages":       "removed, sent and received",
	"timebank_banks":          "kept, no longer pointing at the account that started them",
	"timebank_agreements":     "kept, no longer pointing at the broker who proposed or answered",
	"timebank_imports":        "kept, no longer pointing at the broker who uploaded them",
	"timebank_exchange_lines": "kept, as the exchanges they belong to",
}
