package geojson

import (
	"errors"
	"fmt"
	"math"
)

// Geometry type names as they appear in the "type" member.
const (
	TypePoint        = "Point"
	TypeLineString   = "LineString"
	TypePolygon      = "Polygon"
	TypeMultiPolygon = "MultiPolygon"
)

// Position is a WGS 84 [longitude, latitude] pair, in that order.
type Position [2]float64

// Lon returns the longitude.
func (p Position) Lon() float64 { return p[0] }

// Lat returns the latitude.
func (p Position) Lat() float64 { return p[1] }

// Ring is a closed linear ring: first and last positions are equal.
type Ring []Position

// Geometry is one GeoJSON geometry. Exactly the coordinate field matching
// Type is used; build it with NewPoint, NewLineString, NewPolygon or
// NewMultiPolygon rather than by hand.
type Geometry struct {
	Type         string
	Point        Position
	LineString   []Position
	Polygon      []Ring
	MultiPolygon [][]Ring
}

// NewPoint returns a Point at the given longitude and latitude (note the
// order: longitude first, as GeoJSON writes it).
func NewPoint(lon, lat float64) Geometry {
	return Geometry{Type: TypePoint, Point: Position{lon, lat}}
}

// NewLineString returns a LineString of at least two positions.
func NewLineString(positions []Position) (Geometry, error) {
	g := Geometry{Type: TypeLineString, LineString: positions}
	return g, g.Validate()
}

// NewPolygon returns a Polygon whose first ring is the exterior and the rest
// holes. Rings are rewound as RFC 7946 asks: exterior counter-clockwise,
// holes clockwise. The input slices are not modified.
func NewPolygon(rings ...Ring) (Geometry, error) {
	g := Geometry{Type: TypePolygon, Polygon: rewind(rings)}
	return g, g.Validate()
}

// NewMultiPolygon returns a MultiPolygon, rewinding each polygon's rings as
// NewPolygon does.
func NewMultiPolygon(polygons ...[]Ring) (Geometry, error) {
	out := make([][]Ring, len(polygons))
	for i, p := range polygons {
		out[i] = rewind(p)
	}
	g := Geometry{Type: TypeMultiPolygon, MultiPolygon: out}
	return g, g.Validate()
}

// rewind copies rings, reversing any whose orientation is wrong.
func rewind(rings []Ring) []Ring {
	out := make([]Ring, len(rings))
	for i, r := range rings {
		c := make(Ring, len(r))
		copy(c, r)
		area := signedArea(c)
		if (i == 0 && area < 0) || (i > 0 && area > 0) {
			for a, b := 0, len(c)-1; a < b; a, b = a+1, b-1 {
				c[a], c[b] = c[b], c[a]
			}
		}
		out[i] = c
	}
	return out
}

// signedArea is twice the planar area of the ring (shoelace formula):
// positive when counter-clockwise with longitude as x and latitude as y.
func signedArea(r Ring) float64 {
	var sum float64
	for i := 0; i+1 < len(r); i++ {
		sum += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return sum
}

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("geojson: invalid geometry")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Validate checks the rules RFC 7946 sets that the JSON Schema does not:
// longitude in [-180, 180] and latitude in [-90, 90], finite numbers,
// LineStrings of two or more positions, rings closed with at least four
// positions and a non-zero area, exteriors counter-clockwise and holes
// clockwise.
func (g Geometry) Validate() error {
	switch g.Type {
	case TypePoint:
		return checkPosition(g.Point)
	case TypeLineString:
		if len(g.LineString) < 2 {
			return invalid("a LineString needs at least 2 positions, got %d", len(g.LineString))
		}
		return checkPositions(g.LineString)
	case TypePolygon:
		return checkPolygon(g.Polygon)
	case TypeMultiPolygon:
		if len(g.MultiPolygon) == 0 {
			return invalid("a MultiPolygon needs at least one polygon")
		}
		for i, p := range g.MultiPolygon {
			if err := checkPolygon(p); err != nil {
				return fmt.Errorf("polygon %d: %w", i, err)
			}
		}
		return nil
	case "":
		return invalid("geometry type is missing")
	default:
		return invalid("unsupported geometry type %q", g.Type)
	}
}

func checkPosition(p Position) error {
	lon, lat := p[0], p[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return invalid("position %v is not a finite number", p)
	}
	if lon < -180 || lon > 180 {
		return invalid("longitude %v is outside [-180, 180] (positions are [longitude, latitude] in WGS 84)", lon)
	}
	if lat < -90 || lat > 90 {
		return invalid("latitude %v is outside [-90, 90] (positions are [longitude, latitude] in WGS 84)", lat)
	}
	return nil
}

func checkPositions(ps []Position) error {
	for i, p := range ps {
		if err := checkPosition(p); err != nil {
			return fmt.Errorf("position %d: %w", i, err)
		}
	}
	return nil
}

func checkPolygon(rings []Ring) error {
	if len(rings) == 0 {
		return invalid("a Polygon needs an exterior ring")
	}
	for i, r := range rings {
		what := "exterior ring"
		if i > 0 {
			what = fmt.Sprintf("hole %d", i)
		}
		if len(r) < 4 {
			return invalid("%s has %d positions; a linear ring needs at least 4", what, len(r))
		}
		if r[0] != r[len(r)-1] {
			return invalid("%s is not closed: first and last positions differ", what)
		}
		if err := checkPositions(r); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		area := signedArea(r)
		switch {
		case area == 0 || math.IsNaN(area):
			return invalid("%s encloses no area", what)
		case i == 0 && area < 0:
			return invalid("exterior ring is clockwise; RFC 7946 wants counter-clockwise")
		case i > 0 && area > 0:
			return invalid("%s is counter-clockwise; RFC 7946 wants holes clockwise", what)
		}
	}
	return nil
}

// BBox returns the geometry's bounding box as [west, south, east, north].
// It does not split boxes across the antimeridian.
func (g Geometry) BBox() [4]float64 {
	b := emptyBox()
	g.extend(&b)
	return b
}

func emptyBox() [4]float64 {
	return [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
}

func (g Geometry) extend(b *[4]float64) {
	add := func(p Position) {
		b[0] = math.Min(b[0], p[0])
		b[1] = math.Min(b[1], p[1])
		b[2] = math.Max(b[2], p[0])
		b[3] = math.Max(b[3], p[1])
	}
	switch g.Type {
	case TypePoint:
		add(g.Point)
	case TypeLineString:
		for _, p := range g.LineString {
			add(p)
		}
	case TypePolygon:
		for _, r := range g.Polygon {
			for _, p := range r {
				add(p)
			}
		}
	case TypeMultiPolygon:
		for _, poly := range g.MultiPolygon {
			for _, r := range poly {
				for _, p := range r {
					add(p)
				}
			}
		}
	}
}
