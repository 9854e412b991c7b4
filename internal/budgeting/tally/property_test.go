package tally

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomElection writes a random election of the given kind.
func randomElection(r *rand.Rand, kind string) string {
	np := 1 + r.IntN(6)
	nv := 1 + r.IntN(12)
	var b strings.Builder
	budget := 1 + r.IntN(300)
	fmt.Fprintf(&b, "META\nkey;value\nbudget;%d\nvote_type;%s\nPROJECTS\nproject_id;cost\n", budget, kind)
	for p := 0; p < np; p++ {
		// Few distinct costs and ids that sort differently as strings and
		// numbers make ties likely.
		fmt.Fprintf(&b, "%d;%d\n", 8+p, []int{0, 10, 20, 50, 100, 150}[r.IntN(6)])
	}
	if kind == "cumulative" {
		b.WriteString("VOTES\nvoter_id;vote;points\n")
	} else {
		b.WriteString("VOTES\nvoter_id;vote\n")
	}
	for v := 0; v < nv; v++ {
		perm := r.Perm(np)[:r.IntN(np+1)]
		var ids, pts []string
		for _, p := range perm {
			ids = append(ids, fmt.Sprint(8+p))
			pts = append(pts, fmt.Sprint(1+r.IntN(3)))
		}
		if kind == "cumulative" {
			fmt.Fprintf(&b, "v%d;%s;%s\n", v, strings.Join(ids, ","), strings.Join(pts, ","))
		} else {
			fmt.Fprintf(&b, "v%d;%s\n", v, strings.Join(ids, ","))
		}
	}
	return b.String()
}

func TestPropertiesOnRandomElections(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 400; i++ {
		kind := []string{"approval", "cumulative", "ordinal"}[i%3]
		src := randomElection(r, kind)
		e := parse(t, src)
		for _, rule := range Rules {
			if rule == Phragmen && e.Kind != Approval {
				continue
			}
			for _, u := range []Utility{CostUtility, CountUtility} {
				res := mustCount(t, e, rule, Options{Utility: u})
				if res.Spent > res.Budget {
					t.Fatalf("%s (%s) spends %d of %d on\n%s", rule, u, res.Spent, res.Budget, src)
				}
				var sum int64
				for _, o := range res.Projects {
					if o.Selected {
						sum += o.Cost
					}
					if o.Reason == "" {
						t.Fatalf("%s: project %s has no reason\n%s", rule, o.ID, src)
					}
				}
				if sum != res.Spent || len(res.Selected) != countSelected(res) {
					t.Fatalf("%s: inconsistent result %+v", rule, res)
				}
			}
		}
		checkAdd1(t, e, src)
		checkGreedyBruteForce(t, e, src)
	}
}

func countSelected(r *Result) int {
	n := 0
	for _, o := range r.Projects {
		if o.Selected {
			n++
		}
	}
	return n
}

// checkAdd1: the mes-add1 outcome is exhaustive, or one more unit per
// voter would have overspent.
func checkAdd1(t *testing.T, e *Election, src string) {
	t.Helper()
	for _, u := range []Utility{CostUtility, CountUtility} {
		res := mustCount(t, e, MESAdd1, Options{Utility: u})
		c := newCount(e, MESAdd1, Options{Utility: u})
		m := newEqualShares(c)
		m.run(res.Increments)
		if c.spent != res.Spent {
			t.Fatalf("re-running at +%d spends %d, not %d", res.Increments, c.spent, res.Spent)
		}
		if c.exhaustive() {
			continue
		}
		m.run(res.Increments + 1)
		if c.spent <= e.Budget {
			t.Fatalf("mes-add1 (%s) stopped at +%d, neither exhaustive nor followed by an overspend\n%s", u, res.Increments, src)
		}
	}
}

// checkGreedyBruteForce compares greedy with a reference that knows only
// what greedy promises: among all sets of projects, the outcome is the one
// where each project, taken in score order, is in the set exactly when it
// fits beside the projects before it in the set.
func checkGreedyBruteForce(t *testing.T, e *Election, src string) {
	t.Helper()
	c := newCount(e, Greedy, Options{})
	order := c.greedyOrder()
	var found []int
	for set := 0; set < 1<<len(order); set++ {
		var spent int64
		ok := true
		for i, p := range order {
			in := set&(1<<i) != 0
			fits := spent+e.Projects[p].Cost <= e.Budget
			if in != fits {
				ok = false
				break
			}
			if in {
				spent += e.Projects[p].Cost
			}
		}
		if ok {
			found = append(found, set)
		}
	}
	if len(found) != 1 {
		t.Fatalf("brute force found %d greedy outcomes", len(found))
	}
	res := mustCount(t, e, Greedy, Options{})
	for i, p := range order {
		if (found[0]&(1<<i) != 0) != res.Projects[p].Selected {
			t.Fatalf("greedy and brute force differ on %s\n%s", e.Projects[p].ID, src)
		}
	}
	// The order itself: score descending (a free supported project first).
	for i := 1; i < len(order); i++ {
		p, q := order[i-1], order[i]
		if c.scores[p] < c.scores[q] && !(e.Projects[p].Cost == 0 && c.scores[p] > 0) {
			t.Fatalf("order puts %s (%d) before %s (%d)", e.Projects[p].ID, c.scores[p], e.Projects[q].ID, c.scores[q])
		}
	}
}

// naiveAdd1 is mes-add1 as the cities describe it: one unit at a time.
func naiveAdd1(e *Election, u Utility) (int64, []string) {
	c := newCount(e, MESAdd1, Options{Utility: u})
	m := newEqualShares(c)
	for k := int64(0); ; k++ {
		m.run(k)
		if c.spent > e.Budget {
			m.run(k - 1)
			return k - 1, c.result().Selected
		}
		if c.exhaustive() {
			return k, c.result().Selected
		}
	}
}

// TestAdd1SkipsOnlyWhatCannotChange compares mes-add1, which jumps over
// increments that cannot change the outcome, with the unit-by-unit loop.
func TestAdd1SkipsOnlyWhatCannotChange(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		src := randomElection(r, []string{"approval", "cumulative", "ordinal"}[i%3])
		e := parse(t, src)
		for _, u := range []Utility{CostUtility, CountUtility} {
			res := mustCount(t, e, MESAdd1, Options{Utility: u})
			k, sel := naiveAdd1(e, u)
			if k != res.Increments || strings.Join(sel, ",") != strings.Join(res.Selected, ",") {
				t.Fatalf("%s: skipping gives +%d %v, unit by unit +%d %v\n%s", u, res.Increments, res.Selected, k, sel, src)
			}
		}
	}
}
