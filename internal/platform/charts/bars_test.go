package charts

import (
	"html/template"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func barWidths(t *testing.T, root *node) []float64 {
	t.Helper()
	var ws []float64
	for _, r := range root.all(withClass("rect", "bar")) {
		w, err := strconv.ParseFloat(r.Attr["width"], 64)
		if err != nil || w < 0 {
			t.Fatalf("bad bar width %q", r.Attr["width"])
		}
		ws = append(ws, w)
	}
	return ws
}

func TestHorizontalBarsStructure(t *testing.T) {
	bars := []Bar{
		{Label: "Community garden", Value: 412, Display: "412 votes", Emphasis: true, Note: "£12,000"},
		{Label: "Skate park", Value: 206, Display: "206 votes", Note: "£30,000"},
		{Label: "Library hours", Value: 103, Display: "103 votes", Emphasis: true, Note: "£4,500"},
	}
	svg, table := HorizontalBars("pb results", "Votes per project", "", bars,
		BarOptions{LabelHeading: "Project", ValueHeading: "Votes", NoteHeading: "Cost", EmphasisText: "Funded", OtherText: "Not funded"})
	root := mustParse(t, svg)
	checkAccessible(t, root, "pb-results", "Votes per project")

	ws := barWidths(t, root)
	if len(ws) != len(bars) {
		t.Fatalf("%d bar rects, want %d", len(ws), len(bars))
	}
	for i := range bars {
		if got, want := ws[i]/ws[0], bars[i].Value/bars[0].Value; math.Abs(got-want) > 0.01 {
			t.Errorf("bar %d width ratio %.3f, want %.3f", i, got, want)
		}
	}
	if got := texts(root, "label"); !reflect.DeepEqual(got, []string{"Community garden", "Skate park", "Library hours"}) {
		t.Errorf("labels %q", got)
	}
	if got := texts(root, "value"); !reflect.DeepEqual(got, []string{"412 votes", "206 votes", "103 votes"}) {
		t.Errorf("values %q", got)
	}
	// Funded or not is said in words beside each bar and in a key, and the
	// bars differ by fill pattern, not only by colour.
	if got := texts(root, "status"); !reflect.DeepEqual(got, []string{"Funded · £12,000", "Not funded · £30,000", "Funded · £4,500"}) {
		t.Errorf("status %q", got)
	}
	if got := texts(root, "legend"); !reflect.DeepEqual(got, []string{"Funded", "Not funded"}) {
		t.Errorf("legend %q", got)
	}
	rects := root.all(withClass("rect", "bar"))
	if !strings.HasPrefix(rects[1].Attr["fill"], "url(#pb-results-hatch)") || rects[0].Attr["fill"] != ColourGreen {
		t.Errorf("fills %q %q", rects[0].Attr["fill"], rects[1].Attr["fill"])
	}
	if len(root.all(func(n *node) bool { return n.Name == "pattern" && n.Attr["id"] == "pb-results-hatch" })) != 1 {
		t.Error("hatch pattern missing")
	}

	want := Table{
		Caption: "Votes per project",
		Head:    []string{"Project", "Votes", "Status", "Cost"},
		Numeric: []bool{false, true, false, false},
		Rows: [][]string{
			{"Community garden", "412 votes", "Funded", "£12,000"},
			{"Skate park", "206 votes", "Not funded", "£30,000"},
			{"Library hours", "103 votes", "Funded", "£4,500"},
		},
	}
	if !reflect.DeepEqual(table, want) {
		t.Errorf("table\n got %#v\nwant %#v", table, want)
	}
}

func TestHorizontalBarsPlain(t *testing.T) {
	svg, table := HorizontalBars("a", "Attendance", "Attendance by sector", []Bar{{Label: "A", Value: 3}, {Label: "B", Value: 1.5}}, BarOptions{})
	root := mustParse(t, svg)
	for _, r := range root.all(withClass("rect", "bar")) {
		if r.Attr["fill"] != ColourBlue {
			t.Errorf("fill %q", r.Attr["fill"])
		}
	}
	if len(texts(root, "status")) != 0 || len(texts(root, "legend")) != 0 {
		t.Error("no key or status expected without emphasis")
	}
	if got := texts(root, "value"); !reflect.DeepEqual(got, []string{"3", "1.5"}) {
		t.Errorf("values %q", got)
	}
	if !reflect.DeepEqual(table.Rows, [][]string{{"A", "3"}, {"B", "1.5"}}) || !reflect.DeepEqual(table.Head, []string{"Item", "Value"}) {
		t.Errorf("table %#v", table)
	}
	if root.Children[1].Text != "Attendance by sector" {
		t.Errorf("desc %q", root.Children[1].Text)
	}
}

func TestHorizontalBarsEscapesUserText(t *testing.T) {
	evil := `<script>alert("x")</script> & 'quote' "`
	svg, table := HorizontalBars(`id" onload="x`, `Title <b>"`, `Desc </desc><script>`,
		[]Bar{{Label: evil, Value: 1, Display: `<i>1</i>`, Note: `"note"`, Emphasis: true}},
		BarOptions{EmphasisText: `<Funded>`})
	s := string(svg)
	for _, bad := range []string{"<script", "<b>", "<i>", `onload="`, `"note"`} {
		if strings.Contains(s, bad) {
			t.Errorf("output contains raw %q", bad)
		}
	}
	root := mustParse(t, svg)
	if root.Attr["aria-labelledby"] != "id-onload-x-title id-onload-x-desc" {
		t.Errorf("id not sanitised: %q", root.Attr["aria-labelledby"])
	}
	if got := texts(root, "label"); len(got) == 0 || !strings.Contains(strings.Join(got, " "), `<script>alert("x")`) {
		t.Errorf("label text should read back unescaped: %q", got)
	}
	if root.Children[0].Text != `Title <b>"` {
		t.Errorf("title %q", root.Children[0].Text)
	}
	if table.Rows[0][0] != evil {
		t.Errorf("table label %q", table.Rows[0][0])
	}
	h := string(table.HTML())
	if strings.Contains(h, "<script") || strings.Contains(h, "<i>") {
		t.Errorf("table HTML not escaped: %s", h)
	}
	if _, err := parseXML(h); err != nil {
		t.Errorf("table HTML not well formed: %v", err)
	}
}

func TestHorizontalBarsNegativeAndZero(t *testing.T) {
	bars := []Bar{{Label: "Up", Value: 30}, {Label: "Flat", Value: 0}, {Label: "Down", Value: -15}}
	svg, table := HorizontalBars("change", "Change", "", bars, BarOptions{})
	root := mustParse(t, svg)
	rects := root.all(withClass("rect", "bar"))
	ws := barWidths(t, root)
	if ws[1] != 0 {
		t.Errorf("zero bar width %v", ws[1])
	}
	if math.Abs(ws[2]/ws[0]-0.5) > 0.01 {
		t.Errorf("negative bar ratio %v", ws[2]/ws[0])
	}
	x := func(i int) float64 { f, _ := strconv.ParseFloat(rects[i].Attr["x"], 64); return f }
	// The negative bar ends where the positive one starts: at the zero line.
	if math.Abs(x(2)+ws[2]-x(0)) > 0.2 || x(1) != x(0) {
		t.Errorf("bars do not meet at zero: x=%v,%v,%v w=%v", x(0), x(1), x(2), ws)
	}
	if got := texts(root, "value"); !reflect.DeepEqual(got, []string{"30", "0", "-15"}) {
		t.Errorf("values %q", got)
	}
	if table.Rows[2][1] != "-15" {
		t.Errorf("table %v", table.Rows)
	}
	ticks := texts(root, "tick")
	if !slices.Contains(ticks, "0") || !slices.Contains(ticks, "-20") || !slices.Contains(ticks, "40") {
		t.Errorf("ticks %q", ticks)
	}
}

func TestHorizontalBarsAllZeroAndNaN(t *testing.T) {
	svg, _ := HorizontalBars("z", "Zero", "", []Bar{{Label: "a"}, {Label: "b", Value: math.NaN()}, {Label: "c", Value: math.Inf(1)}}, BarOptions{})
	root := mustParse(t, svg)
	for _, w := range barWidths(t, root) {
		if w != 0 {
			t.Errorf("width %v, want 0", w)
		}
	}
}

func TestHorizontalBarsLongLabel(t *testing.T) {
	long := strings.Repeat("Improve the footpath along the river and ", 6) + "END"
	svg, table := HorizontalBars("l", "Long", "", []Bar{{Label: long, Value: 5}}, BarOptions{})
	root := mustParse(t, svg)
	lines := texts(root, "label")
	if len(lines) != maxLabelLines {
		t.Fatalf("label lines %q", lines)
	}
	for _, l := range lines {
		if textWidth(l) > viewWidth-2*pad {
			t.Errorf("line too wide: %q", l)
		}
	}
	if !strings.HasSuffix(lines[1], "…") {
		t.Errorf("cut line should end with an ellipsis: %q", lines[1])
	}
	if table.Rows[0][0] != long {
		t.Error("table must keep the full label")
	}
}

func TestEmptyInputGivesNoDataChart(t *testing.T) {
	for name, f := range map[string]func() (string, Table){
		"bars": func() (string, Table) {
			s, tb := HorizontalBars("e", "Empty", "", nil, BarOptions{NoData: "No votes yet."})
			return string(s), tb
		},
		"line": func() (string, Table) {
			s, tb := Line("e", "Empty", "", nil, LineOptions{NoData: "No votes yet."})
			return string(s), tb
		},
		"line-points": func() (string, Table) {
			s, tb := Line("e", "Empty", "", []Series{{Name: "x"}}, LineOptions{NoData: "No votes yet."})
			return string(s), tb
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, tb := f()
			root := mustParse(t, templateHTML(s))
			checkAccessible(t, root, "e", "Empty")
			if got := texts(root, "no-data"); len(got) != 1 || got[0] != "No votes yet." {
				t.Errorf("no-data text %q", got)
			}
			if len(tb.Rows) != 0 || !strings.Contains(string(tb.HTML()), "No votes yet.") {
				t.Errorf("table %#v", tb)
			}
		})
	}
}

func TestShares(t *testing.T) {
	bars := Shares([]Count{{"Voluntary", 118}, {"Public", 80}, {"Business", 2}, {"Other", 0}})
	want := []string{"59% (118)", "40% (80)", "1% (2)", "0% (0)"}
	for i, b := range bars {
		if b.Display != want[i] {
			t.Errorf("%s: %q, want %q", b.Label, b.Display, want[i])
		}
	}
	if math.Abs(bars[0].Value-59) > 1e-9 {
		t.Errorf("value %v", bars[0].Value)
	}
	if got := Shares([]Count{{"a", 1}, {"b", 999}})[0].Display; got != "<1% (1)" {
		t.Errorf("tiny share %q", got)
	}
	if got := Shares([]Count{{"a", 0}})[0].Display; got != "0% (0)" {
		t.Errorf("zero total %q", got)
	}
	_, table := HorizontalBars("s", "By sector", "", bars, BarOptions{ValueHeading: "Attendees"})
	for i, row := range table.Rows {
		if row[1] != want[i] {
			t.Errorf("table row %d %q", i, row)
		}
	}
}

func TestHorizontalBarsValueTextStaysInside(t *testing.T) {
	for _, bars := range [][]Bar{
		{{Label: "a", Value: -5}, {Label: "b", Value: 0}},
		{{Label: "a", Value: -5}, {Label: "b", Value: -1}},
		{{Label: "a", Value: 5, Display: strings.Repeat("long ", 40)}},
	} {
		root := mustParse(t, mustSVG(HorizontalBars("v", "V", "", bars, BarOptions{})))
		for _, e := range root.all(withClass("text", "value")) {
			x, _ := strconv.ParseFloat(e.Attr["x"], 64)
			b := textBox(x, 0, e.Attr["text-anchor"], e.Text)
			if b.x1 < 0 || b.x2 > viewWidth {
				t.Errorf("%v: value %q spans %.0f..%.0f, outside 0..%v", bars, e.Text, b.x1, b.x2, viewWidth)
			}
		}
	}
}

func mustSVG(svg template.HTML, _ Table) template.HTML { return svg }
