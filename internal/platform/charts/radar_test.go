package charts

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

var standards = []string{"Inclusion", "Support", "Planning", "Working together", "Methods", "Communication", "Impact"}

func points(t *testing.T, s string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, p := range strings.Fields(s) {
		xs, ys, ok := strings.Cut(p, ",")
		x, err1 := strconv.ParseFloat(xs, 64)
		y, err2 := strconv.ParseFloat(ys, 64)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("bad point %q", p)
		}
		out = append(out, [2]float64{x, y})
	}
	return out
}

func TestRadarIsAccessibleAndHoldsTheNumbers(t *testing.T) {
	svg, table := Radar("eng 1", "Standards met", "", standards,
		[]RadarSeries{{Name: "Park survey", Values: []float64{4, 3, 2, 1, 0, 4, 2}}, {Name: "Youth forum", Values: []float64{1, 2}}},
		RadarOptions{Max: 4, AxisHeading: "Standard", ScaleCaption: "Scores from 0 to 4"})
	root := mustParse(t, svg)
	checkAccessible(t, root, "eng-1", "Standards met")
	desc := root.Children[1].Text
	if !strings.Contains(desc, "Park survey: highest Inclusion (4), lowest Methods (0).") {
		t.Errorf("desc %q", desc)
	}
	if got := root.all(withClass("polygon", "ring")); len(got) != 4 {
		t.Errorf("%d rings, want 4 (one per score step)", len(got))
	}
	shapes := root.all(withClass("polygon", "series"))
	open := root.all(withClass("path", "series")) // Youth forum scored two standards only
	if len(shapes) != 1 || len(open) != 1 {
		t.Fatalf("%d closed shapes and %d open ones", len(shapes), len(open))
	}
	shapes = append(shapes, open[0])
	if shapes[0].Attr["stroke"] == shapes[1].Attr["stroke"] || shapes[0].Attr["stroke-dasharray"] == shapes[1].Attr["stroke-dasharray"] {
		t.Error("series must differ by colour and dash")
	}
	// The first axis points straight up: a full score sits one radius above the centre, a score
	// of 0 at the centre itself.
	pts := points(t, shapes[0].Attr["points"])
	if len(pts) != 7 {
		t.Fatalf("%d points", len(pts))
	}
	centre := pts[4] // Methods scored 0
	if math.Abs(pts[0][0]-centre[0]) > 0.1 || math.Abs(centre[1]-pts[0][1]-150) > 0.1 {
		t.Errorf("inclusion at %v, centre %v", pts[0], centre)
	}
	// Half a score is half the distance.
	d := func(p [2]float64) float64 { return math.Hypot(p[0]-centre[0], p[1]-centre[1]) }
	if math.Abs(d(pts[2])-75) > 0.2 || math.Abs(d(pts[1])-112.5) > 0.2 {
		t.Errorf("distances %v %v", d(pts[2]), d(pts[1]))
	}
	if got := texts(root, "axis-name"); !strings.Contains(strings.Join(got, " "), "Working together") {
		t.Errorf("axis names %q", got)
	}
	if got := texts(root, "legend"); len(got) != 2 || got[1] != "Youth forum" {
		t.Errorf("legend %q", got)
	}

	if len(table.Rows) != 7 || strings.Join(table.Head, "|") != "Standard|Park survey|Youth forum" {
		t.Fatalf("table %v", table)
	}
	if table.Rows[0][1] != "4" || table.Rows[1][2] != "2" || table.Rows[2][2] != "" {
		t.Errorf("rows %v", table.Rows)
	}
	if len(table.Notes) != 1 || table.Notes[0] != "Scores from 0 to 4" {
		t.Errorf("notes %v", table.Notes)
	}
	mustParse(t, table.HTML())
}

func TestRadarEscapesAndClamps(t *testing.T) {
	svg, _ := Radar("x", `<b>"t"</b>`, "", []string{"a<b", "c&d", "e"}, []RadarSeries{{Name: "</svg>", Values: []float64{99, -3, math.NaN()}}}, RadarOptions{Max: 3})
	root := mustParse(t, svg)
	if strings.Contains(string(svg), "<b>") || strings.Contains(string(svg), "</svg></") {
		t.Errorf("unescaped: %s", svg)
	}
	paths := root.all(withClass("path", "series"))
	if len(paths) != 1 || len(root.all(withClass("polygon", "series"))) != 0 {
		t.Fatalf("a series with a missing value is an open path, not a closed shape: %s", svg)
	}
	pts := pathPoints(t, paths[0].Attr["d"])
	if len(pts) != 2 {
		t.Fatalf("only the two axes with values are joined: %v", pts)
	}
	// The negative value sits at the centre; 99 of 3 clamps to the rim, 150 from it.
	if d := math.Hypot(pts[0][0]-pts[1][0], pts[0][1]-pts[1][1]); math.Abs(d-150) > 0.2 {
		t.Errorf("99 of 3 should clamp to the rim, got %v", d)
	}
}

// A standard not assessed is not drawn as 0: no point of the shape is at the centre, its axis
// says so, and so does the table.
func TestRadarMissingIsNotZero(t *testing.T) {
	svg, table := Radar("m", "Scores", "", standards, []RadarSeries{{Name: "Drop-in", Values: []float64{3, 2, 4, 3, 2, 1, math.NaN()}}},
		RadarOptions{Max: 4, Missing: "not assessed"})
	root := mustParse(t, svg)
	d := root.all(withClass("path", "series"))[0].Attr["d"]
	pts := pathPoints(t, d)
	// The spokes start at the centre.
	var cx, cy float64
	for _, l := range root.all(func(n *node) bool { return n.Name == "line" }) {
		cx, cy = attrNum(l.Attr["x1"]), attrNum(l.Attr["y1"])
	}
	for _, p := range pts {
		if math.Hypot(p[0]-cx, p[1]-cy) < 1 {
			t.Errorf("a point sits at the centre, as if a score were 0: %v", pts)
		}
	}
	if strings.Count(d, "M") != 5 {
		t.Errorf("six of seven axes have values, so five sides are drawn: %s", d)
	}
	if got := strings.Join(texts(root, "axis-name"), " "); !strings.Contains(got, "(not assessed)") {
		t.Errorf("axis names %q", got)
	}
	if table.Rows[6][1] != "not assessed" {
		t.Errorf("table row %v", table.Rows[6])
	}
}

func TestRadarDefaultsAndEmpty(t *testing.T) {
	svg, table := Radar("e", "Nothing", "", standards, nil, RadarOptions{NoData: "Not assessed yet"})
	root := mustParse(t, svg)
	checkAccessible(t, root, "e", "Nothing")
	if got := texts(root, "no-data"); len(got) != 1 || got[0] != "Not assessed yet" {
		t.Errorf("no data text %q", got)
	}
	if len(table.Rows) != 0 || table.Empty != "Not assessed yet" {
		t.Errorf("table %v", table)
	}
	o := RadarOptions{}.withDefaults([]RadarSeries{{Values: []float64{2.5, 7}}})
	if o.Max != 7 || o.Rings != 7 || o.AxisHeading != "Axis" {
		t.Errorf("defaults %+v", o)
	}
	if o := (RadarOptions{}).withDefaults([]RadarSeries{{Values: []float64{2.5}}}); o.Max != 2.5 || o.Rings != 4 {
		t.Errorf("fractional max %+v", o)
	}
}

func FuzzRadar(f *testing.F) {
	f.Add("r", "Title", "Axis & <b>", 3.0, -1.0, 4.0)
	f.Add("", "", "", math.NaN(), math.Inf(1), 0.0)
	f.Fuzz(func(t *testing.T, id, title, axis string, v1, v2, maxV float64) {
		svg, table := Radar(id, title, "", []string{axis, title, "c"}, []RadarSeries{{Name: axis, Values: []float64{v1, v2}}}, RadarOptions{Max: maxV})
		root, err := parseXML(string(svg))
		if err != nil {
			t.Fatalf("%v\n%s", err, svg)
		}
		// Two of three axes at most have values, so the series is an open path.
		if root.Name != "svg" || len(root.all(withClass("path", "series"))) != 1 || len(table.Rows) != 3 {
			t.Fatal("wrong structure")
		}
		if _, err := parseXML(string(table.HTML())); err != nil {
			t.Fatal(err)
		}
	})
}

func attrNum(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// pathPoints reads the points of a path of "Mx yLx y" segments.
func pathPoints(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, seg := range strings.Split(strings.ReplaceAll(d, "L", "M"), "M") {
		if seg = strings.TrimSpace(seg); seg != "" {
			out = append(out, points(t, strings.Replace(seg, " ", ",", 1))...)
		}
	}
	return out
}
