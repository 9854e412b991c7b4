package events

import (
	_ "embed"

	"commons/internal/platform/web"
)

//go:embed static/event-map.js
var eventMapJS []byte

// mapScript is the event page's map script (/events/map.js), at a URL with a content hash so it
// can be cached for long.
var mapScript = web.NewHashedFile("/events/map.js", "text/javascript; charset=utf-8", eventMapJS)

// HasMap says whether the event has a point to draw on a map.
func (e Event) HasMap() bool { return e.Latitude != nil && e.Longitude != nil }

// Lat and Lng are the event's point as text for data- attributes ("" without one).
func (e Event) Lat() string {
	if e.Latitude == nil {
		return ""
	}
	return ftoa(*e.Latitude)
}

// Lng is the event's longitude as text.
func (e Event) Lng() string {
	if e.Longitude == nil {
		return ""
	}
	return ftoa(*e.Longitude)
}
