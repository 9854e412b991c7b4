package tally

import (
	"cmp"
	"math"
	"math/big"
	"slices"

	"commons/internal/budgeting/tally/add1"
)

// entry is a set of supporters of one project who hold the same budget
// and get the same utility (see add1.Entry): tally and add1 group
// supporters the same way, in add1.Grouper.
type entry = add1.Entry

// budget is a voter's budget as a function of the extra money t given to
// every voter (mes-add1): fv at the t of this run, changing by fs per unit
// of t, the exact values (exactBudgets) rounded to float64.
type budget struct {
	fv, fs float64 // first: the hot loops read fv (one cache line)
	k      int64   // the increment at which fv holds (see resume)
}

// equalShares is one run of the Method of Equal Shares.
//
// Voters whose budgets are equal share a budget class. Budgets only change
// when a project is funded, and then every supporter in one class with one
// utility pays the same, so the number of classes stays small and exact
// rationals are only needed per class, not per voter.
//
// mes-add1 searches for its increment in package add1, in certified
// floats, and counts here, exactly, at the increment found (and at any
// increment whose count floats could not decide).
type equalShares struct {
	c *count
	// The ballots, and each project's supporters grouped into entries
	// (see aggregate). Supporters: per project, the groups of identical
	// ballots supporting it (utility above 0); Utilities: the utility each
	// of their ballots gets from it, in payment units: nil on approval
	// ballots (1), the points or positional points otherwise (see
	// divisor). Weights: per ballot group, its weight (kept apart from the
	// ballots to spare a look-up in them; a weight needs over two billion
	// identical ballots to overflow it, and an election never holds that
	// many, see maxWeight).
	add1.Grouper
	cls     []int32      // class of each ballot group
	bud     []budget     // budget of each class, per voter, in minor units
	ex      exactBudgets // in exact counts, the exact budget of each class
	byFloat classIndex   // exact counts: the classes by their budgets' floats
	// gen counts changes of classes or budgets (payments, resumes).
	gen   int
	dirty []bool
	// Projects with the same cost and the same supporters, with the same
	// utilities, are twins: their prices are always equal. twin[p] is the
	// smallest index of p's twins.
	twin  []int32
	aggOf int // the project m.Entries were last aggregated for; -1 once classes change
	// When splitOf is aggOf, partitionFloat has marked m.Entries, as
	// split says, since they were aggregated.
	split   floatSplit
	splitOf int
	nbr     [][]int32 // per project, its neighbours, once worked out
	rounds  int
	h       *priceHeap
	k       int64 // increments given in this run
	// Per project, the round in which it was set aside as unaffordable
	// (-1 when it was not): budgets only shrink, so it stays so.
	dropped  []int
	sumV     ratSum // scratch for exact sums of budgets
	sumS     ratSum
	sumL     ratSum    // scratch for lazyKey
	ratio    []float64 // scratch for partitionFloat
	cappedAt []int32   // the entries partitionFloat found to pay in full (not class 0)
	remap    []int32   // scratch for pay: the new class of each entry
	// Keys are made by the thousand: their lazy parts are cut from
	// arenas. A count's keys all die when the next count fills its heap
	// (priceAll), so the arenas are then used again from the start;
	// an arena that fills up is replaced by a larger one, the old one
	// living on while keys in it do.
	lzArena  []lazyKey
	lzUsed   int
	capArena []add1.Cap
	scratch  addScratch
	exV      big.Rat // scratch for exactBudgets.rat
	// uniform: no payment yet in this count, so every supporter holds
	// the starting budget, of class start, and a project's entries are
	// its supporters grouped by utility alone (ProjectGroups, worked out
	// once).
	uniform bool
	start   int32
	// A count frees a class once no voter holds it and no key in the
	// heap names it, and makes its next class there: pop is the number
	// of voters of each class, ref the number of keys naming it among
	// those paying in full, freeCls the classes freed. Classes otherwise
	// pile up, one per entry of every project funded: on Warszawa
	// Mokotów 15,806, of which 2,705 are held at the end.
	reclaim bool
	keepAll bool // never reclaim (for tests)
	made    int  // classes made in this run (for tests)
	pop     []int64
	ref     []int32
	freeCls []int32
}

func newEqualShares(c *count) *equalShares {
	m := &equalShares{c: c}
	m.Supporters = make([][]int32, len(c.e.Projects))
	// Counted first, so that all supporters fit in one array.
	n := make([]int, len(c.e.Projects))
	total := 0
	for g := range c.e.NumBallots() {
		b := c.e.Ballot(g)
		for i, p := range b.Projects {
			if b.Values[i] > 0 {
				n[p]++
				total++
			}
		}
	}
	all := make([]int32, total)
	for p := range m.Supporters {
		m.Supporters[p], all = all[:0:n[p]], all[n[p]:]
	}
	if c.e.Kind != Approval {
		m.Utilities = make([][]int32, len(c.e.Projects))
		allU := make([]int32, total)
		for p := range m.Utilities {
			m.Utilities[p], allU = allU[:0:n[p]], allU[n[p]:]
		}
	}
	m.Weights = make([]int32, c.e.NumBallots())
	for g := range m.Weights {
		b := c.e.Ballot(g)
		m.Weights[g] = int32(b.Weight)
		for i, p := range b.Projects {
			u := b.Values[i]
			if u <= 0 {
				continue
			}
			m.Supporters[p] = append(m.Supporters[p], int32(g))
			if m.Utilities != nil {
				m.Utilities[p] = append(m.Utilities[p], u)
			}
		}
	}
	m.twin = add1.Twins(m.costs(), m.Supporters, m.Utilities)
	return m
}

// costs is every project's cost.
func (m *equalShares) costs() []int64 {
	costs := make([]int64, len(m.c.e.Projects))
	for p, pr := range m.c.e.Projects {
		costs[p] = pr.Cost
	}
	return costs
}

// add1Election is the election as package add1's search takes it. Its
// slices are m's own.
func (m *equalShares) add1Election() *add1.Election {
	e := m.c.e
	ids := make([]string, len(e.Projects))
	for p, pr := range e.Projects {
		ids[p] = pr.ID
	}
	return &add1.Election{
		Costs: m.costs(), IDs: ids, Budget: e.Budget, Voters: e.Voters, Scale: e.Scale,
		Weights: m.Weights, Supporters: m.Supporters, Utilities: m.Utilities,
		PerCost: e.Kind == Approval && m.c.opt.Utility == CostUtility,
		Twins:   m.twin,
	}
}

// divisor turns a price per payment unit into the price per unit of
// utility that ranks projects: with cost utilities an approved project is
// worth its cost to each supporter, so the price per unit of utility is the
// payment per supporter divided by the cost.
func (m *equalShares) divisor(p int) int64 {
	if m.c.e.Kind == Approval && m.c.opt.Utility == CostUtility {
		return m.c.e.Projects[p].Cost
	}
	return 1
}

// exactClass finds or makes the class of the budget of value v and slope
// s: every class holds one exact budget (see lazyKey.same).
func (m *equalShares) exactClass(v, s *big.Rat) int32 {
	b := budget{fv: ratFloat(v), fs: ratFloat(s), k: m.k}
	idx := &m.byFloat
	for i, mask := idx.probe(b.fv, b.fs); idx.slots[i] != 0; i = (i + 1) & mask {
		c := idx.slots[i] - 1
		if sameFloats(&m.bud[c], b.fv, b.fs) {
			if m.ex.is(c, v) && m.ex.slopeOf(c).Cmp(s) == 0 {
				return c
			}
		}
	}
	var c int32
	m.made++
	if n := len(m.freeCls); n > 0 {
		c = m.freeCls[n-1]
		m.freeCls = m.freeCls[:n-1]
		m.bud[c] = b
		m.ex.set(c, v, s)
	} else {
		c = int32(len(m.bud))
		m.bud = append(m.bud, b)
		m.ex.push(v, s)
		if m.reclaim {
			m.pop = append(m.pop, 0)
			m.ref = append(m.ref, 0)
		}
	}
	idx.insert(m.bud, c)
	return c
}

// release frees class c when it can be (see reclaim): not class 0, not
// freed already, and neither held nor named.
func (m *equalShares) release(c int32) {
	b := &m.bud[c]
	if c == 0 || m.ex.free(c) || m.pop[c] != 0 || m.ref[c] != 0 {
		return
	}
	m.byFloat.remove(m.bud, c)
	*b = budget{}
	m.ex.clear(c)
	m.freeCls = append(m.freeCls, c)
}

// name counts, when reclaiming, key's classes paying in full as named
// (by d = 1, when the key goes into the heap) or no longer (d = -1, when
// it leaves it), freeing those left unheld and unnamed.
func (m *equalShares) name(key *priced, d int32) {
	if !m.reclaim || key.lz == nil {
		return
	}
	for _, cw := range key.lz.Caps {
		m.ref[cw.C] += d
		if d < 0 {
			m.release(cw.C)
		}
	}
}

// run counts with every voter's share raised by k currency units.
func (m *equalShares) run(k int64) {
	c := m.c
	c.reset()
	m.aggOf = -1
	m.rounds, m.k = 0, k
	m.gen++
	m.bud = m.bud[:0]
	m.ex.reset()
	m.reclaim = !m.keepAll
	m.pop, m.ref, m.freeCls, m.made = m.pop[:0], m.ref[:0], m.freeCls[:0], 0
	m.byFloat.reset(len(m.bud))
	zero := new(big.Rat)
	m.exactClass(zero, zero) // class 0: nothing left
	share := new(big.Rat).Add(big.NewRat(c.e.Budget, max(c.e.Voters, 1)), ratInt(k*c.e.Scale))
	start := m.exactClass(share, zero)
	if len(m.cls) != c.e.NumBallots() {
		m.cls = make([]int32, c.e.NumBallots())
	}
	for g := range m.cls {
		m.cls[g] = start
	}
	if m.reclaim {
		for _, w := range m.Weights {
			m.pop[start] += int64(w)
		}
	}
	// Until the first payment every supporter holds the starting budget
	// (see aggregate).
	m.uniform, m.start = true, start
	if len(m.dropped) != len(c.e.Projects) {
		m.dropped = make([]int, len(c.e.Projects))
	}
	for p := range c.e.Projects {
		m.dropped[p] = -1
		if len(m.Supporters[p]) > 0 && c.e.Projects[p].Cost == 0 {
			c.fund(p, c.why(WhyMESFree, p))
		}
	}
	m.priceAll()
	m.tellExplained()
	m.rounds_()
}

// priceAll fills the heap with every project still in the race. The keys
// of the count before are all dropped with its heap.
func (m *equalShares) priceAll() {
	c := m.c
	m.resetKeys()
	if len(m.dirty) != len(c.e.Projects) {
		m.dirty = make([]bool, len(c.e.Projects))
	}
	clear(m.dirty)
	var items []priced
	if m.h != nil {
		items = m.h.items[:0]
	}
	m.h = &priceHeap{e: c.e, twin: m.twin, dirty: m.dirty, items: items}
	for p := range c.e.Projects {
		if len(m.Supporters[p]) == 0 || c.selected[p] || m.dropped[p] >= 0 {
			continue
		}
		if key, ok := m.price(p); ok {
			m.name(&key, 1)
			m.h.push(key)
		} else {
			m.dropped[p] = m.rounds
		}
	}
}

// rounds_ funds projects until no project left can be paid for.
func (m *equalShares) rounds_() {
	h := m.h
	for h.Len() > 0 {
		// The least key wins the round, as the least ρ does in plainMES:
		// a stale key (dirty: a supporter paid since it was made) is
		// priced again and pushed back before it may win. A stale key is
		// never above its new price (budgets only shrink, so prices only
		// grow), so the first fresh key popped is the least price.
		top := h.pop()
		m.name(&top, -1)
		if m.dirty[top.p] {
			m.dirty[top.p] = false
			if key, ok := m.price(top.p); ok {
				m.name(&key, 1)
				h.push(key)
			} else {
				m.dropped[top.p] = m.rounds
			}
			continue
		}
		m.pay(top.p)
		m.tellExplained()
	}
}

// price finds the ranking key of p: the smallest price per unit of utility
// at which its supporters can pay for it.
//
// Who pays all they have is decided on floats with a proven error bound
// (see priceFloat); the exact price is only worked out when the heap
// cannot order two keys by their floats (see lazyKey). A comparison too
// close for the bound falls back to the exact count in payments.

func (m *equalShares) price(p int) (priced, bool) {
	m.aggregate(p)
	if !m.canPay(m.c.e.Projects[p].Cost) {
		return priced{}, false
	}
	if key, ok := m.priceFloat(p); ok {
		return key, true
	}
	rv, rs, ok := m.payments(p)
	if !ok {
		return priced{}, false
	}
	if d := m.divisor(p); d != 1 {
		rv = new(big.Rat).Quo(rv, ratInt(d))
		rs = new(big.Rat).Quo(rs, ratInt(d))
	}
	return priced{p: p, rho: rv, fv: ratFloat(rv), keyS: ratFloat(rs), fe: 1e-15 * math.Abs(ratFloat(rv)), keyE: 1e-15 * math.Abs(ratFloat(rs))}, true
}

// priceFloat splits the supporters in m.Entries, as payments does, into
// those who pay all they have and the others, with every comparison made
// on floats and settled only when it is clear by more than a bound of the
// rounding error. It returns false when some comparison is too close.
//
// Error bound: the capped budgets sum to S, a sum of n terms w·b, each
// float b within a relative 2^-53 of the exact budget; the float sum is
// within (n+2)·2^-53·Σ|w·b| of S, the difference cost − S within a further
// 2^-53·(cost + Σ|w·b|), and the quotient by units (an exact integer below
// 2^53) within 2^-53 of its value. E below is four times all of that.
func (m *equalShares) priceFloat(p int) (priced, bool) {
	const u = 0x1p-53
	f, ok := m.partitionFloat(p)
	if !ok {
		return priced{}, false
	}
	units, rf, e, ss, magS, n := f.units, f.rf, f.e, f.ss, f.magS, f.n
	fu := float64(units)
	div := float64(m.divisor(p))
	lz := m.newLazyKey()
	*lz = lazyKey{m: m, Terms: add1.Terms{Cost: m.c.e.Projects[p].Cost, Units: units, Div: m.divisor(p)}}
	lz.Caps = m.Caps(m.newCapped(len(m.cappedAt)), m.cappedAt)
	keyS := -ss / fu / div
	key := priced{
		p: p, fv: rf / div, keyS: keyS, lz: lz,
		fe:   2 * (e + 4*u*math.Abs(rf)) / div,
		keyE: 2*(4*float64(n+4)*u*magS/fu)/div + 8*u*math.Abs(keyS),
	}
	key.num, key.den = add1.WholePrice(f.n, m.c.e.Projects[p].Cost, f.units, m.divisor(p))
	return key, true
}

// floatSplit is what partitionFloat found.
type floatSplit struct {
	units    int64
	rf, e    float64 // the price per payment unit, and a bound of its error
	ss, magS float64
	n        int
}

// partitionFloat marks in m.Entries who pays all they have, as payments
// does, deciding on floats (see priceFloat). When it returns false some
// entries may be marked already and m.Entries must be aggregated again.
func (m *equalShares) partitionFloat(p int) (floatSplit, bool) {
	const u = 0x1p-53
	cost := float64(m.c.e.Projects[p].Cost)
	var units int64
	for _, en := range m.Entries {
		if !en.Capped {
			units += en.W * en.U
		}
	}
	var sv, ss, magV, magS float64
	n := 0
	var rf, e float64
	// Whether an entry pays in full depends on ρ, which only rises from
	// pass to pass as more are found to. The first pass also works out,
	// per entry, a clear ratio r of its budget to its utility, below
	// which a ρ must stay for that entry certainly not to pay in full:
	// r > hi (worked out from ρ and its error e) implies h > tol in the
	// test below, with the relative terms doubled and the others raised
	// by 1e-9 of themselves, a margin far above the rounding of either
	// test (see TestPartitionSkip). Later passes test only the entries
	// whose r is not above hi, and are not made at all when no entry's
	// is (low, the least r left, is above hi). Either way every entry
	// ends as the full test would leave it.
	if cap(m.ratio) < len(m.Entries) {
		m.ratio = make([]float64, len(m.Entries), 2*len(m.Entries))
	}
	ratio := m.ratio[:len(m.Entries)]
	low := math.Inf(-1) // no ratios before the first pass
	m.cappedAt = m.cappedAt[:0]
	for pass := 0; ; pass++ {
		if units <= 0 || units >= 1<<53 {
			return floatSplit{}, false
		}
		fu := float64(units)
		rf = (cost - sv) / fu
		e = 4 * float64(n+4) * u * (cost + magV) / fu
		hi := rf + (2+1e-9)*e + 2e-14*math.Abs(rf)
		if pass > 0 && low > hi {
			break
		}
		low = math.Inf(1)
		more := false
		for i := range m.Entries {
			if pass > 0 {
				if r := ratio[i]; r > hi {
					low = min(low, r)
					continue
				}
			}
			en := &m.Entries[i]
			if en.Capped {
				ratio[i] = math.Inf(1)
				continue
			}
			b := &m.bud[en.C]
			pu := rf * float64(en.U)
			h := b.fv - pu
			tol := 2*e*float64(en.U) + 1e-14*(math.Abs(b.fv)+math.Abs(pu))
			switch {
			case h > tol:
				r := b.fv - 2e-14*math.Abs(b.fv)
				if en.U != 1 {
					r /= float64(en.U)
				}
				ratio[i] = r
				low = min(low, r)
			case h < -tol:
				ratio[i] = math.Inf(1)
				en.Capped = true
				m.cappedAt = append(m.cappedAt, int32(i))
				more = true
				w := float64(en.W)
				sv += w * b.fv
				ss += w * b.fs
				magV += math.Abs(w * b.fv)
				magS += math.Abs(w * b.fs)
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
	m.split, m.splitOf = floatSplit{units: units, rf: rf, e: e, ss: ss, magS: magS, n: n}, p
	return m.split, true
}

// lazyKey holds what is needed to work out a key's exact price later:
// its terms (add1.Terms: the classes paying all they have, the units of
// utility of the others, and the divisor) and, once worked out, the
// price. The budgets of those classes do not change within a run: a
// class is never altered once made, nor freed while a key in the heap
// names it (see reclaim).
type lazyKey struct {
	add1.Terms
	m   *equalShares
	rho *big.Rat
}

// same reports whether k and o are certainly the same price, their terms
// alike class by class (add1.Terms.Same). That needs every class to hold
// one exact budget: classes are found by their exact budgets
// (exactClass).
func (k *lazyKey) same(o *lazyKey) bool {
	return k.m == o.m && k.Terms.Same(&o.Terms)
}

func (k *lazyKey) exact() *big.Rat {
	if k.rho == nil {
		s := &k.m.sumL
		s.reset()
		for _, cw := range k.Caps {
			k.m.ex.addTo(cw.C, s, int64(cw.W))
		}
		r := new(big.Rat).Sub(ratInt(k.Cost), s.sum())
		k.rho = r.Quo(r, ratInt(k.Units*k.Div))
	}
	return k.rho
}

// aggregate groups p's supporters into entries (add1.Grouper.Group), with
// the budget classes of this count.
func (m *equalShares) aggregate(p int) {
	m.aggOf, m.splitOf = p, -1
	m.Group(p, m.cls, len(m.bud), m.uniform, m.start)
}

// payments returns the price ρ per payment unit (its value and its slope
// in t) and leaves m.Entries marked with who pays all they have (capped).
func (m *equalShares) payments(p int) (rv, rs *big.Rat, ok bool) {
	m.aggregate(p)
	cost := m.c.e.Projects[p].Cost
	if !m.canPay(cost) {
		return nil, nil, false
	}
	costR := ratInt(cost)
	sumV, sumS := &m.sumV, &m.sumS
	sumV.reset()
	sumS.reset()
	if f, ok := m.partitionFloat(p); ok {
		// Who pays in full is settled: one exact sum each.
		for _, en := range m.Entries {
			if en.Capped && en.C != 0 {
				m.ex.addTo(en.C, sumV, en.W)
				sumS.add(m.ex.slopeOf(en.C), en.W)
			}
		}
		rv = new(big.Rat).Sub(costR, sumV.sum())
		rv.Quo(rv, ratInt(f.units))
		rs = new(big.Rat)
		if cappedS := sumS.sum(); cappedS.Sign() != 0 {
			rs.Neg(cappedS)
			rs.Quo(rs, ratInt(f.units))
		}
		return rv, rs, true
	}
	m.aggregate(p)
	var units int64
	for _, en := range m.Entries {
		if !en.Capped {
			units += en.W * en.U
		}
	}
	for {
		rv = new(big.Rat).Sub(costR, sumV.sum())
		rv.Quo(rv, ratInt(units))
		fr := ratFloat(rv)
		more := false
		for i := range m.Entries {
			en := &m.Entries[i]
			if en.Capped {
				continue
			}
			ord, sure := floatOrder(m.bud[en.C].fv, fr*float64(en.U))
			if !sure {
				ord = m.ex.rat(en.C, &m.exV).Cmp(mulInt(rv, en.U))
			}
			if ord < 0 {
				en.Capped = true
				more = true
				m.ex.addTo(en.C, sumV, en.W)
				sumS.add(m.ex.slopeOf(en.C), en.W)
				units -= en.W * en.U
			}
		}
		if !more {
			break
		}
	}
	rs = new(big.Rat)
	if cappedS := sumS.sum(); cappedS.Sign() != 0 {
		rs.Neg(cappedS)
		rs.Quo(rs, ratInt(units))
	}
	return rv, rs, true
}

// canPay reports whether the supporters in m.Entries hold at least cost.
//
// The float sum only settles the answer when it is clear by far more than
// its rounding error (floatOrder); a close call is settled exactly.
func (m *equalShares) canPay(cost int64) bool {
	var f float64
	for _, en := range m.Entries {
		f += float64(en.W) * m.bud[en.C].fv
	}
	ord, sure := floatOrder(f, float64(cost))
	if !sure {
		ord = m.supportersHold().Cmp(ratInt(cost))
	}
	return ord >= 0
}

// holdForDisplay is what the supporters in m.Entries hold, in currency
// units, for reasons and stories only: it is rounded to cents when shown,
// so the float sum (far more precise than that) saves a slow exact sum.
func (m *equalShares) holdForDisplay() *big.Rat {
	var f float64
	for _, en := range m.Entries {
		f += float64(en.W) * m.bud[en.C].fv
	}
	return heldForDisplay(f, m.c.e.Scale)
}

// supportersHold is the exact total budget of the supporters in m.Entries.
func (m *equalShares) supportersHold() *big.Rat {
	sum := &m.sumV
	sum.reset()
	for _, en := range m.Entries {
		if en.C != 0 {
			m.ex.addTo(en.C, sum, en.W)
		}
	}
	return sum.sum()
}

// pay funds p and moves its supporters to their new budget classes.
func (m *equalShares) pay(p int) {
	rv, rs, _ := m.payments(p) // the entries are as when p's key was computed
	classes := len(m.bud)
	m.rounds++
	remap := m.remapScratch()
	var cappedVoters int64
	// As in plainMES: a supporter capped at ρ pays all it has (class 0,
	// nothing left); the others pay ρ·u. Every ballot of an entry holds the
	// same budget and utility, so it pays the same and the entry moves to
	// one new class. The payments add up to the cost by ρ's definition.
	for i, en := range m.Entries {
		nc := int32(0)
		if en.Capped {
			cappedVoters += en.W
		} else {
			s := m.ex.slopeOf(en.C)
			if rs.Sign() != 0 {
				s = m.addMulInt(s, rs, -en.U)
			}
			nc = m.exactClass(m.addMulInt(m.ex.rat(en.C, &m.exV), rv, -en.U), s)
		}
		remap[i] = nc
	}
	m.moveSupporters(p, classes, remap, m.fundedReason(p, rv, cappedVoters))
}

// moveSupporters funds p, moving its supporters to the new class of
// their entry (remap), with classes the number of classes before the
// round.
func (m *equalShares) moveSupporters(p, classes int, remap []int32, reason Why) {
	c := m.c
	m.gen++
	if m.uniform {
		// Entries are groups by utility (see aggregate).
		gs := m.ProjectGroups(p)
		for i, g := range m.Supporters[p] {
			j := 0
			if len(gs) > 1 {
				j, _ = slices.BinarySearchFunc(gs, int64(m.Utilities[p][i]), func(e entry, u int64) int { return cmp.Compare(e.U, u) })
			}
			m.cls[g] = remap[j]
		}
		m.uniform = false
	} else if c.e.Kind == Approval {
		// One entry per class (see aggregate): each class goes to its
		// entry's new class, found through Head (all 0 between uses).
		head := m.Head
		for i, en := range m.Entries {
			head[en.C] = remap[i] + 1
		}
		for _, g := range m.Supporters[p] {
			m.cls[g] = head[m.cls[g]] - 1
		}
		for _, en := range m.Entries {
			head[en.C] = 0
		}
	} else {
		for i, g := range m.Supporters[p] {
			m.cls[g] = remap[m.EntryOf[i]]
		}
	}
	if m.reclaim {
		for i, en := range m.Entries {
			m.pop[en.C] -= en.W
			m.pop[remap[i]] += en.W
		}
		for _, en := range m.Entries {
			m.release(en.C)
		}
	}
	m.aggOf = -1
	// Only a project sharing a supporter with p can have a new price:
	// the others' supporters hold what they held.
	for _, q := range m.neighbours(p) {
		m.dirty[q] = true
	}
	c.fund(p, reason) // the line that funds the round's winner
}

// neighbours lists the projects on some ballot supporting p (p too): the
// projects whose prices may change when p is paid for.
func (m *equalShares) neighbours(p int) []int32 {
	if m.nbr == nil {
		m.nbr = make([][]int32, len(m.Supporters))
	}
	if m.nbr[p] == nil {
		seen := make([]bool, len(m.Supporters))
		list := []int32{}
		for _, g := range m.Supporters[p] {
			for _, q := range m.c.e.Ballot(int(g)).Projects {
				if !seen[q] {
					seen[q] = true
					list = append(list, q)
				}
			}
		}
		m.nbr[p] = list
	}
	return m.nbr[p]
}

// addMulInt is addMulInt reusing m's working memory for b·±1.
func (m *equalShares) addMulInt(a, b *big.Rat, n int64) *big.Rat {
	if n == 1 || n == -1 {
		return m.scratch.addSigned(a, b, n < 0)
	}
	return addMulInt(a, b, n)
}

// remapScratch is m.remap sized for m.Entries; moveSupporters is done
// with it before the next payment.
func (m *equalShares) remapScratch() []int32 {
	if cap(m.remap) < len(m.Entries) {
		m.remap = make([]int32, 2*len(m.Entries))
	}
	return m.remap[:len(m.Entries)]
}

// newLazyKey is a new lazy key, cut from the arena. The arenas' first
// blocks follow the number of projects (a round prices each project at
// most once), so a small election does not start with room for a large
// one's keys.
func (m *equalShares) newLazyKey() *lazyKey {
	if m.lzUsed == len(m.lzArena) {
		m.lzArena = make([]lazyKey, max(min(32, len(m.c.e.Projects)+1), 2*len(m.lzArena)))
		m.lzUsed = 0
	}
	k := &m.lzArena[m.lzUsed]
	m.lzUsed++
	return k
}

// newCapped is an empty list with room for n classes, cut from the arena.
func (m *equalShares) newCapped(n int) []add1.Cap {
	used := len(m.capArena)
	if cap(m.capArena)-used < n {
		m.capArena = make([]add1.Cap, 0, max(min(512, 8*len(m.c.e.Projects)+8), 2*cap(m.capArena), n))
		used = 0
	}
	m.capArena = m.capArena[:used+n]
	return m.capArena[used : used : used+n]
}

// resetKeys marks every key made so far as dead, so that the arenas are
// used again from the start.
func (m *equalShares) resetKeys() {
	m.lzUsed = 0
	m.capArena = m.capArena[:0]
}
