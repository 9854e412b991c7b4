package timebank

import (
	"context"
	"errors"
	"slices"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/timebank/ledger"
)

// LimitError is a transaction refused because it would take an account below its credit limit.
// It is a Conflict with the key timebank.err.limit; pages say more from its fields.
type LimitError struct {
	E       *errs.Error
	Account Account // the account, with its holder's name, balance and limit
	Amount  int64   // the minutes the account was asked to pay
}

func (e *LimitError) Error() string { return e.E.Error() }
func (e *LimitError) Unwrap() error { return e.E }

// Left is how many minutes the account could still pay.
func (e *LimitError) Left() int64 {
	if e.Account.Balance < e.Account.Floor {
		return 0
	}
	return e.Account.Balance - e.Account.Floor
}

// AsLimit returns err as a LimitError, if it is one.
func AsLimit(err error) (*LimitError, bool) {
	var le *LimitError
	ok := errors.As(err, &le)
	return le, ok
}

func limitError(a Account, amount int64) error {
	return &LimitError{E: &errs.Error{Code: errs.Conflict, Key: "timebank.err.limit", Fields: map[string]string{"minutes": "timebank.err.limit"}},
		Account: a, Amount: amount}
}

// today is the date in the UK.
func today(t time.Time) string { return t.In(London).Format("2006-01-02") }

// post writes a transaction to the ledger in the context's transaction: its header, then each
// posting in account order, each through one conditional UPDATE of the account's balance that
// refuses to go below the account's limit. A refusal returns a LimitError and undoes whatever
// of the transaction was already written (back to a savepoint), so a caller that carries on
// after a refusal, inside a larger transaction, never keeps half a transaction.
func (s *Service) post(ctx context.Context, row txRow, t ledger.Transaction) error {
	if err := t.Validate(); err != nil {
		return errs.Wrap(err, "posting rules")
	}
	return s.atomic(ctx, "timebank_post", func(ctx context.Context) error { return s.write(ctx, row, t) })
}

// atomic runs fn in the context's transaction (or a new one) behind a savepoint: when fn fails,
// everything it wrote is undone, even when the caller carries on with the larger transaction.
func (s *Service) atomic(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := savepoint(ctx, s.DB, name); err != nil {
			return err
		}
		if err := fn(ctx); err != nil {
			if rerr := rollbackToSavepoint(ctx, s.DB, name); rerr != nil {
				return errors.Join(err, rerr)
			}
			return err
		}
		return releaseSavepoint(ctx, s.DB, name)
	})
}

func (s *Service) write(ctx context.Context, row txRow, t ledger.Transaction) error {
	now := s.DB.Now(ctx)
	row.CreatedAt = now
	row.ReversesID = t.Reverses
	if row.HappenedOn == "" {
		row.HappenedOn = today(now)
	}
	if err := insertTransaction(ctx, s.DB, row); err != nil {
		return err
	}
	for _, p := range t.Sorted() {
		bal, seq, err := applyPosting(ctx, s.DB, p)
		if errors.Is(err, errBelowLimit) {
			a, err := accountByID(ctx, s.DB, p.Account)
			if err != nil {
				return s.DB.Err(err, "timebank.err.account_not_found")
			}
			return limitError(a, -p.Amount)
		}
		if err != nil {
			return err
		}
		if err := insertPosting(ctx, s.DB, row.ID, p, seq, bal, now); err != nil {
			return err
		}
	}
	return nil
}

// clearingFor loads the clearing accounts for the bank pairs of lines, for ledger.Transfer: a
// pair has them only while the two banks' agreement is active.
func (s *Service) clearingFor(ctx context.Context, lines []ledger.Line) (ledger.Clearing, error) {
	type pair struct{ from, to string }
	found := map[pair][2]ledger.Ref{}
	for _, l := range lines {
		p := pair{l.Payer.Bank, l.Payee.Bank}
		if p.from == p.to {
			continue
		}
		if _, done := found[p]; done {
			continue
		}
		ag, err := agreementBetween(ctx, s.DB, p.from, p.to)
		if db.IsNoRows(err) || (err == nil && ag.Status != "active") {
			continue
		}
		if err != nil {
			return nil, err
		}
		// Only a missing clearing account means the pair cannot exchange; any other error (a
		// serialization failure at SERIALIZABLE, say) goes back so the transaction is tried
		// again, instead of telling the member their banks have no agreement.
		inFrom, err := clearingAccount(ctx, s.DB, p.from, p.to)
		if db.IsNoRows(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		inTo, err := clearingAccount(ctx, s.DB, p.to, p.from)
		if db.IsNoRows(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found[p] = [2]ledger.Ref{{Account: inFrom.ID, Bank: p.from}, {Account: inTo.ID, Bank: p.to}}
	}
	return func(from, to string) (ledger.Ref, ledger.Ref, bool) {
		r, ok := found[pair{from, to}]
		return r[0], r[1], ok
	}, nil
}

// postExchange posts an exchange's lines as one transaction.
func (s *Service) postExchange(ctx context.Context, e Exchange, by string) error {
	lines := make([]ledger.Line, len(e.Lines))
	for i, l := range e.Lines {
		lines[i] = ledger.Line{Payer: ledger.Ref{Account: l.Payer.Account, Bank: l.Payer.BankID},
			Payee: ledger.Ref{Account: l.Payee.Account, Bank: l.Payee.BankID}, Minutes: l.Minutes}
	}
	clear, err := s.clearingFor(ctx, lines)
	if err != nil {
		return err
	}
	t, err := ledger.Transfer(lines, clear)
	if errors.Is(err, ledger.ErrNoClearing) {
		return errs.E(errs.Conflict, "timebank.err.no_agreement")
	}
	if err != nil {
		return errs.Wrap(err, "exchange postings")
	}
	return s.post(ctx, txRow{ID: ids.New(), BankID: e.BankID, Kind: TxExchange, ExchangeID: e.ID, Category: e.Category,
		Note: e.Note, HappenedOn: e.HappenedOn, CreatedBy: by}, t)
}

// Reverse puts a posted exchange right with a reversal that points at it: every posting
// undone, the reason kept. An exchange is reversed once; a reversal is never reversed (a
// mistake in one is put right with a new exchange). Limits hold for reversals too: a broker
// may raise a member's limit first.
func (s *Service) Reverse(ctx context.Context, a *actor.Actor, bankID, exchangeID, reason string) error {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return err
	}
	if n := len([]rune(reason)); n < 1 || n > maxNote {
		return errs.FieldErrors(map[string]string{"reason": "timebank.err.reason"})
	}
	e, err := s.exchange(ctx, bankID, exchangeID)
	if err != nil {
		return err
	}
	err = s.atomic(ctx, "timebank_reverse", func(ctx context.Context) error {
		ok, err := decideExchange(ctx, s.DB, e.ID, ExConfirmed, ExReversed, a.ID, "", "", s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if !ok {
			if e.Status == ExReversed {
				return errs.E(errs.Conflict, "timebank.err.already_reversed")
			}
			return errs.E(errs.Conflict, "timebank.err.not_posted")
		}
		txID, _, _, err := exchangeTransaction(ctx, s.DB, e.ID)
		if err != nil {
			return err
		}
		ps, err := transactionPostings(ctx, s.DB, txID)
		if err != nil {
			return err
		}
		r, err := ledger.Reverse(txID, ledger.Transaction{Postings: ps})
		if err != nil {
			return errs.Wrap(err, "reversal")
		}
		if err := s.post(ctx, txRow{ID: ids.New(), BankID: bankID, Kind: TxReversal, ExchangeID: e.ID, Category: e.Category,
			Note: clip(reason, maxNote), CreatedBy: a.ID}, r); err != nil {
			return err
		}
		if err := s.record(ctx, a, "exchange.reverse", "timebank_exchange", e.ID, reason); err != nil {
			return err
		}
		return s.tellParties(ctx, v.Bank, e, "timebank.mail.reversed", "reason", clip(reason, maxNote))
	})
	if errs.Is(err, errs.Conflict) {
		return err
	}
	return s.DB.Err(err, "timebank.err.already_reversed")
}

// Statement is an account's postings over a period, with the running balance after each.
type Statement struct {
	Bank    Bank           `json:"-"`
	Account Account        `json:"account"`
	From    string         `json:"from,omitempty"`
	To      string         `json:"to,omitempty"`
	Opening int64          `json:"opening_balance_minutes"`
	Closing int64          `json:"closing_balance_minutes"`
	In      int64          `json:"received_minutes"`
	Out     int64          `json:"paid_minutes"`
	Rows    []StatementRow `json:"rows"`
}

// MaxStatementRows is the most postings one statement shows.
const MaxStatementRows = 10000

// StatementFor returns an account's statement between two days (yyyy-mm-dd, either may be
// empty), for the account's holder and the bank's brokers.
func (s *Service) StatementFor(ctx context.Context, a *actor.Actor, bankID, accountID, from, to string) (Statement, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return Statement{}, err
	}
	acc, err := accountByID(ctx, s.DB, accountID)
	if err != nil || acc.BankID != bankID {
		return Statement{}, errs.E(errs.NotFound, "timebank.err.account_not_found")
	}
	if !v.Broker {
		if acc.Kind != AccountMember {
			return Statement{}, errs.E(errs.NotFound, "timebank.err.account_not_found")
		}
		m, err := memberByID(ctx, s.DB, acc.MemberID)
		if err != nil || !ActsFor(a, m) {
			return Statement{}, errs.E(errs.NotFound, "timebank.err.account_not_found")
		}
	}
	if acc.Kind == AccountPool {
		acc.Name = v.Bank.Name
	}
	st := Statement{Bank: v.Bank, Account: acc, From: from, To: to}
	var start, end time.Time
	if from != "" {
		d, err := time.ParseInLocation("2006-01-02", from, London)
		if err != nil {
			return st, errs.FieldErrors(map[string]string{"from": "timebank.err.date"})
		}
		start = d.UTC()
	}
	if to != "" {
		d, err := time.ParseInLocation("2006-01-02", to, London)
		if err != nil || (!start.IsZero() && d.Before(start)) {
			return st, errs.FieldErrors(map[string]string{"to": "timebank.err.date"})
		}
		end = d.AddDate(0, 0, 1).UTC()
	}
	rows, err := statementRows(ctx, s.DB, accountID, start, end, MaxStatementRows)
	if err != nil {
		return st, errs.Wrap(err, "statement")
	}
	if err := s.describe(ctx, accountID, rows); err != nil {
		return st, err
	}
	st.Rows = rows
	if len(rows) > 0 {
		st.Opening = rows[0].Balance - rows[0].Amount
		st.Closing = rows[len(rows)-1].Balance
	} else {
		b, err := balanceBefore(ctx, s.DB, accountID, end)
		if err != nil {
			return st, errs.Wrap(err, "statement")
		}
		st.Opening, st.Closing = b, b
	}
	for _, r := range rows {
		if r.Amount > 0 {
			st.In += r.Amount
		} else {
			st.Out -= r.Amount
		}
	}
	return st, nil
}

// describe fills each statement row's With: for an exchange, the people on the other side of
// this account's lines (in another bank, with that bank's name); otherwise the other accounts.
func (s *Service) describe(ctx context.Context, accountID string, rows []StatementRow) error {
	var txs []string
	lines := map[string][]ExchangeLine{}
	for _, r := range rows {
		txs = append(txs, r.TxID)
		if r.ExchangeID != "" {
			if _, done := lines[r.ExchangeID]; !done {
				ls, err := exchangeLines(ctx, s.DB, r.ExchangeID)
				if err != nil {
					return errs.Wrap(err, "statement lines")
				}
				lines[r.ExchangeID] = ls
			}
		}
	}
	others, err := counterparties(ctx, s.DB, accountID, txs)
	if err != nil {
		return errs.Wrap(err, "statement parties")
	}
	for i, r := range rows {
		var names []string
		for _, l := range lines[r.ExchangeID] {
			var p Party
			switch accountID {
			case l.Payer.Account:
				p = l.Payee
			case l.Payee.Account:
				p = l.Payer
			default:
				continue
			}
			names = append(names, partyName(p, rows[i].Kind))
		}
		if len(names) == 0 {
			for _, p := range others[r.TxID] {
				names = append(names, partyName(p, ""))
			}
		}
		rows[i].With = joinNames(names)
	}
	return nil
}

func partyName(p Party, _ string) string {
	switch p.Kind {
	case AccountPool:
		return p.BankName
	case AccountClearing:
		return p.Name
	}
	if p.Name == "" {
		return p.BankName
	}
	return p.Name
}

func joinNames(names []string) string {
	names = slices.Compact(names)
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// CheckBooks recomputes every bank's books from its postings.
func (s *Service) CheckBooks(ctx context.Context) ([]BookCheck, error) {
	banks, err := listBanks(ctx, s.DB)
	if err != nil {
		return nil, errs.Wrap(err, "banks")
	}
	var out []BookCheck
	for _, b := range banks {
		c, err := checkBooks(ctx, s.DB, b.ID)
		if err != nil {
			return nil, errs.Wrap(err, "check books")
		}
		out = append(out, c)
	}
	return out, nil
}

// BookCheckFor is one bank's check, for its brokers.
func (s *Service) BookCheckFor(ctx context.Context, a *actor.Actor, bankID string) (BookCheck, error) {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return BookCheck{}, err
	}
	c, err := checkBooks(ctx, s.DB, bankID)
	return c, errs.Wrap(err, "check books")
}

// Pool is a bank's pool account.
func (s *Service) Pool(ctx context.Context, b Bank) (Account, error) {
	a, err := accountByID(ctx, s.DB, b.PoolAccount)
	if err != nil {
		return a, s.DB.Err(err, "timebank.err.account_not_found")
	}
	a.Name = b.Name
	return a, nil
}

// Accounts are the accounts a viewer may read: every account of the bank for its brokers, the
// person's own (and their organisations') for a member.
func (s *Service) Accounts(ctx context.Context, v *Viewer) ([]Account, error) {
	if v.Broker {
		as, err := accountsOfBank(ctx, s.DB, v.Bank.ID)
		if err != nil {
			return nil, errs.Wrap(err, "accounts")
		}
		for i := range as {
			if as[i].Kind == AccountPool {
				as[i].Name = v.Bank.Name
			}
		}
		return as, nil
	}
	if !v.Member() {
		return nil, errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	var out []Account
	for _, m := range v.Own() {
		a, err := accountByID(ctx, s.DB, m.Account)
		if err != nil {
			return nil, errs.Wrap(err, "account")
		}
		out = append(out, a)
	}
	return out, nil
}
