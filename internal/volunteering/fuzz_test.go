package volunteering

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// Postcodes come from forms and the list's query: normalising never fails, is stable, and a
// postcode judged valid has the outward code, one space and the inward code.
func FuzzPostcode(f *testing.F) {
	for _, s := range []string{"AH1 2QS", "ah12qs", " sw1a 1aa ", "M1 1AE", "", "AH123 4QQ", "ÄH1 2QS", "1AH 2QS"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalisePostcode(s)
		if NormalisePostcode(n) != n {
			t.Fatalf("not stable: %q -> %q -> %q", s, n, NormalisePostcode(n))
		}
		if ValidPostcode(n) {
			out, in, ok := strings.Cut(n, " ")
			if !ok || len(in) != 3 || len(out) < 2 || len(out) > 4 || strings.Count(n, " ") != 1 {
				t.Fatalf("%q judged valid", n)
			}
		}
	})
}

// Shift forms: any input is answered with field errors or a run of shifts that each end after
// they start and keep their UK time of day.
func FuzzShiftInput(f *testing.F) {
	f.Add("2026-03-28", "10:00", "12:00", "1", "3", "weekly", "4")
	f.Add("2026-10-24", "23:30", "23:45", "0", "1", "monthly", "52")
	f.Add("x", "25:00", "", "-1", "a", "daily", "0")
	f.Fuzz(func(t *testing.T, date, start, end, min, max, repeat, count string) {
		in := ShiftInput{Date: date, Start: start, End: end, Min: min, Max: max, Repeat: repeat, Count: count}
		if in.Validate() != nil {
			return
		}
		times := in.times()
		if len(times) < 1 || len(times) > 52 {
			t.Fatalf("%d shifts", len(times))
		}
		for _, tt := range times {
			if !tt[1].After(tt[0]) {
				t.Fatalf("shift ends before it starts: %v", tt)
			}
			if Local(tt[0]).Format("15:04") != Local(in.start).Format("15:04") && Local(tt[0]).Format("15:04") != Local(in.start.Add(time.Hour)).Format("15:04") {
				// A start in the hour the clocks skip moves by that hour; any other change is a bug.
				t.Fatalf("start moved from %v to %v", Local(in.start), Local(tt[0]))
			}
		}
	})
}

// The list's query string: any filters give a search within the known terms.
func FuzzSearchFrom(f *testing.F) {
	f.Add("cause=Health&day=Monday&part=Evening&within=5&postcode=ah1+2qs&from_home=yes")
	f.Add("cause=%00&kind=micro&within=NaN&day=Funday")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		s := searchFrom(q)
		if s.Cause != "" && !contains(Causes, s.Cause) || s.Day != "" && !contains(Days, s.Day) || s.Part != "" && !contains(Parts, s.Part) ||
			s.Kind != "" && !contains(Kinds, s.Kind) || s.Within < 0 || s.Within > 200 {
			t.Fatalf("search %+v from %q", s, raw)
		}
	})
}

// Slots of any shift are among the standard's 21.
func FuzzSlotsOf(f *testing.F) {
	f.Add(int64(1767225600), int64(3*3600))
	f.Fuzz(func(t *testing.T, start, length int64) {
		if length <= 0 || length > 48*3600 || start < 0 || start > 1<<40 {
			return
		}
		a := time.Unix(start, 0)
		for _, sl := range SlotsOf(a, a.Add(time.Duration(length)*time.Second)) {
			if !contains(Slots(), sl) {
				t.Fatalf("slot %q", sl)
			}
		}
	})
}
