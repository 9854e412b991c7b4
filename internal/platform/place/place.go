// Package place is the shape in which capabilities pass a place to one another: the asset map
// provides places (a village hall, a library, a plot of land) and other capabilities
// (volunteering, ownership, mentoring) refer to them by id without importing the asset map.
package place

import "encoding/json"

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
