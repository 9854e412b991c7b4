package ledger

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// MaxMinutes is the most one posting, and one line of an exchange, may move: 1,000 hours.
// Keeping amounts small keeps every sum far from overflowing.
const MaxMinutes = 60_000

// MaxPostings is the most postings one transaction may hold (a group exchange of a hundred
// people and its clearing postings).
const MaxPostings = 256

// Ref names an account and the bank whose book it is in.
type Ref struct {
	Account string
	Bank    string
}

// Posting moves Amount minutes into (positive) or out of (negative) one account.
type Posting struct {
	Ref
	Amount int64
}

// Transaction is postings that sum to zero in every bank's book. Reverses names the
// transaction this one puts right, if it is a reversal.
type Transaction struct {
	Postings []Posting
	Reverses string
}

// Errors of the posting rules.
var (
	ErrTooFewPostings  = errors.New("ledger: a transaction needs at least two postings")
	ErrTooManyPostings = errors.New("ledger: a transaction has too many postings")
	ErrZero            = errors.New("ledger: a posting of zero minutes")
	ErrTooLarge        = errors.New("ledger: a posting of more than the largest amount")
	ErrUnbalanced      = errors.New("ledger: postings do not sum to zero in a bank's book")
	ErrNoAccount       = errors.New("ledger: a posting names no account or no bank")
	ErrTwice           = errors.New("ledger: an account appears twice in one transaction")
	ErrBelowLimit      = errors.New("ledger: an account would go below its limit")
	ErrReversed        = errors.New("ledger: the transaction has already been reversed")
	ErrReversal        = errors.New("ledger: a reversal cannot itself be reversed")
	ErrUnknown         = errors.New("ledger: no such transaction or account")
	ErrSelf            = errors.New("ledger: an account cannot pay itself")
	ErrNoClearing      = errors.New("ledger: no clearing account between the two banks")
)

// Validate checks a transaction against the posting rules that need no balances: two or more
// postings, each naming an account and a bank, none zero or larger than MaxMinutes, no account
// twice, and the postings of each bank summing to zero.
func (t Transaction) Validate() error {
	if len(t.Postings) < 2 {
		return ErrTooFewPostings
	}
	if len(t.Postings) > MaxPostings {
		return ErrTooManyPostings
	}
	seen := make(map[string]bool, len(t.Postings))
	sums := map[string]int64{}
	for _, p := range t.Postings {
		if p.Account == "" || p.Bank == "" {
			return ErrNoAccount
		}
		if p.Amount == 0 {
			return ErrZero
		}
		if p.Amount > MaxMinutes || p.Amount < -MaxMinutes {
			return ErrTooLarge
		}
		if seen[p.Account] {
			return ErrTwice
		}
		seen[p.Account] = true
		sums[p.Bank] += p.Amount
	}
	for _, s := range sums {
		if s != 0 {
			return ErrUnbalanced
		}
	}
	return nil
}

// Sorted returns the postings in account order, the order in which the database locks their
// accounts, so that two transactions touching the same accounts never wait on each other in a
// circle.
func (t Transaction) Sorted() []Posting {
	ps := slices.Clone(t.Postings)
	slices.SortFunc(ps, func(a, b Posting) int { return cmp.Compare(a.Account, b.Account) })
	return ps
}

// WithinLimit reports whether an account holding balance may take a posting of amount without
// going below floor, its credit limit. Money coming in is always taken.
func WithinLimit(balance, floor, amount int64) bool {
	return amount >= 0 || balance+amount >= floor
}

// Reverse returns the reversal of t, which has id: every posting negated, pointing at id. A
// reversal cannot itself be reversed (a mistake in one is put right by a new exchange).
func Reverse(id string, t Transaction) (Transaction, error) {
	if t.Reverses != "" {
		return Transaction{}, ErrReversal
	}
	out := Transaction{Reverses: id, Postings: make([]Posting, len(t.Postings))}
	for i, p := range t.Postings {
		out.Postings[i] = Posting{Ref: p.Ref, Amount: -p.Amount}
	}
	return out, out.Validate()
}

// Line is one movement of an exchange: Payer received Minutes of time from Payee, so Payer pays
// and Payee earns. A single exchange is one line; a group exchange is several with one payer
// (a workshop paying its helpers) or one payee (attendees charged for a session).
type Line struct {
	Payer, Payee Ref
	Minutes      int64
}

// Clearing finds, for an exchange from a member of bank from to a member of bank to, the
// clearing account for bank to in from's book and the clearing account for bank from in to's
// book; ok is false when the two banks have no agreement.
type Clearing func(from, to string) (inFrom, inTo Ref, ok bool)

// Transfer builds the transaction for lines. Within one bank a line is two postings; across
// banks it is four: the payer pays the clearing account for the payee's bank in the payer's
// book, and the clearing account for the payer's bank in the payee's book pays the payee, so
// each book still sums to zero. Postings to the same account are added together.
func Transfer(lines []Line, clearing Clearing) (Transaction, error) {
	if len(lines) == 0 {
		return Transaction{}, ErrTooFewPostings
	}
	sum := map[Ref]int64{}
	var order []Ref
	add := func(r Ref, m int64) {
		if _, ok := sum[r]; !ok {
			order = append(order, r)
		}
		sum[r] += m
	}
	for _, l := range lines {
		if l.Minutes <= 0 {
			return Transaction{}, ErrZero
		}
		if l.Minutes > MaxMinutes {
			return Transaction{}, ErrTooLarge
		}
		if l.Payer.Account == "" || l.Payee.Account == "" || l.Payer.Bank == "" || l.Payee.Bank == "" {
			return Transaction{}, ErrNoAccount
		}
		if l.Payer.Account == l.Payee.Account {
			return Transaction{}, ErrSelf
		}
		if l.Payer.Bank == l.Payee.Bank {
			add(l.Payer, -l.Minutes)
			add(l.Payee, l.Minutes)
			continue
		}
		if clearing == nil {
			return Transaction{}, ErrNoClearing
		}
		inPayer, inPayee, ok := clearing(l.Payer.Bank, l.Payee.Bank)
		if !ok || inPayer.Bank != l.Payer.Bank || inPayee.Bank != l.Payee.Bank {
			return Transaction{}, ErrNoClearing
		}
		add(l.Payer, -l.Minutes)
		add(inPayer, l.Minutes)
		add(inPayee, -l.Minutes)
		add(l.Payee, l.Minutes)
	}
	var t Transaction
	for _, r := range order {
		if sum[r] != 0 {
			t.Postings = append(t.Postings, Posting{Ref: r, Amount: sum[r]})
		}
	}
	return t, t.Validate()
}

// LimitError says which account a transaction would take below its limit.
type LimitError struct {
	Account        string
	Balance, Floor int64
	Amount         int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("ledger: account %s holds %d minutes, its limit is %d, and %d would take it below", e.Account, e.Balance, e.Floor, e.Amount)
}

func (e *LimitError) Unwrap() error { return ErrBelowLimit }
