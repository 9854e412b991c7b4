package charts

import (
	"html/template"
	"math"
)

// Bar is one labelled value in a bar chart.
type Bar struct {
	Label string
	Value float64
	// Display is the value as people should read it ("£12,000", "59%").
	// Empty means the value is formatted plainly.
	Display string
	// Emphasis marks bars that stand apart, such as funded projects. It is
	// drawn solid and named in words; the others are hatched and named too.
	Emphasis bool
	// Note is an optional second fact shown under the label and as its own
	// table column, such as the funding a project asked for.
	Note string
}

// BarOptions adjusts a bar chart. The zero value works.
type BarOptions struct {
	LabelHeading string // table heading for labels; default "Item"
	ValueHeading string // table heading for values; default "Value"
	NoteHeading  string // table heading for notes; default "Note"
	// EmphasisText and OtherText name the two kinds of bar ("Funded",
	// "Not funded"). They appear in a key, beside each bar and in a Status
	// column, so the difference never rests on colour. If any bar has
	// Emphasis and these are empty, "Highlighted" and "Not highlighted" are used.
	EmphasisText  string
	OtherText     string
	StatusHeading string // default "Status"
	NoData        string // message when bars is empty
}

const (
	barHeight     = 24.0
	rowGap        = 14.0
	maxLabelLines = 2
)

// HorizontalBars draws one horizontal bar per item, in the order given, each
// with its label above and its value written at its end. Negative values
// extend left of a zero line. It returns the SVG and the same numbers as a table.
func HorizontalBars(id, title, desc string, bars []Bar, opt BarOptions) (template.HTML, Table) {
	id = SanitiseID(id)
	opt = opt.withDefaults(bars)
	table := barTable(title, bars, opt)
	if len(bars) == 0 {
		return noData(id, title, desc, opt.NoData), table
	}
	if desc == "" {
		desc = barSummary(bars)
	}

	values := make([]float64, len(bars))
	displays := make([]string, len(bars))
	lo, hi := 0.0, 0.0
	anyNonNegative := false
	for i, b := range bars {
		v := b.Value
		if !finite(v) {
			v = 0
		}
		values[i] = v
		displays[i] = barDisplay(b)
		anyNonNegative = anyNonNegative || v >= 0
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	ticks, step := niceTicks(lo, hi, 5)
	dLo, dHi := ticks[0], ticks[len(ticks)-1]

	// Room for the value text beside each bar end, on whichever sides bars go.
	valueRoom := 0.0
	for _, d := range displays {
		valueRoom = math.Max(valueRoom, textWidth(d)+8)
	}
	valueRoom = math.Min(valueRoom, viewWidth*0.35)
	left, right := pad, viewWidth-pad
	if lo < 0 {
		left += valueRoom
	}
	if anyNonNegative {
		right -= valueRoom
	}
	plotW := right - left
	span := dHi - dLo
	x := func(v float64) float64 {
		if span == 0 || !finite(span) {
			return left
		}
		return left + (v-dLo)/span*plotW
	}
	x0 := x(0)

	y := pad
	var w svgWriter
	// Lay rows out first, so gridlines can be drawn behind the bars.
	type row struct {
		labelY  []float64
		lines   []string
		status  string
		statusY float64
		barY    float64
	}
	rows := make([]row, len(bars))
	legendY := 0.0
	if opt.EmphasisText != "" {
		legendY = y
		y += lineHeight + 12
	}
	for i, b := range bars {
		r := row{lines: wrap(b.Label, viewWidth-2*pad, maxLabelLines)}
		for range r.lines {
			r.labelY = append(r.labelY, y+fontSize)
			y += lineHeight
		}
		r.status = barStatus(b, opt)
		if r.status != "" {
			r.statusY = y + fontSize
			y += lineHeight
		}
		y += 4
		r.barY = y
		y += barHeight + rowGap
		rows[i] = r
	}
	plotBottom := y - rowGap + 6
	height := plotBottom + lineHeight + 8

	w.open(id, title, desc, height)
	hatch := id + "-hatch"
	if opt.EmphasisText != "" {
		w.raw(`<defs><pattern id="` + hatch + `" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
			`<rect width="8" height="8" fill="` + ColourWhite + `"/>` +
			`<line x1="0" y1="0" x2="0" y2="8" stroke="` + ColourDarkGrey + `" stroke-width="3"/></pattern></defs>`)
		lx := pad
		w.raw(`<rect class="legend-key" x="` + num(lx) + `" y="` + num(legendY+2) + `" width="24" height="16" fill="` + ColourGreen + `"/>`)
		w.text(lx+32, legendY+fontSize, "", `class="legend"`, opt.EmphasisText)
		lx += 32 + textWidth(opt.EmphasisText) + 24
		w.raw(`<rect class="legend-key" x="` + num(lx) + `" y="` + num(legendY+2) + `" width="24" height="16" fill="url(#` + hatch + `)" stroke="` + ColourDarkGrey + `" stroke-width="1.5"/>`)
		w.text(lx+32, legendY+fontSize, "", `class="legend"`, truncate(opt.OtherText, viewWidth-lx-32-pad))
	}

	// Gridlines and tick values along the bottom.
	gridTop := rows[0].barY - 4
	for _, t := range ticks {
		tx := x(t)
		w.line(tx, gridTop, tx, plotBottom, colourGrid, 1, "")
		label := formatTick(t, step)
		w.text(tx, plotBottom+fontSize+2, edgeAnchor(tx, label, 0, viewWidth), `class="tick"`, label)
	}

	for i, b := range bars {
		r := rows[i]
		for j, l := range r.lines {
			w.text(pad, r.labelY[j], "", `class="label" `+halo, l)
		}
		if r.status != "" {
			w.text(pad, r.statusY, "", `class="status" `+halo, r.status)
		}
		v := values[i]
		bx, bw := x0, x(v)-x0
		if bw < 0 {
			bx, bw = x(v), -bw
		}
		fill := `fill="` + ColourBlue + `"`
		if opt.EmphasisText != "" {
			if b.Emphasis {
				fill = `fill="` + ColourGreen + `"`
			} else {
				fill = `fill="url(#` + hatch + `)" stroke="` + ColourDarkGrey + `" stroke-width="1.5"`
			}
		}
		w.raw(`<rect class="bar" x="` + num(bx) + `" y="` + num(r.barY) + `" width="` + num(bw) +
			`" height="` + num(barHeight) + `" ` + fill + `/>`)
		d := truncate(displays[i], valueRoom-8)
		if v < 0 {
			w.text(bx-6, r.barY+17, "end", `class="value" `+halo, d)
		} else {
			w.text(bx+bw+6, r.barY+17, "", `class="value" `+halo, d)
		}
	}
	// The zero line goes on top so that every bar has a visible start.
	w.line(x0, gridTop, x0, plotBottom, ColourDarkGrey, 2, "")
	return w.close(), table
}

func (o BarOptions) withDefaults(bars []Bar) BarOptions {
	if o.LabelHeading == "" {
		o.LabelHeading = "Item"
	}
	if o.ValueHeading == "" {
		o.ValueHeading = "Value"
	}
	if o.NoteHeading == "" {
		o.NoteHeading = "Note"
	}
	if o.StatusHeading == "" {
		o.StatusHeading = "Status"
	}
	if o.EmphasisText == "" && o.OtherText == "" {
		for _, b := range bars {
			if b.Emphasis {
				o.EmphasisText, o.OtherText = "Highlighted", "Not highlighted"
				break
			}
		}
	}
	if o.EmphasisText != "" && o.OtherText == "" {
		o.OtherText = "Not " + o.EmphasisText
	}
	if o.OtherText != "" && o.EmphasisText == "" {
		o.EmphasisText = "Not " + o.OtherText
	}
	return o
}

func barDisplay(b Bar) string {
	if b.Display != "" {
		return b.Display
	}
	return autoFormat(b.Value)
}

func barStatus(b Bar, opt BarOptions) string {
	s := ""
	if opt.EmphasisText != "" {
		s = opt.OtherText
		if b.Emphasis {
			s = opt.EmphasisText
		}
	}
	if b.Note != "" {
		if s != "" {
			s += " · "
		}
		s += b.Note
	}
	return truncate(s, viewWidth-2*pad)
}

func barTable(title string, bars []Bar, opt BarOptions) Table {
	t := Table{Caption: clean(title), Head: []string{opt.LabelHeading, opt.ValueHeading}, Numeric: []bool{false, true}, Empty: opt.NoData}
	status, notes := opt.EmphasisText != "", false
	for _, b := range bars {
		notes = notes || b.Note != ""
	}
	if status {
		t.Head, t.Numeric = append(t.Head, opt.StatusHeading), append(t.Numeric, false)
	}
	if notes {
		t.Head, t.Numeric = append(t.Head, opt.NoteHeading), append(t.Numeric, false)
	}
	for _, b := range bars {
		row := []string{clean(b.Label), barDisplay(b)}
		if status {
			s := opt.OtherText
			if b.Emphasis {
				s = opt.EmphasisText
			}
			row = append(row, s)
		}
		if notes {
			row = append(row, clean(b.Note))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// barSummary is the description used when the caller gives none.
func barSummary(bars []Bar) string {
	hi, lo := 0, 0
	for i, b := range bars {
		if b.Value > bars[hi].Value {
			hi = i
		}
		if b.Value < bars[lo].Value {
			lo = i
		}
	}
	s := "Bar chart of " + formatNumber(float64(len(bars)), 0) + " items. Highest: " +
		clean(bars[hi].Label) + ", " + barDisplay(bars[hi]) + "."
	if len(bars) > 1 {
		s += " Lowest: " + clean(bars[lo].Label) + ", " + barDisplay(bars[lo]) + "."
	}
	return s + " The table gives every value."
}
