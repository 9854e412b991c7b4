package progress

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ParsePence reads an amount of money typed as pounds ("1200", "£1,200.50", "12.5") and returns
// whole pence. Negative amounts, more than two decimals and amounts over £10 billion are refused.
func ParsePence(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "£")
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || strings.ContainsAny(s, "+-eEpPxX_") {
		return 0, false
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && (!hasDot || frac == "") || len(frac) > 2 || len(whole) > 11 {
		return 0, false
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, false
			}
		}
	}
	var pounds int64
	if whole != "" {
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return 0, false
		}
		pounds = n
	}
	for len(frac) < 2 {
		frac += "0"
	}
	pence, _ := strconv.ParseInt(frac, 10, 64)
	total := pounds*100 + pence
	if total > 1_000_000_000_000 {
		return 0, false
	}
	return total, true
}

// FormatPence writes pence as pounds: "£1,200.50", or "£1,200" for whole pounds.
func FormatPence(p int64) string {
	neg := p < 0
	if neg {
		p = -p
	}
	pounds, pence := p/100, p%100
	digits := strconv.FormatInt(pounds, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := "£" + b.String()
	if pence != 0 {
		out += "." + strconv.FormatInt(100+pence, 10)[1:]
	}
	if neg {
		out = "−" + out
	}
	return out
}

// ParseHours reads a whole, non-negative number of hours up to one million.
func ParseHours(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || len(s) > 7 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > 1_000_000 {
		return 0, false
	}
	return n, true
}

// ParseMinutes reads a non-negative number of hours, whole or in part ("7.5", "7:30", "1,200",
// "0.25"), up to one million hours, as whole minutes (rounded to the nearest minute).
func ParseMinutes(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || len(s) > 12 {
		return 0, false
	}
	if h, m, ok := strings.Cut(s, ":"); ok {
		hours, ok1 := ParseHours(h)
		if !ok1 || len(m) != 2 || m[0] < '0' || m[0] > '5' || m[1] < '0' || m[1] > '9' {
			return 0, false
		}
		return hours*60 + int(m[0]-'0')*10 + int(m[1]-'0'), true
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		return 0, false
	}
	f, ok := ParseNumber(s)
	if !ok || f < 0 || f > 1_000_000 {
		return 0, false
	}
	return int(math.Round(f * 60)), true
}

// FormatHours writes minutes as hours with at most two decimals and none needless: 450 is
// "7.5", 440 is "7.33", 600 is "10".
func FormatHours(minutes int) string {
	return strconv.FormatFloat(math.Round(float64(minutes)/60*100)/100, 'f', -1, 64)
}

// ParseClock reads a time of day as people type it: "18:30", "18.30", "6:30pm", "6pm",
// "6.30 p.m.", "0930". It returns the hour (0-23) and minute.
func ParseClock(s string) (hour, minute int, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "", "a.m.", "am", "p.m.", "pm").Replace(s)
	if len(s) == 0 || len(s) > 8 {
		return 0, 0, false
	}
	pm, am := strings.HasSuffix(s, "pm"), strings.HasSuffix(s, "am")
	if pm || am {
		s = s[:len(s)-2]
	}
	var hs, ms string
	if h, m, found := strings.Cut(s, ":"); found {
		hs, ms = h, m
	} else if h, m, found := strings.Cut(s, "."); found {
		hs, ms = h, m
	} else if len(s) == 4 && !pm && !am {
		hs, ms = s[:2], s[2:]
	} else {
		hs, ms = s, "00"
	}
	if len(hs) == 0 || len(hs) > 2 || len(ms) != 2 {
		return 0, 0, false
	}
	for _, r := range hs + ms {
		if r < '0' || r > '9' {
			return 0, 0, false
		}
	}
	hour, _ = strconv.Atoi(hs)
	minute, _ = strconv.Atoi(ms)
	if minute > 59 {
		return 0, 0, false
	}
	if pm || am {
		if hour < 1 || hour > 12 {
			return 0, 0, false
		}
		hour %= 12
		if pm {
			hour += 12
		}
	}
	if hour > 23 {
		return 0, 0, false
	}
	return hour, minute, true
}

// ParseNumber reads a finite decimal number such as "12", "-3.5" or "1,200.75" (an indicator's
// value), refusing exponents, hexadecimal, infinities and magnitudes over 10^12.
func ParseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || len(s) > 400 {
		return 0, false
	}
	body := strings.TrimPrefix(s, "-")
	dots := 0
	digits := 0
	for _, r := range body {
		switch {
		case r == '.':
			dots++
		case r >= '0' && r <= '9':
			digits++
		default:
			return 0, false
		}
	}
	if dots > 1 || digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		return 0, false
	}
	return f, true
}

// FormatNumber writes a value without needless decimals: 12, 12.5, 0.25.
func FormatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// ParseDate reads a calendar date typed as YYYY-MM-DD or D/M/YYYY, between the years 1900 and
// 2200.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse("2/1/2006", s)
	}
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}
