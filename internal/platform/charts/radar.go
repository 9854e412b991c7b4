package charts

import (
	"html/template"
	"math"
	"strconv"
)

// RadarSeries is one named set of scores, one per axis (such as an engagement
// activity scored against the National Standards). Values are read against
// RadarOptions.Max; a missing or non-finite value is not drawn (the shape is
// open there, never pulled to the centre as if it were 0) and is written as
// RadarOptions.Missing in the table.
type RadarSeries struct {
	Name   string
	Values []float64
}

// RadarOptions adjusts a radar chart. The zero value works.
type RadarOptions struct {
	Max          float64 // top of every axis; default the largest value, at least 1
	Rings        int     // number of graduated rings; default Max when it is a whole number ≤ 10, else 4
	AxisHeading  string  // table heading for the axes; default "Axis"
	NoData       string
	Format       func(float64) string // how values are written; default plain numbers
	ScaleCaption string               // optional note for the table, such as "Scores from 0 to 4"
	// Missing is written for a missing value: in the table, and after the axis's name when there
	// is one series ("not assessed"); default a blank cell and nothing after the name.
	Missing string
}

// Radar draws scores on axes radiating from a centre, one closed shape per
// series. Shapes differ by dash pattern and marker shape as well as colour,
// each axis is named in words at its end, and the rings are labelled with
// their values. It returns the SVG and a table with one row per axis and one
// column per series.
func Radar(id, title, desc string, axes []string, series []RadarSeries, opt RadarOptions) (template.HTML, Table) {
	id = SanitiseID(id)
	opt = opt.withDefaults(series)
	table := radarTable(title, axes, series, opt)
	if len(axes) == 0 || len(series) == 0 {
		return noData(id, title, desc, opt.NoData), table
	}
	if desc == "" {
		desc = radarSummary(axes, series, opt)
	}

	// Legend first, one line per series.
	y := pad
	legendTop := y
	y += float64(len(series)) * lineHeight
	labelRoom := 2*lineHeight + 8
	radius := 150.0
	cx := viewWidth / 2
	cy := y + labelRoom + radius
	height := cy + radius + labelRoom + pad

	var w svgWriter
	w.open(id, title, desc, height)
	for i, s := range series {
		st := seriesStyles[i%len(seriesStyles)]
		ly := legendTop + float64(i)*lineHeight
		w.line(pad, ly+10, pad+36, ly+10, st.colour, 3, st.dash)
		w.raw(marker(st.marker, pad+18, ly+10, st.colour, "legend-key"))
		w.text(pad+44, ly+fontSize, "", `class="legend"`, truncate(s.Name, viewWidth-pad*2-44))
	}

	n := len(axes)
	angle := func(i int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(n) }
	at := func(i int, frac float64) (float64, float64) {
		a := angle(i)
		return cx + radius*frac*math.Cos(a), cy + radius*frac*math.Sin(a)
	}

	// Rings and spokes are decoration behind the shapes; every value is in the table.
	for r := 1; r <= opt.Rings; r++ {
		frac := float64(r) / float64(opt.Rings)
		pts := ""
		for i := range n {
			x, y := at(i, frac)
			if pts != "" {
				pts += " "
			}
			pts += num(x) + "," + num(y)
		}
		w.raw(`<polygon class="ring" points="` + pts + `" fill="none" stroke="` + colourGrid + `" stroke-width="1"/>`)
	}
	for i := range n {
		x, y := at(i, 1)
		w.line(cx, cy, x, y, colourGrid, 1, "")
	}
	for r := 1; r <= opt.Rings; r++ {
		v := opt.Max * float64(r) / float64(opt.Rings)
		_, ry := at(0, float64(r)/float64(opt.Rings))
		w.text(cx+4, ry+fontSize-2, "", `class="tick" `+halo, opt.Format(v))
	}

	// Axis names around the outside, wrapped to two lines; with one series, an axis it has no
	// value for says so.
	for i, name := range axes {
		if len(series) == 1 && opt.Missing != "" && (i >= len(series[0].Values) || !finite(series[0].Values[i])) {
			name += " (" + opt.Missing + ")"
		}
		x, y := at(i, 1)
		a := angle(i)
		anchor := "middle"
		switch c := math.Cos(a); {
		case c > 0.2:
			anchor, x = "start", x+8
		case c < -0.2:
			anchor, x = "end", x-8
		}
		room := viewWidth/2 - radius - 2*pad
		if anchor == "middle" {
			room = viewWidth - 2*pad
		}
		lines := wrap(name, room, 2)
		top := y - 8 - float64(len(lines)-1)*lineHeight
		if math.Sin(a) > 0.2 {
			top = y + fontSize + 6
		} else if math.Abs(math.Sin(a)) <= 0.2 {
			top = y + 5 - float64(len(lines)-1)*lineHeight/2
		}
		for j, l := range lines {
			w.text(x, top+float64(j)*lineHeight, anchor, `class="axis-name"`, l)
		}
	}

	for si, s := range series {
		st := seriesStyles[si%len(seriesStyles)]
		pts := ""
		var marks []string
		has := func(i int) bool { return i < len(s.Values) && finite(s.Values[i]) }
		whole := true
		for i := range n {
			if !has(i) {
				whole = false
				continue
			}
			frac := math.Max(0, math.Min(1, s.Values[i]/opt.Max))
			x, y := at(i, frac)
			if pts != "" {
				pts += " "
			}
			pts += num(x) + "," + num(y)
			marks = append(marks, marker(st.marker, x, y, st.colour, "point"))
		}
		dash := ""
		if st.dash != "" {
			dash = ` stroke-dasharray="` + st.dash + `"`
		}
		if whole {
			w.raw(`<polygon class="series" points="` + pts + `" fill="` + st.colour + `" fill-opacity="0.08" stroke="` + st.colour + `" stroke-width="3"` + dash + `/>`)
		} else {
			// Only neighbouring axes that both have a value are joined: a missing value leaves
			// a gap rather than a line to the centre.
			d := ""
			for i := range n {
				j := (i + 1) % n
				if n < 2 || !has(i) || !has(j) {
					continue
				}
				x1, y1 := at(i, math.Max(0, math.Min(1, s.Values[i]/opt.Max)))
				x2, y2 := at(j, math.Max(0, math.Min(1, s.Values[j]/opt.Max)))
				d += "M" + num(x1) + " " + num(y1) + "L" + num(x2) + " " + num(y2)
			}
			w.raw(`<path class="series" d="` + d + `" fill="none" stroke="` + st.colour + `" stroke-width="3"` + dash + `/>`)
		}
		for _, m := range marks {
			w.raw(m)
		}
	}
	return w.close(), table
}

func (o RadarOptions) withDefaults(series []RadarSeries) RadarOptions {
	if o.Format == nil {
		o.Format = func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	}
	if !(o.Max > 0) || !finite(o.Max) {
		o.Max = 1
		for _, s := range series {
			for _, v := range s.Values {
				if finite(v) && v > o.Max {
					o.Max = v
				}
			}
		}
	}
	if o.Rings <= 0 || o.Rings > 10 {
		o.Rings = 4
		if o.Max == math.Trunc(o.Max) && o.Max <= 10 {
			o.Rings = int(o.Max)
		}
	}
	if o.AxisHeading == "" {
		o.AxisHeading = "Axis"
	}
	return o
}

func radarTable(title string, axes []string, series []RadarSeries, opt RadarOptions) Table {
	t := Table{Caption: clean(title), Head: []string{clean(opt.AxisHeading)}, Numeric: []bool{false}, Empty: opt.NoData}
	if opt.ScaleCaption != "" {
		t.Notes = append(t.Notes, clean(opt.ScaleCaption))
	}
	for _, s := range series {
		t.Head = append(t.Head, clean(s.Name))
		t.Numeric = append(t.Numeric, true)
	}
	if len(series) == 0 {
		return t
	}
	for i, a := range axes {
		row := []string{clean(a)}
		for _, s := range series {
			cell := clean(opt.Missing)
			if i < len(s.Values) && finite(s.Values[i]) {
				cell = opt.Format(s.Values[i])
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// radarSummary names each series' strongest and weakest axis.
func radarSummary(axes []string, series []RadarSeries, opt RadarOptions) string {
	out := ""
	for _, s := range series {
		hi, lo := -1, -1
		for i := range axes {
			if i >= len(s.Values) || !finite(s.Values[i]) {
				continue
			}
			if hi < 0 || s.Values[i] > s.Values[hi] {
				hi = i
			}
			if lo < 0 || s.Values[i] < s.Values[lo] {
				lo = i
			}
		}
		if out != "" {
			out += " "
		}
		if hi < 0 {
			out += s.Name + ": no values."
			continue
		}
		out += s.Name + ": highest " + axes[hi] + " (" + opt.Format(s.Values[hi]) + "), lowest " + axes[lo] + " (" + opt.Format(s.Values[lo]) + ")."
	}
	return out
}
