package pabulib

import (
	"commons/internal/platform/sharedtest"
	"reflect"
	"testing"
)

// sharedDir is ../shared/data/pabulib beside the repository root (see sharedtest).
func sharedDir(t testing.TB) string { return sharedtest.Dir(t, "data", "pabulib") }

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
