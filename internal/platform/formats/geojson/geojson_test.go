package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schema compiles the upstream GeoJSON schema named by file (e.g.
// "FeatureCollection.json") from testdata, with every schema registered
// under its $id so nothing is fetched.
func schema(t testing.TB, file string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	paths, err := filepath.Glob("testdata/schema/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no schemas in testdata/schema: %v", err)
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if err := c.AddResource("https://geojson.org/schema/"+filepath.Base(p), doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("https://geojson.org/schema/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateJSON(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, data)
	}
	return s.Validate(doc)
}

func mustPolygon(t *testing.T, rings ...Ring) Geometry {
	t.Helper()
	g, err := NewPolygon(rings...)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A clockwise square round Leeds city centre and a counter-clockwise hole:
// both the wrong way round for RFC 7946.
var (
	cwSquare  = Ring{{-1.56, 53.79}, {-1.56, 53.81}, {-1.52, 53.81}, {-1.52, 53.79}, {-1.56, 53.79}}
	ccwSquare = Ring{{-1.56, 53.79}, {-1.52, 53.79}, {-1.52, 53.81}, {-1.56, 53.81}, {-1.56, 53.79}}
	ccwHole   = Ring{{-1.55, 53.795}, {-1.53, 53.795}, {-1.53, 53.805}, {-1.55, 53.805}, {-1.55, 53.795}}
)

func TestEncodeValidatesAgainstSchema(t *testing.T) {
	s := schema(t, "FeatureCollection.json")
	line, err := NewLineString([]Position{{-3.18, 51.48}, {-3.17, 51.49}})
	if err != nil {
		t.Fatal(err)
	}
	point := NewPoint(-3.1791, 51.4816)
	poly := mustPolygon(t, ccwSquare, ccwHole)
	multi, err := NewMultiPolygon([]Ring{ccwSquare}, []Ring{{{0, 0}, {0, 1}, {1, 1}, {0, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fc   FeatureCollection
	}{
		{"empty", FeatureCollection{}},
		{"all types with bbox", FeatureCollection{WithBBox: true, Features: []Feature{
			{ID: "asset-1", Geometry: &point, Properties: map[string]any{"name": "Canolfan Gymunedol Tŷ Ddewi", "url": "/assets/1?a=1&b=2"}},
			{ID: 7, Geometry: &line, Properties: map[string]any{}},
			{Geometry: &poly, Properties: nil},
			{ID: 2.5, Geometry: &multi, Properties: map[string]any{"ward": "Headingley"}},
			{ID: "no-location", Geometry: nil, Properties: map[string]any{"note": "address only"}},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(&buf, tt.fc); err != nil {
				t.Fatal(err)
			}
			if err := validateJSON(t, s, buf.Bytes()); err != nil {
				t.Fatalf("schema: %v\n%s", err, buf.String())
			}
			var raw map[string]any
			if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
				t.Fatal(err)
			}
			if _, ok := raw["crs"]; ok {
				t.Error("output has a crs member")
			}
			for i, f := range raw["features"].([]any) {
				m := f.(map[string]any)
				for _, k := range []string{"geometry", "properties"} {
					if _, ok := m[k]; !ok {
						t.Errorf("feature %d lacks %q", i, k)
					}
				}
			}
		})
	}
}

func TestEncodeBBoxAndText(t *testing.T) {
	p := mustPolygon(t, cwSquare)
	pt := NewPoint(-1.6, 53.7)
	var buf bytes.Buffer
	err := Encode(&buf, FeatureCollection{WithBBox: true, Features: []Feature{
		{ID: "a", Geometry: &p, Properties: map[string]any{"t": "<b>&"}},
		{ID: "b", Geometry: &pt},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.Contains(got, `"bbox":[-1.6,53.7,-1.52,53.81]`) || !strings.Contains(got, `"properties":null`) || !strings.Contains(got, `"t":"<b>&"`) {
		t.Errorf("got %s", got)
	}
}

func TestPolygonRewinds(t *testing.T) {
	g := mustPolygon(t, cwSquare, ccwHole)
	if signedArea(g.Polygon[0]) <= 0 {
		t.Error("exterior ring not counter-clockwise")
	}
	if signedArea(g.Polygon[1]) >= 0 {
		t.Error("hole not clockwise")
	}
	if cwSquare[1] != (Position{-1.56, 53.81}) {
		t.Error("NewPolygon modified its input")
	}
	// Already right: left alone.
	g2 := mustPolygon(t, g.Polygon...)
	if !reflect.DeepEqual(g, g2) {
		t.Error("a correctly wound polygon was changed")
	}
}

func TestValidate(t *testing.T) {
	good := mustPolygon(t, cwSquare)
	tests := []struct {
		name string
		g    Geometry
		want string // substring of the error, "" for valid
	}{
		{"point", NewPoint(-3.18, 51.48), ""},
		{"point extremes", NewPoint(180, -90), ""},
		{"lat lon swapped", NewPoint(53.8, -181), "longitude"},
		{"latitude", NewPoint(0, 91), "latitude"},
		{"osgb eastings", NewPoint(430000, 433000), "longitude"},
		{"polygon", good, ""},
		{"unclosed", Geometry{Type: TypePolygon, Polygon: []Ring{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}, "not closed"},
		{"three positions", Geometry{Type: TypePolygon, Polygon: []Ring{{{0, 0}, {1, 0}, {0, 0}}}}, "at least 4"},
		{"no rings", Geometry{Type: TypePolygon}, "exterior"},
		{"clockwise", Geometry{Type: TypePolygon, Polygon: []Ring{cwSquare}}, "clockwise"},
		{"flat", Geometry{Type: TypePolygon, Polygon: []Ring{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}}, "no area"},
		{"short line", Geometry{Type: TypeLineString, LineString: []Position{{0, 0}}}, "at least 2"},
		{"empty multipolygon", Geometry{Type: TypeMultiPolygon}, "at least one"},
		{"unknown", Geometry{Type: "Circle"}, "unsupported"},
		{"missing type", Geometry{}, "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.g.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			case err != nil && !errors.Is(err, ErrInvalid):
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
		})
	}
}

func TestEncodeRejects(t *testing.T) {
	bad := Geometry{Type: TypePolygon, Polygon: []Ring{cwSquare}}
	for name, fc := range map[string]FeatureCollection{
		"bad geometry": {Features: []Feature{{Geometry: &bad}}},
		"boolean id":   {Features: []Feature{{ID: true}}},
		"object id":    {Features: []Feature{{ID: map[string]any{}}}},
	} {
		if err := Encode(&bytes.Buffer{}, fc); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

// TestUpstreamFixtures checks the copied schema accepts and rejects
// upstream's fixtures, and that ParseGeometry agrees on the geometry ones.
func TestUpstreamFixtures(t *testing.T) {
	schemaFor := map[string]string{
		"feature": "Feature.json", "featurecollection": "FeatureCollection.json",
		"point": "Point.json", "linestring": "LineString.json",
		"polygon": "Polygon.json", "multipolygon": "MultiPolygon.json",
	}
	for _, kind := range []string{"valid", "invalid"} {
		paths, _ := filepath.Glob(filepath.Join("testdata/fixtures", kind, "*", "*.json"))
		if len(paths) < 10 {
			t.Fatalf("only %d %s fixtures", len(paths), kind)
		}
		for _, p := range paths {
			dir := filepath.Base(filepath.Dir(p))
			t.Run(kind+"/"+dir+"/"+filepath.Base(p), func(t *testing.T) {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				err = validateJSON(t, schema(t, schemaFor[dir]), data)
				if (err == nil) != (kind == "valid") {
					t.Errorf("schema said %v", err)
				}
				if dir == "feature" || dir == "featurecollection" {
					return
				}
				_, perr := ParseGeometry(data)
				if (perr == nil) != (kind == "valid") {
					t.Errorf("ParseGeometry said %v", perr)
				}
			})
		}
	}
}

func TestParseGeometry(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // error substring; "" means it parses
	}{
		{"point", `{"type":"Point","coordinates":[-3.18,51.48]}`, ""},
		{"point with altitude", `{"type":"Point","coordinates":[-3.18,51.48,12]}`, ""},
		{"clockwise polygon is rewound", `{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}`, ""},
		{"feature", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}`, ""},
		{"collection of one", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[1,2]}}]}`, ""},
		{"collection of two", `{"type":"FeatureCollection","features":[{"geometry":{"type":"Point","coordinates":[1,2]}},{"geometry":{"type":"Point","coordinates":[1,2]}}]}`, "exactly one"},
		{"feature in feature", `{"type":"Feature","geometry":{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}}`, "cannot hold"},
		{"null geometry", `{"type":"Feature","geometry":null,"properties":{}}`, "no geometry"},
		{"osgb crs", `{"type":"Point","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"coordinates":[430000,433000]}`, "crs"},
		{"crs84", `{"type":"Point","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"coordinates":[1,2]}`, ""},
		{"eastings", `{"type":"Point","coordinates":[430000,433000]}`, "longitude"},
		{"unclosed", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`, "not closed"},
		{"strings", `{"type":"Point","coordinates":["1","2"]}`, "Point coordinates"},
		{"not json", `POLYGON((0 0,1 0,1 1,0 0))`, "not a JSON"},
		{"trailing", `{"type":"Point","coordinates":[1,2]} {}`, "after"},
		{"geometry collection", `{"type":"GeometryCollection","geometries":[]}`, "unsupported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ParseGeometry([]byte(tt.in))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if err := g.Validate(); err != nil {
					t.Fatalf("parsed geometry does not validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzParseGeometry(f *testing.F) {
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]],[[0.2,0.2],[0.8,0.2],[0.8,0.8],[0.2,0.2]]]}`))
	f.Add([]byte(`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`))
	f.Add([]byte(`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}`))
	f.Add([]byte(`{"type":"Point","coordinates":[1e309,0]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGeometry(data)
		if err != nil {
			return
		}
		if err := g.Validate(); err != nil {
			t.Fatalf("parsed geometry does not validate: %v", err)
		}
		out, err := json.Marshal(g)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		again, err := ParseGeometry(out)
		if err != nil {
			t.Fatalf("reparse of %s: %v", out, err)
		}
		if !reflect.DeepEqual(g, again) {
			t.Fatalf("round trip changed the geometry:\n%+v\n%+v", g, again)
		}
	})
}
