package geo

import (
	"math"
	"testing"
)

func TestDistanceKm(t *testing.T) {
	// Cardiff Castle to Swansea Guildhall is about 56 km as the crow flies.
	d := DistanceKm(Point{51.4822, -3.1812}, Point{51.6143, -3.9569})
	if d < 54 || d > 57 {
		t.Fatalf("got %.1f km", d)
	}
	if DistanceKm(Point{1, 2}, Point{1, 2}) != 0 {
		t.Fatal("a point is not 0 km from itself")
	}
}

func TestEquirectangularOrdersLikeHaversine(t *testing.T) {
	o := Point{51.62, -3.94}
	s := LonScale(o.Lat)
	approx := func(p Point) float64 {
		dl := p.Lat - o.Lat
		dn := (p.Lon - o.Lon) * s
		return math.Sqrt(dl*dl+dn*dn) * math.Pi / 180 * earthKm
	}
	for _, p := range []Point{{51.70, -3.80}, {51.55, -4.05}, {51.62, -3.80}, {51.70, -3.94}} {
		h, a := DistanceKm(o, p), approx(p)
		if math.Abs(h-a)/h > 0.01 {
			t.Errorf("%v: haversine %.3f, approximation %.3f", p, h, a)
		}
	}
}

func TestPostcodes(t *testing.T) {
	for in, want := range map[string]string{"ah3 4xy": "AH3 4XY", "AH34XY": "AH3 4XY", " ah12 ": "AH12", "cf10 1aa": "CF10 1AA", "SW1A1AA": "SW1A 1AA", "M1 1AE": "M1 1AE"} {
		got, ok := NormalisePostcode(in)
		if !ok || got != want {
			t.Errorf("%q: got %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "12345", "AH3 XXY", "AHHH3", "A", "AH3 4X"} {
		if got, ok := NormalisePostcode(bad); ok {
			t.Errorf("%q accepted as %q", bad, got)
		}
	}
	if p, ok := Locate("ah3 4xy"); !ok || p != Centroids["AH3"] {
		t.Errorf("Locate: %v %v", p, ok)
	}
	if _, ok := Locate("ZZ9 9ZZ"); ok {
		t.Error("an unknown district was located")
	}
}

func TestParseBBoxAndPoint(t *testing.T) {
	if b, ok := ParseBBox("-4,51.5,-3.8,51.7"); !ok || b.West != -4 || b.North != 51.7 {
		t.Errorf("%v %v", b, ok)
	}
	for _, bad := range []string{"", "1,2,3", "a,b,c,d", "-3,51,-4,52", "0,60,1,50", "0,0,0,NaN", "-181,0,0,1"} {
		if _, ok := ParseBBox(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if p, ok := ParsePoint("51.6, -3.9"); !ok || p.Lat != 51.6 {
		t.Errorf("%v", p)
	}
	if _, ok := ParsePoint("91,0"); ok {
		t.Error("latitude 91 accepted")
	}
}

func FuzzNormalisePostcode(f *testing.F) {
	for _, s := range []string{"AH3 4XY", "ah12", "SW1A1AA", "", "  m1 1ae "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pc, ok := NormalisePostcode(s)
		if !ok {
			return
		}
		again, ok := NormalisePostcode(pc)
		if !ok || again != pc {
			t.Fatalf("%q → %q is not stable (%q %v)", s, pc, again, ok)
		}
	})
}

func FuzzParseBBox(f *testing.F) {
	f.Add("-4,51.5,-3.8,51.7")
	f.Add("1,2,3")
	f.Fuzz(func(t *testing.T, s string) {
		b, ok := ParseBBox(s)
		if ok && (b.West > b.East || b.South > b.North) {
			t.Fatalf("%q gave an inside-out box %v", s, b)
		}
	})
}
