package tally

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"commons/internal/budgeting/tally/add1"
)

// TestAdd1SkipsOnRealElections follows mes-add1 on real elections and
// checks, at every increment it counted and every one it skipped, that a
// fresh count from scratch gives the same funded projects in the same
// order.
func TestAdd1SkipsOnRealElections(t *testing.T) {
	files := []string{"Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb", "Poland_Katowice_2024_Murcki.pb"}
	if testing.Short() || raceDetector {
		files = files[:1] // each file takes minutes under -race; the others run without it
	}
	for _, f := range files {
		for _, u := range []Utility{CostUtility, CountUtility} {
			checkSkips(t, f, u, false)
			checkSkips(t, f, u, true)
		}
	}
}

// checkSkips follows mes-add1 on file f in package add1's certified
// counts, drifting past changes of who pays in full when drifting (see
// add1/drift.go), and compares every increment with an exact count from
// scratch.
func checkSkips(t *testing.T, f string, u Utility, drifting bool) {
	t.Helper()
	_, e := readFile(t, "../pabulib/testdata/"+f)
	checkSkipsOn(t, f, e, u, drifting)
}

// checkSkipsOn is checkSkips on election e, named f; it returns how many
// counts mes-add1 made, and how many of them vouched for increments past a
// change of who pays in full (drifting only).
func checkSkipsOn(t *testing.T, f string, e *Election, u Utility, drifting bool) (counts, past int) {
	t.Helper()
	s := add1.NewCounter(newEqualShares(newCount(e, MESAdd1, Options{Utility: u})).add1Election())
	s.Drifting = drifting
	decided := func() {
		t.Helper()
		if s.Unsure() {
			t.Fatalf("%s (%s): the certified count could not decide at +%d", f, u, s.K())
		}
	}
	s.Run(0)
	decided()
	counts = 1
	fresh := newCount(e, MESAdd1, Options{Utility: u})
	ref := newEqualShares(fresh)
	for {
		k, next := s.K(), s.Next()
		for kk := k; kk < next; kk++ {
			ref.run(kk)
			if !slices.Equal(fresh.order, s.Order()) {
				t.Fatalf("%s (%s): counted at +%d and skipping to +%d, but +%d funds %v, not %v", f, u, k, next, kk, fresh.order, s.Order())
			}
			if kk > k+2000 {
				break
			}
		}
		if s.Spent() > e.Budget || s.Exhaustive() {
			return counts, past
		}
		if d := s.Drift(); d != nil && d.FirstChanged(next-1) < d.Rounds() {
			past++ // some split had changed by the last increment vouched for
		}
		s.Advance()
		decided()
		counts++
	}
}

// TestDriftSkipsOnRandomElections follows mes-add1 drifting past changes
// of who pays in full (see add1/drift.go) on random elections where the
// certified count decides, checking every increment counted or skipped
// against an exact count from scratch, and that some counts did reach
// past such a change.
func TestDriftSkipsOnRandomElections(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	kinds := []string{"approval", "cumulative", "ordinal"}
	n := 30
	if testing.Short() || raceDetector {
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
			d, p := checkSkipsOn(t, name, e, u, true)
			s, _ := checkSkipsOn(t, name, e, u, false)
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
	_, ok := add1.Search(newEqualShares(newCount(e, MESAdd1, Options{Utility: u})).add1Election(), 0)
	return ok
}

// mes-add1 drifts on elections of driftSupporters supporters or more,
// counting a group of identical ballots once, and not on smaller ones.
func TestDriftsFromDriftSupporters(t *testing.T) {
	election := func(dropOne bool) *Election {
		var b strings.Builder
		b.WriteString("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n")
		for i := range 32 {
			fmt.Fprintf(&b, "a%d;10\nb%d;10\n", i, i)
		}
		b.WriteString("VOTES\nvoter_id;vote\n")
		for i := range 32 {
			for j := range 32 {
				if dropOne && i == 0 && j == 0 {
					b.WriteString("0;a0\n")
					continue
				}
				fmt.Fprintf(&b, "%d;a%d,b%d\n", 32*i+j, i, j)
			}
		}
		b.WriteString("again;a1,b1\n") // merged with voter 33: no more supporters
		return parse(t, b.String())
	}
	for _, c := range []struct {
		dropOne bool
		want    bool
	}{{false, true}, {true, false}} {
		e := election(c.dropOne)
		if got := add1.NewCounter(newEqualShares(newCount(e, MESAdd1, Options{})).add1Election()).WorthDrifting(); got != c.want {
			t.Errorf("%d ballots in %d groups: drifting %v, want %v", e.Voters, e.NumBallots(), got, c.want)
		}
	}
}
