package tally

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"commons/internal/budgeting/pabulib"
)

// sortByProject orders a ballot as sort.Sort does, its values moving with
// their projects, both for the short ballots it sorts by insertion and
// for the long ones it hands to sort.Sort.
func TestSortByProject(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	for n := range 70 {
		for range 20 {
			perm := rng.Perm(3 * n)
			b := Ballot{Projects: make([]int32, n), Values: make([]int32, n)}
			for i := range n {
				b.Projects[i] = int32(perm[i])
				b.Values[i] = int32(perm[i])*7 + 1
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
			{Projects: []int32{0, 1}, Values: []int32{1, 1}, Weight: 3},
			{Projects: []int32{2}, Values: []int32{1}, Weight: 1},
			{Projects: []int32{}, Values: []int32{}, Weight: 1},
		}},
		{"cumulative", "voter_id;vote;points\nv1;2,1;3,1\nv2;1,2;1,3\nv3;1,2;2,2\nv4;3,3;1,4\n", []Ballot{
			{Projects: []int32{0, 1}, Values: []int32{1, 3}, Weight: 2},
			{Projects: []int32{0, 1}, Values: []int32{2, 2}, Weight: 1},
			{Projects: []int32{2}, Values: []int32{4}, Weight: 1},
		}},
		{"ordinal", "voter_id;vote\nv1;3,1,2\nv2;3,1,2\nv3;1,3\n", []Ballot{
			{Projects: []int32{0, 1, 2}, Values: []int32{2, 1, 3}, Weight: 2},
			{Projects: []int32{0, 2}, Values: []int32{2, 1}, Weight: 1},
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

// A project may get at most 2147483647 points on one ballot: ballots hold
// their points in 32 bits. More is an error naming the line, from both
// readers; the most that fits is counted.
func TestPointsPerProject(t *testing.T) {
	file := func(points string) string {
		return "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;4\nb;4\n" +
			"VOTES\nvoter_id;vote;points\n1;a,b;1,1\n2;b,a;" + points + ",1\n"
	}
	for _, pts := range []string{"2147483648", "-2147483648", "9223372036854775807"} {
		pe, err := pabulib.Read(strings.NewReader(file(pts)))
		if err != nil {
			t.Fatalf("%s: %v", pts, err)
		}
		_, err = FromPabulib(pe)
		want := "line 12: " + pts + ` points for project "b": at most 2147483647 may be given to one project`
		if err == nil || err.Error() != want {
			t.Errorf("%s points: error %v, want %q", pts, err, want)
		}
		if _, _, err := Read(strings.NewReader(file(pts))); err == nil || err.Error() != want {
			t.Errorf("%s points, streaming: error %v, want %q", pts, err, want)
		}
	}
	e := parse(t, file("2147483647"))
	if _, scores := e.Scores(); !reflect.DeepEqual(scores, []int64{2, 2147483648}) {
		t.Errorf("scores %v, want [2 2147483648]", scores)
	}
}
