package geojson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// MaxPositions bounds how many positions ParseGeometry accepts, so a pasted
// boundary cannot make the server hold an unbounded shape.
const MaxPositions = 100_000

type inputGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
	BBox        []float64       `json:"bbox"`
	CRS         json.RawMessage `json:"crs"`
	Geometry    json.RawMessage `json:"geometry"`
	Features    []struct {
		Geometry json.RawMessage `json:"geometry"`
	} `json:"features"`
}

// ParseGeometry reads a geometry a user pasted (from geojson.io or QGIS, say).
// It accepts a Point, LineString, Polygon or MultiPolygon object, a Feature
// holding one, or a FeatureCollection of exactly one such Feature. Altitudes
// are dropped; polygon rings are rewound to RFC 7946 orientation; positions
// must be WGS 84 [longitude, latitude].
func ParseGeometry(data []byte) (Geometry, error) {
	return parse(data, true)
}

// parse reads one object; wrappers says whether a Feature or
// FeatureCollection may hold the geometry (only at the top level).
func parse(data []byte, wrappers bool) (Geometry, error) {
	var in inputGeometry
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&in); err != nil {
		return Geometry{}, invalid("not a JSON object: %v", err)
	}
	if dec.More() {
		return Geometry{}, invalid("text after the JSON object")
	}
	if len(in.CRS) > 0 && !bytes.Equal(bytes.TrimSpace(in.CRS), []byte("null")) &&
		!strings.Contains(string(in.CRS), "CRS84") {
		return Geometry{}, invalid("a crs member is not allowed; give WGS 84 [longitude, latitude] positions")
	}
	if in.BBox != nil && len(in.BBox) != 4 && len(in.BBox) != 6 {
		return Geometry{}, invalid("bbox must have 4 or 6 numbers, got %d", len(in.BBox))
	}
	switch in.Type {
	case "Feature":
		if !wrappers {
			return Geometry{}, invalid("a Feature cannot hold a Feature")
		}
		if len(in.Geometry) == 0 || string(in.Geometry) == "null" {
			return Geometry{}, invalid("the Feature has no geometry")
		}
		return parse(in.Geometry, false)
	case "FeatureCollection":
		if !wrappers || len(in.Features) != 1 {
			return Geometry{}, invalid("a FeatureCollection must hold exactly one feature, got %d", len(in.Features))
		}
		g := in.Features[0].Geometry
		if len(g) == 0 || string(g) == "null" {
			return Geometry{}, invalid("the Feature has no geometry")
		}
		return parse(g, false)
	case TypePoint, TypeLineString, TypePolygon, TypeMultiPolygon:
	case "":
		return Geometry{}, invalid("the type member is missing")
	default:
		return Geometry{}, invalid("unsupported geometry type %q", in.Type)
	}
	if len(in.Coordinates) == 0 {
		return Geometry{}, invalid("the coordinates member is missing")
	}
	var count int
	switch in.Type {
	case TypePoint:
		var p []float64
		if err := json.Unmarshal(in.Coordinates, &p); err != nil {
			return Geometry{}, invalid("Point coordinates: %v", err)
		}
		pos, err := position(p)
		if err != nil {
			return Geometry{}, err
		}
		g := NewPoint(pos[0], pos[1])
		return g, g.Validate()
	case TypeLineString:
		var ps [][]float64
		if err := json.Unmarshal(in.Coordinates, &ps); err != nil {
			return Geometry{}, invalid("LineString coordinates: %v", err)
		}
		line, err := positions(ps, &count)
		if err != nil {
			return Geometry{}, err
		}
		return NewLineString(line)
	case TypePolygon:
		var rs [][][]float64
		if err := json.Unmarshal(in.Coordinates, &rs); err != nil {
			return Geometry{}, invalid("Polygon coordinates: %v", err)
		}
		rings, err := ringsOf(rs, &count)
		if err != nil {
			return Geometry{}, err
		}
		return NewPolygon(rings...)
	default: // TypeMultiPolygon
		var ms [][][][]float64
		if err := json.Unmarshal(in.Coordinates, &ms); err != nil {
			return Geometry{}, invalid("MultiPolygon coordinates: %v", err)
		}
		polys := make([][]Ring, len(ms))
		for i, rs := range ms {
			rings, err := ringsOf(rs, &count)
			if err != nil {
				return Geometry{}, fmt.Errorf("polygon %d: %w", i, err)
			}
			polys[i] = rings
		}
		return NewMultiPolygon(polys...)
	}
}

func position(p []float64) (Position, error) {
	if len(p) < 2 || len(p) > 3 {
		return Position{}, invalid("a position needs 2 or 3 numbers, got %d", len(p))
	}
	pos := Position{p[0], p[1]}
	return pos, checkPosition(pos)
}

func positions(ps [][]float64, count *int) ([]Position, error) {
	*count += len(ps)
	if *count > MaxPositions {
		return nil, invalid("more than %d positions", MaxPositions)
	}
	out := make([]Position, len(ps))
	for i, p := range ps {
		pos, err := position(p)
		if err != nil {
			return nil, fmt.Errorf("position %d: %w", i, err)
		}
		out[i] = pos
	}
	return out, nil
}

func ringsOf(rs [][][]float64, count *int) ([]Ring, error) {
	rings := make([]Ring, len(rs))
	for i, r := range rs {
		ps, err := positions(r, count)
		if err != nil {
			return nil, fmt.Errorf("ring %d: %w", i, err)
		}
		rings[i] = ps
	}
	return rings, nil
}
