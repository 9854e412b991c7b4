package knowledge

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// Whatever bytes and name arrive, the document sniffer never panics; what it accepts is one of
// its types, named with that type's extension and a safe stem; text it accepts is UTF-8 without
// control characters; a PDF starts as one.
func FuzzSniffDocument(f *testing.F) {
	f.Add("charter.pdf", DemoPDF("Charter", "Equal say."))
	f.Add("plan.odt", DemoODT("Plan", []string{"one", "two"}))
	f.Add("rates.csv", []byte("a,b\n1,2\n"))
	f.Add("../../etc/passwd", []byte("root:x:0:0\n"))
	f.Add("x.exe", []byte("MZ\x90\x00"))
	f.Add("a.docx", []byte("PK\x03\x04garbage"))
	f.Add("bell.txt", []byte("ring\x07"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		typ, ok := SniffDocument(name, data)
		v, err := CheckDocumentFile(&Upload{Filename: name, Data: data})
		if ok != (err == nil) && len(data) <= MaxDocument {
			t.Fatalf("the sniffer (%v) and the check (%v) disagree", ok, err)
		}
		if !ok {
			return
		}
		known := false
		for _, k := range []FileType{typePDF, typeDOCX, typeXLSX, typePPTX, typeODT, typeODS, typeODP, typeCSV, typeTXT} {
			known = known || k == typ
		}
		if !known {
			t.Fatalf("accepted an unknown type %+v", typ)
		}
		switch {
		case typ == typePDF && !bytes.HasPrefix(data, []byte("%PDF-")),
			typ.Text && !utf8.Valid(data),
			typ.Text && bytes.ContainsAny(data, "\x00\x07\x1b"):
			t.Fatalf("accepted %q as %s", data, typ.Name)
		}
		if err != nil {
			return
		}
		if path.Ext(v.Filename) != typ.Ext || strings.ContainsAny(v.Filename, `/\"`+"\x00") || url.PathEscape(v.Filename) != v.Filename || len(v.Filename) > 70 {
			t.Fatalf("stored as %q", v.Filename)
		}
	})
}

// The audio sniffer likewise: only its audio types, never video, stored under their extension.
func FuzzSniffAudio(f *testing.F) {
	f.Add("a.wav", DemoWAV(1)[:200])
	f.Add("a.mp3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Add("a.mp4", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00"))
	f.Add("a.m4a", []byte("\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00"))
	f.Add("a.ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		typ, ok := SniffAudio(data)
		m, err := CheckAudioFile(&Upload{Filename: name, Data: data})
		if ok != (err == nil) && len(data) <= MaxAudio {
			t.Fatalf("the sniffer (%v) and the check (%v) disagree", ok, err)
		}
		if !ok {
			return
		}
		if !strings.HasPrefix(typ.Mime, "audio/") {
			t.Fatalf("accepted %s", typ.Mime)
		}
		if len(data) >= 12 && string(data[4:8]) == "ftyp" && typ != typeM4A {
			t.Fatalf("an MPEG-4 file taken as %s", typ.Name)
		}
		if err == nil && (path.Ext(m.Filename) != typ.Ext || url.PathEscape(m.Filename) != m.Filename) {
			t.Fatalf("stored as %q", m.Filename)
		}
	})
}

// The film's address decides what player, if any, a page may frame: only the two known
// players' origins, with an id of the expected shape.
func FuzzEmbed(f *testing.F) {
	f.Add("https://www.youtube.com/watch?v=Ab3rHaven01")
	f.Add("https://youtu.be/Ab3rHaven01?t=3")
	f.Add("https://vimeo.com/123")
	f.Add("https://vimeo.com/123/../../evil")
	f.Add("https://youtube.com/embed/Ab3rHaven01\"><script>")
	f.Fuzz(func(t *testing.T, link string) {
		e, ok := Media{URL: link}.Embed()
		if !ok {
			return
		}
		if e.Origin != "https://www.youtube-nocookie.com" && e.Origin != "https://player.vimeo.com" {
			t.Fatalf("frame allowed from %q", e.Origin)
		}
		u, err := url.Parse(e.Src)
		if err != nil || "https://"+u.Host != e.Origin || strings.ContainsAny(e.Src, `"'<> `) {
			t.Fatalf("player %q for %q", e.Src, link)
		}
	})
}
