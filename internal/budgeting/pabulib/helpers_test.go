package pabulib

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// sharedDir finds ../shared/data/pabulib beside the repository root (the
// folder holding go.mod). Without it the test is skipped, except in CI where
// the folder must be present.
func sharedDir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(d, "..", "shared", "data", "pabulib")
			if _, err := os.Stat(dir); err == nil {
				return dir
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("../shared/data/pabulib is missing beside the repository root; CI must provide it")
	}
	t.Skip("../shared/data/pabulib is not beside the repository root; skipping the tests over the shared elections")
	return ""
}

func assertSameElection(t *testing.T, name string, a, b *Election) {
	t.Helper()
	if !reflect.DeepEqual(a.Meta, b.Meta) && !sameMeta(a.Meta, b.Meta) {
		t.Errorf("%s: META differs after a round trip", name)
	}
	if !reflect.DeepEqual(a.ProjectColumns, b.ProjectColumns) || !reflect.DeepEqual(a.VoteColumns, b.VoteColumns) {
		t.Errorf("%s: headers differ after a round trip", name)
	}
	if len(a.Projects) != len(b.Projects) || len(a.Votes) != len(b.Votes) {
		t.Fatalf("%s: %d/%d projects and %d/%d votes after a round trip", name, len(a.Projects), len(b.Projects), len(a.Votes), len(b.Votes))
	}
	for i := range a.Projects {
		p, q := a.Projects[i], b.Projects[i]
		if p.ID != q.ID || p.Cost.Cmp(q.Cost) != 0 || !reflect.DeepEqual(p.Fields, q.Fields) {
			t.Errorf("%s: project %d differs after a round trip: %v vs %v", name, i, p.Fields, q.Fields)
		}
	}
	for i := range a.Votes {
		v, w := a.Votes[i], b.Votes[i]
		if v.VoterID != w.VoterID || !reflect.DeepEqual(v.Projects, w.Projects) || !reflect.DeepEqual(v.Points, w.Points) || !reflect.DeepEqual(v.Fields, w.Fields) {
			t.Errorf("%s: vote %d differs after a round trip", name, i)
		}
	}
}

func sameMeta(a, b []MetaEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}
