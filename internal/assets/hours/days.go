package hours

import (
	"errors"
	"slices"
	"strings"
)

// Range is one opening on one day, in minutes from midnight; Close is after Open, past 24:00
// for an opening that runs past midnight.
type Range struct{ Open, Close int }

// Clock writes minutes from midnight as "09:30" (24:00 for the end of the day).
func Clock(min int) string {
	if min > 24*60 {
		min -= 24 * 60
	}
	return string([]byte{byte('0' + min/600), byte('0' + min/60%10), ':', byte('0' + min%60/10), byte('0' + min%10)})
}

// Times writes the range as "09:00–17:00".
func (r Range) Times() string { return Clock(r.Open) + "–" + Clock(r.Close) }

// Monday first, as the form and the asset page list the days; the index into time.Weekday is
// (i+1)%7.
func weekday(i int) int { return (i + 1) % 7 }

// ByDay lists the week's openings day by day, Monday first, each day's in time order. A week
// open all the time gives each day 00:00–24:00.
func (w Week) ByDay() [7][]Range {
	var out [7][]Range
	for i := range out {
		if w.Always {
			out[i] = []Range{{0, 24 * 60}}
			continue
		}
		for _, s := range w.Spans {
			if s.Days[weekday(i)] {
				out[i] = append(out[i], Range{s.Open, s.Close})
			}
		}
		slices.SortFunc(out[i], func(a, b Range) int { return a.Open - b.Open })
	}
	return out
}

// FromDays makes a week of openings given day by day, Monday first. Days with the same
// openings share their spans, so String writes "Mo-Fr 09:00-17:00" rather than five rules.
// No openings at all is an empty week (times not known).
func FromDays(days [7][]Range) Week {
	var w Week
	key := func(rs []Range) string {
		var b strings.Builder
		for _, r := range rs {
			b.WriteString(Clock(r.Open) + Clock(r.Close))
		}
		return b.String()
	}
	done := [7]bool{}
	for i := range days {
		if done[i] || len(days[i]) == 0 {
			continue
		}
		var set [7]bool
		k := key(days[i])
		for j := i; j < 7; j++ {
			if !done[j] && key(days[j]) == k {
				set[weekday(j)], done[j] = true, true
			}
		}
		for _, r := range days[i] {
			w.Spans = append(w.Spans, Span{Days: set, Open: r.Open, Close: r.Close})
		}
	}
	return w
}

// ErrClock is returned for a time that is not like 09:30.
var ErrClock = errors.New("a time must look like 09:30")

// ParseClock reads a time as people type it into the form: "09:30", "9:30", "0930" or "9.30";
// "24:00" is the end of the day.
func ParseClock(s string) (int, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ".", ":"))
	if !strings.Contains(s, ":") && len(s) == 4 {
		s = s[:2] + ":" + s[2:]
	}
	if len(s) == 4 && s[1] == ':' {
		s = "0" + s
	}
	m, ok := parseClock(s)
	if !ok {
		return 0, ErrClock
	}
	return m, nil
}

// NewRange makes an opening from two times typed in the form; a closing time before the
// opening runs past midnight.
func NewRange(open, close string) (Range, error) {
	o, err1 := ParseClock(open)
	c, err2 := ParseClock(close)
	if err1 != nil || err2 != nil || o == c || o == 24*60 {
		return Range{}, ErrClock
	}
	if c < o {
		c += 24 * 60
	}
	return Range{o, c}, nil
}
