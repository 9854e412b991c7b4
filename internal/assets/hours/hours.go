package hours

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Day names in the order of time.Weekday (Sunday first).
var dayNames = []string{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"}

// Span is one opening on some days, in minutes from midnight; Close may pass midnight
// (Close > 24*60) for late openings.
type Span struct {
	Days        [7]bool // by time.Weekday
	Open, Close int
}

// Week is a place's regular opening times. Always is "24/7".
type Week struct {
	Always bool
	Spans  []Span
}

// ErrSyntax is returned for text that is not in the accepted form.
var ErrSyntax = errors.New("opening times must look like \"Mo-Fr 09:00-17:00; Sa 10:00-12:00\"")

// Parse reads opening times. Rules are separated by ";"; each is days then one or more time
// ranges separated by ",". Days are two-letter names, ranges of them (Mo-Fr, Sa-Mo) or lists
// (Mo,We,Fr). An empty text is an empty Week (times unknown).
func Parse(s string) (Week, error) {
	s = strings.TrimSpace(s)
	var w Week
	if s == "" {
		return w, nil
	}
	if s == "24/7" {
		w.Always = true
		return w, nil
	}
	if len(s) > 1000 {
		return w, ErrSyntax
	}
	for _, rule := range strings.Split(s, ";") {
		rule = strings.TrimSpace(rule)
		if rule == "" {
			continue
		}
		daysPart, timesPart, ok := strings.Cut(rule, " ")
		if !ok {
			return Week{}, ErrSyntax
		}
		days, err := parseDays(daysPart)
		if err != nil {
			return Week{}, err
		}
		for _, r := range strings.Split(strings.TrimSpace(timesPart), ",") {
			open, close, err := parseRange(strings.TrimSpace(r))
			if err != nil {
				return Week{}, err
			}
			w.Spans = append(w.Spans, Span{Days: days, Open: open, Close: close})
		}
	}
	if len(w.Spans) == 0 {
		return Week{}, ErrSyntax
	}
	return w, nil
}

func dayIndex(s string) (int, bool) {
	for i, n := range dayNames {
		if strings.EqualFold(n, s) {
			return i, true
		}
	}
	return 0, false
}

func parseDays(s string) ([7]bool, error) {
	var days [7]bool
	for _, part := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, ok := dayIndex(from)
		if !ok {
			return days, ErrSyntax
		}
		if !isRange {
			days[a] = true
			continue
		}
		b, ok := dayIndex(to)
		if !ok {
			return days, ErrSyntax
		}
		for i := a; ; i = (i + 1) % 7 {
			days[i] = true
			if i == b {
				break
			}
		}
	}
	return days, nil
}

func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if h > 24 || m > 59 || h == 24 && m != 0 {
		return 0, false
	}
	return h*60 + m, true
}

func parseRange(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, ErrSyntax
	}
	open, ok1 := parseClock(a)
	close, ok2 := parseClock(b)
	if !ok1 || !ok2 || open == close {
		return 0, 0, ErrSyntax
	}
	if close < open { // past midnight
		close += 24 * 60
	}
	return open, close, nil
}

// OpenAt reports whether the place is open at t (in t's location).
func (w Week) OpenAt(t time.Time) bool {
	if w.Always {
		return true
	}
	day := int(t.Weekday())
	min := t.Hour()*60 + t.Minute()
	prev := (day + 6) % 7
	for _, s := range w.Spans {
		if s.Days[day] && min >= s.Open && min < s.Close {
			return true
		}
		// A span from yesterday that runs past midnight.
		if s.Days[prev] && s.Close > 24*60 && min < s.Close-24*60 {
			return true
		}
	}
	return false
}

// Known reports whether any opening times were given.
func (w Week) Known() bool { return w.Always || len(w.Spans) > 0 }

// String writes the week back in the accepted form (one rule per span).
func (w Week) String() string {
	if w.Always {
		return "24/7"
	}
	var rules []string
	for _, s := range w.Spans {
		var ds []string
		for i := 1; i <= 7; { // Monday first; three or more days in a row as a range
			if !s.Days[i%7] {
				i++
				continue
			}
			j := i
			for j+1 <= 7 && s.Days[(j+1)%7] {
				j++
			}
			switch {
			case j-i >= 2:
				ds = append(ds, dayNames[i%7]+"-"+dayNames[j%7])
			case j > i:
				ds = append(ds, dayNames[i%7], dayNames[j%7])
			default:
				ds = append(ds, dayNames[i%7])
			}
			i = j + 1
		}
		c := s.Close % (24 * 60)
		if s.Close == 24*60 {
			c = 24 * 60
		}
		rules = append(rules, fmt.Sprintf("%s %02d:%02d-%02d:%02d", strings.Join(ds, ","), s.Open/60, s.Open%60, c/60, c%60))
	}
	return strings.Join(rules, "; ")
}
