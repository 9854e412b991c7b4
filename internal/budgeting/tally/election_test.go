package tally

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// sortByProject orders a ballot as sort.Sort does, its values moving with
// their projects, both for the short ballots it sorts by insertion and
// for the long ones it hands to sort.Sort.
func TestSortByProject(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	for n := range 70 {
		for range 20 {
			perm := rng.Perm(3 * n)
			b := Ballot{Projects: make([]int32, n), Values: make([]int64, n)}
			for i := range n {
				b.Projects[i] = int32(perm[i])
				b.Values[i] = int64(perm[i])*7 + 1
			}
			want := Ballot{Projects: slices.Clone(b.Projects), Values: slices.Clone(b.Values)}
			sort.Sort(byProject(want))
			sortByProject(&b)
			if !slices.Equal(b.Projects, want.Projects) || !slices.Equal(b.Values, want.Values) {
				t.Fatalf("%d projects: got %v %v, want %v %v", n, b.Projects, b.Values, want.Projects, want.Values)
			}
		}
	}
}

// Identical ballots are merged into groups whose projects and values
// are read back as they were given (sorted by project, repeats settled),
// each group's slices ending where the group does.
func TestBallotGroups(t *testing.T) {
	for _, c := range []struct {
		kind, votes string
		want        []Ballot
	}{
		{"approval", "voter_id;vote\nv1;2,1\nv2;1,2\nv3;3\nv4;1,2,1\nv5;\n", []Ballot{
			{Projects: []int32{0, 1}, Values: []int64{1, 1}, Weight: 3},
			{Projects: []int32{2}, Values: []int64{1}, Weight: 1},
			{Projects: []int32{}, Values: []int64{}, Weight: 1},
		}},
		{"cumulative", "voter_id;vote;points\nv1;2,1;3,1\nv2;1,2;1,3\nv3;1,2;2,2\nv4;3,3;1,4\n", []Ballot{
			{Projects: []int32{0, 1}, Values: []int64{1, 3}, Weight: 2},
			{Projects: []int32{0, 1}, Values: []int64{2, 2}, Weight: 1},
			{Projects: []int32{2}, Values: []int64{4}, Weight: 1},
		}},
		{"ordinal", "voter_id;vote\nv1;3,1,2\nv2;3,1,2\nv3;1,3\n", []Ballot{
			{Projects: []int32{0, 1, 2}, Values: []int64{2, 1, 3}, Weight: 2},
			{Projects: []int32{0, 2}, Values: []int64{2, 1}, Weight: 1},
		}},
	} {
		src := "META\nkey;value\nbudget;100\nvote_type;" + c.kind + "\nPROJECTS\nproject_id;cost\n1;10\n2;20\n3;30\nVOTES\n" + c.votes
		e := parse(t, src)
		if e.NumBallots() != len(c.want) {
			t.Fatalf("%s: %d groups, want %d", c.kind, e.NumBallots(), len(c.want))
		}
		for g, want := range c.want {
			b := e.Ballot(g)
			if !slices.Equal(b.Projects, want.Projects) || !slices.Equal(b.Values, want.Values) || b.Weight != want.Weight {
				t.Errorf("%s: group %d is %v, want %v", c.kind, g, b, want)
			}
			if cap(b.Projects) != len(b.Projects) || cap(b.Values) != len(b.Values) {
				t.Errorf("%s: group %d reaches past its end (cap %d, %d)", c.kind, g, cap(b.Projects), cap(b.Values))
			}
		}
	}
}
