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
// counts mes-add1 made, and how many of them vouched for increments past a
// change of who pays in full (drifting only).
func checkSkipsOn(t *testing.T, f string, e *Election, u Utility, fast, drifting bool) (counts, past int) {
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
			return counts, past
		}
		if m.drift != nil && m.drift.firstChanged(m.next-1) < len(m.drift.rounds) {
			past++ // some split had changed by the last increment vouched for
		}
		m.advance()
		counts++
	}
}

// TestDriftSkipsOnRandomElections follows mes-add1 drifting past changes
// of who pays in full (see drift.go) on random elections where the
// certified count decides, checking every increment counted or skipped
// against an exact count from scratch, and that some counts did reach
// past such a change.
func TestDriftSkipsOnRandomElections(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	kinds := []string{"approval", "cumulative", "ordinal"}
	n := 30
	if testing.Short() {
		n = 8
	}
	var drifted, stopped, past int
	for i := 0; i < n; i++ {
		src := randomWide(r, kinds[i%3])
		e := parse(t, src)
		for _, u := range []Utility{CostUtility, CountUtility} {
			if !certifies(e, u) {
				continue
			}
			name := fmt.Sprintf("random %d (%s)", i, kinds[i%3])
			d, p := checkSkipsOn(t, name, e, u, true, true)
			s, _ := checkSkipsOn(t, name, e, u, true, false)
			drifted, stopped, past = drifted+d, stopped+s, past+p
		}
	}
	t.Logf("counts: %d drifting (%d reaching past a change of split), %d stopping at every change of split", drifted, past, stopped)
	if past == 0 {
		t.Error("no drifting count reached past a change of who pays in full")
	}
}

// certifies reports whether the certified count of mes-add1 decides every
// comparison on e.
func certifies(e *Election, u Utility) bool {
	m := newEqualShares(newCount(e, MESAdd1, Options{Utility: u}))
	_, ok := m.add1Final(true)
	return ok
}
