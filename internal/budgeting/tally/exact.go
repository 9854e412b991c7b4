package tally

import (
	"math"
	"math/big"
)

// Exact decisions, fast.
//
// Every decision of the Method of Equal Shares and of Phragmén's rule is a
// comparison of exact rationals. Comparing big rationals is slow, so each
// exact value also keeps its nearest float64. Two floats that are each
// within a relative 2^-52 of their exact values, and differ by more than a
// relative 1e-9, are ordered the same way as the exact values: then the
// floats decide. Otherwise the exact values are compared. Floating point
// thus only ever skips work; it never settles a close call.

const margin = 1e-9

// floatOrder returns -1, 0 or +1 when a and b are clearly apart, and ok =
// false when they are too close for floats to tell.
func floatOrder(a, b float64) (int, bool) {
	scale := math.Max(math.Abs(a), math.Abs(b))
	d := a - b
	if math.IsInf(scale, 0) || math.IsNaN(d) {
		return 0, false
	}
	switch {
	case d > margin*scale:
		return 1, true
	case d < -margin*scale:
		return -1, true
	}
	return 0, false
}

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// mulInt returns r·n as a new rational.
func mulInt(r *big.Rat, n int64) *big.Rat {
	if n == 1 {
		return new(big.Rat).Set(r)
	}
	return new(big.Rat).Mul(r, ratInt(n))
}

// addMulInt returns a + b·n as a new rational, normalised once (a.Add(a,
// b.Mul(b, n)) normalises twice, each time with a greatest common divisor).
func addMulInt(a, b *big.Rat, n int64) *big.Rat {
	if n == 1 || n == -1 {
		var x addScratch
		return x.addSigned(a, b, n < 0)
	}
	var t, num, den big.Int
	t.Mul(b.Num(), a.Denom())
	t.Mul(&t, den.SetInt64(n))
	num.Mul(a.Num(), b.Denom())
	num.Add(&num, &t)
	den.Mul(a.Denom(), b.Denom())
	return new(big.Rat).SetFrac(&num, &den)
}

// addSigned returns a + b, or a − b when neg, as a new rational, cancelling
// as Knuth does (The Art of Computer Programming, vol. 2, 4.5.1): with g
// the greatest common divisor of the denominators da and db, the sum is
// t / (da/g · db) with t = na·(db/g) ± nb·(da/g), and a prime dividing both
// t and that denominator must divide g (for a prime of da/g, say, the
// second term is a multiple of it and the first is not), so only gcd(t, g)
// is left to cancel. A budget's denominator mostly divides the price's, so
// g is nearly as long as the shorter denominator and both greatest common
// divisors are on numbers about half as long as the one SetFrac would
// take on the cross products.
//
// x holds the working integers, so that a caller making many sums reuses
// their memory; the result shares none of it.
func (x *addScratch) addSigned(a, b *big.Rat, neg bool) *big.Rat {
	da, db := a.Denom(), b.Denom()
	g, ea, eb, t, u, d2 := &x.g, &x.ea, &x.eb, &x.t, &x.u, &x.d2
	// A budget's denominator often divides the price's: then g = da, found
	// with one division instead of a greatest common divisor.
	if eb.QuoRem(db, da, u); u.Sign() == 0 {
		g.Set(da)
		ea.SetInt64(1)
	} else {
		g.GCD(nil, nil, da, db)
		ea.Quo(da, g) // da/g
		eb.Quo(db, g) // db/g
	}
	t.Mul(a.Num(), eb)
	u.Mul(b.Num(), ea)
	if neg {
		t.Sub(t, u)
	} else {
		t.Add(t, u)
	}
	if t.Sign() == 0 {
		return new(big.Rat)
	}
	d2.GCD(nil, nil, t, g)
	r := new(big.Rat)
	if d2.Cmp(intOne) != 0 {
		t.Quo(t, d2)
		eb.Quo(db, d2)
		r.SetInt(t)
		r.Denom().Mul(ea, eb)
	} else {
		r.SetInt(t)
		r.Denom().Mul(ea, db)
	}
	return r
}

// addScratch is the working memory of addSigned.
type addScratch struct{ g, ea, eb, t, u, d2 big.Int }

var intOne = big.NewInt(1)

// exactBudgets holds each budget class's exact value and slope (kept
// apart from budget, whose floats the hot loops read).
//
// Most values are fractions whose numerator and denominator both fit in
// 64 bits: those are held as two integers, n/d in lowest terms with d > 0.
// A value that does not fit is held in big, at index n, with d = −1. So a
// class costs 16 bytes and no allocation, not a big.Rat of 64 bytes and
// two allocations for its digits. A class freed for reuse (see reclaim)
// has d = 0.
//
// Slopes are 0 unless mes-add1 follows a count from increment to
// increment: slope holds them, per class, and is empty while all are 0.
type exactBudgets struct {
	val     []exactValue
	big     []*big.Rat
	freeBig []int64 // indexes of big no class uses
	slope   []*big.Rat
}

type exactValue struct{ n, d int64 }

// ratZero is the slope of a class with none. It is never written to.
var ratZero = new(big.Rat)

func (x *exactBudgets) len() int { return len(x.val) }

// reset empties x, keeping its memory.
func (x *exactBudgets) reset() {
	clear(x.big)
	x.val, x.big, x.freeBig, x.slope = x.val[:0], x.big[:0], x.freeBig[:0], x.slope[:0]
}

// truncate forgets the classes from n on.
func (x *exactBudgets) truncate(n int) {
	for c := n; c < len(x.val); c++ {
		x.dropBig(int32(c))
	}
	x.val = x.val[:n]
	if len(x.slope) > n {
		clear(x.slope[n:])
		x.slope = x.slope[:n]
	}
}

// push adds a class of value v and slope s.
func (x *exactBudgets) push(v, s *big.Rat) {
	x.val = append(x.val, exactValue{})
	x.set(int32(len(x.val)-1), v, s)
}

// set gives class c the value v and slope s. x keeps v and s, which must
// not change afterwards.
func (x *exactBudgets) set(c int32, v, s *big.Rat) {
	x.dropBig(c)
	x.val[c] = x.value(v)
	if s.Sign() != 0 || int(c) < len(x.slope) {
		for len(x.slope) <= int(c) {
			x.slope = append(x.slope, nil)
		}
		x.slope[c] = s
	}
}

func (x *exactBudgets) value(v *big.Rat) exactValue {
	num := v.Num()
	if num.IsInt64() {
		if v.IsInt() {
			return exactValue{num.Int64(), 1}
		}
		if den := v.Denom(); den.IsInt64() {
			return exactValue{num.Int64(), den.Int64()}
		}
	}
	var i int64
	if n := len(x.freeBig); n > 0 {
		i = x.freeBig[n-1]
		x.freeBig = x.freeBig[:n-1]
		x.big[i] = v
	} else {
		i = int64(len(x.big))
		x.big = append(x.big, v)
	}
	return exactValue{i, -1}
}

// dropBig lets go of class c's value if it is held in big.
func (x *exactBudgets) dropBig(c int32) {
	if int(c) < len(x.val) && x.val[c].d < 0 {
		x.big[x.val[c].n] = nil
		x.freeBig = append(x.freeBig, x.val[c].n)
	}
}

// clear frees class c.
func (x *exactBudgets) clear(c int32) {
	x.dropBig(c)
	x.val[c] = exactValue{}
	if int(c) < len(x.slope) {
		x.slope[c] = nil
	}
}

func (x *exactBudgets) free(c int32) bool { return x.val[c].d == 0 }

// is reports whether class c's value is v. Values are held in lowest
// terms, and as two integers whenever they fit, so a value held in big
// never equals a fraction of two 64-bit integers.
func (x *exactBudgets) is(c int32, v *big.Rat) bool {
	e := x.val[c]
	if e.d < 0 {
		return x.big[e.n].Cmp(v) == 0
	}
	num := v.Num()
	if !num.IsInt64() || num.Int64() != e.n {
		return false
	}
	if v.IsInt() {
		return e.d == 1
	}
	den := v.Denom()
	return den.IsInt64() && den.Int64() == e.d
}

// rat is class c's value as a rational: the one held in big, or z set to
// n/d. The caller may only read it, and only until z is next set.
func (x *exactBudgets) rat(c int32, z *big.Rat) *big.Rat {
	e := x.val[c]
	if e.d < 0 {
		return x.big[e.n]
	}
	return z.SetFrac64(e.n, e.d)
}

// slopeOf is class c's slope, which the caller may only read.
func (x *exactBudgets) slopeOf(c int32) *big.Rat {
	if int(c) < len(x.slope) && x.slope[c] != nil {
		return x.slope[c]
	}
	return ratZero
}

// addTo adds class c's value times w to s.
func (x *exactBudgets) addTo(c int32, s *ratSum, w int64) {
	e := x.val[c]
	if e.d < 0 {
		s.add(x.big[e.n], w)
		return
	}
	s.addFrac(e.n, e.d, w)
}

// ratSum adds rationals weighted by integers exactly. Terms over the same
// denominator are added as integers; only one rational addition, with its
// greatest common divisor, is made per different denominator.
type ratSum struct {
	byLow map[big.Word][]int
	dens  []*big.Int
	nums  []big.Int
	t, u  big.Int
	// Denominators of terms added by addFrac, pool[:owned] in use.
	pool  []*big.Int
	owned int
}

func (s *ratSum) reset() {
	if s.byLow == nil {
		s.byLow = map[big.Word][]int{}
	}
	clear(s.byLow)
	s.dens = s.dens[:0]
	s.owned = 0
}

// add adds r·w.
func (s *ratSum) add(r *big.Rat, w int64) {
	if r.Sign() == 0 || w == 0 {
		return
	}
	d := r.Denom()
	low := d.Bits()[0]
	i := -1
	for _, j := range s.byLow[low] {
		if s.dens[j].Cmp(d) == 0 {
			i = j
			break
		}
	}
	if i < 0 {
		i = s.newTerm(low, d)
	}
	if w == 1 {
		s.nums[i].Add(&s.nums[i], r.Num())
		return
	}
	s.t.SetInt64(w)
	s.t.Mul(&s.t, r.Num())
	s.nums[i].Add(&s.nums[i], &s.t)
}

// addFrac adds n/d·w, for d > 0.
func (s *ratSum) addFrac(n, d, w int64) {
	if n == 0 || w == 0 {
		return
	}
	low := big.Word(d)
	i := -1
	for _, j := range s.byLow[low] {
		if x := s.dens[j]; x.IsInt64() && x.Int64() == d {
			i = j
			break
		}
	}
	if i < 0 {
		if s.owned == len(s.pool) {
			s.pool = append(s.pool, new(big.Int))
		}
		den := s.pool[s.owned].SetInt64(d)
		s.owned++
		i = s.newTerm(low, den)
	}
	s.t.SetInt64(w)
	s.u.SetInt64(n)
	s.t.Mul(&s.t, &s.u)
	s.nums[i].Add(&s.nums[i], &s.t)
}

// newTerm starts a sum of terms over the denominator d, whose lowest word
// is low, and returns its index.
func (s *ratSum) newTerm(low big.Word, d *big.Int) int {
	i := len(s.dens)
	s.dens = append(s.dens, d)
	if i < len(s.nums) {
		s.nums[i].SetInt64(0)
	} else {
		s.nums = append(s.nums, big.Int{})
	}
	s.byLow[low] = append(s.byLow[low], i)
	return i
}

// sum returns the total as a new rational. The terms are brought over the
// least common multiple of their denominators (budgets' denominators share
// large factors, so it stays about as long as one of them), with one
// greatest common divisor of two denominators per term, and the total is
// normalised once at the end.
func (s *ratSum) sum() *big.Rat {
	if len(s.dens) == 0 {
		return new(big.Rat)
	}
	if len(s.dens) == 1 {
		return new(big.Rat).SetFrac(&s.nums[0], s.dens[0])
	}
	var num, den, g, a, b big.Int
	num.Set(&s.nums[0])
	den.Set(s.dens[0])
	for i, d := range s.dens[1:] {
		n := &s.nums[i+1]
		g.GCD(nil, nil, &den, d)
		a.Quo(d, &g)    // the factor den lacks
		b.Quo(&den, &g) // the factor d lacks
		num.Mul(&num, &a)
		b.Mul(&b, n)
		num.Add(&num, &b)
		den.Mul(&den, &a)
	}
	return new(big.Rat).SetFrac(&num, &den)
}
