package events

import (
	"bytes"
	"regexp"
	"strings"

	"commons/internal/platform/formats/ical"
	"commons/internal/platform/markdown"
)

// Calendar makes an iCalendar feed of events (one VEVENT each, the programme in its
// description). Times are written in UTC ("Z"), which every calendar program shows in its own
// zone, so no VTIMEZONE is needed.
func (s *Service) Calendar(name string, evs []Event) ([]byte, error) {
	cal := ical.Calendar{ProdID: "-//" + s.PlaceName + "//Commons events//EN", Name: name}
	for _, e := range evs {
		cal.Events = append(cal.Events, s.icalEvent(e))
	}
	var b bytes.Buffer
	err := ical.Encode(&b, cal)
	return b.Bytes(), err
}

// EventCalendar is one event's calendar file: the event, and the sessions given each as an
// event of its own (all of them for the event's page, a person's own in their mail).
func (s *Service) EventCalendar(e Event, sessions []Session) ([]byte, error) {
	cal := ical.Calendar{ProdID: "-//" + s.PlaceName + "//Commons events//EN", Name: e.Title}
	cal.Events = append(cal.Events, s.icalEvent(e))
	for _, ss := range sessions {
		cal.Events = append(cal.Events, s.icalSession(e, ss))
	}
	var b bytes.Buffer
	err := ical.Encode(&b, cal)
	return b.Bytes(), err
}

func (s *Service) icalEvent(e Event) ical.Event {
	desc := s.PlainText(e.Description)
	if len(e.Sessions) > 0 {
		var lines []string
		for _, ss := range e.Sessions {
			line := ss.Times() + " " + ss.Title
			if extra := nonEmpty(ss.Track, ss.Room); len(extra) > 0 {
				line += " (" + strings.Join(extra, ", ") + ")"
			}
			lines = append(lines, line)
		}
		desc = strings.TrimSpace(desc + "\n\n" + strings.Join(lines, "\n"))
	}
	if e.Cancelled() {
		desc = strings.TrimSpace(e.CancelMessage + "\n\n" + desc)
	}
	ev := ical.Event{
		UID: e.ID + "@commons-events", Summary: e.Title, Description: desc, Location: where(e),
		URL: s.BaseURL + "/events/" + e.ID, Start: e.StartsAt, End: e.EndsAt,
	}
	return asOf(ev, e)
}

// asOf gives a calendar entry what it takes from its event: its status, where it is on the
// map, and when and how often the event was changed.
func asOf(ev ical.Event, e Event) ical.Event {
	ev.Created, ev.LastModified, ev.Stamp, ev.Sequence = e.CreatedAt, e.UpdatedAt, e.UpdatedAt, e.Sequence
	ev.Status = ical.StatusConfirmed
	if e.Cancelled() {
		ev.Status = ical.StatusCancelled
	}
	if e.Latitude != nil && e.Longitude != nil {
		ev.Geo = &[2]float64{*e.Latitude, *e.Longitude}
	}
	return ev
}

// icalSession is a session as an event of its own, titled with the event's name, at the
// session's room in the event's venue.
func (s *Service) icalSession(e Event, ss Session) ical.Event {
	var desc []string
	if ss.Track != "" {
		desc = append(desc, ss.Track)
	}
	if ss.Facilitators != "" {
		desc = append(desc, ss.Facilitators)
	}
	ev := ical.Event{
		UID: ss.ID + "@commons-events", Summary: ss.Title + " – " + e.Title, Description: strings.Join(desc, "\n"),
		Location: strings.Join(nonEmpty(ss.Room, where(e)), ", "), URL: s.BaseURL + "/events/" + e.ID + "#programme",
		Start: ss.StartsAt, End: ss.EndsAt,
	}
	return asOf(ev, e)
}

// mdLink is a Markdown inline link; its text and address both reach the plain text.
var mdLink = regexp.MustCompile(`\[([^\]\n]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// PlainText is a Markdown description as a calendar program or a plain-text mail shows it: no
// markup, paragraphs kept apart, and each link's address written after its text (made
// absolute, as the reader is not on the site).
func (s *Service) PlainText(src string) string {
	src = mdLink.ReplaceAllStringFunc(src, func(m string) string {
		parts := mdLink.FindStringSubmatch(m)
		text, href := parts[1], parts[2]
		if strings.HasPrefix(href, "/") {
			href = s.BaseURL + href
		}
		if text == "" || text == href {
			return href
		}
		return text + " (" + href + ")"
	})
	var paras []string
	for _, p := range markdown.Paragraphs(src) {
		if t := strings.TrimSpace(p.Text); t != "" {
			paras = append(paras, t)
		}
	}
	return strings.Join(paras, "\n\n")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, strings.ReplaceAll(s, "\n", ", "))
		}
	}
	return out
}
