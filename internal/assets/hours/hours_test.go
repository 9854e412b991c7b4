package hours

import (
	"testing"
	"time"
)

func at(day time.Weekday, hh, mm int) time.Time {
	// 2026-11-22 is a Sunday.
	return time.Date(2026, 11, 22+int(day), hh, mm, 0, 0, time.UTC)
}

func TestOpenAt(t *testing.T) {
	for _, tc := range []struct {
		spec string
		t    time.Time
		want bool
	}{
		{"Mo-Fr 09:00-17:00", at(time.Monday, 9, 0), true},
		{"Mo-Fr 09:00-17:00", at(time.Friday, 16, 59), true},
		{"Mo-Fr 09:00-17:00", at(time.Friday, 17, 0), false},
		{"Mo-Fr 09:00-17:00", at(time.Saturday, 12, 0), false},
		{"Mo-Fr 09:00-12:00,13:00-17:00", at(time.Tuesday, 12, 30), false},
		{"Mo-Fr 09:00-12:00,13:00-17:00", at(time.Tuesday, 13, 30), true},
		{"Sa-Mo 10:00-11:00", at(time.Sunday, 10, 30), true},
		{"Sa-Mo 10:00-11:00", at(time.Tuesday, 10, 30), false},
		{"Mo,We 10:00-11:00", at(time.Wednesday, 10, 30), true},
		{"Fr 20:00-02:00", at(time.Saturday, 1, 0), true},
		{"Fr 20:00-02:00", at(time.Saturday, 3, 0), false},
		{"Fr 20:00-02:00", at(time.Friday, 1, 0), false},
		{"24/7", at(time.Sunday, 3, 0), true},
		{"", at(time.Sunday, 3, 0), false},
		{"Mo 00:00-24:00", at(time.Monday, 23, 59), true},
	} {
		w, err := Parse(tc.spec)
		if err != nil {
			t.Fatalf("%q: %v", tc.spec, err)
		}
		if got := w.OpenAt(tc.t); got != tc.want {
			t.Errorf("%q at %s: got %v", tc.spec, tc.t.Format("Mon 15:04"), got)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, s := range []string{"Mo", "Xx 09:00-10:00", "Mo 9:00-10:00", "Mo 09:00-09:00", "Mo 25:00-26:00", "Mo 09:60-10:00", ";", "Mo-Zz 09:00-10:00", "Mo 09:00"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("%q: accepted", s)
		}
	}
}

func TestStringRoundTrip(t *testing.T) {
	w, err := Parse("Mo-Fr 09:00-17:00; Sa 10:00-12:30; Fr 20:00-02:00")
	if err != nil {
		t.Fatal(err)
	}
	if got := w.String(); got != "Mo-Fr 09:00-17:00; Sa 10:00-12:30; Fr 20:00-02:00" {
		t.Errorf("String: %q", got)
	}
	if w3, _ := Parse("Sa-Mo 10:00-11:00; Mo,Tu,Th 09:00-10:00"); w3.String() != "Mo 10:00-11:00; Sa,Su 10:00-11:00; Mo,Tu,Th 09:00-10:00" && w3.String() != "Mo,Sa,Su 10:00-11:00; Mo,Tu,Th 09:00-10:00" {
		t.Errorf("String: %q", w3.String())
	}
	w2, err := Parse(w.String())
	if err != nil {
		t.Fatalf("%q: %v", w.String(), err)
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		for m := 0; m < 24*60; m += 15 {
			tt := at(d, m/60, m%60)
			if w.OpenAt(tt) != w2.OpenAt(tt) {
				t.Fatalf("%s differs after round trip %q", tt, w.String())
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Mo-Fr 09:00-17:00", "24/7", "Sa-Mo 10:00-11:00; Fr 20:00-02:00", "Mo,We 10:00-11:00,12:00-13:00", "", "Mo 24:00-01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := Parse(s)
		if err != nil {
			return
		}
		w2, err := Parse(w.String())
		if err != nil {
			t.Fatalf("%q parsed but its String %q does not: %v", s, w.String(), err)
		}
		for d := time.Sunday; d <= time.Saturday; d++ {
			for m := 0; m < 24*60; m += 30 {
				tt := at(d, m/60, m%60)
				if w.OpenAt(tt) != w2.OpenAt(tt) {
					t.Fatalf("%q and %q differ at %s", s, w.String(), tt)
				}
			}
		}
	})
}
