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

// The day-by-day form and the stored text say the same thing: what a day shows is what the
// text holds, and days with the same times share one rule.
func TestDays(t *testing.T) {
	w, err := Parse("Mo-Fr 09:00-17:00; Sa 10:00-12:30; Tu 18:00-21:00")
	if err != nil {
		t.Fatal(err)
	}
	days := w.ByDay()
	if len(days[0]) != 1 || days[0][0].Times() != "09:00–17:00" || len(days[1]) != 2 || days[1][1].Times() != "18:00–21:00" || len(days[6]) != 0 {
		t.Fatalf("by day: %v", days)
	}
	if got := FromDays(days).String(); got != "Mo,We-Fr 09:00-17:00; Tu 09:00-17:00; Tu 18:00-21:00; Sa 10:00-12:30" {
		t.Errorf("back: %q", got)
	}
	var week [7][]Range
	for i := 0; i < 5; i++ {
		week[i] = []Range{{9 * 60, 17 * 60}}
	}
	week[5] = []Range{{10 * 60, 13 * 60}}
	if got := FromDays(week).String(); got != "Mo-Fr 09:00-17:00; Sa 10:00-13:00" {
		t.Errorf("a working week: %q", got)
	}
	if got := FromDays([7][]Range{}).String(); got != "" {
		t.Errorf("no times: %q", got)
	}
	late, err := NewRange("20:00", "02:00")
	if err != nil || late.Close != 26*60 {
		t.Fatalf("past midnight: %v %v", late, err)
	}
	if got := FromDays([7][]Range{4: {late}}).String(); got != "Fr 20:00-02:00" {
		t.Errorf("past midnight: %q", got)
	}
	for _, c := range []struct{ in, want string }{{"9:30", "09:30"}, {"0930", "09:30"}, {"9.30", "09:30"}, {" 17:05 ", "17:05"}, {"24:00", "24:00"}} {
		m, err := ParseClock(c.in)
		if err != nil || Clock(m) != c.want {
			t.Errorf("%q: %v %v", c.in, Clock(m), err)
		}
	}
	for _, bad := range []string{"", "9", "25:00", "09:60", "noon", "9:3"} {
		if _, err := ParseClock(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := NewRange("09:00", "09:00"); err == nil {
		t.Error("an opening of no time accepted")
	}
}

// Whatever the text, going to the form and back keeps when the place is open.
func FuzzDaysRoundTrip(f *testing.F) {
	f.Add("Mo-Fr 09:00-17:00; Sa 10:00-12:30")
	f.Add("Fr 20:00-02:00; Su 00:00-24:00")
	f.Add("24/7")
	f.Fuzz(func(t *testing.T, s string) {
		w, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(FromDays(w.ByDay()).String())
		if err != nil {
			t.Fatalf("%q came back unreadable: %v", s, err)
		}
		for d := time.Sunday; d <= time.Saturday; d++ {
			for m := 0; m < 24*60; m += 15 {
				at := at(d, m/60, m%60)
				if w.OpenAt(at) != back.OpenAt(at) {
					t.Fatalf("%q and %q disagree at %s", s, FromDays(w.ByDay()).String(), at.Format("Mon 15:04"))
				}
			}
		}
	})
}
