package geojson

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// ContentType is the RFC 7946 media type.
const ContentType = "application/geo+json"

// FeatureCollection is the top-level object of a download.
type FeatureCollection struct {
	Features []Feature
	// WithBBox adds a computed "bbox" [west, south, east, north] to the
	// collection and to each feature that has geometry.
	WithBBox bool
}

// Feature is one mapped thing. Geometry may be nil (written as null);
// Properties may be nil (written as null) but the member is always present.
// ID, when set, must be a string or a number.
type Feature struct {
	ID         any
	Geometry   *Geometry
	Properties map[string]any
}

// wire types fix the member order and keep "properties" and "geometry"
// present even when null.
type wireGeometry struct {
	Type        string    `json:"type"`
	BBox        []float64 `json:"bbox,omitempty"`
	Coordinates any       `json:"coordinates"`
}

type wireFeature struct {
	Type       string         `json:"type"`
	ID         any            `json:"id,omitempty"`
	BBox       []float64      `json:"bbox,omitempty"`
	Geometry   *wireGeometry  `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type wireCollection struct {
	Type     string        `json:"type"`
	BBox     []float64     `json:"bbox,omitempty"`
	Features []wireFeature `json:"features"`
}

// MarshalJSON writes the geometry without a bbox.
func (g Geometry) MarshalJSON() ([]byte, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(g.wire(false))
}

func (g Geometry) wire(withBBox bool) *wireGeometry {
	w := &wireGeometry{Type: g.Type}
	switch g.Type {
	case TypePoint:
		w.Coordinates = g.Point
	case TypeLineString:
		w.Coordinates = g.LineString
	case TypePolygon:
		w.Coordinates = g.Polygon
	case TypeMultiPolygon:
		w.Coordinates = g.MultiPolygon
	}
	if withBBox {
		b := g.BBox()
		w.BBox = b[:]
	}
	return w
}

// Validate checks every feature's id and geometry.
func (fc FeatureCollection) Validate() error {
	for i, f := range fc.Features {
		if err := checkID(f.ID); err != nil {
			return fmt.Errorf("feature %d: %w", i, err)
		}
		if f.Geometry != nil {
			if err := f.Geometry.Validate(); err != nil {
				return fmt.Errorf("feature %d: %w", i, err)
			}
		}
	}
	return nil
}

func checkID(id any) error {
	switch v := id.(type) {
	case nil, string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, json.Number:
		return nil
	case float32:
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return invalid("feature id is not a finite number")
		}
		return nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return invalid("feature id is not a finite number")
		}
		return nil
	default:
		return invalid("feature id must be a string or a number, got %T", id)
	}
}

// BBox returns [west, south, east, north] over every feature's geometry,
// and false when no feature has geometry.
func (fc FeatureCollection) BBox() ([4]float64, bool) {
	b := emptyBox()
	found := false
	for _, f := range fc.Features {
		if f.Geometry != nil {
			f.Geometry.extend(&b)
			found = true
		}
	}
	return b, found
}

// Encode validates fc and writes it to w as GeoJSON.
func Encode(w io.Writer, fc FeatureCollection) error {
	if err := fc.Validate(); err != nil {
		return err
	}
	out := wireCollection{Type: "FeatureCollection", Features: make([]wireFeature, len(fc.Features))}
	if fc.WithBBox {
		if b, ok := fc.BBox(); ok {
			out.BBox = b[:]
		}
	}
	for i, f := range fc.Features {
		wf := wireFeature{Type: "Feature", ID: f.ID, Properties: f.Properties}
		if f.Geometry != nil {
			wf.Geometry = f.Geometry.wire(false)
			if fc.WithBBox {
				b := f.Geometry.BBox()
				wf.BBox = b[:]
			}
		}
		out.Features[i] = wf
	}
	buf := bufio.NewWriter(w)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	return buf.Flush()
}
