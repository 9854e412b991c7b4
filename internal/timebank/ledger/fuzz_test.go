package ledger

import (
	"errors"
	"fmt"
	"testing"
)

// FuzzValidate: whatever postings are made up, a transaction that passes Validate sums to zero
// in every bank and names each account once.
func FuzzValidate(f *testing.F) {
	f.Add([]byte{1, 0, 60, 2, 0, 196})
	f.Add([]byte{1, 1, 60, 2, 0, 196, 3, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var tx Transaction
		for i := 0; i+2 < len(data); i += 3 {
			acct := fmt.Sprint("a", data[i]%8)
			bank := fmt.Sprint("b", data[i+1]%3)
			tx.Postings = append(tx.Postings, Posting{Ref{acct, bank}, int64(int8(data[i+2])) * 37})
		}
		if tx.Validate() != nil {
			return
		}
		sums := map[string]int64{}
		seen := map[string]bool{}
		for _, p := range tx.Postings {
			if seen[p.Account] || p.Amount == 0 {
				t.Fatalf("valid transaction with a repeated account or a zero: %v", tx.Postings)
			}
			seen[p.Account] = true
			sums[p.Bank] += p.Amount
		}
		for b, s := range sums {
			if s != 0 {
				t.Fatalf("valid transaction sums to %d in %s: %v", s, b, tx.Postings)
			}
		}
	})
}

// FuzzBook runs a random series of exchanges (single, group, between banks) and reversals
// against a book of two banks with tight limits, and checks after every step that each bank
// sums to zero, every balance is the sum of its postings and above its floor, a refused step
// changed nothing, and no transaction is reversed twice.
func FuzzBook(f *testing.F) {
	f.Add([]byte{0, 1, 2, 60, 0, 2, 1, 200, 3, 0, 3, 0, 1, 4, 1, 5, 10})
	f.Add([]byte{1, 0, 1, 2, 3, 30, 2, 5, 0, 250, 3, 1, 3, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		refs := []Ref{{"n0", "north"}, {"n1", "north"}, {"n2", "north"}, {"s0", "south"}, {"s1", "south"}, nForS, sForN}
		b := NewBook()
		for i, r := range refs {
			b.Open(r, -int64(60*(i%3+1)))
		}
		var posted []string
		reversedBy := map[string]string{}
		for i := 0; i+3 < len(ops); i += 4 {
			before := map[string]int64{}
			for _, r := range refs {
				before[r.Account], _ = b.Balance(r.Account)
			}
			id := fmt.Sprint("t", i)
			var err error
			payer, payee := refs[int(ops[i+1])%5], refs[int(ops[i+2])%5]
			m := int64(ops[i+3]) + 1
			switch ops[i] % 4 {
			case 0, 1: // one exchange, within a bank or between the two
				var tx Transaction
				if tx, err = Transfer([]Line{{payer, payee, m}}, clearing); err == nil {
					err = b.Post(id, tx)
				}
			case 2: // a group: the payer pays two helpers
				other := refs[(int(ops[i+2])+1)%5]
				var tx Transaction
				if tx, err = Transfer([]Line{{payer, payee, m}, {payer, other, m / 2}}, clearing); err == nil {
					err = b.Post(id, tx)
				}
			case 3: // a reversal of an earlier transaction
				if len(posted) == 0 {
					continue
				}
				orig := posted[int(ops[i+1])%len(posted)]
				err = b.ReverseTx(id, orig)
				if err == nil {
					if prev, done := reversedBy[orig]; done {
						t.Fatalf("%s reversed twice (%s and %s)", orig, prev, id)
					}
					reversedBy[orig] = id
				}
			}
			if err == nil {
				posted = append(posted, id)
			} else {
				for _, r := range refs {
					if n, _ := b.Balance(r.Account); n != before[r.Account] {
						t.Fatalf("step %d was refused (%v) but changed %s", i, err, r.Account)
					}
				}
				if !errors.Is(err, ErrBelowLimit) && !errors.Is(err, ErrSelf) && !errors.Is(err, ErrReversed) &&
					!errors.Is(err, ErrReversal) && !errors.Is(err, ErrTwice) && !errors.Is(err, ErrTooFewPostings) && !errors.Is(err, ErrZero) {
					t.Fatalf("step %d: unexpected refusal %v", i, err)
				}
			}
			if err := b.Check(); err != nil {
				t.Fatalf("after step %d: %v", i, err)
			}
			// The clearing accounts mirror each other: what north owes south, south is owed.
			n, _ := b.Balance(nForS.Account)
			s, _ := b.Balance(sForN.Account)
			if n != -s {
				t.Fatalf("clearing accounts %d and %d do not mirror", n, s)
			}
		}
	})
}
