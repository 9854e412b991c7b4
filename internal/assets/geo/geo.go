package geo

import (
	"math"
	"strconv"
	"strings"
)

// Point is a WGS 84 position.
type Point struct{ Lat, Lon float64 }

const earthKm = 6371.0088

// KmPerDegree is the length of one degree of latitude on the sphere DistanceKm uses.
const KmPerDegree = earthKm * math.Pi / 180

// KmPerMile converts the miles people in the UK think in.
const KmPerMile = 1.609344

// DistanceKm is the great-circle (haversine) distance between two points in kilometres.
func DistanceKm(a, b Point) float64 {
	rad := math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// LonScale is cos(latitude): multiplying longitude differences by it makes them comparable with
// latitude differences near p, so (Δlat)² + (Δlon·scale)² orders places by distance (the
// equirectangular approximation, good to well under 1% across a borough).
func LonScale(lat float64) float64 { return math.Cos(lat * math.Pi / 180) }

// Valid reports whether p is a real position.
func (p Point) Valid() bool {
	return !math.IsNaN(p.Lat) && !math.IsNaN(p.Lon) && p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180
}

// BBox is a map window: west, south, east, north.
type BBox struct{ West, South, East, North float64 }

// ParseBBox reads "west,south,east,north" as GeoJSON and Leaflet's toBBoxString write it.
func ParseBBox(s string) (BBox, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return BBox{}, false
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return BBox{}, false
		}
		v[i] = f
	}
	b := BBox{v[0], v[1], v[2], v[3]}
	if b.South > b.North || b.West > b.East || b.South < -90 || b.North > 90 || b.West < -180 || b.East > 180 {
		return BBox{}, false
	}
	return b, true
}

// ParsePoint reads "lat,lon".
func ParsePoint(s string) (Point, bool) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return Point{}, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	p := Point{lat, lon}
	if err1 != nil || err2 != nil || !p.Valid() {
		return Point{}, false
	}
	return p, true
}

// NormalisePostcode upper-cases a UK postcode and puts one space before the inward code
// ("ah3 4xy" → "AH3 4XY"); a bare district ("ah3") is returned upper-cased. ok is false for
// text that is neither.
func NormalisePostcode(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if isDistrict(s) {
		return s, true
	}
	if len(s) < 5 || len(s) > 7 {
		return "", false
	}
	out, in := s[:len(s)-3], s[len(s)-3:]
	if !isDistrict(out) || !isDigit(in[0]) || !isLetter(in[1]) || !isLetter(in[2]) {
		return "", false
	}
	return out + " " + in, true
}

// District is the outward code of a normalised postcode ("AH3 4XY" → "AH3").
func District(postcode string) string {
	out, _, _ := strings.Cut(postcode, " ")
	return out
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// isDistrict: one or two letters, a digit, then an optional digit or letter.
func isDistrict(s string) bool {
	i := 0
	for i < len(s) && i < 2 && isLetter(s[i]) {
		i++
	}
	if i == 0 || i >= len(s) || !isDigit(s[i]) {
		return false
	}
	i++
	if i < len(s) && (isDigit(s[i]) || isLetter(s[i])) {
		i++
	}
	return i == len(s)
}

// Centroids are the centres of postcode districts the map can order by. The AH districts are the
// fictional borough of Aberhaven that the demo uses; a real deployment adds its own districts
// (postcode district centres are open data from the ONS Postcode Directory).
var Centroids = map[string]Point{
	"AH1": {51.6210, -3.9430}, "AH2": {51.6150, -3.9300}, "AH3": {51.6420, -3.9650},
	"AH4": {51.6330, -3.9120}, "AH5": {51.6080, -3.9600}, "AH6": {51.6500, -3.9350},
	"AH7": {51.6700, -3.9000}, "AH8": {51.6850, -3.8850}, "AH9": {51.6250, -3.9850},
	"AH10": {51.6000, -3.9200}, "AH11": {51.6280, -3.9500}, "AH12": {51.6400, -3.9100},
}

// Locate finds the centre for a postcode or district: the district's centroid.
func Locate(postcode string) (Point, bool) {
	pc, ok := NormalisePostcode(postcode)
	if !ok {
		return Point{}, false
	}
	p, ok := Centroids[District(pc)]
	return p, ok
}
