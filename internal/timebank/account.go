package timebank

import (
	"context"
	"fmt"
	"time"

	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
)

// AccountData is everything the time banks hold about a person, for their data download.
type AccountData struct {
	Memberships []MembershipData `json:"memberships"`
	// What they did for a bank as its broker or an officer, rather than as a member: the banks
	// they started, the agreements they proposed or answered, the exchanges and ledger entries
	// they recorded or decided, and the files they brought over from another system.
	BanksStarted []BankRecord      `json:"banks_started"`
	Agreements   []AgreementRecord `json:"agreements"`
	Recorded     []RecordedRecord  `json:"recorded"`
	Imports      []ImportRecord    `json:"imports"`
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
	return &capability.AccountHooks{Export: s.exportAccount, Delete: s.deleteAccount, Tables: AccountTables, Seed: s.seedAccount}
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
	if out.BanksStarted, err = banksStartedBy(ctx, s.DB, accountID); err != nil {
		return nil, errs.Wrap(err, "export banks")
	}
	if out.Agreements, err = agreementsBy(ctx, s.DB, accountID); err != nil {
		return nil, errs.Wrap(err, "export agreements")
	}
	if out.Recorded, err = recordedBy(ctx, s.DB, accountID); err != nil {
		return nil, errs.Wrap(err, "export recorded")
	}
	if out.Imports, err = importsBy(ctx, s.DB, accountID); err != nil {
		return nil, errs.Wrap(err, "export imports")
	}
	return out, nil
}

// seedAccount makes, for the account deletion test, one of everything a time bank can hold
// about a person, through the service as they would: a bank they started (so they broker it),
// a membership of another bank, an agreement between the two they proposed, exchanges they
// recorded and confirmed, an offer, messages both ways and a file they checked for import.
func (s *Service) seedAccount(ctx context.Context, p capability.SeedPeople) error {
	me, err := s.Identity.User(ctx, p.Person)
	if err != nil {
		return err
	}
	off, err := s.Identity.User(ctx, p.Officer)
	if err != nil {
		return err
	}
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("timebank seed: %s: %w", what, err)
		}
		return nil
	}
	bank := func(name string) BankInput {
		return BankInput{Name: name, Summary: "Neighbours swapping hours.", Rules: "An hour is an hour.", JoinMode: "open", MustConfirm: true,
			PersonLimit: "5", OrganisationLimit: "5", PoolLimit: "5", JoiningCredit: "1", ListingDays: "30"}
	}
	mine, err := s.CreateBank(ctx, me, bank("Nant Time Bank"))
	if err := step("start a bank", err); err != nil {
		return err
	}
	theirs, err := s.CreateBank(ctx, off, bank("Valley Time Bank"))
	if err := step("officer's bank", err); err != nil {
		return err
	}
	meThere, err := s.Join(ctx, me, theirs.ID, JoinInput{About: "I can cook and drive.", AreaID: p.Area, ShareEmail: true, PublicName: true})
	if err := step("join", err); err != nil {
		return err
	}
	offHere, err := s.Join(ctx, off, mine.ID, JoinInput{About: "Gardening."})
	if err := step("officer joins", err); err != nil {
		return err
	}
	ag, err := s.Propose(ctx, me, mine.ID, AgreementInput{Partner: theirs.ID, Limit: "3", Note: "Neighbouring banks."})
	if err := step("propose", err); err != nil {
		return err
	}
	if err := step("answer", s.Answer(ctx, off, theirs.ID, ag.ID, true)); err != nil {
		return err
	}
	today := s.DB.Now(ctx).In(London).Format(time.DateOnly)
	// One the person records (the officer confirms), one the officer records (the person confirms).
	if _, _, err := s.Record(ctx, me, mine.ID, ExchangeInput{Role: AsGiver, Other: offHere.ID, Minutes: 60, Category: "cooking",
		Note: "Soup for the hall", HappenedOn: today}); err != nil {
		return step("record", err)
	}
	e, _, err := s.Record(ctx, off, theirs.ID, ExchangeInput{Role: AsGiver, Other: meThere.ID, Minutes: 30, Category: "cooking",
		Note: "Lift to the surgery", HappenedOn: today})
	if err := step("officer records", err); err != nil {
		return err
	}
	if err := step("confirm", s.Confirm(ctx, me, theirs.ID, e.ID, "")); err != nil {
		return err
	}
	waiting, err := s.Waiting(ctx, []Member{offHere})
	if err := step("waiting", err); err != nil {
		return err
	}
	for _, w := range waiting {
		if err := step("officer confirms", s.Confirm(ctx, off, mine.ID, w.ID, "")); err != nil {
			return err
		}
	}
	l, err := s.CreateListing(ctx, me, theirs.ID, ListingInput{As: meThere.ID, Kind: "offer", Title: "Soup on Sundays",
		Description: "Leek and potato.", Category: "cooking", Mode: "in_person"})
	if err := step("offer", err); err != nil {
		return err
	}
	if err := step("officer writes", s.Contact(ctx, off, theirs.ID, meThere.ID, ContactInput{Listing: l.ID, Body: "Yes please."})); err != nil {
		return err
	}
	offs, err := membershipsOf(ctx, s.DB, off.ID)
	if err := step("officer's memberships", err); err != nil {
		return err
	}
	var offThere Member
	for _, m := range offs {
		if m.BankID == theirs.ID {
			offThere = m
		}
	}
	if err := step("reply", s.Contact(ctx, me, theirs.ID, offThere.ID, ContactInput{As: meThere.ID, Body: "Sunday at noon?"})); err != nil {
		return err
	}
	_, err = s.CheckImport(ctx, me, mine.ID, "members.csv", []byte("Member name,ID,Phone,Balance (hours)\nGwen Davies,101,01234 000001,1\n"))
	return step("check an import", err)
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
		// The count of messages they sent today holds their account's id.
		if s.ContactLimit != nil {
			if err := s.ContactLimit.Reset(ctx, contactKey(accountID)); err != nil {
				return err
			}
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
