package tally

import (
	"container/heap"
	"math"
	"math/big"
)

// supporter is a group of identical ballots supporting a project, with the
// utility u each of them gets from it, in payment units: 1 on approval
// ballots, the points or positional points otherwise (see divisor).
type supporter struct {
	g int32
	u int64
}

type entryKey struct {
	c int32
	u int64
}

// entry is a set of supporters of one project who hold the same budget
// (class c) and get the same utility u: w voters in all.
type entry struct {
	c      int32
	u, w   int64
	capped bool
}

// equalShares is one run of the Method of Equal Shares.
//
// Voters whose budgets are equal share a budget class. Budgets only change
// when a project is funded, and then every supporter in one class with one
// utility pays the same, so the number of classes stays small and exact
// rationals are only needed per class, not per voter.
type equalShares struct {
	c       *count
	supp    [][]supporter
	cls     []int32    // class of each ballot group
	bud     []*big.Rat // exact budget of each class, per voter, in minor units
	fb      []float64  // budgets as floats, to skip exact work (see exact.go)
	byFloat map[uint64][]int32
	agg     map[entryKey]int64
	entries []entry
	dirty   []bool
	rounds  int
	paid    []string // per funded project, how its supporters paid
}

func newEqualShares(c *count) *equalShares {
	m := &equalShares{c: c, supp: make([][]supporter, len(c.e.Projects)), agg: map[entryKey]int64{}}
	for g, b := range c.e.Ballots {
		for i, p := range b.Projects {
			u := b.Values[i]
			if u <= 0 {
				continue
			}
			if c.e.Kind == Approval {
				u = 1
			}
			m.supp[p] = append(m.supp[p], supporter{int32(g), u})
		}
	}
	return m
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

// class returns the class holding budget b, making one if needed.
func (m *equalShares) class(b *big.Rat) int32 {
	f := ratFloat(b)
	bits := math.Float64bits(f)
	for _, c := range m.byFloat[bits] {
		if m.bud[c].Cmp(b) == 0 {
			return c
		}
	}
	c := int32(len(m.bud))
	m.bud = append(m.bud, b)
	m.fb = append(m.fb, f)
	m.byFloat[bits] = append(m.byFloat[bits], c)
	return c
}

// run counts with every voter's share raised by extra minor units.
func (m *equalShares) run(extra int64) {
	c := m.c
	c.reset()
	m.rounds = 0
	m.paid = make([]string, len(c.e.Projects))
	m.bud, m.fb, m.byFloat = nil, nil, map[uint64][]int32{}
	m.class(new(big.Rat)) // class 0: nothing left
	start := m.class(new(big.Rat).Add(big.NewRat(c.e.Budget, max(c.e.Voters, 1)), ratInt(extra)))
	m.cls = make([]int32, len(c.e.Ballots))
	for g := range m.cls {
		m.cls[g] = start
	}
	m.dirty = make([]bool, len(c.e.Projects))
	h := &priceHeap{e: c.e}
	for p := range c.e.Projects {
		if len(m.supp[p]) == 0 {
			continue
		}
		if c.e.Projects[p].Cost == 0 {
			c.fund(p, "Funded before the rounds: it costs nothing and "+plural(c.votes[p], "voter supports", "voters support")+" it.")
			continue
		}
		if rho, ok := m.price(p); ok {
			heap.Push(h, priced{p, rho})
		}
	}
	m.tellExplained()
	for h.Len() > 0 {
		top := heap.Pop(h).(priced)
		if m.dirty[top.p] {
			m.dirty[top.p] = false
			if rho, ok := m.price(top.p); ok {
				heap.Push(h, priced{top.p, rho})
			}
			continue
		}
		m.pay(top.p, top.rho)
		m.tellExplained()
	}
}

// price aggregates p's supporters into entries and finds the smallest
// price ρ (per payment unit) at which they can pay p's cost, each paying
// min(budget, ρ·u). It returns the ranking key ρ / divisor(p), or ok =
// false when the supporters cannot pay.
func (m *equalShares) price(p int) (*big.Rat, bool) {
	rho, ok := m.payments(p)
	if !ok {
		return nil, false
	}
	if d := m.divisor(p); d != 1 {
		rho = new(big.Rat).Quo(rho, ratInt(d))
	}
	return rho, true
}

func (m *equalShares) aggregate(p int) {
	clear(m.agg)
	for _, s := range m.supp[p] {
		m.agg[entryKey{m.cls[s.g], s.u}] += m.c.e.Ballots[s.g].Weight
	}
	m.entries = m.entries[:0]
	for k, w := range m.agg {
		m.entries = append(m.entries, entry{c: k.c, u: k.u, w: w, capped: k.c == 0})
	}
}

// payments returns ρ per payment unit and leaves m.entries marked with who
// pays all they have (capped).
func (m *equalShares) payments(p int) (*big.Rat, bool) {
	m.aggregate(p)
	cost := m.c.e.Projects[p].Cost
	if !m.canPay(cost) {
		return nil, false
	}
	costR := ratInt(cost)
	cappedSum := new(big.Rat)
	var units int64
	for _, en := range m.entries {
		if !en.capped {
			units += en.w * en.u
		}
	}
	for {
		rho := new(big.Rat).Sub(costR, cappedSum)
		rho.Quo(rho, ratInt(units))
		fr := ratFloat(rho)
		more := false
		for i := range m.entries {
			en := &m.entries[i]
			if en.capped {
				continue
			}
			ord, sure := floatOrder(m.fb[en.c], fr*float64(en.u))
			if !sure {
				ord = m.bud[en.c].Cmp(mulInt(rho, en.u))
			}
			if ord < 0 {
				en.capped = true
				more = true
				cappedSum.Add(cappedSum, mulInt(m.bud[en.c], en.w))
				units -= en.w * en.u
			}
		}
		if !more {
			return rho, true
		}
	}
}

// canPay reports whether the supporters in m.entries hold at least cost.
func (m *equalShares) canPay(cost int64) bool {
	var f float64
	for _, en := range m.entries {
		f += float64(en.w) * m.fb[en.c]
	}
	if ord, sure := floatOrder(f, float64(cost)); sure {
		return ord >= 0
	}
	return m.supportersHold().Cmp(ratInt(cost)) >= 0
}

// supportersHold is the exact total budget of the supporters in m.entries.
func (m *equalShares) supportersHold() *big.Rat {
	sum := new(big.Rat)
	for _, en := range m.entries {
		if en.c != 0 {
			sum.Add(sum, mulInt(m.bud[en.c], en.w))
		}
	}
	return sum
}

// pay funds p at price rho (a ranking key) and moves its supporters to
// their new budget classes.
func (m *equalShares) pay(p int, key *big.Rat) {
	c := m.c
	rho, _ := m.payments(p) // entries are as when key was computed
	m.rounds++
	remap := make(map[entryKey]int32, len(m.entries))
	var cappedVoters int64
	for _, en := range m.entries {
		nc := int32(0)
		if en.capped {
			cappedVoters += en.w
		} else {
			nc = m.class(new(big.Rat).Sub(m.bud[en.c], mulInt(rho, en.u)))
		}
		remap[entryKey{en.c, en.u}] = nc
	}
	for _, s := range m.supp[p] {
		g := s.g
		m.cls[g] = remap[entryKey{m.cls[g], s.u}]
		for _, q := range c.e.Ballots[g].Projects {
			m.dirty[q] = true
		}
	}
	_ = key
	c.fund(p, m.fundedReason(p, rho, cappedVoters))
}
