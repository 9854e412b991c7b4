package finder

import (
	"reflect"
	"testing"
)

var library = []Method{
	{ID: "pb", Depth: "empower", Duration: "months", Cost: "high", PeopleMin: 200, PeopleMax: 100000, Purposes: []string{"decide", "fund", "ideas"}},
	{ID: "world-cafe", Depth: "involve", Duration: "hours", Cost: "low", PeopleMin: 12, PeopleMax: 200, Purposes: []string{"ideas", "deliberate", "relationships"}},
	{ID: "fishbowl", Depth: "consult", Duration: "hours", Cost: "none", PeopleMin: 10, PeopleMax: 60, Purposes: []string{"deliberate", "learn"}},
	{ID: "citizens-panel", Depth: "collaborate", Duration: "months", Cost: "high", PeopleMin: 20, PeopleMax: 50, Purposes: []string{"deliberate", "decide"}},
	{ID: "asset-mapping", Depth: "involve", Duration: "weeks", Cost: "low", PeopleMin: 5, PeopleMax: 500, Purposes: []string{"map", "relationships"}},
	{ID: "co-production", Depth: "collaborate", Duration: "months", Cost: "medium", PeopleMin: 6, PeopleMax: 40, Purposes: []string{"deliver", "decide"}},
}

func ids(rs []Recommendation) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestRecommend(t *testing.T) {
	tests := []struct {
		name string
		a    Answers
		want []string
	}{
		{"a quick evening to gather ideas from a room of people",
			Answers{Purpose: "ideas", Depth: "involve", Size: "group", Duration: "hours", Budget: "low"},
			[]string{"world-cafe", "fishbowl", "asset-mapping"}},
		{"residents decide how to spend money, with months and a budget",
			Answers{Purpose: "fund", Depth: "empower", Size: "crowd", Duration: "months", Budget: "high"},
			[]string{"pb", "citizens-panel", "co-production"}},
		{"nothing answered recommends nothing", Answers{}, nil},
		{"only the purpose: every method made for it, the library's order kept",
			Answers{Purpose: "deliberate"}, []string{"world-cafe", "fishbowl", "citizens-panel"}},
		{"consulting only: empowering methods are not recommended",
			Answers{Depth: "consult", Duration: "hours"}, []string{"fishbowl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(Recommend(library, tt.a, 3))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReasonsAndWarnings(t *testing.T) {
	a := Answers{Purpose: "decide", Depth: "consult", Size: "many", Duration: "weeks", Budget: "low"}
	all := Recommend(library, a, 0)
	byID := map[string]Recommendation{}
	for _, r := range all {
		byID[r.ID] = r
	}
	if _, ok := byID["pb"]; ok {
		t.Errorf("PB reaches far deeper, takes longer and costs more than asked, yet was recommended: %+v", byID["pb"])
	}
	cp := score(library[5], a)
	if !reflect.DeepEqual(cp.Reasons, []string{ReasonPurpose}) {
		t.Errorf("co-production reasons %v", cp.Reasons)
	}
	if !reflect.DeepEqual(cp.Warns, []string{WarnDeeper, WarnSize, WarnTime, WarnBudget}) {
		t.Errorf("co-production warnings %v", cp.Warns)
	}
	if fb := score(library[2], a); !reflect.DeepEqual(fb.Reasons, []string{ReasonDepth, ReasonTime, ReasonBudget}) || !reflect.DeepEqual(fb.Warns, []string{WarnSize}) {
		t.Errorf("fishbowl: reasons %v warns %v", fb.Reasons, fb.Warns)
	}
	if wc := score(library[1], Answers{Depth: "collaborate"}); wc.Score != 1 || !reflect.DeepEqual(wc.Warns, []string{WarnShallower}) {
		t.Errorf("one step shallower should be a weak fit with a warning: %+v", wc)
	}
}

func TestValid(t *testing.T) {
	if !(Answers{}).Valid() || !(Answers{Purpose: "map", Depth: "empower", Size: "crowd", Duration: "days", Budget: "none"}).Valid() {
		t.Error("valid answers refused")
	}
	for _, a := range []Answers{{Purpose: "x"}, {Depth: "shout"}, {Size: "huge"}, {Duration: "years"}, {Budget: "lots"}} {
		if a.Valid() {
			t.Errorf("%+v accepted", a)
		}
	}
}

func FuzzRecommend(f *testing.F) {
	f.Add("ideas", "involve", "group", "hours", "low")
	f.Fuzz(func(t *testing.T, p, d, s, du, b string) {
		a := Answers{Purpose: p, Depth: d, Size: s, Duration: du, Budget: b}
		rs := Recommend(library, a, 0)
		for i, r := range rs {
			if r.Score <= 0 || len(r.Reasons) == 0 {
				t.Fatalf("recommended %+v", r)
			}
			if i > 0 && rs[i-1].Score < r.Score {
				t.Fatal("not sorted")
			}
		}
	})
}
