// Package place is the shape in which capabilities pass a place to one another: the asset map
// provides places (a village hall, a library, a plot of land) and other capabilities
// (volunteering, ownership, mentoring) refer to them by id without importing the asset map.
package place

import (
	"encoding/json"
	"time"
)

// Place is a place on the asset map, as another capability sees it.
type Place struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Kind     string          `json:"kind,omitempty"` // the asset's category
	Address  string          `json:"address,omitempty"`
	Postcode string          `json:"postcode,omitempty"`
	AreaID   string          `json:"area_id,omitempty"`
	Lat      *float64        `json:"lat,omitempty"`
	Lng      *float64        `json:"lng,omitempty"`
	UPRN     string          `json:"uprn,omitempty"`     // Unique Property Reference Number, where known
	Boundary json.RawMessage `json:"boundary,omitempty"` // GeoJSON Polygon or MultiPolygon, where known
	URL      string          `json:"url,omitempty"`      // the asset's page, /assets/{id}
}

// Point is a latitude and longitude (WGS 84).
type Point struct{ Lat, Lng float64 }

// Mention is something another capability has at a place — an ownership case, a volunteering
// opportunity, an event — listed on the asset's page under "At this place".
type Mention struct {
	Kind   string     `json:"kind"`   // a message key naming what it is, like "ownership.mention.acv"
	Title  string     `json:"title"`  // in the reader's language
	URL    string     `json:"url"`    // its page
	Status string     `json:"status"` // in the reader's language, like "Listed until 3 May 2031"
	When   *time.Time `json:"when,omitempty"`
}
