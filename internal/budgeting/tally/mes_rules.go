package tally

import (
	"fmt"
	"math/big"

	"commons/internal/budgeting/tally/add1"
)

// priced is a project with a ranking key: a price per unit of utility
// (equal shares) or a load (Phragmén); lower is better.
type priced struct {
	p    int
	rho  *big.Rat // the exact key; nil when lz works it out on demand
	fv   float64  // rho as a float
	keyS float64  // equal shares: how rho changes per unit of extra money
	// Equal shares: bounds of the errors of fv and keyS, and, when rho is
	// nil, how to work it out.
	fe, keyE float64
	lz       *lazyKey
	// Equal shares, when nobody pays all they have: the key is exactly
	// num/den (den > 0), whatever the budgets; else den is 0.
	num, den uint64
}

// key returns the exact key.
func (x *priced) key() *big.Rat {
	if x.rho == nil {
		x.rho = x.lz.exact()
	}
	return x.rho
}

type priceHeap struct {
	e     *Election
	items []priced
	// Per project, its group of twins (see equalShares.twin), and
	// whether its key in the heap is stale.
	twin  []int32
	dirty []bool
}

func (h *priceHeap) twins(p, q int) bool { return h.twin != nil && h.twin[p] == h.twin[q] }

func (h *priceHeap) Len() int { return len(h.items) }
func (h *priceHeap) Less(i, j int) bool {
	a, b := &h.items[i], &h.items[j]
	if a.lz != nil && b.lz != nil {
		// Floats decide when the keys are apart by more than their error
		// bounds (doubled, for the rounding of this test).
		if d := b.fv - a.fv; d > 2*(a.fe+b.fe) {
			return true
		} else if -d > 2*(a.fe+b.fe) {
			return false
		}
	}
	if h.twins(a.p, b.p) && !h.dirty[a.p] && !h.dirty[b.p] {
		// Same cost, same supporters: the same price, whatever the
		// budgets.
		return h.e.idLess(a.p, b.p)
	}
	if a.lz != nil && b.lz != nil && a.lz.same(b.lz) {
		return h.e.idLess(a.p, b.p)
	}
	if a.den != 0 && b.den != 0 {
		if c := add1.CmpFrac(a.num, a.den, b.num, b.den); c != 0 {
			return c < 0
		}
		return h.e.idLess(a.p, b.p)
	}
	if c := a.key().Cmp(b.key()); c != 0 {
		return c < 0
	}
	return h.e.idLess(h.items[i].p, h.items[j].p)
}
func (h *priceHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }

// push adds x. push and pop make the comparisons container/heap would,
// in the same order, without boxing each key in an interface (an
// allocation of 80 bytes at every push and pop).
func (h *priceHeap) push(x priced) {
	h.items = append(h.items, x)
	for j := len(h.items) - 1; j > 0; {
		parent := (j - 1) / 2
		if !h.Less(j, parent) {
			break
		}
		h.Swap(parent, j)
		j = parent
	}
}

// pop removes and returns the least key.
func (h *priceHeap) pop() priced {
	last := len(h.items) - 1
	h.Swap(0, last)
	for i := 0; ; {
		child := 2*i + 1
		if child >= last {
			break
		}
		if right := child + 1; right < last && h.Less(right, child) {
			child = right
		}
		if !h.Less(child, i) {
			break
		}
		h.Swap(i, child)
		i = child
	}
	x := h.items[last]
	h.items = h.items[:last]
	return x
}

func (c *count) mes() {
	m := newEqualShares(c)
	m.run(0)
	m.explainUnfunded("")
}

// mesAdd1 raises every voter's share one currency unit at a time until the
// outcome is exhaustive, and returns the last outcome within the budget.
// Package add1 searches for that increment in certified floats, skipping
// the increments that provably give the same outcome as the one just
// counted; then the count at the increment found, exact, gives the
// result and the reasons.
func (c *count) mesAdd1(completeGreedily bool) {
	m := newEqualShares(c)
	explain := c.explain
	s := add1.NewCounter(m.add1Election())
	var final int64
	for from := int64(0); ; {
		k, sure := s.Search(from)
		if sure {
			final = k
			break
		}
		// A comparison of the count at k was too close for floats, and
		// every increment before k is known not to end the search: count
		// k exactly, and search on from the next if it does not end it.
		c.add1Exact = true
		c.explain, c.quiet = -1, true
		m.run(k)
		if c.spent > c.e.Budget {
			final = k - 1
			break
		}
		if c.exhaustive() {
			final = k
			break
		}
		from = k + 1
	}
	// Count once more, exactly, at the chosen increment: this count
	// alone gives the result, the reasons and the story.
	c.explain, c.quiet = explain, false
	m.run(final)
	c.increments = final
	raised := ""
	if final > 0 {
		raised = c.money(final * c.e.Scale)
	}
	m.explainUnfunded(raised)
	if completeGreedily {
		c.completeGreedily()
	}
}

// exhaustive reports whether no supported project left out still fits in
// the real budget.
func (c *count) exhaustive() bool {
	for p, pr := range c.e.Projects {
		if !c.selected[p] && c.votes[p] > 0 && pr.Cost <= c.e.Budget-c.spent {
			return false
		}
	}
	return true
}

// completeGreedily funds the projects left out, best score first, while
// they fit.
func (c *count) completeGreedily() {
	for _, p := range c.greedyOrder() {
		if c.selected[p] {
			continue
		}
		left := c.e.Budget - c.spent
		if cost := c.e.Projects[p].Cost; cost <= left {
			w := c.why(WhyMESCompleted, p)
			w.Left = c.money(left)
			c.fund(p, w)
		} else {
			c.reasons[p].Leftover = c.money(left)
		}
	}
}

func (m *equalShares) fundedReason(p int, rho *big.Rat, capped int64) Why {
	c := m.c
	w := c.why(WhyMESFunded, p)
	w.Round, w.Capped = m.rounds, capped
	w.Each = FormatRat(new(big.Rat).Quo(rho, ratInt(c.e.Scale)), c.e.Currency)
	return w
}

// explainUnfunded gives every project left out its reason; raised, when
// not empty, is how much every voter's share was raised by.
func (m *equalShares) explainUnfunded(raised string) {
	c := m.c
	for p := range c.e.Projects {
		if c.selected[p] {
			continue
		}
		if len(m.Supporters[p]) == 0 {
			c.reasons[p] = c.why(WhyMESUnsupported, p)
			continue
		}
		m.aggregate(p)
		hold := m.holdForDisplay()
		c.reasons[p] = c.why(WhyMESShort, p)
		c.reasons[p].Held, c.reasons[p].Raised = FormatRat(hold, c.e.Currency), raised
	}
}

// tellExplained adds a line to the explained project's story after a
// round.
func (m *equalShares) tellExplained() {
	c := m.c
	x := c.explain
	if x < 0 {
		return
	}
	head := "Before the rounds"
	if m.rounds > 0 {
		last := c.order[len(c.order)-1]
		head = fmt.Sprintf("After round %d (%s funded, %s)", m.rounds, c.e.Projects[last].ID, c.money(c.e.Projects[last].Cost))
	}
	if c.selected[x] {
		if c.order[len(c.order)-1] == x {
			c.tell("%s: this project was funded. %s", head, c.reasons[x].English())
		}
		return
	}
	if len(m.Supporters[x]) == 0 {
		if m.rounds == 0 {
			c.tell("%s: no ballot supports this project, so it cannot be funded.", head)
		}
		return
	}
	m.aggregate(x)
	hold := m.holdForDisplay()
	line := fmt.Sprintf("%s: its %s hold %s between them; it costs %s", head, plural(c.votes[x], "supporter", "supporters"), FormatRat(hold, c.e.Currency), c.money(c.e.Projects[x].Cost))
	if rho, _, ok := m.payments(x); ok {
		unit := " each"
		if c.e.Kind != Approval {
			unit = " per point"
		}
		line += fmt.Sprintf(", so they could pay for it with at most %s%s.", FormatRat(new(big.Rat).Quo(rho, ratInt(c.e.Scale)), c.e.Currency), unit)
	} else {
		line += ", more than they can pay."
	}
	c.tell("%s", line)
}
