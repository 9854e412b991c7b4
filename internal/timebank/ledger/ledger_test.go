package ledger

import (
	"errors"
	"testing"
)

var (
	ann   = Ref{"ann", "north"}
	bob   = Ref{"bob", "north"}
	cai   = Ref{"cai", "north"}
	pool  = Ref{"pool", "north"}
	dai   = Ref{"dai", "south"}
	nForS = Ref{"north-clears-south", "north"}
	sForN = Ref{"south-clears-north", "south"}
)

func clearing(from, to string) (Ref, Ref, bool) {
	switch {
	case from == "north" && to == "south":
		return nForS, sForN, true
	case from == "south" && to == "north":
		return sForN, nForS, true
	}
	return Ref{}, Ref{}, false
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		ps   []Posting
		want error
	}{
		{"two that balance", []Posting{{ann, -60}, {bob, 60}}, nil},
		{"one posting", []Posting{{ann, 0}}, ErrTooFewPostings},
		{"none", nil, ErrTooFewPostings},
		{"zero", []Posting{{ann, 0}, {bob, 0}}, ErrZero},
		{"unbalanced", []Posting{{ann, -60}, {bob, 59}}, ErrUnbalanced},
		{"balanced overall but not in each bank", []Posting{{ann, -60}, {dai, 60}}, ErrUnbalanced},
		{"same account twice", []Posting{{ann, -60}, {ann, 60}}, ErrTwice},
		{"too large", []Posting{{ann, -MaxMinutes - 1}, {bob, MaxMinutes + 1}}, ErrTooLarge},
		{"no bank", []Posting{{Ref{"ann", ""}, -1}, {Ref{"bob", ""}, 1}}, ErrNoAccount},
	} {
		if got := (Transaction{Postings: c.ps}).Validate(); !errors.Is(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestWithinLimit(t *testing.T) {
	for _, c := range []struct {
		balance, floor, amount int64
		ok                     bool
	}{
		{0, -600, -600, true},
		{0, -600, -601, false},
		{-600, -600, 1, true},
		{-700, -600, 30, true}, // below a limit raised since: money coming in is still taken
		{-700, -600, -1, false},
		{100, 0, -100, true},
		{100, 0, -101, false},
	} {
		if got := WithinLimit(c.balance, c.floor, c.amount); got != c.ok {
			t.Errorf("WithinLimit(%d, %d, %d) = %v", c.balance, c.floor, c.amount, got)
		}
	}
}

func TestTransferWithinOneBank(t *testing.T) {
	tx, err := Transfer([]Line{{Payer: ann, Payee: bob, Minutes: 90}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Posting{{ann, -90}, {bob, 90}}
	if len(tx.Postings) != 2 || tx.Postings[0] != want[0] || tx.Postings[1] != want[1] {
		t.Fatalf("postings %v, want %v", tx.Postings, want)
	}
}

func TestGroupTransferAddsUpThePayer(t *testing.T) {
	// A workshop (the pool) pays its three helpers.
	tx, err := Transfer([]Line{{pool, ann, 120}, {pool, bob, 120}, {pool, cai, 60}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, p := range tx.Postings {
		got[p.Account] = p.Amount
	}
	if len(tx.Postings) != 4 || got["pool"] != -300 || got["ann"] != 120 || got["bob"] != 120 || got["cai"] != 60 {
		t.Fatalf("postings %v", tx.Postings)
	}
}

func TestTransferBetweenBanksGoesThroughEachClearingAccount(t *testing.T) {
	// Dai (south) helped Ann (north) for an hour.
	tx, err := Transfer([]Line{{Payer: ann, Payee: dai, Minutes: 60}}, clearing)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, p := range tx.Postings {
		got[p.Account] = p.Amount
	}
	if got["ann"] != -60 || got["north-clears-south"] != 60 || got["south-clears-north"] != -60 || got["dai"] != 60 {
		t.Fatalf("postings %v", tx.Postings)
	}
	if _, err := Transfer([]Line{{Payer: ann, Payee: dai, Minutes: 60}}, nil); !errors.Is(err, ErrNoClearing) {
		t.Fatalf("without an agreement: %v", err)
	}
	if _, err := Transfer([]Line{{Payer: ann, Payee: Ref{"eve", "east"}, Minutes: 60}}, clearing); !errors.Is(err, ErrNoClearing) {
		t.Fatalf("with a bank that has no agreement: %v", err)
	}
}

func TestTransferRefusesBadLines(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []Line
		want  error
	}{
		{"none", nil, ErrTooFewPostings},
		{"zero minutes", []Line{{ann, bob, 0}}, ErrZero},
		{"negative minutes", []Line{{ann, bob, -5}}, ErrZero},
		{"too many", []Line{{ann, bob, MaxMinutes + 1}}, ErrTooLarge},
		{"to oneself", []Line{{ann, ann, 30}}, ErrSelf},
		{"lines that cancel out", []Line{{ann, bob, 30}, {bob, ann, 30}}, ErrTooFewPostings},
		{"a group adding up past the largest posting", []Line{{ann, bob, MaxMinutes}, {ann, cai, 1}}, ErrTooLarge},
	} {
		if _, err := Transfer(c.lines, clearing); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func TestBookEnforcesLimitsAndReversesOnce(t *testing.T) {
	b := NewBook()
	for _, r := range []Ref{ann, bob, cai} {
		b.Open(r, -120)
	}
	pay := func(id string, from, to Ref, m int64) error {
		tx, err := Transfer([]Line{{from, to, m}}, nil)
		if err != nil {
			return err
		}
		return b.Post(id, tx)
	}
	if err := pay("t1", ann, bob, 120); err != nil {
		t.Fatal(err)
	}
	var le *LimitError
	if err := pay("t2", ann, cai, 1); !errors.As(err, &le) || le.Account != "ann" || le.Floor != -120 || !errors.Is(err, ErrBelowLimit) {
		t.Fatalf("over the limit: %v", err)
	}
	if n, _ := b.Balance("ann"); n != -120 {
		t.Fatalf("a refused transaction changed a balance: %d", n)
	}
	if err := b.ReverseTx("r1", "t1"); err != nil {
		t.Fatal(err)
	}
	if err := b.ReverseTx("r2", "t1"); !errors.Is(err, ErrReversed) {
		t.Fatalf("second reversal: %v", err)
	}
	if err := b.ReverseTx("r3", "r1"); !errors.Is(err, ErrReversal) {
		t.Fatalf("reversing a reversal: %v", err)
	}
	if err := b.Post("t1", Transaction{Postings: []Posting{{ann, -1}, {bob, 1}}}); !errors.Is(err, ErrUnknown) {
		t.Fatalf("an id used twice: %v", err)
	}
	if err := b.Check(); err != nil {
		t.Fatal(err)
	}
	for bank, total := range b.Totals() {
		if total != 0 {
			t.Errorf("%s sums to %d", bank, total)
		}
	}
}

func TestReversalCanBeRefusedAtTheLimit(t *testing.T) {
	// Bob spent the hour Ann gave him; taking it back would take him below his limit.
	b := NewBook()
	b.Open(ann, -60)
	b.Open(bob, -60)
	b.Open(cai, -60)
	t1, _ := Transfer([]Line{{ann, bob, 60}}, nil)
	t2, _ := Transfer([]Line{{bob, cai, 120}}, nil)
	if err := b.Post("t1", t1); err != nil {
		t.Fatal(err)
	}
	if err := b.Post("t2", t2); err != nil {
		t.Fatal(err)
	}
	if err := b.ReverseTx("r1", "t1"); !errors.Is(err, ErrBelowLimit) {
		t.Fatalf("reversal below the limit: %v", err)
	}
}
