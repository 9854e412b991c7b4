package tally

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZTiming(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	dir := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, os.Getenv("ZZ")))
	for _, f := range files {
		_, e := readFile(t, f)
		for _, r := range []Rule{MES, MES, MES} {
			if r == Phragmen && e.Kind != Approval {
				continue
			}
			start := time.Now()
			res := mustCount(t, e, r, Options{})
			t.Logf("%-50.50s %-9s %8v groups=%d voters=%d sel=%d inc=%d", filepath.Base(f), r, time.Since(start).Round(time.Millisecond), len(e.Ballots), e.Voters, len(res.Selected), res.Increments)
		}
	}
}
