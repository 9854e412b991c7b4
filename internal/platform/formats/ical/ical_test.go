package ical

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

// check is the structural RFC 5545 check the tests apply to our output and
// to the shared samples: an independent parser (go-ical) must read it, its
// encoder must accept the cardinality of every property, DTSTART and DTEND
// must parse, every TZID must have a VTIMEZONE, METHOD:PUBLISH needs an
// ORGANIZER on every event, and lines must end in CRLF.
func check(data []byte) (*goical.Calendar, error) {
	if regexp.MustCompile(`(^|[^\r])\n`).Match(data) {
		return nil, errors.New("a line ends without CR")
	}
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, err
	}
	if err := goical.NewEncoder(io.Discard).Encode(cal); err != nil {
		return nil, err
	}
	defined := map[string]bool{}
	for _, c := range cal.Children {
		if c.Name == goical.CompTimezone {
			if p := c.Props.Get(goical.PropTimezoneID); p != nil {
				defined[p.Value] = true
			}
		}
	}
	publish := false
	if p := cal.Props.Get(goical.PropMethod); p != nil && strings.EqualFold(p.Value, "PUBLISH") {
		publish = true
	}
	for _, ev := range cal.Events() {
		if _, err := ev.DateTimeStart(nil); err != nil {
			return nil, err
		}
		if _, err := ev.DateTimeEnd(nil); err != nil {
			return nil, err
		}
		for _, props := range ev.Props {
			for _, p := range props {
				if tz := p.Params.Get(goical.PropTimezoneID); tz != "" && !defined[tz] {
					return nil, errors.New("TZID " + tz + " has no VTIMEZONE")
				}
			}
		}
		if publish && ev.Props.Get(goical.PropOrganizer) == nil {
			return nil, errors.New("METHOD:PUBLISH event without ORGANIZER")
		}
	}
	return cal, nil
}

func TestSamples(t *testing.T) {
	paths, _ := filepath.Glob("testdata/samples/*.ics")
	if len(paths) < 5 {
		t.Fatalf("only %d samples", len(paths))
	}
	for _, p := range paths {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			_, err = check(data)
			if wantValid := strings.HasPrefix(name, "valid-"); wantValid != (err == nil) {
				t.Errorf("valid=%v, check said %v", wantValid, err)
			}
		})
	}
}

var (
	london = mustLoad("Europe/London")
	stamp  = time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
)

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("BST", 3600)
	}
	return l
}

func sampleCalendar() Calendar {
	return Calendar{
		ProdID: "-//Cyngor Caerdydd//Commons//CY",
		Name:   "Digwyddiadau cymunedol, Caerdydd",
		Method: MethodPublish,
		Events: []Event{
			{
				UID:     "3f1c2a9e-7d4b-4c55-9a0e-1b2c3d4e5f60@commons.example",
				Summary: "Gweithdy cyd-ddylunio: Tŷ'r Gymuned; croeso i bawb, gan gynnwys plant",
				Description: "Dewch â'ch syniadau am y gyllideb gyfranogol.\nBydd te a choffi.\r\n" +
					"Backslash \\ and ; and , too. " + strings.Repeat("Ŵŷâêîôû ", 20),
				Location:     "Neuadd y Dref, Ystafell 2, Heol y Frenhines, Caerdydd CF10 2BY",
				URL:          "https://commons.example/events/3f1c2a9e?lang=cy&ref=ics",
				Start:        time.Date(2025, 6, 2, 18, 30, 0, 0, london),
				End:          time.Date(2025, 6, 2, 20, 0, 0, 0, london),
				Status:       StatusConfirmed,
				Organizer:    "digwyddiadau@commons.example",
				Geo:          &[2]float64{51.4816, -3.1791},
				Created:      stamp.Add(-48 * time.Hour),
				LastModified: stamp.Add(-time.Hour),
				Stamp:        stamp,
				Sequence:     2,
			},
			{
				UID:       "all-day@commons.example",
				Summary:   "Diwrnod agored",
				Start:     time.Date(2025, 7, 5, 0, 0, 0, 0, time.UTC),
				End:       time.Date(2025, 7, 7, 0, 0, 0, 0, time.UTC),
				AllDay:    true,
				Status:    StatusCancelled,
				Organizer: "mailto:events@commons.example",
				Stamp:     stamp,
			},
		},
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	cal := sampleCalendar()
	var buf bytes.Buffer
	if err := Encode(&buf, cal); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	for i, line := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets", i+1, len(line))
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, line)
		}
	}
	parsed, err := check(out)
	if err != nil {
		t.Fatalf("structural check: %v\n%s", err, out)
	}
	if v := parsed.Props.Get(goical.PropVersion); v == nil || v.Value != "2.0" {
		t.Error("VERSION:2.0 missing")
	}
	events := parsed.Events()
	if len(events) != 2 {
		t.Fatalf("got %d events", len(events))
	}
	want := cal.Events[0]
	ev := events[0]
	for prop, w := range map[string]string{
		goical.PropUID: want.UID, goical.PropSummary: want.Summary,
		goical.PropDescription: strings.ReplaceAll(want.Description, "\r\n", "\n"),
		goical.PropLocation:    want.Location,
	} {
		got, err := ev.Props.Text(prop)
		if err != nil || got != w {
			t.Errorf("%s: got %q (%v), want %q", prop, got, err, w)
		}
	}
	start, err := ev.DateTimeStart(nil)
	if err != nil || !start.Equal(want.Start) || start.Location() != time.UTC {
		t.Errorf("DTSTART %v (%v), want %v in UTC", start, err, want.Start)
	}
	end, _ := ev.DateTimeEnd(nil)
	if !end.Equal(want.End) {
		t.Errorf("DTEND %v, want %v", end, want.End)
	}
	for prop, w := range map[string]string{
		goical.PropURL: want.URL, goical.PropOrganizer: "mailto:" + want.Organizer,
		goical.PropGeo: "51.4816;-3.1791", goical.PropSequence: "2", goical.PropStatus: "CONFIRMED",
		goical.PropDateTimeStamp: "20250501T090000Z", goical.PropLastModified: "20250501T080000Z",
	} {
		if p := ev.Props.Get(prop); p == nil || p.Value != w {
			t.Errorf("%s: got %v, want %q", prop, p, w)
		}
	}
	allDay := events[1]
	if p := allDay.Props.Get(goical.PropDateTimeStart); p == nil || p.Value != "20250705" || p.ValueType() != goical.ValueDate {
		t.Errorf("all-day DTSTART: %+v", p)
	}
	if p := allDay.Props.Get(goical.PropDateTimeEnd); p == nil || p.Value != "20250707" {
		t.Errorf("all-day DTEND: %+v", p)
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b;c,d`, `a\\b\;c\,d`},
		{"one\ntwo\r\nthree\rfour", `one\ntwo\nthree\nfour`},
		{"bell\x07tab\t", "belltab\t"},
		{"Tŷ Ddewi", "Tŷ Ddewi"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"short", "SUMMARY:hi", "SUMMARY:hi\r\n"},
		{"exactly 75", strings.Repeat("a", 75), strings.Repeat("a", 75) + "\r\n"},
		{"76", strings.Repeat("a", 76), strings.Repeat("a", 75) + "\r\n a\r\n"},
		// 74 ASCII octets then a two-octet ŵ: cutting at 75 would split it.
		{"no split", strings.Repeat("a", 74) + "ŵb", strings.Repeat("a", 74) + "\r\n ŵb\r\n"},
		{"second line 74", strings.Repeat("a", 75+74+1), strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 74) + "\r\n a\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	base := sampleCalendar()
	tests := []struct {
		name   string
		change func(*Calendar)
		want   string
	}{
		{"ok", func(*Calendar) {}, ""},
		{"no prodid", func(c *Calendar) { c.ProdID = "" }, "PRODID"},
		{"bad method", func(c *Calendar) { c.Method = "REQUEST" }, "method"},
		{"publish without organizer", func(c *Calendar) { c.Events[0].Organizer = "" }, "ORGANIZER"},
		{"feed without organizer", func(c *Calendar) { c.Method = ""; c.Events[0].Organizer = "" }, ""},
		{"no uid", func(c *Calendar) { c.Events[0].UID = "" }, "UID"},
		{"duplicate uid", func(c *Calendar) { c.Events[1].UID = c.Events[0].UID }, "twice"},
		{"no stamp", func(c *Calendar) { c.Events[0].Stamp = time.Time{} }, "DTSTAMP"},
		{"no start", func(c *Calendar) { c.Events[0].Start = time.Time{} }, "DTSTART"},
		{"end before start", func(c *Calendar) { c.Events[0].End = c.Events[0].Start.Add(-time.Minute) }, "before"},
		{"all-day same day", func(c *Calendar) { c.Events[1].End = c.Events[1].Start.Add(time.Hour) }, "exclusive"},
		{"bad status", func(c *Calendar) { c.Events[0].Status = "POSTPONED" }, "status"},
		{"geo out of range", func(c *Calendar) { c.Events[0].Geo = &[2]float64{151.48, -3.1791} }, "GEO"},
		{"url with newline", func(c *Calendar) { c.Events[0].URL = "https://x/\r\nX-EVIL:1" }, "control"},
		{"negative sequence", func(c *Calendar) { c.Events[0].Sequence = -1 }, "SEQUENCE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			c.Events = append([]Event(nil), base.Events...)
			tt.change(&c)
			err := Encode(io.Discard, c)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			case err != nil && !errors.Is(err, ErrInvalid):
				t.Fatalf("not ErrInvalid: %v", err)
			}
		})
	}
}

// FuzzEncode feeds user-typed text (titles, descriptions, places) through the
// writer and the independent parser: whatever users type must come back
// unchanged apart from line-break normalisation and dropped control
// characters.
func FuzzEncode(f *testing.F) {
	f.Add("Gweithdy; Tŷ", "line\none\\two,three", "Neuadd")
	f.Add(strings.Repeat("ŵ", 80), "\r\r\n\x00", "")
	f.Fuzz(func(t *testing.T, summary, description, location string) {
		cal := Calendar{ProdID: "-//t//t//EN", Events: []Event{{
			UID: "u@t", Stamp: stamp, Start: stamp, Summary: summary, Description: description, Location: location,
		}}}
		var buf bytes.Buffer
		if err := Encode(&buf, cal); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(buf.String(), "\r\n") {
			if len(line) > 75 {
				t.Fatalf("line of %d octets", len(line))
			}
		}
		parsed, err := check(buf.Bytes())
		if err != nil {
			t.Fatalf("check: %v\n%q", err, buf.String())
		}
		ev := parsed.Events()[0]
		for prop, in := range map[string]string{"SUMMARY": summary, "DESCRIPTION": description, "LOCATION": location} {
			want := unescapeForCompare(Text(in))
			if want == "" {
				continue
			}
			got, err := ev.Props.Text(prop)
			if err != nil || got != want {
				t.Fatalf("%s: got %q (%v), want %q", prop, got, err, want)
			}
		}
	})
}

// unescapeForCompare undoes Text's escaping, giving what a parser should
// return for a value.
func unescapeForCompare(s string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n")
	return r.Replace(s)
}
