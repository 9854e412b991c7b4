package knowledge

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// The largest files the hub takes. The routes that take them allow these plus the form
// (web.MaxBody), so a file at the limit fits in one request.
const (
	MaxDocument = 5 << 20  // a PDF, Word or spreadsheet file
	MaxAudio    = 10 << 20 // a recording: a short podcast or interview
)

// FileType is a file's type as its bytes show it, never as its name or the browser says.
type FileType struct {
	Mime string // the Content-Type it is sent with
	Ext  string // the extension it is stored and sent under
	Name string // its name for people: "PDF", "Word document", ...
	// Text is true for types whose content is readable as it stands (CSV, plain text): they
	// need no accessible alternative.
	Text bool
}

var (
	typePDF  = FileType{"application/pdf", ".pdf", "PDF", false}
	typeDOCX = FileType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word", false}
	typeXLSX = FileType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel", false}
	typePPTX = FileType{"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint", false}
	typeODT  = FileType{"application/vnd.oasis.opendocument.text", ".odt", "OpenDocument text", false}
	typeODS  = FileType{"application/vnd.oasis.opendocument.spreadsheet", ".ods", "OpenDocument spreadsheet", false}
	typeODP  = FileType{"application/vnd.oasis.opendocument.presentation", ".odp", "OpenDocument presentation", false}
	typeCSV  = FileType{"text/csv; charset=utf-8", ".csv", "CSV", true}
	typeTXT  = FileType{"text/plain; charset=utf-8", ".txt", "text", true}

	typeMP3  = FileType{"audio/mpeg", ".mp3", "MP3", false}
	typeOGG  = FileType{"audio/ogg", ".ogg", "Ogg", false}
	typeWAV  = FileType{"audio/wav", ".wav", "WAV", false}
	typeFLAC = FileType{"audio/flac", ".flac", "FLAC", false}
	typeM4A  = FileType{"audio/mp4", ".m4a", "M4A", false}
)

// SniffDocument reads a document's type from its bytes: PDF, Office Open XML (Word, Excel,
// PowerPoint), OpenDocument (text, spreadsheet, presentation), or UTF-8 text, which is CSV
// when its name says so. Anything else (a program, an image, an old binary Office file, a ZIP
// that is not an office file) is refused (ok false).
func SniffDocument(name string, data []byte) (FileType, bool) {
	switch {
	case len(data) == 0:
		return FileType{}, false
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return typePDF, true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	case utf8.Valid(data) && !bytes.ContainsRune(data, 0) && printable(data):
		if strings.EqualFold(path.Ext(name), ".csv") {
			return typeCSV, true
		}
		return typeTXT, true
	}
	return FileType{}, false
}

// printable reports whether text holds no control characters other than tab, CR and LF (a
// binary file can be valid UTF-8 by chance; text has no bells or escapes).
func printable(data []byte) bool {
	for _, r := range string(data) {
		if r < 32 && r != '\t' && r != '\n' && r != '\r' || r == 127 {
			return false
		}
	}
	return true
}

// sniffZip tells the office formats apart by what the archive holds: OpenDocument names its
// type in a first entry called "mimetype"; Office Open XML has [Content_Types].xml and a main
// part under word/, xl/ or ppt/.
func sniffZip(data []byte) (FileType, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) == 0 || len(zr.File) > 10000 {
		return FileType{}, false
	}
	if f := zr.File[0]; f.Name == "mimetype" && f.UncompressedSize64 < 100 {
		rc, err := f.Open()
		if err != nil {
			return FileType{}, false
		}
		b, err := io.ReadAll(io.LimitReader(rc, 100))
		rc.Close()
		if err != nil {
			return FileType{}, false
		}
		switch strings.TrimSpace(string(b)) {
		case typeODT.Mime:
			return typeODT, true
		case typeODS.Mime:
			return typeODS, true
		case typeODP.Mime:
			return typeODP, true
		}
		return FileType{}, false
	}
	has := map[string]bool{}
	for _, f := range zr.File {
		has[f.Name] = true
	}
	if !has["[Content_Types].xml"] {
		return FileType{}, false
	}
	switch {
	case has["word/document.xml"]:
		return typeDOCX, true
	case has["xl/workbook.xml"]:
		return typeXLSX, true
	case has["ppt/presentation.xml"]:
		return typePPTX, true
	}
	return FileType{}, false
}

// SniffAudio reads a recording's type from its bytes: MP3, Ogg (Vorbis or Opus), WAV, FLAC or
// MPEG-4 audio (M4A). Video is refused: films are linked where they are hosted.
func SniffAudio(data []byte) (FileType, bool) {
	switch {
	case len(data) < 12:
		return FileType{}, false
	case bytes.HasPrefix(data, []byte("ID3")):
		return typeMP3, true
	case data[0] == 0xFF && data[1]&0xE0 == 0xE0 && data[1]&0x06 != 0: // an MPEG audio frame (layer set)
		return typeMP3, true
	case bytes.HasPrefix(data, []byte("OggS")):
		return typeOGG, true
	case bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WAVE":
		return typeWAV, true
	case bytes.HasPrefix(data, []byte("fLaC")):
		return typeFLAC, true
	case string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "M4A ", "M4B ", "F4A ":
			return typeM4A, true
		}
	}
	return FileType{}, false
}

// StoredName is the name a file is stored and sent under: the given name's stem, made safe,
// with the extension of the type its bytes showed (so "report.exe" holding a PDF is
// "report.pdf").
func StoredName(given string, t FileType) string {
	base := path.Base(strings.ReplaceAll(given, `\`, "/"))
	stem := strings.TrimSuffix(base, path.Ext(base))
	s := Slug(stem)
	if s == "method" { // Slug's answer for nothing usable
		s = "document"
	}
	return s + t.Ext
}
