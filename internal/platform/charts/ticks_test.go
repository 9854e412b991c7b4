package charts

import (
	"math"
	"reflect"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 412, []float64{0, 200, 400, 600}},
		{0, 100, []float64{0, 50, 100}},
		{0, 1, []float64{0, 0.5, 1}},
		{0, 0.3, []float64{0, 0.1, 0.2, 0.3}},
		{-15, 30, []float64{-20, 0, 20, 40}},
		{38, 60, []float64{30, 40, 50, 60}},
		{0, 0.15, []float64{0, 0.05, 0.1, 0.15}},
		{0, 0, []float64{0, 0.5, 1}},
		{5, 5, []float64{0, 2, 4, 6}},
		{-5, -5, []float64{-6, -4, -2, 0}},
		{0, 7, []float64{0, 2, 4, 6, 8}},
		{0, 12000, []float64{0, 5000, 10000, 15000}},
		{math.NaN(), 1, []float64{0, 1}},
		{0, math.Inf(1), []float64{0, 1}},
	} {
		got, _ := niceTicks(c.lo, c.hi, 5)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("niceTicks(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
		}
	}
}

func TestNiceTicksCoverRange(t *testing.T) {
	for _, r := range [][2]float64{{-1e308, 1e308}, {1e-320, 2e-320}, {0, 5e-324}, {123.456, 123.457}, {-0.001, 1e9}} {
		got, _ := niceTicks(r[0], r[1], 5)
		if len(got) < 2 || len(got) > 4*maxTicks+1 || got[0] > r[0] || got[len(got)-1] < r[1] {
			t.Errorf("niceTicks(%v, %v) = %v", r[0], r[1], got)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for raw, want := range map[float64]float64{0.9: 1, 1: 1, 1.1: 2, 2.5: 5, 7: 10, 130: 200, 0.04: 0.05, 0: 0, -3: 0} {
		if got := niceStep(raw); math.Abs(got-want) > 1e-12 {
			t.Errorf("niceStep(%v) = %v, want %v", raw, got, want)
		}
	}
}

func TestFormatting(t *testing.T) {
	for _, c := range []struct {
		v, step float64
		want    string
	}{
		{12000, 5000, "12,000"},
		{1234567, 1e6, "1,234,567"},
		{-20, 10, "-20"},
		{0.25, 0.05, "0.25"},
		{0.5, 0.5, "0.5"},
		{0.3, 0.1, "0.3"},
		{0, 0.1, "0.0"},
		{999, 1, "999"},
		{-1000, 500, "-1,000"},
	} {
		if got := formatTick(c.v, c.step); got != c.want {
			t.Errorf("formatTick(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
	for v, want := range map[float64]string{3: "3", 1.5: "1.5", 2.25: "2.25", 1.0 / 3: "0.33", -0.004: "0", 1e20: "1e+20"} {
		if got := autoFormat(v); got != want {
			t.Errorf("autoFormat(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestSanitiseID(t *testing.T) {
	for in, want := range map[string]string{
		"pb-results":  "pb-results",
		"pb results":  "pb-results",
		`x" onload=y`: "x-onload-y",
		"":            "chart",
		"<>":          "chart",
		"2026":        "chart-2026",
		"-a_b-":       "a_b",
		"ŵy":          "y",
	} {
		if got := SanitiseID(in); got != want {
			t.Errorf("SanitiseID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	w := 10 * charWidth
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"short", []string{"short"}},
		{"one two three four five", []string{"one two", "three fou…"}},
		{"abcdefghijklmnopqrstuvwxyz", []string{"abcdefghij", "klmnopqrs…"}},
		{"  spaced \n out\t", []string{"spaced out"}},
		{"", nil},
	} {
		if got := wrap(c.in, w, 2); !reflect.DeepEqual(got, c.want) {
			t.Errorf("wrap(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
