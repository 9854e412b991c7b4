package postcodes

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"commons/internal/assets/geo"
)

// Point is one postcode's location.
type Point struct {
	Postcode string // "AH3 4XY"
	Lat, Lon float64
}

// District is the postcode's outward code ("AH3").
func (p Point) District() string { return geo.District(p.Postcode) }

// Stats count what a file held.
type Stats struct {
	Read       int // data rows
	Located    int // postcodes passed on with a point
	Terminated int // postcodes no longer in use
	NoPoint    int // postcodes without a usable point
	Elsewhere  int // postcodes outside the areas asked for
	Bad        int // rows whose postcode could not be read
}

// Layouts of the files Read understands.
const (
	ONSPD     = "ONSPD"
	CodePoint = "Code-Point Open"
)

// ErrLayout is returned for a file that is neither layout.
var ErrLayout = errors.New("postcodes: the file is neither the ONS Postcode Directory (a header with pcds, lat and long) nor Code-Point Open (postcode, quality, eastings, northings)")

// Options narrow what Read passes on.
type Options struct {
	// Areas are postcode areas ("AH", "SA") or districts ("AH3") to keep; empty keeps all.
	Areas []string
}

func (o Options) keep(pc string) bool {
	if len(o.Areas) == 0 {
		return true
	}
	district := geo.District(pc)
	for _, a := range o.Areas {
		a = strings.ToUpper(strings.TrimSpace(a))
		if a == district || a == letters(district) {
			return true
		}
	}
	return false
}

// letters is a district's postcode area: its leading letters ("AH3" → "AH").
func letters(district string) string {
	i := 0
	for i < len(district) && district[i] >= 'A' && district[i] <= 'Z' {
		i++
	}
	return district[:i]
}

// columns says where a layout keeps what Read needs.
type columns struct {
	layout                          string
	postcode, lat, lon, east, north int
	terminated, quality             int // -1 when the file has none
}

// Read reads a postcode file and calls fn with each live postcode that has a point, in file
// order. It stops at the first error fn returns. The layout is told from the first row.
func Read(r io.Reader, o Options, fn func(Point) error) (Stats, string, error) {
	var st Stats
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	first, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return st, "", ErrLayout
	}
	if err != nil {
		return st, "", fmt.Errorf("postcodes: line 1: %w", err)
	}
	cols, header := layout(first)
	if cols.layout == "" {
		return st, "", ErrLayout
	}
	row := first
	line := 1
	if header {
		row, err = cr.Read()
		line++
	}
	for ; err == nil; row, err = cr.Read() {
		st.Read++
		p, why := point(row, cols)
		switch {
		case why == "bad":
			st.Bad++
		case why == "terminated":
			st.Terminated++
		case why == "nopoint":
			st.NoPoint++
		case !o.keep(p.Postcode):
			st.Elsewhere++
		default:
			st.Located++
			if ferr := fn(p); ferr != nil {
				return st, cols.layout, ferr
			}
		}
		line++
	}
	if !errors.Is(err, io.EOF) {
		return st, cols.layout, fmt.Errorf("postcodes: line %d: %w", line, err)
	}
	return st, cols.layout, nil
}

// layout tells the file's layout from its first row, and whether that row is a header.
func layout(first []string) (columns, bool) {
	idx := map[string]int{}
	for i, h := range first {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, seen := idx[h]; !seen {
			idx[h] = i
		}
	}
	find := func(names ...string) int {
		for _, n := range names {
			if i, ok := idx[n]; ok {
				return i
			}
		}
		return -1
	}
	// The ONS Postcode Directory: pcds (or pcd, pcd7, pcd8, pcd2), lat and long.
	if pc, lat, lon := find("pcds", "pcd", "pcd7", "pcd8", "pcd2"), find("lat"), find("long"); pc >= 0 && lat >= 0 && lon >= 0 {
		return columns{layout: ONSPD, postcode: pc, lat: lat, lon: lon, east: -1, north: -1, terminated: find("doterm"), quality: find("osgrdind")}, true
	}
	// Code-Point Open with its header row.
	if pc, e, n := find("postcode", "pc"), find("eastings", "ea"), find("northings", "no"); pc >= 0 && e >= 0 && n >= 0 {
		return columns{layout: CodePoint, postcode: pc, east: e, north: n, lat: -1, lon: -1, terminated: -1,
			quality: find("positional_quality_indicator", "pq")}, true
	}
	// Code-Point Open as published: no header; postcode, quality, eastings, northings, ...
	if len(first) >= 4 {
		if _, ok := geo.NormalisePostcode(first[0]); ok {
			_, e1 := strconv.ParseFloat(strings.TrimSpace(first[2]), 64)
			_, e2 := strconv.ParseFloat(strings.TrimSpace(first[3]), 64)
			if e1 == nil && e2 == nil {
				return columns{layout: CodePoint, postcode: 0, quality: 1, east: 2, north: 3, lat: -1, lon: -1, terminated: -1}, false
			}
		}
	}
	return columns{}, false
}

func field(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// point reads one row; why is "" for a usable point, or "bad", "terminated" or "nopoint".
func point(row []string, c columns) (Point, string) {
	pc, ok := geo.NormalisePostcode(field(row, c.postcode))
	if !ok || !strings.Contains(pc, " ") {
		return Point{}, "bad"
	}
	if field(row, c.terminated) != "" {
		return Point{}, "terminated"
	}
	var lat, lon float64
	switch c.layout {
	case ONSPD:
		if field(row, c.quality) == "9" { // no grid reference
			return Point{}, "nopoint"
		}
		var err1, err2 error
		lat, err1 = strconv.ParseFloat(field(row, c.lat), 64)
		lon, err2 = strconv.ParseFloat(field(row, c.lon), 64)
		if err1 != nil || err2 != nil || lat == 99.999999 {
			return Point{}, "nopoint"
		}
	case CodePoint:
		if field(row, c.quality) == "90" { // no coordinates
			return Point{}, "nopoint"
		}
		e, err1 := strconv.ParseFloat(field(row, c.east), 64)
		n, err2 := strconv.ParseFloat(field(row, c.north), 64)
		// The grid covers Great Britain: 0–700 km east, 0–1,300 km north.
		if err1 != nil || err2 != nil || !(e > 0 && e < 700000) || !(n > 0 && n < 1300000) {
			return Point{}, "nopoint"
		}
		lat, lon = GridToWGS84(e, n)
	}
	// The United Kingdom, the Channel Islands and the Isle of Man lie within these.
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < 49 || lat > 61 || lon < -9 || lon > 2 {
		return Point{}, "nopoint"
	}
	return Point{Postcode: pc, Lat: math.Round(lat*1e6) / 1e6, Lon: math.Round(lon*1e6) / 1e6}, ""
}
