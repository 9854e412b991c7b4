package tally

import (
	"os"
	"path/filepath"
	"testing"
)

func TestZZDebug(t *testing.T) {
	if os.Getenv("ZZF") == "" {
		t.Skip()
	}
	_, e := readFile(t, filepath.Join(sharedDir(t), os.Getenv("ZZF")))
	c := newCount(e, MESAdd1, Options{Utility: CostUtility})
	m := newEqualShares(c)
	m.track = true
	runs := 0
	for k := int64(0); k < 100000; {
		m.run(k)
		runs++
		if c.spent > c.e.Budget || c.exhaustive() {
			t.Logf("stop at %d after %d runs spent %d budget %d exh %v", k, runs, c.spent, c.e.Budget, c.exhaustive())
			res := mustCount(t, e, MESAdd1, Options{})
			t.Logf("count: %d", res.Increments)
			k2, _ := naiveAdd1(e, CostUtility)
			t.Logf("naive: %d", k2)
			return
		}
		if runs < 60 && runs > 40 {
			t.Logf("k=%d next=%d sel=%d", k, m.next, len(c.order))
		}
		k = m.next
	}
}
