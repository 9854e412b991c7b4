package add1

import (
	"math"
	"math/bits"
)

// aggregate groups p's supporters into entries (Grouper.Group), with
// the budget classes of this count.
func (s *Counter) aggregate(p int) {
	s.aggOf, s.splitOf = p, -1
	s.Group(p, s.cls, len(s.bud), s.uniform, s.start)
}

// canPay reports whether the supporters in s.Entries certainly hold at
// least cost, giving up when the floats cannot tell.
func (s *Counter) canPay(cost int64) bool {
	var f, mag, e float64
	for _, en := range s.Entries {
		b, w := &s.bud[en.C], float64(en.W)
		f += w * b.fv
		mag += math.Abs(w * b.fv)
		e += w * b.ev
	}
	fc := float64(cost)
	tol := 2*e + 4*float64(len(s.Entries)+2)*u53*(mag+fc)
	switch d := f - fc; {
	case d > tol:
		return true
	case d < -tol:
		return false
	}
	s.giveUp()
	return false
}

// price finds the ranking key of p: the smallest price per unit of
// utility at which its supporters can pay for it. A split too close for
// the bounds makes the count give up.
func (s *Counter) price(p int) (key, bool) {
	s.aggregate(p)
	if !s.canPay(s.e.Costs[p]) {
		return key{}, false
	}
	k, ok := s.priceSplit(p)
	if !ok {
		s.giveUp()
		return key{}, false
	}
	if s.e.Utilities == nil && (s.best.gen != s.gen || k.fv < s.best.fv) {
		// Kept so that pay, if p wins, need not group and split its
		// supporters again.
		s.best.p, s.best.gen, s.best.fv, s.best.split = p, s.gen, k.fv, s.split
		s.best.entries = append(s.best.entries[:0], s.Entries...)
	}
	return k, true
}

// priceSplit splits the supporters in s.Entries into those who pay all
// they have and the others (partition), and makes p's key from the split.
//
// Error bound: the capped budgets sum to S, a sum of n terms w·b, each
// float b within its bound of the exact budget; the float sum is within
// (n+2)·2^-53·Σ|w·b| (plus the budgets' own errors) of S, the difference
// cost − S within a further 2^-53·(cost + Σ|w·b|), and the quotient by
// units (an exact integer below 2^53) within 2^-53 of its value. The
// bounds below are four times all of that.
func (s *Counter) priceSplit(p int) (key, bool) {
	const u = 0x1p-53
	f, ok := s.partition(p)
	if !ok {
		return key{}, false
	}
	units, rf, e, ss, magS, n := f.units, f.rf, f.e, f.ss, f.magS, f.n
	fu := float64(units)
	div := float64(s.e.divisor(p))
	lz := s.newLazyKey()
	*lz = Terms{Cost: s.e.Costs[p], Units: units, Div: s.e.divisor(p)}
	lz.Caps = s.Caps(s.newCapped(len(s.cappedAt)), s.cappedAt)
	keyS := -ss / fu / div
	k := key{
		p: p, fv: rf / div, keyS: keyS, lz: lz,
		fe:   2 * (e + 4*u*math.Abs(rf)) / div,
		keyE: 2*(4*float64(n+4)*u*magS/fu+2*f.ses/fu)/div + 8*u*math.Abs(keyS),
	}
	k.num, k.den = WholePrice(f.n, s.e.Costs[p], f.units, s.e.divisor(p))
	return k, true
}

// floatSplit is what partition found.
type floatSplit struct {
	units    int64
	rf, e    float64 // the price per payment unit, and a bound of its error
	ss, magS float64
	ses      float64 // the part of the error of ss due to the budgets' errors
	n        int
}

// partition marks in s.Entries who pays all they have: an entry does
// when its budget is below ρ·u, ρ being the price at which the others,
// paying ρ·u, cover what those paying in full cannot. Each comparison is
// settled only when it is clear by more than a bound of its error. When
// it returns false some entries may be marked already and s.Entries must
// be aggregated again.
func (s *Counter) partition(p int) (floatSplit, bool) {
	const u = 0x1p-53
	cost := float64(s.e.Costs[p])
	var units int64
	for _, en := range s.Entries {
		if !en.Capped {
			units += en.W * en.U
		}
	}
	// sev and ses bound the errors of sv and ss that come from the
	// budgets' own errors.
	var sv, ss, magV, magS, sev, ses float64
	n := 0
	var rf, e float64
	// Whether an entry pays in full depends on ρ, which only rises from
	// pass to pass as more are found to. The first pass also works out,
	// per entry, a clear ratio r of its budget to its utility, below
	// which a ρ must stay for that entry certainly not to pay in full:
	// r > hi (worked out from ρ and its error e) implies h > tol in the
	// test below, with the relative terms doubled and the others raised
	// by 1e-9 of themselves, a margin far above the rounding of either
	// test (TestPartitionSkip). Later passes test only the
	// entries whose r is not above hi, and are not made at all when no
	// entry's is (low, the least r left, is above hi). Either way every
	// entry ends as the full test would leave it.
	if cap(s.ratio) < len(s.Entries) {
		s.ratio = make([]float64, len(s.Entries), 2*len(s.Entries))
	}
	ratio := s.ratio[:len(s.Entries)]
	low := math.Inf(-1) // no ratios before the first pass
	s.cappedAt = s.cappedAt[:0]
	for pass := 0; ; pass++ {
		if units <= 0 || units >= 1<<53 {
			return floatSplit{}, false
		}
		fu := float64(units)
		rf = (cost - sv) / fu
		e = 4*float64(n+4)*u*(cost+magV)/fu + 2*sev/fu
		hi := rf + (2+1e-9)*e + 2e-14*math.Abs(rf)
		if pass > 0 && low > hi {
			break
		}
		low = math.Inf(1)
		more := false
		for i := range s.Entries {
			if pass > 0 {
				if r := ratio[i]; r > hi {
					low = min(low, r)
					continue
				}
			}
			en := &s.Entries[i]
			if en.Capped {
				ratio[i] = math.Inf(1)
				continue
			}
			b := &s.bud[en.C]
			pu := rf * float64(en.U)
			h := b.fv - pu
			tol := 2*e*float64(en.U) + 1e-14*(math.Abs(b.fv)+math.Abs(pu)) + 2*b.ev
			switch {
			case h > tol:
				r := b.fv - 2e-14*math.Abs(b.fv) - (2+1e-9)*b.ev
				if en.U != 1 {
					r /= float64(en.U)
				}
				ratio[i] = r
				low = min(low, r)
			case h < -tol:
				ratio[i] = math.Inf(1)
				en.Capped = true
				s.cappedAt = append(s.cappedAt, int32(i))
				more = true
				w := float64(en.W)
				sv += w * b.fv
				ss += w * b.fs
				magV += math.Abs(w * b.fv)
				magS += math.Abs(w * b.fs)
				sev += w * b.ev
				ses += w * b.es
				n++
				units -= en.W * en.U
			default:
				return floatSplit{}, false
			}
		}
		if !more {
			break
		}
	}
	s.split, s.splitOf = floatSplit{units: units, rf: rf, e: e, ss: ss, magS: magS, ses: ses, n: n}, p
	return s.split, true
}

// key is a project's ranking key: its price per unit of utility, fv at
// this count's increment changing by keyS per unit of t, within fe and
// keyE.
type key struct {
	p        int
	fv, keyS float64
	fe, keyE float64
	lz       *Terms
	num, den uint64 // when nobody pays all they have: exactly num/den (den > 0); else den is 0
}

// Mul192 is a·(hi·2^64 + lo) in three words, most significant first.
func Mul192(a, hi, lo uint64) (w2, w1, w0 uint64) {
	p1, w0 := bits.Mul64(a, lo)
	q1, q0 := bits.Mul64(a, hi)
	w1, carry := bits.Add64(q0, p1, 0)
	return q1 + carry, w1, w0
}

// CmpFrac compares a/b with c/d (b, d > 0) exactly.
func CmpFrac(a, b, c, d uint64) int {
	h1, l1 := bits.Mul64(a, d)
	h2, l2 := bits.Mul64(c, b)
	switch {
	case h1 != h2:
		if h1 < h2 {
			return -1
		}
		return 1
	case l1 != l2:
		if l1 < l2 {
			return -1
		}
		return 1
	}
	return 0
}

// newLazyKey is a new lazy key, cut from the arena: a count's keys all
// die when the next count fills its heap (priceAll), so the arenas are
// then used again from the start; an arena that fills up is replaced by
// a larger one, the old one living on while keys in it do.
func (s *Counter) newLazyKey() *Terms {
	if s.lzUsed == len(s.lzArena) {
		s.lzArena = make([]Terms, max(min(32, len(s.e.Costs)+1), 2*len(s.lzArena)))
		s.lzUsed = 0
	}
	k := &s.lzArena[s.lzUsed]
	s.lzUsed++
	return k
}

// newCapped is an empty list with room for n classes, cut from the arena.
func (s *Counter) newCapped(n int) []Cap {
	used := len(s.capArena)
	if cap(s.capArena)-used < n {
		s.capArena = make([]Cap, 0, max(min(512, 8*len(s.e.Costs)+8), 2*cap(s.capArena), n))
		used = 0
	}
	s.capArena = s.capArena[:used+n]
	return s.capArena[used : used : used+n]
}

// heap is the projects in the race by key, least first.
type heap struct {
	e     *Election
	items []key
	// unsure is the count's flag (giveUp), set when two keys cannot be
	// ordered.
	unsure *bool
	// Per project, its group of twins, and whether its key in the heap
	// is stale.
	twin  []int32
	dirty []bool
}

func (h *heap) twins(p, q int) bool { return h.twin != nil && h.twin[p] == h.twin[q] }

func (h *heap) Len() int { return len(h.items) }

func (h *heap) less(i, j int) bool {
	a, b := &h.items[i], &h.items[j]
	// Floats decide when the keys are apart by more than their error
	// bounds (doubled, for the rounding of this test).
	if d := b.fv - a.fv; d > 2*(a.fe+b.fe) {
		return true
	} else if -d > 2*(a.fe+b.fe) {
		return false
	}
	if h.twins(a.p, b.p) && !h.dirty[a.p] && !h.dirty[b.p] {
		// Same cost, same supporters: the same price, whatever the
		// budgets.
		return h.e.idLess(a.p, b.p)
	}
	if a.lz.Same(b.lz) {
		return h.e.idLess(a.p, b.p)
	}
	if a.den != 0 && b.den != 0 {
		if c := CmpFrac(a.num, a.den, b.num, b.den); c != 0 {
			return c < 0
		}
		return h.e.idLess(a.p, b.p)
	}
	// Any order will do: the count is abandoned (see giveUp).
	*h.unsure = true
	return h.e.idLess(a.p, b.p)
}

func (h *heap) swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }

// push adds x. push and pop make the comparisons container/heap would,
// in the same order, without boxing each key in an interface.
func (h *heap) push(x key) {
	h.items = append(h.items, x)
	for j := len(h.items) - 1; j > 0; {
		parent := (j - 1) / 2
		if !h.less(j, parent) {
			break
		}
		h.swap(parent, j)
		j = parent
	}
}

// pop removes and returns the least key.
func (h *heap) pop() key {
	last := len(h.items) - 1
	h.swap(0, last)
	for i := 0; ; {
		child := 2*i + 1
		if child >= last {
			break
		}
		if right := child + 1; right < last && h.less(right, child) {
			child = right
		}
		if !h.less(child, i) {
			break
		}
		h.swap(i, child)
		i = child
	}
	x := h.items[last]
	h.items = h.items[:last]
	return x
}
