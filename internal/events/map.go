package events

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
)

//go:embed static/event-map.js
var eventMapJS []byte

// mapScript is the event map script's URL, with a content hash so it can be cached for long.
var mapScript = func() string {
	sum := sha256.Sum256(eventMapJS)
	return "/events/map.js?v=" + hex.EncodeToString(sum[:6])
}()

// MapScript serves the event page's map script (/events/map.js).
func (h *Handlers) MapScript(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(eventMapJS)
	return nil
}

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
