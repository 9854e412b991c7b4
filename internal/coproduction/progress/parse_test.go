package progress

import (
	"testing"
)

func TestParsePence(t *testing.T) {
	good := map[string]int64{"0": 0, "12": 1200, "£1,200.50": 120050, " 12.5 ": 1250, ".75": 75, "3.": 300, "£ 7": 700}
	for in, want := range good {
		if got, ok := ParsePence(in); !ok || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-5", "1.234", "abc", "1e5", "£", ".", "0x10", "99999999999999", "+3", "1 000"} {
		if got, ok := ParsePence(in); ok {
			t.Errorf("%q accepted as %d", in, got)
		}
	}
}

func TestFormatPence(t *testing.T) {
	for in, want := range map[int64]string{0: "£0", 120050: "£1,200.50", 1234567800: "£12,345,678", 5: "£0.05", -250: "−£2.50"} {
		if got := FormatPence(in); got != want {
			t.Errorf("%d: %q, want %q", in, got, want)
		}
	}
}

func TestParseHours(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "40": 40, "1,000": 1000} {
		if got, ok := ParseHours(in); !ok || got != want {
			t.Errorf("%q: %d %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "-1", "1.5", "2000000", "ten"} {
		if _, ok := ParseHours(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"12": 12, "-3.5": -3.5, "1,200.75": 1200.75, ".5": 0.5} {
		if got, ok := ParseNumber(in); !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "-", ".", "1e3", "Inf", "NaN", "0x1p3", "1.2.3", "2000000000000", "--1"} {
		if _, ok := ParseNumber(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
	if FormatNumber(12.5) != "12.5" || FormatNumber(3) != "3" {
		t.Error("FormatNumber")
	}
}

func TestParseDate(t *testing.T) {
	for _, in := range []string{"2026-03-31", "31/3/2026", " 1/12/2025 "} {
		if _, ok := ParseDate(in); !ok {
			t.Errorf("%q refused", in)
		}
	}
	for _, in := range []string{"", "2026-02-30", "31/13/2026", "1800-01-01", "tomorrow"} {
		if _, ok := ParseDate(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func FuzzParsePence(f *testing.F) {
	for _, s := range []string{"12", "£1,200.50", ".5", "-1", "1e9", "99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ParsePence(s)
		if !ok {
			return
		}
		if p < 0 || p > 1_000_000_000_000 {
			t.Fatalf("%q gave %d", s, p)
		}
		back, ok := ParsePence(FormatPence(p))
		if !ok || back != p {
			t.Fatalf("%q: %d → %q → %d %v", s, p, FormatPence(p), back, ok)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12", "-3.5", "1,000", "1e3", "NaN", ".", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseNumber(s)
		if !ok {
			return
		}
		back, ok := ParseNumber(FormatNumber(v))
		if !ok || back != v {
			t.Fatalf("%q: %v → %q → %v %v", s, v, FormatNumber(v), back, ok)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-31", "1/2/2026", "2026-13-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			return
		}
		if d.Year() < 1900 || d.Year() > 2200 {
			t.Fatalf("%q gave %v", s, d)
		}
		if again, ok := ParseDate(d.Format("2006-01-02")); !ok || !again.Equal(d) {
			t.Fatalf("%q does not round-trip", s)
		}
	})
}

func TestParseMinutesAcceptsPartHours(t *testing.T) {
	for s, want := range map[string]int{"7.5": 450, "7:30": 450, "45.5": 2730, "0.25": 15, "1,200": 72000, "0": 0, "10": 600, "7.33": 440} {
		if got, ok := ParseMinutes(s); !ok || got != want {
			t.Errorf("ParseMinutes(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "-1", "abc", "7:60", "7:5", "1e3", "1000001", "+3"} {
		if _, ok := ParseMinutes(s); ok {
			t.Errorf("ParseMinutes(%q) accepted", s)
		}
	}
	for m, want := range map[int]string{450: "7.5", 440: "7.33", 600: "10", 0: "0", 15: "0.25"} {
		if got := FormatHours(m); got != want {
			t.Errorf("FormatHours(%d) = %q, want %q", m, got, want)
		}
		if back, ok := ParseMinutes(FormatHours(m)); !ok || back != m {
			t.Errorf("round trip of %d minutes: %d", m, back)
		}
	}
}

func TestParseClock(t *testing.T) {
	for s, want := range map[string][2]int{"18:30": {18, 30}, "18.30": {18, 30}, "6:30pm": {18, 30}, "6pm": {18, 0}, "6.30 p.m.": {18, 30},
		"0930": {9, 30}, "12am": {0, 0}, "12pm": {12, 0}, "9": {9, 0}, "00:00": {0, 0}} {
		h, m, ok := ParseClock(s)
		if !ok || h != want[0] || m != want[1] {
			t.Errorf("ParseClock(%q) = %d:%d %v, want %v", s, h, m, ok, want)
		}
	}
	for _, s := range []string{"", "25:00", "18:60", "13pm", "0pm", "six", "18:3", "1:2:3"} {
		if _, _, ok := ParseClock(s); ok {
			t.Errorf("ParseClock(%q) accepted", s)
		}
	}
}

func FuzzParseMinutes(f *testing.F) {
	for _, s := range []string{"7.5", "7:30", "1,200", "-1", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseMinutes(s)
		if ok && (m < 0 || m > 60_000_000) {
			t.Fatalf("ParseMinutes(%q) = %d", s, m)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"18:30", "6pm", "0930", "12am"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, ok := ParseClock(s)
		if ok && (h < 0 || h > 23 || m < 0 || m > 59) {
			t.Fatalf("ParseClock(%q) = %d:%d", s, h, m)
		}
	})
}
