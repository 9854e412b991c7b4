package tally

import (
	"slices"
	"testing"
)

// TestAdd1SkipsOnRealElections follows mes-add1 on real elections and
// checks, at every increment it counted and every one it skipped, that a
// fresh count from scratch gives the same funded projects in the same
// order.
func TestAdd1SkipsOnRealElections(t *testing.T) {
	for _, f := range []string{"Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb", "Poland_Katowice_2024_Murcki.pb"} {
		for _, u := range []Utility{CostUtility, CountUtility} {
			checkSkips(t, f, u, false)
			checkSkips(t, f, u, true)
		}
	}
}

// checkSkips follows mes-add1 on file f, in a certified count when fast
// (see certified.go), and compares every increment with an exact count
// from scratch.
func checkSkips(t *testing.T, f string, u Utility, fast bool) {
	t.Helper()
	_, e := readFile(t, "../pabulib/testdata/"+f)
	c := newCount(e, MESAdd1, Options{Utility: u})
	m := newEqualShares(c)
	m.track, m.fast = true, fast
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s (%s): the certified count could not decide at +%d: %v", f, u, m.k, r)
		}
	}()
	m.run(0)
	fresh := newCount(e, MESAdd1, Options{Utility: u})
	ref := newEqualShares(fresh)
	for {
		k := m.k
		for kk := k; kk < m.next; kk++ {
			ref.run(kk)
			if !slices.Equal(fresh.order, c.order) {
				t.Fatalf("%s (%s): counted at +%d and skipping to +%d, but +%d funds %v, not %v", f, u, k, m.next, kk, fresh.order, c.order)
			}
			if kk > k+2000 {
				break
			}
		}
		if c.spent > e.Budget || c.exhaustive() {
			return
		}
		m.resume(m.next)
	}
}
