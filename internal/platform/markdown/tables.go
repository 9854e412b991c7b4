package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Limits on tables. A GFM table pads every row to the header's width, so a short source can
// ask for millions of cells ("|a" repeated across the header, then thousands of one-character
// rows); these keep the work and the page size of one text bounded. A table over them is left
// as the paragraph of text it was written as.
const (
	MaxTableColumns = 20
	MaxTableCells   = 5_000 // across all the tables of one text
)

var tableCellsKey = parser.NewContextKey()

// tableBudget runs just before goldmark's table transformer (200) and blanks out the
// delimiter row ("|---|--:|") of any table that would break the limits, so it never becomes one.
type tableBudget struct{}

func (tableBudget) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	source := reader.Source()
	used, _ := pc.Get(tableCellsKey).(int)
	var kept []text.Segment
	changed := false
	for i := range lines.Len() {
		line := lines.At(i)
		cols := delimiterColumns(line.Value(source))
		if i == 0 || cols == 0 {
			kept = append(kept, line)
			continue
		}
		// Header and every following line of the paragraph become rows of cols cells each.
		cells := cols * (lines.Len() - i)
		if cols <= MaxTableColumns && used+cells <= MaxTableCells {
			used += cells
			kept = append(kept, line)
			continue
		}
		changed = true
	}
	pc.Set(tableCellsKey, used)
	if changed {
		segs := text.NewSegments()
		segs.AppendAll(kept)
		node.SetLines(segs)
	}
}

// delimiterColumns returns how many columns a line that could be a table's delimiter row has,
// or 0 if it cannot be one. It is looser than goldmark's test on purpose: being wrong only
// costs a count.
func delimiterColumns(line []byte) int {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.IndexByte(line, '-') < 0 {
		return 0
	}
	for _, c := range line {
		switch c {
		case '|', '-', ':', ' ', '\t':
		default:
			return 0
		}
	}
	line = bytes.TrimPrefix(line, []byte("|"))
	line = bytes.TrimSuffix(line, []byte("|"))
	return bytes.Count(line, []byte("|")) + 1
}
