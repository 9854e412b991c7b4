package tally

import (
	"math"
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
			// Fractions of two 64-bit integers go in as such half of the
			// time, as exactBudgets adds them, beside rationals that may
			// have the same denominator.
			if x.Num().IsInt64() && x.Denom().IsInt64() && r.IntN(2) == 0 {
				s.addFrac(x.Num().Int64(), x.Denom().Int64(), w)
			} else {
				s.add(x, w)
			}
			sum.Add(sum, new(big.Rat).Mul(x, big.NewRat(w, 1)))
		}
		if got := s.sum(); got.String() != sum.String() {
			t.Fatalf("sum: got %v, want %v", got, sum)
		}
	}
}

// exactBudgets gives back each class's value and slope, whether it holds
// the value as two 64-bit integers or as a big.Rat, and reuses the room of
// values it lets go of.
func TestExactBudgets(t *testing.T) {
	huge := new(big.Int).Lsh(big.NewInt(1), 70)
	values := []*big.Rat{
		new(big.Rat),
		big.NewRat(5, 1),
		big.NewRat(-3, 4),
		big.NewRat(math.MaxInt64, math.MaxInt64-1),
		new(big.Rat).SetFrac(huge, big.NewInt(3)),             // numerator too long
		new(big.Rat).SetFrac(big.NewInt(1), huge),             // denominator too long
		new(big.Rat).SetInt(new(big.Int).Neg(huge)),           // a long whole number
		new(big.Rat).SetFrac(big.NewInt(math.MinInt64), huge), // lowest terms: −1/2^7
	}
	var x exactBudgets
	one := big.NewRat(1, 1)
	for i, v := range values {
		s := ratZero
		if i%2 == 1 {
			s = one
		}
		x.push(v, s)
	}
	if len(x.big) != 3 {
		t.Fatalf("%d values held as big.Rat, want 3", len(x.big))
	}
	check := func() {
		t.Helper()
		var z big.Rat
		for c := range x.len() {
			c := int32(c)
			if x.free(c) {
				continue
			}
			v := x.rat(c, &z)
			for _, w := range values {
				if got, want := x.is(c, w), v.Cmp(w) == 0; got != want {
					t.Errorf("class %d (%v): is(%v) = %v", c, v, w, got)
				}
			}
			var s ratSum
			s.reset()
			x.addTo(c, &s, 7)
			if got, want := s.sum(), new(big.Rat).Mul(v, big.NewRat(7, 1)); got.Cmp(want) != 0 {
				t.Errorf("class %d: 7 times its value summed to %v, want %v", c, got, want)
			}
		}
	}
	check()
	for c, v := range values {
		var z big.Rat
		if got := x.rat(int32(c), &z); got.Cmp(v) != 0 {
			t.Errorf("class %d: %v, want %v", c, got, v)
		}
		if got, want := x.slopeOf(int32(c)).Sign(), c%2; got != want {
			t.Errorf("class %d: slope sign %d, want %d", c, got, want)
		}
	}
	x.clear(4) // a big one: its room is used again
	if !x.free(4) || x.slopeOf(4).Sign() != 0 {
		t.Fatal("class 4 not freed")
	}
	x.set(4, values[6], ratZero)
	x.truncate(6)
	x.push(values[5], one)
	if len(x.big) != 3 || !x.is(4, values[6]) || !x.is(6, values[5]) || x.slopeOf(6).Sign() != 1 {
		t.Fatalf("after reuse: %d big values, class 4 %v, class 6 %v", len(x.big), x.is(4, values[6]), x.is(6, values[5]))
	}
	check()
	x.reset()
	if x.len() != 0 || len(x.big) != 0 || len(x.slope) != 0 {
		t.Fatal("reset left classes")
	}
}
