package tally

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZAll(t *testing.T) {
	if os.Getenv("ZZALL") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("/work/shared/data/pabulib/*" + os.Getenv("ZZALL") + "*.pb")
	for _, f := range files {
		_, e := readFile(t, f)
		st := time.Now()
		c := newCount(e, MESAdd1, Options{Utility: CostUtility})
		k, ok := newEqualShares(c).add1Final(true)
		t.Logf("%-60s ok=%v k=%d %v", filepath.Base(f), ok, k, time.Since(st))
	}
}
