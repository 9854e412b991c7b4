package timebank

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"commons/internal/platform/db"
	"commons/internal/timebank/ledger"
)

// The ledger's SQL. Transactions and postings are only ever inserted: no statement in this
// package updates or deletes them (TestLedgerIsAppendOnly reads the source to hold it so).

// txRow is a ledger transaction's header.
type txRow struct {
	ID, BankID, Kind, ExchangeID, ReversesID, Ref, Category, Note, HappenedOn, CreatedBy string
	CreatedAt                                                                            time.Time
}

// Transaction kinds.
const (
	TxExchange     = "exchange"
	TxReversal     = "reversal"
	TxJoining      = "joining"
	TxVolunteering = "volunteering"
	TxImport       = "import"
	TxGift         = "gift"
)

func insertTransaction(ctx context.Context, d *db.DB, t txRow) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_transactions (id, bank_id, kind, exchange_id, reverses_id, ref, category, note,
		happened_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		t.ID, t.BankID, t.Kind, nullStr(t.ExchangeID), nullStr(t.ReversesID), nullStr(t.Ref), t.Category, t.Note, t.HappenedOn,
		nullStr(t.CreatedBy), t.CreatedAt)
	return err
}

// errBelowLimit is applyPosting's answer when the account's limit refused the posting.
var errBelowLimit = errors.New("below limit")

// applyPosting moves amount into or out of an account in one conditional statement: the
// balance changes only if it stays at or above the account's floor (money coming in is always
// taken), and the account's count of postings gives the posting its place in the statement.
// Two transactions racing for an account's last minutes each run this statement; the database
// makes the second wait for the first and then tests the condition against the new balance, so
// at most one of them gets the minutes.
func applyPosting(ctx context.Context, d *db.DB, p ledger.Posting) (balance int64, seq int, err error) {
	err = d.QueryRow(ctx, `UPDATE timebank_accounts SET balance = balance + $1, postings = postings + 1
		WHERE id = $2 AND bank_id = $3 AND ($1 >= 0 OR balance + $1 >= floor)
		RETURNING balance, postings`, p.Amount, p.Account, p.Bank).Scan(&balance, &seq)
	if db.IsNoRows(err) {
		return 0, 0, errBelowLimit
	}
	return balance, seq, err
}

func insertPosting(ctx context.Context, d *db.DB, txID string, p ledger.Posting, seq int, balance int64, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_postings (transaction_id, account_id, bank_id, amount, seq, balance_after, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, txID, p.Account, p.Bank, p.Amount, seq, balance, at)
	return err
}

// transactionPostings reads a transaction's postings.
func transactionPostings(ctx context.Context, d *db.DB, txID string) ([]ledger.Posting, error) {
	return db.List(ctx, d, func(r db.Scanner) (ledger.Posting, error) {
		var p ledger.Posting
		err := r.Scan(&p.Account, &p.Bank, &p.Amount)
		return p, err
	}, `SELECT account_id, bank_id, amount FROM timebank_postings WHERE transaction_id = $1 ORDER BY account_id`, txID)
}

// exchangeTransaction is the id of the transaction an exchange was posted as, and of its
// reversal, if any.
func exchangeTransaction(ctx context.Context, d *db.DB, exchangeID string) (txID, reversalID, reversalNote string, err error) {
	var rev, note sql.NullString
	err = d.QueryRow(ctx, `SELECT t.id, r.id, r.note FROM timebank_transactions t
		LEFT JOIN timebank_transactions r ON r.reverses_id = t.id
		WHERE t.exchange_id = $1 AND t.kind = 'exchange'`, exchangeID).Scan(&txID, &rev, &note)
	if db.IsNoRows(err) {
		return "", "", "", nil
	}
	return txID, rev.String, note.String, err
}

// transactionByRef finds a transaction made for an outside reference (a volunteering shift).
func transactionByRef(ctx context.Context, d *db.DB, ref string) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT id FROM timebank_transactions WHERE ref = $1`, ref).Scan(&id)
	if db.IsNoRows(err) {
		return "", nil
	}
	return id, err
}

const exchangeCols = `e.id, e.bank_id, e.kind, e.status, e.category, e.note, e.minutes, e.happened_on, e.recorded_as,
	COALESCE(e.recorded_member, ''), COALESCE(e.awaiting_member, ''), COALESCE(e.created_by, ''), e.assisted_channel,
	e.assisted_note, COALESCE(e.listing_id, ''), e.created_at, e.decided_at, COALESCE(e.decided_by, ''), e.decided_channel, e.decline_reason`

func scanExchange(row db.Scanner) (Exchange, error) {
	var e Exchange
	var decided sql.NullTime
	err := row.Scan(&e.ID, &e.BankID, &e.Kind, &e.Status, &e.Category, &e.Note, &e.Minutes, &e.HappenedOn, &e.RecordedAs,
		&e.RecordedMember, &e.AwaitingMember, &e.CreatedBy, &e.AssistedChannel, &e.AssistedNote, &e.ListingID, &e.CreatedAt,
		&decided, &e.DecidedBy, &e.DecidedChannel, &e.DeclineReason)
	if decided.Valid {
		e.DecidedAt = &decided.Time
	}
	return e, err
}

func exchangeByID(ctx context.Context, d *db.DB, id string) (Exchange, error) {
	return scanExchange(d.QueryRow(ctx, `SELECT `+exchangeCols+` FROM timebank_exchanges e WHERE e.id = $1`, id))
}

func exchangeByKey(ctx context.Context, d *db.DB, key string) (Exchange, error) {
	return scanExchange(d.QueryRow(ctx, `SELECT `+exchangeCols+` FROM timebank_exchanges e WHERE e.idem_key = $1`, key))
}

func queryExchanges(ctx context.Context, d *db.DB, where string, args ...any) ([]Exchange, error) {
	return db.List(ctx, d, scanExchange, `SELECT `+exchangeCols+` FROM timebank_exchanges e `+where, args...)
}

// exchangesOfAccounts lists exchanges in which any of the accounts takes part, newest first.
func exchangesOfAccounts(ctx context.Context, d *db.DB, accounts []string, limit int) ([]Exchange, error) {
	if len(accounts) == 0 {
		return nil, nil
	}
	in, args := placeholders(accounts, 0)
	args = append(args, limit)
	return queryExchanges(ctx, d, `WHERE e.id IN (SELECT exchange_id FROM timebank_exchange_lines WHERE payer IN (`+in+`) OR payee IN (`+in+`))
		ORDER BY e.created_at DESC, e.id LIMIT $`+itoa(len(args)), args...)
}

// exchangesOfBank lists a bank's exchanges (those recorded in it and those between it and
// another bank), newest first.
func exchangesOfBank(ctx context.Context, d *db.DB, bankID, status string, limit, offset int) ([]Exchange, error) {
	return queryExchanges(ctx, d, `WHERE (e.bank_id = $1 OR e.id IN (SELECT l.exchange_id FROM timebank_exchange_lines l
		JOIN timebank_accounts a ON a.id = l.payer OR a.id = l.payee WHERE a.bank_id = $1))
		AND ($2 = '' OR e.status = $2) ORDER BY e.created_at DESC, e.id LIMIT $3 OFFSET $4`, bankID, status, limit, offset)
}

func insertExchange(ctx context.Context, d *db.DB, e Exchange, idemKey string) error {
	_, err := d.Exec(ctx, `INSERT INTO timebank_exchanges (id, bank_id, kind, status, category, note, minutes, happened_on,
		recorded_as, recorded_member, awaiting_member, created_by, assisted_channel, assisted_note, listing_id, idem_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		e.ID, e.BankID, e.Kind, e.Status, e.Category, e.Note, e.Minutes, e.HappenedOn, e.RecordedAs, nullStr(e.RecordedMember),
		nullStr(e.AwaitingMember), nullStr(e.CreatedBy), e.AssistedChannel, e.AssistedNote, nullStr(e.ListingID), nullStr(idemKey), e.CreatedAt)
	if err != nil {
		return err
	}
	for i, l := range e.Lines {
		if _, err := d.Exec(ctx, `INSERT INTO timebank_exchange_lines (exchange_id, line_no, payer, payee, minutes) VALUES ($1, $2, $3, $4, $5)`,
			e.ID, i+1, l.Payer.Account, l.Payee.Account, l.Minutes); err != nil {
			return err
		}
	}
	return nil
}

// decideExchange moves an exchange from one status to another; false when it was not in from
// (someone else decided first).
func decideExchange(ctx context.Context, d *db.DB, id, from, to, by, channel, reason string, at time.Time) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE timebank_exchanges SET status = $3, decided_by = $4, decided_at = $5, decline_reason = $6,
		decided_channel = $7, awaiting_member = NULL WHERE id = $1 AND status = $2`, id, from, to, nullStr(by), at, reason, channel)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// exchangeLines reads an exchange's lines with who holds each account.
func exchangeLines(ctx context.Context, d *db.DB, exchangeID string) ([]ExchangeLine, error) {
	return db.List(ctx, d, func(r db.Scanner) (ExchangeLine, error) {
		var l ExchangeLine
		err := r.Scan(&l.Minutes, &l.Payer.Account, &l.Payer.BankID, &l.Payer.MemberID, &l.Payer.Kind, &l.Payer.Name, &l.Payer.BankName,
			&l.Payee.Account, &l.Payee.BankID, &l.Payee.MemberID, &l.Payee.Kind, &l.Payee.Name, &l.Payee.BankName)
		return l, err
	}, `SELECT l.minutes,
		pa.id, pa.bank_id, COALESCE(pa.member_id, ''), COALESCE(pm.kind, pa.kind), COALESCE(pm.name, ''), pb.name,
		ea.id, ea.bank_id, COALESCE(ea.member_id, ''), COALESCE(em.kind, ea.kind), COALESCE(em.name, ''), eb.name
		FROM timebank_exchange_lines l
		JOIN timebank_accounts pa ON pa.id = l.payer LEFT JOIN timebank_members pm ON pm.id = pa.member_id JOIN timebank_banks pb ON pb.id = pa.bank_id
		JOIN timebank_accounts ea ON ea.id = l.payee LEFT JOIN timebank_members em ON em.id = ea.member_id JOIN timebank_banks eb ON eb.id = ea.bank_id
		WHERE l.exchange_id = $1 ORDER BY l.line_no`, exchangeID)
}

// StatementRow is one posting on an account's statement.
type StatementRow struct {
	Seq        int       `json:"seq"`
	At         time.Time `json:"posted_at"`
	HappenedOn string    `json:"happened_on"`
	Kind       string    `json:"kind"`
	Category   string    `json:"category,omitempty"`
	Note       string    `json:"note"`
	Amount     int64     `json:"minutes"`
	Balance    int64     `json:"balance_minutes"`
	TxID       string    `json:"transaction_id"`
	ExchangeID string    `json:"exchange_id,omitempty"`
	ReversesID string    `json:"reverses_transaction_id,omitempty"`
	Ref        string    `json:"ref,omitempty"`
	// With is who the minutes came from or went to.
	With string `json:"with"`
}

// statementRows reads an account's postings in order, between two times (zero for open ends).
func statementRows(ctx context.Context, d *db.DB, accountID string, from, to time.Time, limit int) ([]StatementRow, error) {
	q := `SELECT p.seq, p.created_at, t.happened_on, t.kind, t.category, t.note, p.amount, p.balance_after, t.id,
		COALESCE(t.exchange_id, ''), COALESCE(t.reverses_id, ''), COALESCE(t.ref, '')
		FROM timebank_postings p JOIN timebank_transactions t ON t.id = p.transaction_id WHERE p.account_id = $1`
	args := []any{accountID}
	if !from.IsZero() {
		args = append(args, from)
		q += ` AND p.created_at >= $` + itoa(len(args))
	}
	if !to.IsZero() {
		args = append(args, to)
		q += ` AND p.created_at < $` + itoa(len(args))
	}
	args = append(args, limit)
	q += ` ORDER BY p.seq LIMIT $` + itoa(len(args))
	return db.List(ctx, d, func(row db.Scanner) (StatementRow, error) {
		var r StatementRow
		err := row.Scan(&r.Seq, &r.At, &r.HappenedOn, &r.Kind, &r.Category, &r.Note, &r.Amount, &r.Balance, &r.TxID,
			&r.ExchangeID, &r.ReversesID, &r.Ref)
		return r, err
	}, q, args...)
}

// counterparties names, for each transaction, the other accounts' holders as seen from one
// account: members by name, a pool or clearing account by its bank.
func counterparties(ctx context.Context, d *db.DB, accountID string, txIDs []string) (map[string][]Party, error) {
	out := map[string][]Party{}
	if len(txIDs) == 0 {
		return out, nil
	}
	in, args := placeholders(txIDs, 1)
	args = append([]any{accountID}, args...)
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var tx string
		var p Party
		var partner string
		if err := r.Scan(&tx, &p.Account, &p.Kind, &p.BankID, &p.Name, &p.BankName, &partner); err != nil {
			return err
		}
		if p.Kind == AccountClearing {
			p.Name = partner
		}
		out[tx] = append(out[tx], p)
		return nil
	}, `SELECT p.transaction_id, a.id, a.kind, a.bank_id, COALESCE(m.name, ''), b.name, COALESCE(pb.name, '')
		FROM timebank_postings p JOIN timebank_accounts a ON a.id = p.account_id
		LEFT JOIN timebank_members m ON m.id = a.member_id JOIN timebank_banks b ON b.id = a.bank_id
		LEFT JOIN timebank_banks pb ON pb.id = a.partner_bank_id
		WHERE p.account_id <> $1 AND p.transaction_id IN (`+in+`) ORDER BY p.transaction_id, m.name`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// placeholders returns "$n, $n+1, ..." for values, numbered after skip, with the values as args.
func placeholders(values []string, skip int) (string, []any) {
	s := ""
	args := make([]any, len(values))
	for i, v := range values {
		if i > 0 {
			s += ", "
		}
		s += "$" + itoa(skip+i+1)
		args[i] = v
	}
	return s, args
}

// BookCheck is what a check of one bank's books found.
type BookCheck struct {
	BankID       string `json:"bank_id"`
	Total        int64  `json:"total_minutes"` // the sum of every posting: zero
	Transactions int    `json:"transactions"`
	Postings     int    `json:"postings"`
	// Problems lists accounts whose balance is not the sum of their postings, or whose count
	// of postings is wrong, and transactions that do not sum to zero in the bank.
	Problems []string `json:"problems"`
}

// checkBooks recomputes a bank's books from its postings.
func checkBooks(ctx context.Context, d *db.DB, bankID string) (BookCheck, error) {
	c := BookCheck{BankID: bankID, Problems: []string{}}
	if err := d.QueryRow(ctx, `SELECT COALESCE(SUM(amount), 0), count(*), count(DISTINCT transaction_id) FROM timebank_postings WHERE bank_id = $1`, bankID).
		Scan(&c.Total, &c.Postings, &c.Transactions); err != nil {
		return c, err
	}
	if c.Total != 0 {
		c.Problems = append(c.Problems, "the postings sum to "+itoa64(c.Total)+" minutes, not zero")
	}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id string
		var bal, sum int64
		var n, count, maxSeq int
		if err := r.Scan(&id, &bal, &n, &sum, &count, &maxSeq); err != nil {
			return err
		}
		if bal != sum || n != count || maxSeq != count {
			c.Problems = append(c.Problems, "account "+id+" holds "+itoa64(bal)+" but its postings sum to "+itoa64(sum))
		}
		return nil
	}, `SELECT a.id, a.balance, a.postings, COALESCE(SUM(p.amount), 0), count(p.account_id), COALESCE(MAX(p.seq), 0)
		FROM timebank_accounts a LEFT JOIN timebank_postings p ON p.account_id = a.id
		WHERE a.bank_id = $1 GROUP BY a.id, a.balance, a.postings`, bankID)
	if err != nil {
		return c, err
	}
	unbalanced, err := db.Strings(ctx, d, `SELECT transaction_id FROM timebank_postings WHERE bank_id = $1 GROUP BY transaction_id HAVING SUM(amount) <> 0`, bankID)
	if err != nil {
		return c, err
	}
	for _, id := range unbalanced {
		c.Problems = append(c.Problems, "transaction "+id+" does not sum to zero")
	}
	return c, nil
}

func itoa64(n int64) string {
	if n < 0 {
		return "-" + itoa64(-n)
	}
	return itoa(int(n))
}

// balanceBefore is an account's balance just before a time (its balance now for a zero time).
func balanceBefore(ctx context.Context, d *db.DB, accountID string, before time.Time) (int64, error) {
	var b int64
	var err error
	if before.IsZero() {
		err = d.QueryRow(ctx, `SELECT balance FROM timebank_accounts WHERE id = $1`, accountID).Scan(&b)
	} else {
		err = d.QueryRow(ctx, `SELECT balance_after FROM timebank_postings WHERE account_id = $1 AND created_at < $2
			ORDER BY seq DESC LIMIT 1`, accountID, before).Scan(&b)
	}
	if db.IsNoRows(err) {
		return 0, nil
	}
	return b, err
}

// A savepoint around a piece of work inside a larger database transaction, so that a failure
// part-way through undoes only (and all of) that piece. Names are the code's own, never input.
func savepoint(ctx context.Context, d *db.DB, name string) error {
	_, err := d.Exec(ctx, `SAVEPOINT `+name)
	return err
}

func rollbackToSavepoint(ctx context.Context, d *db.DB, name string) error {
	if _, err := d.Exec(ctx, `ROLLBACK TO SAVEPOINT `+name); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `RELEASE SAVEPOINT `+name)
	return err
}

func releaseSavepoint(ctx context.Context, d *db.DB, name string) error {
	_, err := d.Exec(ctx, `RELEASE SAVEPOINT `+name)
	return err
}
