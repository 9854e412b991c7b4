package progress

import (
	"math"
	"testing"
)

func TestSuitability(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scores []Scored
		want   int
	}{
		{"none", nil, 0},
		{"all full", []Scored{{1, 3}, {2, 3}}, 100},
		{"all zero", []Scored{{1, 0}, {5, 0}}, 0},
		{"weighted", []Scored{{3, 3}, {1, 0}}, 75},               // 9 of 12
		{"rounds half up", []Scored{{1, 1}, {1, 1}, {1, 2}}, 44}, // 4 of 9 = 44.4
		{"two thirds", []Scored{{1, 2}}, 67},
		{"clamped scores", []Scored{{1, 9}, {1, -4}}, 50},
		{"zero weight ignored", []Scored{{0, 0}, {2, 3}}, 100},
	} {
		if got := Suitability(tc.scores); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestProgress(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		baseline, target, latest float64
		dir                      string
		want                     float64
	}{
		{"half way up", 10, 20, 15, Up, 0.5},
		{"at target down", 40, 10, 10, Down, 1},
		{"wrong way down", 40, 10, 50, Down, -1.0 / 3},
		{"beyond", 0, 10, 15, Up, 1.5},
		{"flat met up", 5, 5, 6, Up, 1},
		{"flat unmet up", 5, 5, 4, Up, 0},
		{"flat met down", 5, 5, 4, Down, 1},
		{"flat unmet down", 5, 5, 6, Down, 0},
	} {
		if got := Progress(tc.baseline, tc.target, tc.latest, tc.dir); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if !math.IsNaN(Progress(math.Inf(1), 1, 1, Up)) {
		t.Error("infinite baseline should give NaN")
	}
	if Percent(0.505) != 51 || Percent(math.NaN()) != 0 || Percent(100) != 999 || Percent(-0.25) != -25 {
		t.Errorf("Percent: %d %d %d %d", Percent(0.505), Percent(math.NaN()), Percent(100), Percent(-0.25))
	}
}

func TestDepthSharesAddUpTo100(t *testing.T) {
	got := Depth([]Span{{"consult", 1}, {"consult", 1}, {"collaborate", 1}, {"empower", -5}, {"nonsense", 9}})
	want := map[string][2]int{"inform": {0, 0}, "consult": {2, 67}, "involve": {0, 0}, "collaborate": {1, 33}, "empower": {0, 0}}
	total := 0
	for i, s := range got {
		if s.Level != Levels[i] {
			t.Errorf("order: %v", got)
		}
		if w := want[s.Level]; s.Days != w[0] || s.Percent != w[1] {
			t.Errorf("%s: %d days %d%%, want %v", s.Level, s.Days, s.Percent, w)
		}
		total += s.Percent
	}
	if total != 100 {
		t.Errorf("total %d", total)
	}
	three := Depth([]Span{{"inform", 1}, {"consult", 1}, {"involve", 1}})
	sum := 0
	for _, s := range three {
		sum += s.Percent
	}
	if sum != 100 || three[0].Percent != 34 {
		t.Errorf("thirds: %v", three)
	}
	for _, s := range Depth(nil) {
		if s.Percent != 0 {
			t.Errorf("empty: %v", s)
		}
	}
}

func TestStandardsAverage(t *testing.T) {
	avg, n := StandardsAverage(map[string]int{"inclusion": 4, "support": 3, "impact": 2, "made_up": 4, "methods": 7})
	if avg != 3 || n != 3 {
		t.Errorf("got %v over %d", avg, n)
	}
	if avg, n := StandardsAverage(nil); avg != 0 || n != 0 {
		t.Errorf("empty: %v %d", avg, n)
	}
	if len(Standards) != 7 {
		t.Errorf("%d standards", len(Standards))
	}
}

func TestCoProduced(t *testing.T) {
	for _, l := range Levels {
		if CoProduced(l) != (l == "collaborate" || l == "empower") {
			t.Errorf("%s", l)
		}
	}
}
