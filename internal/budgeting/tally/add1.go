package tally

import (
	"math"
	"math/big"
)

// roundLog is what one round of equal shares changed, so it can be undone.
type roundLog struct {
	p       int    // the project funded
	moves   []move // the ballot groups that changed class, with their old class
	classes int    // how many budget classes there were before the round
}

type move struct{ g, old int32 }

// resume counts again with k increments, keeping the rounds whose every
// comparison is known to come out the same at k. Budgets are affine in the
// extra money, so the classes those rounds made are still right once
// re-evaluated at k.
func (m *equalShares) resume(k int64) {
	c := m.c
	first := 0
	for first < len(m.phaseNext) && m.phaseNext[first] > k {
		first++
	}
	// Undo the rounds after the first phase that may change.
	for i := len(m.log) - 1; i >= first; i-- {
		r := m.log[i]
		for j := len(r.moves) - 1; j >= 0; j-- {
			m.cls[r.moves[j].g] = r.moves[j].old
		}
		c.selected[r.p] = false
		c.reasons[r.p] = ""
		c.spent -= c.e.Projects[r.p].Cost
		c.order = c.order[:len(c.order)-1]
		m.bud = m.bud[:r.classes]
	}
	m.log = m.log[:first]
	m.rounds = first
	m.phaseNext = append(m.phaseNext[:first], math.MaxInt64)
	m.next = math.MaxInt64
	for _, n := range m.phaseNext[:first] {
		m.next = min(m.next, n)
	}
	// Re-evaluate every budget at k.
	delta := ratInt((k - m.k) * c.e.Scale)
	m.byFloat = make(map[[2]uint64][]int32, len(m.bud))
	for i, b := range m.bud {
		if b.s.Sign() != 0 {
			b = newBudget(new(big.Rat).Add(b.v, new(big.Rat).Mul(b.s, delta)), b.s)
			m.bud[i] = b
		}
		key := [2]uint64{math.Float64bits(b.fv), math.Float64bits(b.fs)}
		m.byFloat[key] = append(m.byFloat[key], int32(i))
	}
	m.k = k
	// Projects set aside in the phases kept stay aside; the others are
	// priced again.
	for p, d := range m.dropped {
		if d >= first {
			m.dropped[p] = -1
		}
	}
	m.priceAll()
	m.rounds_()
}
