package ical

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ContentType is the media type of an iCalendar download.
const ContentType = "text/calendar; charset=utf-8"

// MethodPublish is the only RFC 5546 method the platform sends.
const MethodPublish = "PUBLISH"

// Event statuses (RFC 5545 §3.8.1.11).
const (
	StatusConfirmed = "CONFIRMED"
	StatusCancelled = "CANCELLED"
	StatusTentative = "TENTATIVE"
)

// Calendar is one VCALENDAR object.
type Calendar struct {
	ProdID string // e.g. "-//Leeds City Council//Commons//EN"; required
	Name   string // shown by calendar apps as the subscription's name
	Method string // "" for feeds, or MethodPublish
	Events []Event
}

// Event is one VEVENT. Times may be in any location; they are written in
// UTC. For AllDay events only the dates of Start and End are used, End being
// the day after the last day (exclusive, as RFC 5545 counts).
type Event struct {
	UID          string // globally unique and stable across updates; required
	Summary      string
	Description  string
	Location     string
	URL          string
	Start        time.Time // required
	End          time.Time // optional; must not be before Start
	AllDay       bool
	Status       string      // "", StatusConfirmed, StatusCancelled or StatusTentative
	Organizer    string      // e-mail address or mailto: URI; required with METHOD:PUBLISH
	Geo          *[2]float64 // [latitude, longitude]: GEO's order, the reverse of GeoJSON's
	Created      time.Time
	LastModified time.Time
	Stamp        time.Time // DTSTAMP; required
	Sequence     int       // bump on every significant change
}

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("ical: invalid calendar")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Validate checks what RFC 5545 and RFC 5546 require of the calendar.
func (c Calendar) Validate() error {
	if strings.TrimSpace(c.ProdID) == "" {
		return invalid("PRODID is required")
	}
	if c.Method != "" && c.Method != MethodPublish {
		return invalid("method %q is not supported; use %q or none", c.Method, MethodPublish)
	}
	seen := make(map[string]bool, len(c.Events))
	for i, e := range c.Events {
		if err := e.validate(c.Method); err != nil {
			return fmt.Errorf("event %d (%q): %w", i, e.UID, err)
		}
		if seen[e.UID] {
			return invalid("event %d: UID %q appears twice", i, e.UID)
		}
		seen[e.UID] = true
	}
	return nil
}

func (e Event) validate(method string) error {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return invalid("UID is required")
	case e.Stamp.IsZero():
		return invalid("DTSTAMP is required")
	case e.Start.IsZero():
		return invalid("DTSTART is required")
	case !e.End.IsZero() && e.End.Before(e.Start):
		return invalid("DTEND is before DTSTART")
	case e.AllDay && !e.End.IsZero() && !dateOf(e.End).After(dateOf(e.Start)):
		return invalid("an all-day event's end date must be after its start date (the end is exclusive)")
	case e.Sequence < 0:
		return invalid("SEQUENCE must not be negative")
	case method == MethodPublish && e.Organizer == "":
		return invalid("ORGANIZER is required with METHOD:PUBLISH (RFC 5546)")
	}
	switch e.Status {
	case "", StatusConfirmed, StatusCancelled, StatusTentative:
	default:
		return invalid("status %q is not one of CONFIRMED, CANCELLED, TENTATIVE", e.Status)
	}
	for name, v := range map[string]string{"URL": e.URL, "ORGANIZER": e.Organizer, "UID": e.UID} {
		if strings.ContainsFunc(v, isControl) || !utf8.ValidString(v) {
			return invalid("%s holds a control character or invalid UTF-8", name)
		}
	}
	if g := e.Geo; g != nil {
		if !(g[0] >= -90 && g[0] <= 90) || !(g[1] >= -180 && g[1] <= 180) {
			return invalid("GEO %v is not [latitude, longitude] in range", *g)
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// dateOf is the calendar date of t in t's own location, at UTC midnight.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Encode validates cal and writes it to w.
func Encode(w io.Writer, cal Calendar) error {
	if err := cal.Validate(); err != nil {
		return err
	}
	lw := &lineWriter{w: bufio.NewWriter(w)}
	lw.line("BEGIN", "VCALENDAR")
	lw.line("VERSION", "2.0")
	lw.line("PRODID", Text(cal.ProdID))
	lw.line("CALSCALE", "GREGORIAN")
	if cal.Method != "" {
		lw.line("METHOD", cal.Method)
	}
	if cal.Name != "" {
		lw.line("NAME", Text(cal.Name)) // RFC 7986
		lw.line("X-WR-CALNAME", Text(cal.Name))
	}
	for _, e := range cal.Events {
		writeEvent(lw, e)
	}
	lw.line("END", "VCALENDAR")
	if lw.err != nil {
		return lw.err
	}
	return lw.w.Flush()
}

func writeEvent(lw *lineWriter, e Event) {
	lw.line("BEGIN", "VEVENT")
	lw.line("UID", Text(e.UID))
	lw.line("DTSTAMP", utc(e.Stamp))
	if e.AllDay {
		lw.line("DTSTART;VALUE=DATE", dateOf(e.Start).Format("20060102"))
		if !e.End.IsZero() {
			lw.line("DTEND;VALUE=DATE", dateOf(e.End).Format("20060102"))
		}
	} else {
		lw.line("DTSTART", utc(e.Start))
		if !e.End.IsZero() {
			lw.line("DTEND", utc(e.End))
		}
	}
	if !e.Created.IsZero() {
		lw.line("CREATED", utc(e.Created))
	}
	if !e.LastModified.IsZero() {
		lw.line("LAST-MODIFIED", utc(e.LastModified))
	}
	if e.Sequence > 0 {
		lw.line("SEQUENCE", strconv.Itoa(e.Sequence))
	}
	if e.Status != "" {
		lw.line("STATUS", e.Status)
	}
	if e.Summary != "" {
		lw.line("SUMMARY", Text(e.Summary))
	}
	if e.Description != "" {
		lw.line("DESCRIPTION", Text(e.Description))
	}
	if e.Location != "" {
		lw.line("LOCATION", Text(e.Location))
	}
	if e.Geo != nil {
		lw.line("GEO", geoFloat(e.Geo[0])+";"+geoFloat(e.Geo[1]))
	}
	if e.URL != "" {
		lw.line("URL", e.URL)
	}
	if e.Organizer != "" {
		org := e.Organizer
		if !strings.HasPrefix(strings.ToLower(org), "mailto:") {
			org = "mailto:" + org
		}
		lw.line("ORGANIZER", org)
	}
	lw.line("END", "VEVENT")
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

func geoFloat(f float64) string {
	// Six decimals is about 10 cm; never exponent notation, which FLOAT forbids.
	s := strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

// Text escapes s as an RFC 5545 TEXT value: backslash, semicolon and comma
// get a backslash, line breaks become \n, other control characters (which
// TEXT forbids) are dropped.
func Text(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}
