package tally

import (
	"math/big"
	"sort"
)

// phragmen is sequential Phragmén on approval ballots. Every voter carries
// a load, 0 at first. A project's value is its cost plus its supporters'
// loads, shared among its supporters; the project with the lowest value is
// funded and all its supporters' loads become that value. Supporters of one
// funded project end with equal loads, so loads are kept per round (a load
// class per round) and the exact sums stay short.
func (c *count) phragmen() {
	e := c.e
	supp := make([][]int32, len(e.Projects))
	n := make([]int, len(e.Projects)) // counted first: one array for all
	total := 0
	for g := range e.NumBallots() {
		for _, p := range e.Ballot(g).Projects {
			n[p]++
			total++
		}
	}
	all := make([]int32, total)
	for p := range supp {
		supp[p], all = all[:0:n[p]], all[n[p]:]
	}
	for g := range e.NumBallots() {
		for _, p := range e.Ballot(g).Projects {
			supp[p] = append(supp[p], int32(g))
		}
	}
	loads := []*big.Rat{new(big.Rat)}
	cls := make([]int32, e.NumBallots())
	dirty := make([]bool, len(e.Projects))
	counts := []int64{0}
	var sum ratSum // loads over the same denominator add as integers
	value := func(p int) *big.Rat {
		for i := range counts {
			counts[i] = 0
		}
		for _, g := range supp[p] {
			counts[cls[g]] += int64(e.groups[g].w)
		}
		sum.reset()
		sum.add(ratInt(e.Projects[p].Cost), 1)
		for k, n := range counts {
			if n > 0 && k > 0 {
				sum.add(loads[k], n)
			}
		}
		v := sum.sum()
		return v.Quo(v, ratInt(c.votes[p]))
	}
	h := &priceHeap{e: e}
	var unsupported []int
	for p, pr := range e.Projects {
		switch {
		case pr.Cost > e.Budget:
			c.reasons[p] = c.why(WhyPhragmenOverBudget, p)
			c.reasons[p].Budget = c.money(e.Budget)
		case len(supp[p]) == 0:
			unsupported = append(unsupported, p)
		default:
			h.push(priced{p: p, rho: value(p)})
		}
	}
	stop := func(next []int) {
		left := e.Budget - c.spent
		for _, q := range next {
			if e.Projects[q].Cost > left {
				c.reasons[q] = c.why(WhyPhragmenNoFit, q)
				c.reasons[q].Round, c.reasons[q].Left = len(c.order)+1, c.money(left)
				c.tell("Round %d: this project came next but did not fit, so counting stopped.", len(c.order)+1)
				for p := range e.Projects {
					if !c.selected[p] && c.reasons[p].Code == "" {
						c.reasons[p] = c.why(WhyPhragmenStopped, p)
						c.reasons[p].Round, c.reasons[p].Stopped, c.reasons[p].Left = len(c.order)+1, e.Projects[q].ID, c.money(left)
					}
				}
				return
			}
		}
	}
	for h.Len() > 0 {
		top := h.pop()
		if dirty[top.p] {
			dirty[top.p] = false
			h.push(priced{p: top.p, rho: value(top.p)})
			continue
		}
		// The projects tied with top at the lowest value.
		tied := []priced{top}
		for h.Len() > 0 && h.items[0].rho.Cmp(top.rho) == 0 {
			x := h.pop()
			if dirty[x.p] {
				dirty[x.p] = false
				h.push(priced{p: x.p, rho: value(x.p)})
				continue
			}
			tied = append(tied, x)
		}
		for _, x := range tied[1:] {
			h.push(x)
		}
		var ids []int
		for _, x := range tied {
			ids = append(ids, x.p)
		}
		if c.anyMisfit(ids) {
			stop(ids)
			return
		}
		p := top.p
		loads = append(loads, top.rho)
		counts = append(counts, 0)
		k := int32(len(loads) - 1)
		for _, g := range supp[p] {
			cls[g] = k
			for _, q := range e.Ballot(int(g)).Projects {
				dirty[q] = true
			}
		}
		w := c.why(WhyPhragmenFunded, p)
		w.Round, w.Load = len(c.order)+1, FormatRat(new(big.Rat).Quo(top.rho, ratInt(e.Scale)), e.Currency)
		c.fund(p, w)
		c.tell("Round %d: %s funded.", len(c.order), e.Projects[p].ID)
	}
	// Projects nobody supports tie with an infinite value; they are funded,
	// smallest id first, only while every one of them still fits.
	sort.Slice(unsupported, func(i, j int) bool { return e.idLess(unsupported[i], unsupported[j]) })
	for len(unsupported) > 0 {
		if c.anyMisfit(unsupported) {
			stop(unsupported)
			return
		}
		p := unsupported[0]
		unsupported = unsupported[1:]
		w := c.why(WhyPhragmenUnsupported, p)
		w.Round = len(c.order) + 1
		c.fund(p, w)
	}
}

func (c *count) anyMisfit(ps []int) bool {
	for _, p := range ps {
		if c.e.Projects[p].Cost > c.e.Budget-c.spent {
			return true
		}
	}
	return false
}
