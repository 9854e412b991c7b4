package ledger

// Book is a set of time banks' books kept in memory under the posting rules: accounts with
// balances and floors, transactions that only ever get added, each reversible once. It is the
// reference the database is checked against.
type Book struct {
	accounts map[string]*account
	txs      map[string]Transaction
	order    []string
	reversed map[string]string // original id → reversal id
}

type account struct {
	bank           string
	balance, floor int64
	opening        int64 // what a seeded account held before the book saw it
	postings       int
}

// NewBook returns an empty book.
func NewBook() *Book {
	return &Book{accounts: map[string]*account{}, txs: map[string]Transaction{}, reversed: map[string]string{}}
}

// Open adds an account with a floor (its credit limit, zero or below). Opening an account that
// exists only changes its floor.
func (b *Book) Open(r Ref, floor int64) {
	if a, ok := b.accounts[r.Account]; ok {
		a.floor = floor
		return
	}
	b.accounts[r.Account] = &account{bank: r.Bank, floor: floor}
}

// Seed adds an account that already holds a balance (read from a database, say) with its
// floor; the book then applies the rules from that balance on. Seeding an account that exists
// does nothing.
func (b *Book) Seed(r Ref, balance, floor int64) {
	if _, ok := b.accounts[r.Account]; ok {
		return
	}
	b.accounts[r.Account] = &account{bank: r.Bank, balance: balance, opening: balance, floor: floor}
}

// Balance is an account's balance and whether it exists.
func (b *Book) Balance(id string) (int64, bool) {
	a, ok := b.accounts[id]
	if !ok {
		return 0, false
	}
	return a.balance, true
}

// Post adds transaction t under id: it must be valid, name only open accounts in their own
// banks, take none below its floor, and, if a reversal, put right a transaction not reversed
// before. Nothing changes when it is refused.
func (b *Book) Post(id string, t Transaction) error {
	if _, dup := b.txs[id]; dup || id == "" {
		return ErrUnknown
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if t.Reverses != "" {
		orig, ok := b.txs[t.Reverses]
		if !ok {
			return ErrUnknown
		}
		if orig.Reverses != "" {
			return ErrReversal
		}
		if _, done := b.reversed[t.Reverses]; done {
			return ErrReversed
		}
	}
	for _, p := range t.Postings {
		a, ok := b.accounts[p.Account]
		if !ok || a.bank != p.Bank {
			return ErrUnknown
		}
		if !WithinLimit(a.balance, a.floor, p.Amount) {
			return &LimitError{Account: p.Account, Balance: a.balance, Floor: a.floor, Amount: p.Amount}
		}
	}
	for _, p := range t.Postings {
		a := b.accounts[p.Account]
		a.balance += p.Amount
		a.postings++
	}
	b.txs[id] = t
	b.order = append(b.order, id)
	if t.Reverses != "" {
		b.reversed[t.Reverses] = id
	}
	return nil
}

// ReverseTx posts the reversal of transaction orig under id.
func (b *Book) ReverseTx(id, orig string) error {
	t, ok := b.txs[orig]
	if !ok {
		return ErrUnknown
	}
	if _, done := b.reversed[orig]; done {
		return ErrReversed
	}
	r, err := Reverse(orig, t)
	if err != nil {
		return err
	}
	return b.Post(id, r)
}

// Transaction returns a posted transaction.
func (b *Book) Transaction(id string) (Transaction, bool) {
	t, ok := b.txs[id]
	return t, ok
}

// Len is the number of transactions posted.
func (b *Book) Len() int { return len(b.order) }

// Totals is the sum of the balances in each bank's book; every one is zero when the rules held.
func (b *Book) Totals() map[string]int64 {
	out := map[string]int64{}
	for _, a := range b.accounts {
		out[a.bank] += a.balance
	}
	return out
}

// Check verifies the book against its transactions: every balance is the sum of its postings,
// every bank sums to zero, and no account is below its floor unless its floor was raised after
// it got there (which Check cannot see, so a Book never raises floors in its tests).
func (b *Book) Check() error {
	sums := map[string]int64{}
	for _, id := range b.order {
		t := b.txs[id]
		if err := t.Validate(); err != nil {
			return err
		}
		for _, p := range t.Postings {
			sums[p.Account] += p.Amount
		}
	}
	for id, a := range b.accounts {
		if a.opening+sums[id] != a.balance {
			return ErrUnbalanced
		}
		if a.balance < a.floor && a.opening >= a.floor {
			return ErrBelowLimit
		}
	}
	opening := map[string]int64{}
	for _, a := range b.accounts {
		opening[a.bank] += a.opening
	}
	for bank, total := range b.Totals() {
		if total != opening[bank] {
			return ErrUnbalanced
		}
	}
	return nil
}
