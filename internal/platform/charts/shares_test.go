package charts

import "testing"

// Three sessions each attended by all 117 people are 100% each, not a third each: a share of
// the people, not of the sum of the groups.
func TestSharesOfThePeople(t *testing.T) {
	counts := []Count{{"Opening", 117}, {"Workshop", 117}, {"Close", 58}}
	bars := SharesOf(counts, 117)
	want := []string{"100% (117)", "100% (117)", "50% (58)"}
	for i, b := range bars {
		if b.Display != want[i] {
			t.Errorf("bar %d shows %q, want %q", i, b.Display, want[i])
		}
	}
	if got := Shares(counts)[0].Display; got != "40% (117)" {
		t.Errorf("Shares of the sum shows %q, want 40%% (117)", got)
	}
	if got := SharesOf(counts, 0)[0].Display; got != "0% (117)" {
		t.Errorf("a zero total shows %q", got)
	}
}
