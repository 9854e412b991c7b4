package tally

import (
	"math/big"
	"sort"
	"strconv"
)

// The plain count: the Method of Equal Shares as Peters and Skowron state
// it ("Proportional Participatory Budgeting with Additive Utilities",
// NeurIPS 2021; "Method of Equal Shares", equalshares.net), in exact
// rational arithmetic, one round at a time, with nothing done for speed.
// It is the definition the fast count in mes.go is tested against
// (plain_test.go: random elections and the shared real ones); read it
// first.
//
// One round:
//
//  1. Every voter i holds a budget b_i; at the start, the budget divided
//     equally among all ballots, plus the increment mes-add1 adds.
//  2. A project p that is not yet funded is affordable when its supporters
//     (the voters with utility u_i(p) > 0) hold its cost between them.
//  3. Its price ρ is the smallest number such that, each supporter paying
//     min(b_i, ρ·u_i(p)), they pay its cost in full (planRho).
//  4. The affordable project with the smallest ρ is funded (ties: smallest
//     project id as a plain string); each supporter pays min(b_i, ρ·u_i(p)).
//  5. When no project is affordable, counting stops.
//
// Before the first round every supported project that costs nothing is
// funded. The utility u_i(p) is, on approval ballots, p's cost (Utility
// "cost") or 1 (Utility "count"); the points on cumulative ballots; the
// positional points on ordinal ballots.
//
// Identical ballots are one voter here with a weight: they start with the
// same budget and support the same projects with the same utilities, so
// every round treats them alike and they keep equal budgets (a round that
// treated them differently would have to tell them apart, and nothing in
// it does).

// plainVoter is a group of identical ballots: w ballots, each holding
// budget.
type plainVoter struct {
	w      int64
	budget *big.Rat
}

// plainSupporter is a voter supporting a project, with the utility u each
// of its ballots gets from it.
type plainSupporter struct {
	v int // index into the voters
	u int64
}

// plainMES counts c's election by the Method of Equal Shares with every
// voter's share raised by k currency units, giving every project its
// reason as the fast count does. raised, when not empty, is what mes-add1
// added (for the reasons of projects left out).
func (c *count) plainMES(k int64, raised string) {
	e := c.e
	c.reset()
	share := new(big.Rat).Add(big.NewRat(e.Budget, max(e.Voters, 1)), ratInt(k*e.Scale))
	voters := make([]plainVoter, e.NumBallots())
	supporters := make([][]plainSupporter, len(e.Projects))
	for g := range voters {
		b := e.Ballot(g)
		voters[g] = plainVoter{w: b.Weight, budget: new(big.Rat).Set(share)}
		for i, p := range b.Projects {
			if b.Values[i] > 0 {
				supporters[p] = append(supporters[p], plainSupporter{v: g, u: c.plainUtility(int(p), b.Values[i])})
			}
		}
	}
	for p, pr := range e.Projects {
		if pr.Cost == 0 && len(supporters[p]) > 0 {
			c.fund(p, c.why(WhyMESFree, p))
		}
	}
	for round := 1; ; round++ {
		best, bestRho := -1, (*big.Rat)(nil)
		for p := range e.Projects {
			if c.selected[p] || len(supporters[p]) == 0 {
				continue
			}
			rho, ok := planRho(e.Projects[p].Cost, supporters[p], voters)
			if !ok {
				continue
			}
			// Projects are visited by index, so on equal ρ the smaller
			// id must be chosen explicitly.
			if best < 0 || rho.Cmp(bestRho) < 0 || (rho.Cmp(bestRho) == 0 && e.idLess(p, best)) {
				best, bestRho = p, rho
			}
		}
		if best < 0 {
			break
		}
		// Each supporter pays min(b_i, ρ·u_i); those for whom b_i < ρ·u_i
		// pay all they have ("capped"). The payments add up to the cost
		// exactly, by the definition of ρ.
		var capped int64
		for _, s := range supporters[best] {
			v := &voters[s.v]
			pay := new(big.Rat).Mul(bestRho, ratInt(s.u))
			if v.budget.Cmp(pay) < 0 {
				capped += v.w
				pay.Set(v.budget)
			}
			v.budget.Sub(v.budget, pay)
		}
		w := c.why(WhyMESFunded, best)
		w.Round, w.Capped = round, capped
		// The reason states the payment per ballot (approval ballots) or
		// per point, not per unit of utility: ρ times the utility of one
		// approval or one point.
		w.Each = FormatRat(new(big.Rat).Quo(new(big.Rat).Mul(bestRho, ratInt(c.plainUtility(best, 1))), ratInt(e.Scale)), e.Currency)
		c.fund(best, w)
	}
	for p := range e.Projects {
		switch {
		case c.selected[p]:
		case len(supporters[p]) == 0:
			c.reasons[p] = c.why(WhyMESUnsupported, p)
		default:
			held := new(big.Rat)
			for _, s := range supporters[p] {
				held.Add(held, new(big.Rat).Mul(voters[s.v].budget, ratInt(voters[s.v].w)))
			}
			c.reasons[p] = c.why(WhyMESShort, p)
			c.reasons[p].Held, c.reasons[p].Raised = FormatRat(heldForDisplay(ratFloat(held), e.Scale), e.Currency), raised
		}
	}
}

// plainUtility is what one ballot giving value (1 on approval ballots,
// points otherwise) to project p gets from it.
func (c *count) plainUtility(p int, value int32) int64 {
	if c.e.Kind == Approval && c.opt.Utility == CostUtility {
		return c.e.Projects[p].Cost
	}
	return int64(value)
}

// planRho is the price ρ of a project of the given cost: the smallest ρ
// with Σ w_i·min(b_i, ρ·u_i) ≥ cost over its supporters, and false when
// they hold less than the cost (no ρ pays for it).
//
// Why it is correct: f(ρ) = Σ w_i·min(b_i, ρ·u_i) is continuous and
// nondecreasing, and linear between the points ρ = b_i/u_i. Taking the
// supporters by b_i/u_i ascending, suppose the first j pay all they have.
// Then the others pay ρ·u_i and ρ = (cost − Σ_{first j} w·b) / Σ_{rest} w·u.
// That ρ is the answer when supporter j+1 is not capped by it, that is
// b_{j+1}/u_{j+1} ≥ ρ (every later one then is not either); otherwise
// supporter j+1 pays all it has too, and the next j is tried. When the
// supporters hold the cost or more, some j stops the walk: at the last
// supporter the remaining cost is at most its w·b, so ρ ≤ b/u.
func planRho(cost int64, supp []plainSupporter, voters []plainVoter) (*big.Rat, bool) {
	total := new(big.Rat)
	for _, s := range supp {
		total.Add(total, new(big.Rat).Mul(voters[s.v].budget, ratInt(voters[s.v].w)))
	}
	if total.Cmp(ratInt(cost)) < 0 {
		return nil, false
	}
	order := make([]plainSupporter, len(supp))
	copy(order, supp)
	ratio := func(s plainSupporter) *big.Rat {
		return new(big.Rat).Quo(voters[s.v].budget, ratInt(s.u))
	}
	sort.SliceStable(order, func(i, j int) bool { return ratio(order[i]).Cmp(ratio(order[j])) < 0 })
	left := ratInt(cost) // the cost not yet paid by capped supporters
	units := new(big.Rat)
	for _, s := range order {
		units.Add(units, ratInt(voters[s.v].w*s.u))
	}
	for _, s := range order {
		rho := new(big.Rat).Quo(left, units)
		if ratio(s).Cmp(rho) >= 0 {
			return rho, true
		}
		v := voters[s.v]
		left.Sub(left, new(big.Rat).Mul(v.budget, ratInt(v.w)))
		units.Sub(units, ratInt(v.w*s.u))
	}
	// Unreachable when total ≥ cost (see above); kept as a plain answer.
	return nil, false
}

// heldForDisplay is an amount of minor units held by supporters, in
// currency units for a reason: it is shown rounded to cents, and is first
// written to six decimals so that the fast count's float sum and the
// plain count's exact sum give the same figure.
func heldForDisplay(minor float64, scale int64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(minor/float64(scale), 'f', 6, 64))
	return r
}

// plainAdd1 is mes-add1 counted as it is defined: every voter's share is
// raised one currency unit at a time, the count run from the start each
// time, until the outcome is exhaustive; a run that overspends the real
// budget ends the search with the outcome before it. It returns the
// increment chosen. Used by tests only: it can take thousands of counts.
func (c *count) plainAdd1() int64 {
	for k := int64(0); ; k++ {
		c.plainMES(k, "")
		if c.spent > c.e.Budget {
			return k - 1
		}
		if c.exhaustive() {
			return k
		}
	}
}
