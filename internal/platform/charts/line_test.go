package charts

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func month(m int) time.Time { return time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

func ptr(f float64) *float64 { return &f }

func TestLineStructure(t *testing.T) {
	series := []Series{
		{Name: "People who feel heard", Points: []Point{{month(3), 48, "48%"}, {month(1), 40, "40%"}, {month(2), 44, "44%"}}},
		{Name: "Residents on panels", Points: []Point{{month(1), 12, ""}, {month(3), 20, ""}}},
	}
	svg, table := Line("outcomes", "Outcome indicators", "", series,
		LineOptions{Baseline: ptr(38), Target: ptr(60), YLabel: "Per cent / count", DateLayout: "Jan 2006"})
	root := mustParse(t, svg)
	checkAccessible(t, root, "outcomes", "Outcome indicators")

	lines := root.all(withClass("polyline", "series"))
	if len(lines) != 2 {
		t.Fatalf("%d series lines", len(lines))
	}
	if lines[0].Attr["stroke"] == lines[1].Attr["stroke"] || lines[0].Attr["stroke-dasharray"] == lines[1].Attr["stroke-dasharray"] {
		t.Error("series must differ by dash as well as colour")
	}
	// Points sorted by time: x increases along the line, and a higher value is higher up.
	var xs, ys []float64
	for _, pair := range strings.Fields(lines[0].Attr["points"]) {
		x, y, _ := strings.Cut(pair, ",")
		xf, _ := strconv.ParseFloat(x, 64)
		yf, _ := strconv.ParseFloat(y, 64)
		xs, ys = append(xs, xf), append(ys, yf)
	}
	if len(xs) != 3 || !(xs[0] < xs[1] && xs[1] < xs[2]) || !(ys[0] > ys[1] && ys[1] > ys[2]) {
		t.Errorf("points %v %v", xs, ys)
	}
	markers := root.all(withClass("path", "point"))
	if len(markers) != 5 {
		t.Errorf("%d markers, want 5", len(markers))
	}
	if markers[0].Attr["d"][0:1] != "M" || markers[0].Attr["d"] == markers[4].Attr["d"] {
		t.Error("markers")
	}
	refs := texts(root, "reference")
	if !reflect.DeepEqual(refs, []string{"Baseline: 38", "Target: 60"}) {
		t.Errorf("reference labels %q", refs)
	}
	if got := texts(root, "legend"); !reflect.DeepEqual(got, []string{"People who feel heard", "Residents on panels"}) {
		t.Errorf("legend %q", got)
	}
	if got := texts(root, "axis-label"); !reflect.DeepEqual(got, []string{"Per cent / count"}) {
		t.Errorf("y label %q", got)
	}
	ticks := texts(root, "tick")
	for _, want := range []string{"0", "20", "60", "Jan 2026", "Mar 2026"} {
		if !slices.Contains(ticks, want) {
			t.Errorf("tick %q missing from %q", want, ticks)
		}
	}
	desc := root.Children[1].Text
	if !strings.Contains(desc, "People who feel heard: 40% on Jan 2026, 48% on Mar 2026") || !strings.Contains(desc, "Target: 60") {
		t.Errorf("summary %q", desc)
	}

	want := Table{
		Caption: "Outcome indicators",
		Head:    []string{"Date", "People who feel heard", "Residents on panels"},
		Numeric: []bool{false, true, true},
		Rows:    [][]string{{"Jan 2026", "40%", "12"}, {"Feb 2026", "44%", ""}, {"Mar 2026", "48%", "20"}},
		Notes:   []string{"Baseline: 38", "Target: 60"},
	}
	if !reflect.DeepEqual(table, want) {
		t.Errorf("table\n got %#v\nwant %#v", table, want)
	}
}

func TestLineSinglePointAndNegative(t *testing.T) {
	svg, table := Line("one", "One", "", []Series{{Name: "Net change", Points: []Point{{month(5), -3.5, ""}}}}, LineOptions{})
	root := mustParse(t, svg)
	if got := texts(root, "value"); !reflect.DeepEqual(got, []string{"-3.5"}) {
		t.Errorf("value labels %q", got)
	}
	if !slices.Contains(texts(root, "tick"), "0") || !slices.Contains(texts(root, "tick"), "-4") {
		t.Errorf("ticks %q", texts(root, "tick"))
	}
	if table.Rows[0][1] != "-3.5" {
		t.Errorf("table %v", table.Rows)
	}
}

func TestLineManyDatesLabelsFit(t *testing.T) {
	var pts []Point
	for i := range 36 {
		pts = append(pts, Point{X: month(1).AddDate(0, i, 0), Y: float64(i)})
	}
	svg, table := Line("m", "Many", "", []Series{{Name: "s", Points: pts}}, LineOptions{})
	root := mustParse(t, svg)
	var dates []string
	for _, s := range texts(root, "tick") {
		if strings.Contains(s, " ") {
			dates = append(dates, s)
		}
	}
	if len(dates) < 2 || len(dates) > 6 || dates[0] != "1 Jan 2026" || dates[len(dates)-1] != "1 Dec 2028" {
		t.Errorf("date labels %q", dates)
	}
	if len(table.Rows) != 36 {
		t.Errorf("%d rows", len(table.Rows))
	}
	if len(texts(root, "value")) != 0 {
		t.Error("36 points should not each be labelled")
	}
}

func TestLineValueLabelsAvoidReferenceLabels(t *testing.T) {
	svg, _ := Line("r", "Heard", "", []Series{{Name: "Heard", Points: []Point{
		{month(1), 40, "40%"}, {month(2), 59, "59%"}, {month(4), 61, "61%"},
	}}}, LineOptions{Baseline: ptr(38), Target: ptr(60)})
	root := mustParse(t, svg)
	var boxes []box
	for _, class := range []string{"reference", "value"} {
		for _, e := range root.all(withClass("text", class)) {
			x, _ := strconv.ParseFloat(e.Attr["x"], 64)
			y, _ := strconv.ParseFloat(e.Attr["y"], 64)
			anchor := e.Attr["text-anchor"]
			b := textBox(x, y, anchor, e.Text)
			if b.overlapsAny(boxes) {
				t.Errorf("label %q overlaps another", e.Text)
			}
			boxes = append(boxes, b)
		}
	}
	if got := texts(root, "value"); !reflect.DeepEqual(got, []string{"40%", "59%", "61%"}) {
		t.Errorf("value labels %q", got)
	}
}
