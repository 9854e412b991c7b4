package tally

import (
	"math/big"
	"sort"
)

// greedyOrder is the order in which greedy rules consider projects: a
// supported project that costs nothing first, then by score descending,
// ties by id as a plain string.
func (c *count) greedyOrder() []int {
	order := make([]int, len(c.e.Projects))
	for i := range order {
		order[i] = i
	}
	free := func(p int) bool { return c.e.Projects[p].Cost == 0 && c.scores[p] > 0 }
	sort.SliceStable(order, func(i, j int) bool {
		p, q := order[i], order[j]
		if free(p) != free(q) {
			return free(p)
		}
		if c.scores[p] != c.scores[q] {
			return c.scores[p] > c.scores[q]
		}
		return c.e.idLess(p, q)
	})
	return order
}

func (c *count) meetsThreshold(p int) bool {
	if c.e.Threshold == nil {
		return true
	}
	return new(big.Rat).SetInt64(c.scores[p]).Cmp(c.e.Threshold) >= 0
}

func (c *count) scoreWords(p int) string {
	switch c.e.Kind {
	case Cumulative:
		return plural(c.scores[p], "point", "points")
	case Ordinal:
		return plural(c.scores[p], "ranking point", "ranking points")
	}
	return plural(c.scores[p], "vote", "votes")
}

func (c *count) greedy(rule Rule) {
	left := c.e.Budget
	stoppedAt := -1
	for rank, p := range c.greedyOrder() {
		cost := c.e.Projects[p].Cost
		c.tell("Turn %d: %s (%s, %s) with %s left.", rank+1, c.e.Projects[p].ID, c.scoreWords(p), c.money(cost), c.money(left))
		switch {
		case stoppedAt >= 0:
			c.reasons[p] = c.why(WhyGreedyStopped, p)
			c.reasons[p].Stopped = c.e.Projects[stoppedAt].ID
		case rule == GreedyThreshold && !c.meetsThreshold(p):
			c.reasons[p] = c.why(WhyGreedyThreshold, p)
			c.reasons[p].Threshold = c.e.Threshold.RatString()
		case cost <= left:
			w := c.why(WhyGreedyFunded, p)
			w.Rank, w.Left = rank+1, c.money(left)
			left -= cost
			c.fund(p, w)
		default:
			w := c.why(WhyGreedyNoFit, p)
			w.Rank, w.Left = rank+1, c.money(left)
			if rule == GreedyNoSkip {
				stoppedAt = p
				w.StopsHere = true
			}
			c.reasons[p] = w
		}
	}
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return groupDigits(itoa(n)) + suffix
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }
