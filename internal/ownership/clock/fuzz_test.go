package clock

import (
	"errors"
	"testing"
)

// Any text either parses to a date that writes back the same, or is refused.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2025-02-29", "2026-12-31", "0000-00-00", "2024-1-1", "９９９９-01-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("%q parsed to %s", s, d)
		}
		var back Date
		if err := back.UnmarshalText([]byte(s)); err != nil || !back.Equal(d) {
			t.Fatalf("%q: UnmarshalText %v %v", s, back, err)
		}
	})
}

// For any start date and every rule: the last day is never before the start, a later start
// never gives an earlier last day, a period "beginning with" a date ends the day before the next
// one would begin, and working-day periods end on a working day.
func FuzzDue(f *testing.F) {
	f.Add(2024, 2, 29, 0)
	f.Add(2025, 8, 31, 3)
	f.Add(2026, 12, 24, 7)
	f.Add(2030, 12, 31, 11)
	var rules []Rule
	for _, id := range []string{England, CommunityRightToBuy, ScotlandTimetable} {
		rules = append(rules, Timetables[id].Rules...)
	}
	rules = append(rules, PolicyRules(30, 6, 12, Months)...)
	f.Fuzz(func(t *testing.T, y, m, d, which int) {
		start := NewDate(2000+abs(y)%60, 1, 1).AddMonths(abs(m) % 12).AddDays(abs(d) % 31)
		r := rules[abs(which)%len(rules)]
		due, err := r.Due(start)
		if errors.Is(err, ErrCalendar) {
			if r.Unit != WorkingDays {
				t.Fatalf("%s: calendar error for a calendar-day rule", r.ID)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s from %s: %v", r.ID, start, err)
		}
		if due.Before(start) {
			t.Fatalf("%s from %s: due %s is before the start", r.ID, start, due)
		}
		if r.Counting == After && !due.After(start) {
			t.Fatalf("%s from %s: due %s, but the start day is not counted", r.ID, start, due)
		}
		next, err := r.Due(start.AddDays(1))
		if err == nil && next.Before(due) {
			t.Fatalf("%s: from %s due %s, from the next day due %s", r.ID, start, due, next)
		}
		switch r.Unit {
		case Months, Years:
			n := r.Length
			if r.Unit == Years {
				n *= 12
			}
			next := start.AddMonths(n)
			switch {
			case r.Counting == After && !due.Equal(next):
				t.Fatalf("%s from %s: due %s, want the corresponding date %s", r.ID, start, due, next)
			case r.Counting == BeginningWith && next.Day() == start.Day() && !due.AddDays(1).Equal(next):
				t.Fatalf("%s from %s: due %s, but the next period would begin %s", r.ID, start, due, next)
			case r.Counting == BeginningWith && next.Day() != start.Day() && !due.Equal(next):
				t.Fatalf("%s from %s: due %s, want the month's end %s", r.ID, start, due, next)
			}
		case WorkingDays:
			if w, ok := IsWorkingDay(r.Nation, due); !ok || !w {
				t.Fatalf("%s from %s: due %s is not a working day", r.ID, start, due)
			}
		case Days, Weeks:
			n := r.Length
			if r.Unit == Weeks {
				n *= 7
			}
			if r.Counting == BeginningWith {
				n--
			}
			if start.DaysUntil(due) != n {
				t.Fatalf("%s from %s: %d days to %s, want %d", r.ID, start, start.DaysUntil(due), due, n)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}
