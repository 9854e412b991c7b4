package tally

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// plainCount counts e by a mes rule with the plain count (plain.go) at
// increment k (mes-add1 rules; -1: search for it one unit at a time as the
// rule is defined), as Count would report it.
func plainCount(e *Election, rule Rule, opt Options, k int64) *Result {
	if opt.Utility == "" {
		opt.Utility = CostUtility
	}
	c := newCount(e, rule, opt)
	if rule == MES {
		c.plainMES(0, "")
		return c.result()
	}
	if k < 0 {
		k = c.plainAdd1()
	}
	raised := ""
	if k > 0 {
		raised = c.money(k * e.Scale)
	}
	c.plainMES(k, raised)
	c.increments = k
	if rule == MESAdd1Greedy {
		c.completeGreedily()
	}
	return c.result()
}

// sameResult reports how the fast count's result differs from the plain
// count's, or "" when they are the same in every field.
func sameResult(fast, plain *Result) string {
	if reflect.DeepEqual(fast, plain) {
		return ""
	}
	if !reflect.DeepEqual(fast.Selected, plain.Selected) || fast.Increments != plain.Increments {
		return fmt.Sprintf("fast funds %v at increment %d, plain %v at %d", fast.Selected, fast.Increments, plain.Selected, plain.Increments)
	}
	for i := range fast.Projects {
		if !reflect.DeepEqual(fast.Projects[i], plain.Projects[i]) {
			return fmt.Sprintf("project %s: fast %+v\nplain %+v", fast.Projects[i].ID, fast.Projects[i].Why, plain.Projects[i].Why)
		}
	}
	return fmt.Sprintf("fast %+v\nplain %+v", fast, plain)
}

// The fast count (mes.go, with the add-one search) gives exactly the plain
// count's result, reasons included, on random elections made to tie: for
// mes, and for mes-add1 and mes-add1-greedy with the increment searched
// one unit at a time as the rule is defined.
func TestPlainMESMatchesFastOnRandomElections(t *testing.T) {
	r := rand.New(rand.NewPCG(26, 1))
	n := 600
	switch {
	case raceDetector: // about ten times slower
		n = 40
	case testing.Short():
		n = 150
	}
	for i := 0; i < n; i++ {
		kind := []string{"approval", "cumulative", "ordinal"}[i%3]
		src := randomElection(r, kind)
		e := parse(t, src)
		for _, rule := range []Rule{MES, MESAdd1, MESAdd1Greedy} {
			for _, u := range []Utility{CostUtility, CountUtility} {
				opt := Options{Utility: u}
				fast := mustCount(t, e, rule, opt)
				if d := sameResult(fast, plainCount(e, rule, opt, -1)); d != "" {
					t.Fatalf("%s (%s): %s\non\n%s", rule, u, d, src)
				}
			}
		}
	}
}

// On the shared real elections small enough for the plain count to be
// quick, mes gives the plain count's result, and mes-add1 and
// mes-add1-greedy give the plain count's result at the increment the fast
// search chose. (That the increment is the one the rule defines is checked
// one unit at a time on random elections above, and on real ones by
// TestAdd1SkipsOnRealElections.)
func TestPlainMESOnRealElections(t *testing.T) {
	dir := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pb"))
	limit := 2_000_000 // supporters × projects: a few seconds of plain count
	switch {
	case raceDetector:
		limit = 10_000
	case testing.Short():
		limit = 100_000
	}
	compared := 0
	for _, f := range files {
		_, e := readFile(t, f)
		var supporters int
		for g := range e.NumBallots() {
			supporters += len(e.Ballot(g).Projects)
		}
		if supporters*len(e.Projects) > limit {
			continue
		}
		for _, rule := range []Rule{MES, MESAdd1, MESAdd1Greedy} {
			start := time.Now()
			fast := mustCount(t, e, rule, Options{})
			plain := plainCount(e, rule, Options{}, fast.Increments)
			if d := sameResult(fast, plain); d != "" {
				t.Errorf("%s %s: %s", filepath.Base(f), rule, d)
			}
			t.Logf("%s %s: same result, %v", filepath.Base(f), rule, time.Since(start))
		}
		compared++
	}
	t.Logf("%d elections compared", compared)
	if compared == 0 {
		t.Error("no election was small enough to compare")
	}
}
