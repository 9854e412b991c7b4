package postcodes

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"

	"commons/internal/assets/geo"
)

func readAll(t *testing.T, data string, o Options) ([]Point, Stats, string) {
	t.Helper()
	var ps []Point
	st, layout, err := Read(strings.NewReader(data), o, func(p Point) error { ps = append(ps, p); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return ps, st, layout
}

// The grid conversion against published points: BR8 7RE at E 551626, N 170342 is at 51.411831,
// 0.178871 in the ONS Postcode Directory; and a point in the far west and one in the north.
func TestGridToWGS84(t *testing.T) {
	for _, c := range []struct {
		name     string
		e, n     float64
		lat, lon float64
	}{
		{"BR8 7RE", 551626, 170342, 51.411831, 0.178871},
	} {
		lat, lon := GridToWGS84(c.e, c.n)
		if d := geo.DistanceKm(geo.Point{Lat: lat, Lon: lon}, geo.Point{Lat: c.lat, Lon: c.lon}) * 1000; d > 5 {
			t.Errorf("%s: %.6f, %.6f is %.1f m from %.6f, %.6f", c.name, lat, lon, d, c.lat, c.lon)
		}
	}
	// The grid's true origin, 49°N 2°W on OSGB36, is within about 120 m of the same on WGS 84.
	lat, lon := GridToWGS84(400000, -100000)
	if d := geo.DistanceKm(geo.Point{Lat: lat, Lon: lon}, geo.Point{Lat: 49, Lon: -2}); d > 0.2 {
		t.Errorf("origin: %.6f, %.6f (%.3f km)", lat, lon, d)
	}
}

func TestReadBothLayouts(t *testing.T) {
	onspd, err := os.ReadFile("testdata/onspd-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	cpo, err := os.ReadFile("testdata/codepoint-open-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	a, sa, la := readAll(t, string(onspd), Options{})
	b, sb, lb := readAll(t, string(cpo), Options{})
	if la != ONSPD || lb != CodePoint {
		t.Fatalf("layouts %q and %q", la, lb)
	}
	if sa.Terminated != 1 || sa.NoPoint != 1 || sa.Located != 73 || sa.Read != 75 {
		t.Errorf("ONSPD stats %+v", sa)
	}
	if sb.NoPoint != 1 || sb.Located != 73 || sb.Read != 74 {
		t.Errorf("Code-Point stats %+v", sb)
	}
	if len(a) != len(b) {
		t.Fatalf("%d and %d points", len(a), len(b))
	}
	for i := range a {
		if a[i].Postcode != b[i].Postcode {
			t.Fatalf("row %d: %s and %s", i, a[i].Postcode, b[i].Postcode)
		}
		if d := geo.DistanceKm(geo.Point{Lat: a[i].Lat, Lon: a[i].Lon}, geo.Point{Lat: b[i].Lat, Lon: b[i].Lon}) * 1000; d > 1 {
			t.Errorf("%s: the layouts disagree by %.1f m", a[i].Postcode, d)
		}
	}
	if a[0].Postcode != "AH1 1AB" || a[len(a)-1].Postcode != "SA1 1NW" {
		t.Errorf("first %s, last %s", a[0].Postcode, a[len(a)-1].Postcode)
	}
	// 7-character pcd with a four-character district reads back with its space.
	for _, p := range a {
		if p.District() == "AH10" {
			if p.Postcode != "AH10 1AB" {
				t.Errorf("AH10: %q", p.Postcode)
			}
			break
		}
	}
	// Only the areas asked for.
	c, sc, _ := readAll(t, string(onspd), Options{Areas: []string{"ah3", "SA"}})
	if len(c) != 7 || sc.Elsewhere != 66 {
		t.Errorf("AH3 and SA: %d points, %+v", len(c), sc)
	}
}

func TestReadCodePointWithHeaderAndBadFiles(t *testing.T) {
	ps, _, layout := readAll(t, "Postcode,Positional_quality_indicator,Eastings,Northings,Country_code\r\nAH11AB,10,265410,193065,W92000004\r\n", Options{})
	if layout != CodePoint || len(ps) != 1 || ps[0].Postcode != "AH1 1AB" {
		t.Fatalf("%s %+v", layout, ps)
	}
	for _, bad := range []string{"", "name,address\nHall,1 High St\n", "AH1 1AB,x,y,z\n"} {
		if _, _, err := Read(strings.NewReader(bad), Options{}, func(Point) error { return nil }); err != ErrLayout {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// A broken quote partway through is reported with its line.
	_, _, err := Read(strings.NewReader("pcds,lat,long\nAH1 1AB,51.6,-3.9\n\"AH1 2QS,51.6,-3.9\n"), Options{}, func(Point) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "line") {
		t.Errorf("broken file: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	onspd, _ := os.ReadFile("testdata/onspd-sample.csv")
	cpo, _ := os.ReadFile("testdata/codepoint-open-sample.csv")
	f.Add(onspd[:2000], "")
	f.Add(cpo[:500], "AH")
	f.Add([]byte("pcds,lat,long\nAH1 1AB,NaN,Inf\n"), "AH1")
	f.Fuzz(func(t *testing.T, data []byte, area string) {
		_, _, _ = Read(bytes.NewReader(data), Options{Areas: []string{area}}, func(p Point) error {
			if _, ok := geo.NormalisePostcode(p.Postcode); !ok || !strings.Contains(p.Postcode, " ") {
				t.Fatalf("postcode %q", p.Postcode)
			}
			if math.IsNaN(p.Lat) || p.Lat < 49 || p.Lat > 61 || p.Lon < -9 || p.Lon > 2 {
				t.Fatalf("point %v outside the UK", p)
			}
			return nil
		})
	})
}
