package csvout

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ContentType is the media type of a CSV download.
const ContentType = "text/csv; charset=utf-8"

// bom is the UTF-8 byte-order mark Excel looks for.
const bom = "\uFEFF"

// Options choose how the file is written.
type Options struct {
	// BOM is kept for callers that ask for the byte-order mark by name: every file starts with
	// one unless NoBOM is set.
	BOM bool
	// NoBOM leaves out the UTF-8 byte-order mark. Without it Excel on Windows reads the file
	// in the system's code page and shows "Café" as "CafÃ©", so only a consumer known to
	// choke on the mark should ask for this.
	NoBOM bool
}

// Writer streams rows to an io.Writer. Call Header once, then Row for each
// record, then Flush. The first error sticks: later calls return it.
type Writer struct {
	buf     *bufio.Writer
	opts    Options
	started bool
	columns int
	err     error
}

// ErrColumns reports a row whose length differs from the header's.
var ErrColumns = errors.New("csvout: row has a different number of cells from the header")

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer, opts Options) *Writer {
	return &Writer{buf: bufio.NewWriter(w), opts: opts, columns: -1}
}

// Header writes the header row. It must come before any Row; calling it
// twice, or after a Row, is an error.
func (w *Writer) Header(names []string) error {
	if w.err != nil {
		return w.err
	}
	if w.started {
		w.err = errors.New("csvout: header must be the first row")
		return w.err
	}
	w.columns = len(names)
	return w.write(names)
}

// Row writes one record. When a header was written the record must have the
// same number of cells.
func (w *Writer) Row(cells []string) error {
	if w.err != nil {
		return w.err
	}
	if w.columns >= 0 && len(cells) != w.columns {
		w.err = fmt.Errorf("%w: got %d, want %d", ErrColumns, len(cells), w.columns)
		return w.err
	}
	return w.write(cells)
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if !w.started {
		// An empty file still gets its BOM, so Excel reads it the same way.
		if err := w.begin(); err != nil {
			return err
		}
	}
	if err := w.buf.Flush(); err != nil {
		w.err = err
		return err
	}
	return nil
}

func (w *Writer) begin() error {
	w.started = true
	if !w.opts.NoBOM {
		if _, err := w.buf.WriteString(bom); err != nil {
			w.err = err
			return err
		}
	}
	return nil
}

func (w *Writer) write(cells []string) error {
	if !w.started {
		if err := w.begin(); err != nil {
			return err
		}
	}
	for i, c := range cells {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		writeField(w.buf, Cell(c))
	}
	if _, err := w.buf.WriteString("\r\n"); err != nil {
		w.err = err
		return err
	}
	return nil
}

// writeField writes one field, quoted per RFC 4180 when it holds a comma,
// double quote, CR or LF. Line breaks inside a field are kept exactly as given
// (encoding/csv would drop a lone CR).
func writeField(b *bufio.Writer, s string) {
	if !strings.ContainsAny(s, ",\"\r\n") {
		b.WriteString(s)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(s, `"`, `""`))
	b.WriteByte('"')
}

// Cell returns s as it will be written: invalid UTF-8 replaced by U+FFFD, and
// an apostrophe in front when a spreadsheet would run it as a formula. A plain
// number ("-3.94149", "+44", "1e-3") is a number to a spreadsheet, not a
// formula, so it is left alone: a longitude or a negative balance stays a
// number a spreadsheet, QGIS or pandas can use.
func Cell(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if (s[0] == '+' || s[0] == '-') && PlainNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// PlainNumber reports whether s is a decimal number and nothing else: an
// optional sign, digits with at most one decimal point, and an optional
// exponent ("-3.94149", "+12", ".5", "2.5e-3"). Spaces, thousands separators,
// a second sign or any letter make it text.
func PlainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, point := 0, false
mantissa:
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			break mantissa
		}
	}
	if digits == 0 {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != 'e' && s[i] != 'E' {
		return false
	}
	i++
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	exp := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		exp++
	}
	return exp > 0 && i == len(s)
}
