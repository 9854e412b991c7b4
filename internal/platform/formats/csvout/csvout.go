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
	// BOM starts the file with a UTF-8 byte-order mark, for Excel.
	BOM bool
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
	if w.opts.BOM {
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
// an apostrophe in front when a spreadsheet would treat it as a formula.
func Cell(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
