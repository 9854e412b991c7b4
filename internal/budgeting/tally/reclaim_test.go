package tally

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
)

// mesRun counts e by mes, reclaiming classes or not, and returns the
// count and its run.
func mesRun(e *Election, u Utility, keepAll bool) (*count, *equalShares) {
	c := newCount(e, MES, Options{Utility: u})
	m := newEqualShares(c)
	m.keepAll = keepAll
	m.run(0)
	m.explainUnfunded("")
	return c, m
}

// checkReclaimed checks that reclaiming classes changes nothing in a count
// and frees no class a voter holds, and returns how many classes the
// count made and how many it held at most.
func checkReclaimed(t *testing.T, what string, e *Election, u Utility) (made, slots int) {
	t.Helper()
	c0, _ := mesRun(e, u, true)
	c1, m := mesRun(e, u, false)
	if !reflect.DeepEqual(c0.result(), c1.result()) {
		t.Fatalf("%s (%s): reclaiming classes changed the count", what, u)
	}
	freed := map[int32]bool{}
	for _, c := range m.freeCls {
		freed[c] = true
		if !m.ex.free(c) {
			t.Fatalf("%s: class %d freed but still holding a budget", what, c)
		}
	}
	held := make([]int64, len(m.bud))
	for g, c := range m.cls {
		if freed[c] {
			t.Fatalf("%s: ballot group %d holds freed class %d", what, g, c)
		}
		held[c] += int64(m.Weights[g])
	}
	for c, n := range held {
		if c != 0 && n != m.pop[c] {
			t.Fatalf("%s: class %d held by %d voters, counted %d", what, c, n, m.pop[c])
		}
	}
	return m.made, len(m.bud)
}

func TestReclaimedClassesOnRandomElections(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	made, slots := 0, 0
	for i := 0; i < 300; i++ {
		kind := []string{"approval", "cumulative", "ordinal"}[i%3]
		src := randomElection(r, kind)
		e := parse(t, src)
		for _, u := range []Utility{CostUtility, CountUtility} {
			m, s := checkReclaimed(t, src, e, u)
			made, slots = made+m, slots+s
		}
	}
	if slots >= made {
		t.Errorf("no class was ever made again where one was freed: %d made in %d places", made, slots)
	}
}

func TestReclaimedClassesOnRealElections(t *testing.T) {
	// Zurich S5R: keys in the heap name classes no voter holds any more
	// (freeing those broke its count).
	_, e := readFile(t, filepath.Join("..", "pabulib", "testdata", "Switzerland_Zurich_S5R.pb"))
	for _, u := range []Utility{CostUtility, CountUtility} {
		checkReclaimed(t, "Zurich S5R", e, u)
	}
	_, e = readFile(t, filepath.Join("..", "pabulib", "testdata", "France_Toulouse_2024.pb"))
	made, slots := checkReclaimed(t, "Toulouse 2024", e, CostUtility)
	// Few of Toulouse's classes die (1,861 made, 1,653 places); on
	// Warszawa Mokotów, not in testdata, 15,806 are made in 6,690 places.
	if slots >= made {
		t.Errorf("Toulouse 2024: %d classes made, held in %d places: too few freed", made, slots)
	}
	t.Logf("Toulouse 2024: %d classes made, held in %d places", made, slots)
}
