package record

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Row is one data row of an import file: its line number (the header is line 1), the id it
// names (the id column of a downloaded file: the row updates that asset) and its fields.
type Row struct {
	Line int
	ID   string
	In   Input
}

// MaxRows is the most rows one import may hold.
const MaxRows = 5000

// FileError is a problem with the file as a whole (no header, unreadable CSV); Line is 0 when
// it is not tied to a line.
type FileError struct {
	Line int
	Key  string // message key
	Msg  string // detail for logs
}

func (e *FileError) Error() string { return fmt.Sprintf("line %d: %s (%s)", e.Line, e.Key, e.Msg) }

// ReadCSV reads an asset CSV: a header row naming columns (any order, unknown columns ignored,
// name and category required) and up to MaxRows rows. A byte-order mark is skipped. Blank rows
// are skipped.
func ReadCSV(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &FileError{Key: "assets.import.err.empty"}
	}
	if err != nil {
		return nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup && h != "" {
			return nil, &FileError{Line: 1, Key: "assets.import.err.duplicate_column", Msg: h}
		}
		col[h] = i
	}
	for _, need := range []string{"name", "category"} {
		if _, ok := col[need]; !ok {
			return nil, &FileError{Line: 1, Key: "assets.import.err.header", Msg: need}
		}
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for _, v := range rec {
			if strings.TrimSpace(v) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if len(rows) == MaxRows {
			return nil, &FileError{Line: line, Key: "assets.import.err.too_many", Msg: fmt.Sprint(MaxRows)}
		}
		var in Input
		for _, f := range Fields {
			if i, ok := col[f]; ok && i < len(rec) {
				*in.Get(f) = unguard(rec[i])
			}
		}
		row := Row{Line: line, In: in}
		if i, ok := col["id"]; ok && i < len(rec) {
			row.ID = strings.TrimSpace(rec[i])
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, &FileError{Key: "assets.import.err.no_rows"}
	}
	return rows, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{Line: pe.StartLine, Key: "assets.import.err.syntax", Msg: pe.Err.Error()}
	}
	return &FileError{Key: "assets.import.err.syntax", Msg: err.Error()}
}

// unguard removes the apostrophe that CSV exports (ours included) put before a cell a
// spreadsheet would read as a formula, so a downloaded file imports as it was.
func unguard(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
