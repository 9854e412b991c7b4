package charts

import (
	"math"
	"strings"
	"testing"
	"time"
)

func FuzzCharts(f *testing.F) {
	f.Add("pb", "Title", `<script>"x"</script>`, 12.5, -3.0, "£1", true)
	f.Add("", "", "", 0.0, 0.0, "", false)
	f.Add("a\x00b", "\xff\xfe", "\u2028\uFFFE", math.MaxFloat64, -math.MaxFloat64, "&amp;", true)
	f.Add("x", "t", strings.Repeat("long ", 100), 1e-310, math.NaN(), "]]>", false)
	f.Fuzz(func(t *testing.T, id, title, label string, v1, v2 float64, display string, emphasis bool) {
		bars := []Bar{{Label: label, Value: v1, Display: display, Emphasis: emphasis, Note: label}, {Label: title, Value: v2}}
		svg, table := HorizontalBars(id, title, label, bars, BarOptions{EmphasisText: display})
		root, err := parseXML(string(svg))
		if err != nil {
			t.Fatalf("bars: %v\n%s", err, svg)
		}
		if root.Name != "svg" || len(root.all(withClass("rect", "bar"))) != 2 || len(table.Rows) != 2 {
			t.Fatal("bars: wrong structure")
		}
		if _, err := parseXML(string(table.HTML())); err != nil {
			t.Fatalf("table: %v", err)
		}

		at := time.Unix(int64(v1)%1e10, 0).UTC()
		series := []Series{{Name: label, Points: []Point{{at, v1, display}, {at.AddDate(0, 1, 0), v2, ""}}}, {Name: title}}
		svg, table = Line(id, title, "", series, LineOptions{Baseline: &v2, Target: &v1, YLabel: label})
		root, err = parseXML(string(svg))
		if err != nil {
			t.Fatalf("line: %v\n%s", err, svg)
		}
		if root.Name != "svg" || len(table.Rows) != 2 {
			t.Fatal("line: wrong structure")
		}
		if _, err := parseXML(string(table.HTML())); err != nil {
			t.Fatalf("line table: %v", err)
		}
	})
}
