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
//
// It is empty: all 23 files in the shared set that have a selected column
// and a META rule counted here (greedy, greedy-threshold, greedy-no-skip,
// equalshares/add1) reproduce the city's result exactly, including the
// four mes-add1 ones (Assen 2024 and 2025, Świecie 2023) and the files the
// notes warn about: Kraków 2023 Nowa Huta and Katowice 2024 Murcki (a
// project withdrawn after the vote, cost 999999999, selected = 0), Gdynia
// (greedy-no-skip although META has a score threshold, selected = 2 for
// the "Projekt +1" award), Katowice 2024 Murcki's selected = 2 project
// below the threshold.
//
// The files whose official result is known not to follow from the file
// (Budapest 2024: paper ballots missing; Poznań: selected = 2 and 3 for
// top-ups; Łódź 2020: greedy-custom) carry META rules outside this list
// and are not compared. For the record, counting them with the nearest
// rule here gives: Wieliczka 2023 (equalshares/add1-comparison, a
// comparison step after add1) with mes-add1 funds 66 and 67 instead of
// 46; Łódź 2020 (greedy-custom) with greedy funds L048 instead of L099,
// L155, L163, L249; Poznań 2023 district 5 (greedy-custom) with greedy
// also funds V.7, which the city marks 2 (funded outside the rule);
// Poznań 2026 and Warszawa 2024 Mokotów (greedy-exclusive) match greedy.
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
	if matched == 0 {
		t.Error("no file was compared")
	}
}
