package charts

import (
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Colours from the GOV.UK palette. Every one that carries information is
// checked against white in palette_test.go: text needs 4.5:1, shapes 3:1.
const (
	ColourBlue     = "#1d70b8"
	ColourGreen    = "#00703c"
	ColourRed      = "#d4351c"
	ColourDarkGrey = "#505a5f"
	ColourText     = "#0b0c0c"
	ColourWhite    = "#ffffff"
	// colourGrid is for gridlines only. They are decoration: every bar and
	// point is also labelled or in the table, so they need no 3:1 contrast.
	colourGrid = "#b1b4b6"
)

// halo paints a white outline behind text, so that a label crossing a line
// or gridline stays readable.
const halo = `paint-order="stroke" stroke="` + ColourWhite + `" stroke-width="4" stroke-linejoin="round"`

// fontStack is the system font stack; GOV.UK's own typeface is not ours to use.
const fontStack = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

// Geometry in viewBox units. At the default width of 640 CSS pixels one unit
// is one pixel, so text is 16px; the SVG scales down with its container.
const (
	viewWidth  = 640.0
	fontSize   = 16.0
	lineHeight = 20.0
	pad        = 8.0
	// charWidth is a cautious average advance for a sans-serif face, used to
	// decide where to wrap: real glyphs are usually narrower.
	charWidth = 0.6 * fontSize
)

// svgWriter builds one chart. All text passes through esc.
type svgWriter struct {
	b  strings.Builder
	id string
}

func (w *svgWriter) open(id, title, desc string, height float64) {
	w.id = id
	w.b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 `)
	w.b.WriteString(num(viewWidth) + " " + num(height))
	w.b.WriteString(`" width="100%" role="img" aria-labelledby="`)
	w.b.WriteString(id + "-title " + id + "-desc")
	w.b.WriteString(`" font-family="` + fontStack + `" font-size="` + num(fontSize) + `" fill="` + ColourText + `">`)
	w.b.WriteString(`<title id="` + id + `-title">` + esc(title) + `</title>`)
	w.b.WriteString(`<desc id="` + id + `-desc">` + esc(desc) + `</desc>`)
}

func (w *svgWriter) close() template.HTML {
	w.b.WriteString("</svg>")
	// Every piece of caller text went through esc; ids through SanitiseID.
	return template.HTML(w.b.String())
}

func (w *svgWriter) raw(s string) { w.b.WriteString(s) }

// text writes a <text> element; attrs must already be safe.
func (w *svgWriter) text(x, y float64, anchor, attrs, s string) {
	w.b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" && anchor != "start" {
		w.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if attrs != "" {
		w.b.WriteString(" " + attrs)
	}
	w.b.WriteString(">" + esc(s) + "</text>")
}

func (w *svgWriter) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	w.b.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) +
		`" stroke="` + stroke + `" stroke-width="` + num(width) + `"`)
	if dash != "" {
		w.b.WriteString(` stroke-dasharray="` + dash + `"`)
	}
	w.b.WriteString("/>")
}

// num prints a coordinate compactly: one decimal is plenty at this scale.
func num(f float64) string {
	if !finite(f) {
		return "0"
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// esc makes s safe as XML character data or a quoted attribute value:
// invalid UTF-8 and characters XML 1.0 forbids are dropped, markup escaped.
func esc(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean removes what XML cannot carry and folds line breaks and tabs to spaces,
// since SVG text does not wrap on them anyway.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// SanitiseID turns s into something safe and valid as an XML id and inside
// attribute values: ASCII letters, digits, '-' and '_', starting with a letter.
// Empty input gives "chart". Callers still keep ids unique on a page.
func SanitiseID(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
		if b.Len() >= 64 {
			break
		}
	}
	id := strings.Trim(b.String(), "-")
	if id == "" {
		return "chart"
	}
	if c := id[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		id = "chart-" + id
	}
	return id
}

// edgeAnchor centres s on x unless that would cross lo or hi, in which case
// the text starts or ends at x instead.
func edgeAnchor(x float64, s string, lo, hi float64) string {
	switch half := textWidth(s) / 2; {
	case x-half < lo:
		return "start"
	case x+half > hi:
		return "end"
	}
	return "middle"
}

// textWidth estimates how wide s is drawn, in viewBox units.
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * charWidth }

// wrap breaks s into at most maxLines lines of at most width units, at spaces
// where it can. What does not fit is cut with an ellipsis; the table beside
// the chart always has the full text.
func wrap(s string, width float64, maxLines int) []string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	perLine := max(int(width/charWidth), 4)
	var lines []string
	for s != "" {
		r := []rune(s)
		if len(r) <= perLine {
			lines = append(lines, s)
			break
		}
		if len(lines) == maxLines-1 {
			lines = append(lines, string(r[:perLine-1])+"…")
			break
		}
		cut := perLine
		for i := perLine; i > perLine/2; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
		lines = append(lines, strings.TrimSpace(string(r[:cut])))
		s = strings.TrimSpace(string(r[cut:]))
	}
	return lines
}

// truncate shortens s to fit width on one line.
func truncate(s string, width float64) string {
	l := wrap(s, width, 1)
	if len(l) == 0 {
		return ""
	}
	return l[0]
}

// noData draws the chart that stands in for an empty one: the same title,
// description and accessible name, and a sentence saying there is nothing yet.
func noData(id, title, desc, message string) template.HTML {
	if message == "" {
		message = "No data to show yet."
	}
	if desc == "" {
		desc = message
	}
	var w svgWriter
	w.open(id, title, desc, 60)
	w.raw(`<rect x="0.5" y="0.5" width="639" height="59" fill="` + ColourWhite + `" stroke="` + ColourDarkGrey + `" stroke-dasharray="4 4"/>`)
	w.text(viewWidth/2, 35, "middle", `class="no-data"`, truncate(message, viewWidth-2*pad))
	return w.close()
}
