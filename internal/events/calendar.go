package events

import (
	"bytes"
	"strings"

	"commons/internal/platform/formats/ical"
)

// Calendar makes an iCalendar of events. Times are written in UTC ("Z"), which every calendar
// program shows in its own zone, so no VTIMEZONE is needed.
func (s *Service) Calendar(name string, evs []Event) ([]byte, error) {
	cal := ical.Calendar{ProdID: "-//" + s.PlaceName + "//Commons events//EN", Name: name}
	for _, e := range evs {
		cal.Events = append(cal.Events, s.icalEvent(e))
	}
	var b bytes.Buffer
	err := ical.Encode(&b, cal)
	return b.Bytes(), err
}

func (s *Service) icalEvent(e Event) ical.Event {
	where := strings.Join(nonEmpty(e.Venue, e.Address, e.OnlineURL), ", ")
	ev := ical.Event{
		UID: e.ID + "@commons-events", Summary: e.Title, Description: e.Description, Location: where,
		URL: s.BaseURL + "/events/" + e.ID, Start: e.StartsAt, End: e.EndsAt, Status: ical.StatusConfirmed,
		Created: e.CreatedAt, LastModified: e.UpdatedAt, Stamp: e.UpdatedAt, Sequence: e.Sequence,
	}
	if e.Latitude != nil && e.Longitude != nil {
		ev.Geo = &[2]float64{*e.Latitude, *e.Longitude}
	}
	return ev
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
