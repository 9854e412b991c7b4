package tally

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// The hand-made exact sums agree with big.Rat on random rationals, with
// denominators sharing factors as budgets do.
func TestExactHelpersAgreeWithBigRat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	factors := []int64{1, 2, 3, 5, 7, 12, 97, 1000003, 999999937}
	rat := func() *big.Rat {
		num := new(big.Int).SetInt64(r.Int64N(1<<40) - 1<<39)
		den := big.NewInt(1)
		for range r.IntN(6) {
			den.Mul(den, big.NewInt(factors[r.IntN(len(factors))]))
		}
		if r.IntN(3) == 0 {
			num.Mul(num, den) // sometimes a whole number
		}
		return new(big.Rat).SetFrac(num, den)
	}
	for i := range 20000 {
		a, b := rat(), rat()
		n := r.Int64N(2000) - 1000
		if i%7 == 0 {
			n = -n * 999999937
		}
		want := new(big.Rat).Add(a, new(big.Rat).Mul(b, big.NewRat(n, 1)))
		got := addMulInt(a, b, n)
		if got.Cmp(want) != 0 || got.String() != want.String() {
			t.Fatalf("%v + %v·%d: got %v, want %v", a, b, n, got, want)
		}
		for _, n := range []int64{1, -1} { // addSigned, cancelling as Knuth does
			want := new(big.Rat).Add(a, new(big.Rat).Mul(b, big.NewRat(n, 1)))
			if got := addMulInt(a, b, n); got.Cmp(want) != 0 || got.String() != want.String() {
				t.Fatalf("%v + %v·%d: got %v, want %v", a, b, n, got, want)
			}
			if got := addMulInt(a, a, n); got.String() != new(big.Rat).Add(a, new(big.Rat).Mul(a, big.NewRat(n, 1))).String() {
				t.Fatalf("%v + %v·%d: got %v", a, a, n, got)
			}
		}
		var s ratSum
		s.reset()
		sum := new(big.Rat)
		for range r.IntN(8) {
			x, w := rat(), r.Int64N(50)
			s.add(x, w)
			sum.Add(sum, new(big.Rat).Mul(x, big.NewRat(w, 1)))
		}
		if got := s.sum(); got.String() != sum.String() {
			t.Fatalf("sum: got %v, want %v", got, sum)
		}
	}
}

// mul192 agrees with big.Int on random and extreme words.
func TestMul192(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	words := func() uint64 {
		switch r.IntN(4) {
		case 0:
			return ^uint64(0) - r.Uint64N(3)
		case 1:
			return r.Uint64N(1 << 20)
		}
		return r.Uint64()
	}
	for range 20000 {
		a, hi, lo := words(), words(), words()
		want := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		want.Or(want, new(big.Int).SetUint64(lo))
		want.Mul(want, new(big.Int).SetUint64(a))
		w2, w1, w0 := mul192(a, hi, lo)
		got := new(big.Int).SetUint64(w2)
		for _, w := range []uint64{w1, w0} {
			got.Lsh(got, 64)
			got.Or(got, new(big.Int).SetUint64(w))
		}
		if got.Cmp(want) != 0 {
			t.Fatalf("%d·(%d·2^64+%d): got %v, want %v", a, hi, lo, got, want)
		}
	}
}
