package tally

import (
	"commons/internal/platform/sharedtest"
	"os"
	"strings"
	"testing"

	"commons/internal/budgeting/pabulib"
)

// sharedDir is ../shared/data/pabulib beside the repository root (see sharedtest).
func sharedDir(t testing.TB) string { return sharedtest.Dir(t, "data", "pabulib") }

func readFile(t testing.TB, path string) (*pabulib.Election, *Election) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pe, err := pabulib.Read(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	e, err := FromPabulib(pe)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pe, e
}

// parse reads an election written inline in the .pb format.
func parse(t testing.TB, s string) *Election {
	t.Helper()
	pe, err := pabulib.Read(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPabulib(pe)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func mustCount(t testing.TB, e *Election, r Rule, opt Options) *Result {
	t.Helper()
	res, err := Count(e, r, opt)
	if err != nil {
		t.Fatalf("%s: %v", r, err)
	}
	return res
}

// officialSelection is the set of projects a file marks selected = 1.
func officialSelection(pe *pabulib.Election) (map[string]bool, bool) {
	if pabulib.Column(pe.ProjectColumns, "selected") < 0 {
		return nil, false
	}
	sel := map[string]bool{}
	for _, p := range pe.Projects {
		if v, _ := pe.ProjectField(p, "selected"); strings.TrimSpace(v) == "1" {
			sel[p.ID] = true
		}
	}
	return sel, true
}
