package tally

import (
	"fmt"
	"math/rand/v2"
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
			checkSkips(t, f, u, false, false)
			checkSkips(t, f, u, true, false)
			checkSkips(t, f, u, true, true)
		}
	}
}

// checkSkips follows mes-add1 on file f, in a certified count when fast
// (see certified.go), drifting past changes of who pays in full when
// drifting (see drift.go), and compares every increment with an exact
// count from scratch.
func checkSkips(t *testing.T, f string, u Utility, fast, drifting bool) {
	t.Helper()
	_, e := readFile(t, "../pabulib/testdata/"+f)
	checkSkipsOn(t, f, e, u, fast, drifting)
}

// checkSkipsOn is checkSkips on election e, named f; it returns how many
// counts mes-add1 made.
func checkSkipsOn(t *testing.T, f string, e *Election, u Utility, fast, drifting bool) (counts int) {
	t.Helper()
	c := newCount(e, MESAdd1, Options{Utility: u})
	m := newEqualShares(c)
	m.track, m.fast, m.drifting = true, fast, drifting
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s (%s): the certified count could not decide at +%d: %v", f, u, m.k, r)
		}
	}()
	m.run(0)
	counts = 1
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
			return counts
		}
		m.advance()
		counts++
	}
}

// TestDriftSkipsOnRandomElections follows mes-add1 drifting past changes
// of who pays in full (see drift.go) on random elections where the
// certified count decides, checking every increment counted or skipped
// against an exact count from scratch, and that drifting needs fewer
// counts than stopping at every change of split.
func TestDriftSkipsOnRandomElections(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	kinds := []string{"approval", "cumulative", "ordinal"}
	n := 60
	if testing.Short() {
		n = 15
	}
	var drifted, stopped int
	for i := 0; i < n; i++ {
		src := randomWide(r, kinds[i%3])
		e := parse(t, src)
		for _, u := range []Utility{CostUtility, CountUtility} {
			if !certifies(e, u) {
				continue
			}
			name := fmt.Sprintf("random %d (%s)", i, kinds[i%3])
			drifted += checkSkipsOn(t, name, e, u, true, true)
			stopped += checkSkipsOn(t, name, e, u, true, false)
		}
	}
	t.Logf("counts: %d drifting, %d stopping at every change of split", drifted, stopped)
	if drifted == 0 || drifted >= stopped {
		t.Errorf("drifting made %d counts, stopping at every change of split %d", drifted, stopped)
	}
}

// certifies reports whether the certified count of mes-add1 decides every
// comparison on e.
func certifies(e *Election, u Utility) bool {
	m := newEqualShares(newCount(e, MESAdd1, Options{Utility: u}))
	_, ok := m.add1Final(true)
	return ok
}
