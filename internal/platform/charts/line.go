package charts

import (
	"html/template"
	"math"
	"slices"
	"time"
)

// Point is one observation in a series.
type Point struct {
	X time.Time
	Y float64
	// Display is Y as people should read it; empty means plain formatting.
	Display string
}

// Series is one named line, such as an outcome indicator.
type Series struct {
	Name   string
	Points []Point
}

// LineOptions adjusts a line chart. The zero value works.
type LineOptions struct {
	// Baseline and Target, when set, are drawn as labelled horizontal lines
	// and stated in the table's notes.
	Baseline, Target *float64
	BaselineText     string // default "Baseline"
	TargetText       string // default "Target"
	YLabel           string // what the values measure, written above the axis
	XHeading         string // table heading for dates; default "Date"
	DateLayout       string // time layout for axis and table; default "2 Jan 2006"
	// FormatDate, when set, writes dates instead of DateLayout: i18n.DayShort in the page's
	// language, so a Welsh page's chart has Welsh months.
	FormatDate func(time.Time) string
	// Format writes baseline and target values; default plain numbers.
	Format func(float64) string
	NoData string // message when there are no points
}

// Each series differs by dash pattern and marker shape as well as colour.
var seriesStyles = []struct{ colour, dash, marker string }{
	{ColourBlue, "", "circle"},
	{ColourRed, "8 5", "square"},
	{ColourText, "2 5", "triangle"},
	{ColourGreen, "12 4 2 4", "diamond"},
}

const plotHeight = 240.0

// Line draws series over time with optional baseline and target lines. It
// returns the SVG and a table with one row per date and one column per series.
func Line(id, title, desc string, series []Series, opt LineOptions) (template.HTML, Table) {
	id = SanitiseID(id)
	opt = opt.withDefaults()
	table := lineTable(title, series, opt)
	var times []time.Time
	var lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, p := range s.Points {
			times = append(times, p.X)
			if finite(p.Y) {
				lo, hi = math.Min(lo, p.Y), math.Max(hi, p.Y)
			}
		}
	}
	if len(times) == 0 {
		return noData(id, title, desc, opt.NoData), table
	}
	if desc == "" {
		desc = lineSummary(series, opt)
	}
	for _, ref := range []*float64{opt.Baseline, opt.Target} {
		if ref != nil && finite(*ref) {
			lo, hi = math.Min(lo, *ref), math.Max(hi, *ref)
		}
	}
	if math.IsInf(lo, 1) { // no finite values at all
		lo, hi = 0, 0
	}
	ticks, step := niceTicks(lo, hi, 5)
	dLo, dHi := ticks[0], ticks[len(ticks)-1]
	times = uniqueTimes(times)

	// Legend: one line per series, so long names never collide.
	y := pad
	legendTop := y
	y += float64(len(series)) * lineHeight
	if opt.YLabel != "" {
		y += 8
	}
	yLabelY := y + fontSize
	if opt.YLabel != "" {
		y += lineHeight
	}
	top := y + 12
	bottom := top + plotHeight
	tickRoom := 0.0
	for _, t := range ticks {
		tickRoom = math.Max(tickRoom, textWidth(formatTick(t, step)))
	}
	left := pad + math.Min(tickRoom, viewWidth/4) + 8
	right := viewWidth - pad - 8
	plotW := right - left
	span := dHi - dLo
	yAt := func(v float64) float64 {
		if span == 0 || !finite(span) {
			return bottom
		}
		return bottom - (v-dLo)/span*plotHeight
	}
	t0, t1 := float64(times[0].Unix()), float64(times[len(times)-1].Unix())
	xAt := func(t time.Time) float64 {
		if t1 == t0 {
			return left + plotW/2
		}
		return left + (float64(t.Unix())-t0)/(t1-t0)*plotW
	}
	height := bottom + lineHeight + 14

	var w svgWriter
	w.open(id, title, desc, height)

	for i, s := range series {
		st := seriesStyles[i%len(seriesStyles)]
		ly := legendTop + float64(i)*lineHeight
		w.line(pad, ly+10, pad+36, ly+10, st.colour, 3, st.dash)
		w.raw(marker(st.marker, pad+18, ly+10, st.colour, "legend-key"))
		w.text(pad+44, ly+fontSize, "", `class="legend"`, truncate(s.Name, viewWidth-pad*2-44))
	}
	if opt.YLabel != "" {
		w.text(pad, yLabelY, "", `class="axis-label"`, truncate(opt.YLabel, viewWidth-2*pad))
	}

	for _, t := range ticks {
		ty := yAt(t)
		w.line(left, ty, right, ty, colourGrid, 1, "")
		w.text(left-8, ty+5, "end", `class="tick"`, formatTick(t, step))
	}
	w.line(left, top, left, bottom, ColourDarkGrey, 2, "")
	w.line(left, bottom, right, bottom, ColourDarkGrey, 2, "")
	for _, i := range xLabelIndexes(times, opt.date, plotW) {
		tx := xAt(times[i])
		label := opt.date(times[i])
		w.line(tx, bottom, tx, bottom+6, ColourDarkGrey, 2, "")
		w.text(tx, bottom+fontSize+6, edgeAnchor(tx, label, 0, viewWidth), `class="tick"`, label)
	}

	// Reference lines: the higher one's label sits above it, the lower one's
	// below, so that close values do not overprint.
	type ref struct {
		v    float64
		text string
		dash string
	}
	var refs []ref
	var placed []box // labels already drawn, which value labels must not cover
	if opt.Baseline != nil && finite(*opt.Baseline) {
		refs = append(refs, ref{*opt.Baseline, opt.BaselineText + ": " + opt.Format(*opt.Baseline), "6 4"})
	}
	if opt.Target != nil && finite(*opt.Target) {
		refs = append(refs, ref{*opt.Target, opt.TargetText + ": " + opt.Format(*opt.Target), "14 4"})
	}
	for i, r := range refs {
		ry := yAt(r.v)
		class := `class="reference" ` + halo
		w.line(left, ry, right, ry, ColourDarkGrey, 2, r.dash)
		below := len(refs) == 2 && r.v < refs[1-i].v || (len(refs) == 2 && r.v == refs[1-i].v && i == 0)
		if ry-lineHeight < top {
			below = true
		}
		if below && ry+lineHeight > bottom {
			below = false
		}
		ty := ry - 6
		if below {
			ty = ry + fontSize + 2
		}
		text := truncate(r.text, plotW)
		w.text(right, ty, "end", class, text)
		placed = append(placed, textBox(right, ty, "end", text))
	}

	labelPoints := len(series) == 1 && len(series[0].Points) <= 12
	for i, s := range series {
		st := seriesStyles[i%len(seriesStyles)]
		pts := slices.Clone(s.Points)
		slices.SortStableFunc(pts, func(a, b Point) int { return a.X.Compare(b.X) })
		coords := ""
		for _, p := range pts {
			if !finite(p.Y) {
				continue
			}
			if coords != "" {
				coords += " "
			}
			coords += num(xAt(p.X)) + "," + num(yAt(p.Y))
		}
		w.raw(`<polyline class="series" points="` + coords + `" fill="none" stroke="` + st.colour + `" stroke-width="3"`)
		if st.dash != "" {
			w.raw(` stroke-dasharray="` + st.dash + `"`)
		}
		w.raw(`/>`)
		for _, p := range pts {
			if !finite(p.Y) {
				continue
			}
			px, py := xAt(p.X), yAt(p.Y)
			w.raw(marker(st.marker, px, py, st.colour, "point"))
			if !labelPoints {
				continue
			}
			label := pointDisplay(p)
			anchor, lx := edgeAnchor(px, label, left, right), px
			switch anchor {
			case "start":
				lx += 4
			case "end":
				lx -= 4
			}
			// Above the point if there is room, else below; if both would
			// cover another label, leave it out: the table has the value.
			for _, ly := range []float64{py - 10, py + fontSize + 8} {
				b := textBox(lx, ly, anchor, label)
				if b.y1 < top-4 || b.y2 > bottom || b.overlapsAny(placed) {
					continue
				}
				w.text(lx, ly, anchor, `class="value" `+halo, label)
				placed = append(placed, b)
				break
			}
		}
	}
	return w.close(), table
}

func (o LineOptions) withDefaults() LineOptions {
	if o.BaselineText == "" {
		o.BaselineText = "Baseline"
	}
	if o.TargetText == "" {
		o.TargetText = "Target"
	}
	if o.XHeading == "" {
		o.XHeading = "Date"
	}
	if o.FormatDate == nil {
		if o.DateLayout == "" {
			o.DateLayout = "2 Jan 2006"
		}
		layout := o.DateLayout
		o.FormatDate = func(t time.Time) string { return t.Format(layout) }
	}
	if o.DateLayout == "" {
		o.DateLayout = "2 Jan 2006"
	}
	if o.Format == nil {
		o.Format = autoFormat
	}
	return o
}

// marker draws a point's shape: filled, with a white edge to stand out
// from the line under it.
func marker(shape string, x, y float64, colour, class string) string {
	var d string
	switch shape {
	case "square":
		d = "M" + num(x-5) + " " + num(y-5) + "h10v10h-10z"
	case "triangle":
		d = "M" + num(x) + " " + num(y-7) + "l6.5 11.5h-13z"
	case "diamond":
		d = "M" + num(x) + " " + num(y-7) + "l7 7-7 7-7-7z"
	default:
		d = "M" + num(x-5.5) + " " + num(y) + "a5.5 5.5 0 1 0 11 0a5.5 5.5 0 1 0-11 0z"
	}
	return `<path class="` + class + `" d="` + d + `" fill="` + colour + `" stroke="` + ColourWhite + `" stroke-width="1.5"/>`
}

func pointDisplay(p Point) string {
	if p.Display != "" {
		return p.Display
	}
	return autoFormat(p.Y)
}

func uniqueTimes(ts []time.Time) []time.Time {
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(ts, func(a, b time.Time) bool { return a.Equal(b) })
}

// date writes a date as the options say.
func (o LineOptions) date(t time.Time) string { return o.FormatDate(t) }

// xLabelIndexes picks which dates to label: all of them if they fit, else
// an even spread that always includes the first and last.
func xLabelIndexes(times []time.Time, date func(time.Time) string, plotW float64) []int {
	widest := 0.0
	for _, t := range times {
		widest = math.Max(widest, textWidth(date(t)))
	}
	fit := max(int(plotW/(widest+16)), 1)
	n := len(times)
	if n <= fit {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	if fit == 1 {
		return []int{0}
	}
	var idx []int
	for k := range fit {
		i := k * (n - 1) / (fit - 1)
		if len(idx) == 0 || idx[len(idx)-1] != i {
			idx = append(idx, i)
		}
	}
	return idx
}

func lineTable(title string, series []Series, opt LineOptions) Table {
	t := Table{Caption: clean(title), Head: []string{opt.XHeading}, Numeric: []bool{false}, Empty: opt.NoData}
	var times []time.Time
	for _, s := range series {
		t.Head = append(t.Head, clean(s.Name))
		t.Numeric = append(t.Numeric, true)
		for _, p := range s.Points {
			times = append(times, p.X)
		}
	}
	for _, when := range uniqueTimes(times) {
		row := []string{opt.date(when)}
		for _, s := range series {
			cell := ""
			for _, p := range s.Points {
				if p.X.Equal(when) {
					cell = pointDisplay(p)
				}
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	if opt.Baseline != nil {
		t.Notes = append(t.Notes, opt.BaselineText+": "+opt.Format(*opt.Baseline))
	}
	if opt.Target != nil {
		t.Notes = append(t.Notes, opt.TargetText+": "+opt.Format(*opt.Target))
	}
	return t
}

// lineSummary is the description used when the caller gives none: where
// each series starts and ends.
func lineSummary(series []Series, opt LineOptions) string {
	s := "Line chart over time."
	for _, se := range series {
		if len(se.Points) == 0 {
			continue
		}
		pts := slices.Clone(se.Points)
		slices.SortStableFunc(pts, func(a, b Point) int { return a.X.Compare(b.X) })
		first, last := pts[0], pts[len(pts)-1]
		s += " " + clean(se.Name) + ": " + pointDisplay(first) + " on " + opt.date(first.X)
		if len(pts) > 1 {
			s += ", " + pointDisplay(last) + " on " + opt.date(last.X)
		}
		s += "."
	}
	if opt.Baseline != nil {
		s += " " + opt.BaselineText + ": " + opt.Format(*opt.Baseline) + "."
	}
	if opt.Target != nil {
		s += " " + opt.TargetText + ": " + opt.Format(*opt.Target) + "."
	}
	return s + " The table gives every value."
}

// box is the space a label takes, in viewBox units.
type box struct{ x1, y1, x2, y2 float64 }

func textBox(x, baseline float64, anchor, s string) box {
	w := textWidth(s)
	switch anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	return box{x, baseline - fontSize + 2, x + w, baseline + 4}
}

func (b box) overlapsAny(others []box) bool {
	for _, o := range others {
		if b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2 {
			return true
		}
	}
	return false
}
