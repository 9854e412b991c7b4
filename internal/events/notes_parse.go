package events

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/errs"
)

// notesExtensions are the file names a notes upload may have (or none at all).
var notesExtensions = []string{".txt", ".text", ".csv", ".md"}

// binaryMagic are the starts of the files people most often upload by mistake: Word (.docx,
// and .doc), PDF, OpenDocument and other zips, images, RTF.
var binaryMagic = [][]byte{[]byte("PK\x03\x04"), []byte("PK\x05\x06"), []byte("%PDF"), []byte("\xd0\xcf\x11\xe0"), []byte("\x89PNG"),
	[]byte("GIF8"), []byte("\xff\xd8\xff"), []byte("{\\rtf"), []byte("\x1f\x8b")}

// CheckUpload refuses a notes upload that is not plain text or CSV: a name with another
// extension, a known binary format, or content with control characters no text file holds.
// It says isCSV when the file is to be read as CSV. A Word document or a PDF would otherwise
// become notes of garbage.
func CheckUpload(name string, data []byte) (isCSV bool, err error) {
	refuse := errs.FieldErrors(map[string]string{"file": "events.err.file_type"})
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, "\\", "/")))
	if ext != "" && !slices.Contains(notesExtensions, ext) {
		return false, refuse
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, m) {
			return false, refuse
		}
	}
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false, refuse
		}
	}
	return ext == ".csv", nil
}

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
