package clock

import (
	"errors"
	"time"
)

// Date is a calendar day with no time and no zone: the date a notice was received, the last day
// of a period. The zero Date is "no date".
type Date struct{ t time.Time } // always midnight UTC

// ErrDate is returned for text that is not a real date in the years Commons handles.
var ErrDate = errors.New("clock: not a date in the form YYYY-MM-DD between 1900 and 2199")

// NewDate returns the date; out-of-range days roll over as time.Date does (31 April is 1 May).
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// Parse reads a date written YYYY-MM-DD, refusing days that do not exist (2025-02-29) and years
// outside 1900–2199.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, ErrDate
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil || t.Year() < 1900 || t.Year() > 2199 {
		return Date{}, ErrDate
	}
	return Date{t}, nil
}

// MustParse is Parse for dates written in code; it panics on a bad date.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// On returns the date t falls on in loc (Europe/London for everything people see).
func On(t time.Time, loc *time.Location) Date {
	t = t.In(loc)
	return NewDate(t.Year(), t.Month(), t.Day())
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Time is midnight UTC at the start of the day, for formatting.
func (d Date) Time() time.Time { return d.t }

// Year, Month, Day and Weekday are the parts of the date.
func (d Date) Year() int                    { return d.t.Year() }
func (d Date) Month() time.Month            { return d.t.Month() }
func (d Date) Day() int                     { return d.t.Day() }
func (d Date) Weekday() time.Weekday        { return d.t.Weekday() }
func (d Date) AddDays(n int) Date           { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) Before(e Date) bool           { return d.t.Before(e.t) }
func (d Date) After(e Date) bool            { return d.t.After(e.t) }
func (d Date) Equal(e Date) bool            { return d.t.Equal(e.t) }
func (d Date) Compare(e Date) int           { return d.t.Compare(e.t) }
func (d Date) weekend() bool                { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }
func daysBetween(from, to Date) int         { return int(to.t.Sub(from.t) / (24 * time.Hour)) }
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// DaysUntil is the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return daysBetween(d, e) }

// AddMonths returns the corresponding date n months later (n may be negative), or the last day
// of that month when it has no such day: 31 August plus 6 months is 28 February (29 in a leap
// year).
func (d Date) AddMonths(n int) Date {
	y, m := d.Year(), int(d.Month())-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	day := d.Day()
	if day > last {
		day = last
	}
	return NewDate(y, time.Month(m+1), day)
}
