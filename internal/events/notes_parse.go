package events

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/errs"
)

// ParseNotes reads uploaded notes: a CSV file (the column headed note, notes, text, body or
// nodyn, or else the first column; one note per row) or plain text (one note per line, list
// bullets dropped). Input must be UTF-8.
func ParseNotes(data []byte, isCSV bool) ([]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errs.FieldErrors(map[string]string{"file": "events.err.file_encoding"})
	}
	if isCSV {
		return parseCSVNotes(data)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimRight(line, "\r"))
		line = strings.TrimSpace(strings.TrimLeft(line, "-*•"))
		if line != "" {
			out = append(out, line)
		}
	}
	return out, nil
}

func parseCSVNotes(data []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	col := -1
	var out []string
	for row := 0; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errs.FieldErrors(map[string]string{"file": "events.err.file_csv"})
		}
		if row == 0 {
			for i, h := range rec {
				switch strings.ToLower(strings.TrimSpace(h)) {
				case "note", "notes", "text", "body", "nodyn", "nodiadau":
					if col < 0 {
						col = i
					}
				}
			}
			if col >= 0 {
				continue // a header row
			}
			col = 0
		}
		if col < len(rec) {
			if v := strings.TrimSpace(rec[col]); v != "" {
				out = append(out, v)
			}
		}
		if len(out) > MaxNotes {
			return nil, errs.FieldErrors(map[string]string{"file": "events.err.notes_many"})
		}
	}
	return out, nil
}
