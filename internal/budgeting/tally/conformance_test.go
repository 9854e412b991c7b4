package tally

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// knownMismatches lists the files whose official result cannot be
// reproduced from the file, with the evidence. The test fails if one of
// them starts to match (then remove it) or another file stops matching.
var knownMismatches = map[string]string{}

func TestConformance(t *testing.T) {
	dir := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pb"))
	matched := 0
	for _, f := range files {
		name := filepath.Base(f)
		pe, e := readFile(t, f)
		official, ok := officialSelection(pe)
		rule, known := RuleFromMeta(pe.Rule())
		if !ok || !known {
			continue
		}
		start := time.Now()
		res := mustCount(t, e, rule, Options{})
		got := map[string]bool{}
		for _, id := range res.Selected {
			got[id] = true
		}
		var extra, missing []string
		for id := range got {
			if !official[id] {
				extra = append(extra, id)
			}
		}
		for id := range official {
			if !got[id] {
				missing = append(missing, id)
			}
		}
		sort.Strings(extra)
		sort.Strings(missing)
		diff := "we also fund " + strings.Join(extra, ",") + "; we leave out " + strings.Join(missing, ",")
		_, expectMismatch := knownMismatches[name]
		switch {
		case len(extra)+len(missing) == 0 && expectMismatch:
			t.Errorf("%s (%s) now matches the official result: remove it from knownMismatches", name, rule)
		case len(extra)+len(missing) == 0:
			matched++
		case !expectMismatch:
			t.Errorf("%s (%s): %s", name, rule, diff)
		}
		t.Logf("%s: %s, %d selected, %v", name, rule, len(res.Selected), time.Since(start))
	}
	t.Logf("%d files reproduce their official result", matched)
}
