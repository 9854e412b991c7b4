package csvout

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func write(t *testing.T, opts Options, header []string, rows ...[]string) string {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, opts)
	if header != nil {
		if err := w.Header(header); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows {
		if err := w.Row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWriter(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		header []string
		rows   [][]string
		want   string
	}{
		{"plain", Options{NoBOM: true}, []string{"name", "votes"}, [][]string{{"Garden", "12"}},
			"name,votes\r\nGarden,12\r\n"},
		{"bom by default", Options{}, []string{"enw"}, [][]string{{"Caffi Café"}},
			"\uFEFFenw\r\nCaffi Café\r\n"},
		{"bom asked for by name", Options{BOM: true}, []string{"enw"}, [][]string{{"Caerdydd"}},
			"\uFEFFenw\r\nCaerdydd\r\n"},
		{"empty file with bom", Options{}, nil, nil, "\uFEFF"},
		{"quoting", Options{NoBOM: true}, []string{"a", "b", "c"}, [][]string{{`say "hi"`, "x,y", "line1\nline2"}},
			"a,b,c\r\n\"say \"\"hi\"\"\",\"x,y\",\"line1\nline2\"\r\n"},
		{"welsh", Options{NoBOM: true}, []string{"prosiect"}, [][]string{{"Gardd gymunedol ŵyr ŷd"}},
			"prosiect\r\nGardd gymunedol ŵyr ŷd\r\n"},
		{"formula", Options{NoBOM: true}, []string{"title"}, [][]string{{"=1+1"}, {"+44 113"}, {"-3+2"}, {"-A1"}, {"@SUM(A1)"}, {"\tx"}, {"\rx"}, {"a=b"}, {"-"}, {"-1e"}},
			"title\r\n'=1+1\r\n'+44 113\r\n'-3+2\r\n'-A1\r\n'@SUM(A1)\r\n'\tx\r\n\"'\rx\"\r\na=b\r\n'-\r\n'-1e\r\n"},
		// A longitude, a negative balance or a signed count is a number, not a formula: it is
		// written as it is so a spreadsheet, QGIS or pandas reads a number.
		{"numbers stay numbers", Options{NoBOM: true}, []string{"longitude", "n"}, [][]string{{"-3.94149", "+12"}, {"-0.5", "-1.5E-3"}, {"-.25", "+7."}},
			"longitude,n\r\n-3.94149,+12\r\n-0.5,-1.5E-3\r\n-.25,+7.\r\n"},
		{"empty cell", Options{NoBOM: true}, []string{"a", "b"}, [][]string{{"", "x"}}, "a,b\r\n,x\r\n"},
		{"invalid utf8", Options{NoBOM: true}, []string{"a"}, [][]string{{"a\xffb"}}, "a\r\na\uFFFDb\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := write(t, tt.opts, tt.header, tt.rows...)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// PlainNumber must agree with Go's own reading of decimal numbers: whatever it calls a number
// parses as a float, and the shapes a spreadsheet reads as text are not numbers.
func TestPlainNumber(t *testing.T) {
	for _, s := range []string{"0", "-3.94149", "+12", ".5", "-.5", "7.", "1e9", "-1.5E-03", "+2e+2"} {
		if !PlainNumber(s) {
			t.Errorf("PlainNumber(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-", "+", ".", "-.", "1e", "1e+", "--1", "+-1", "1.2.3", "1,000", " 1", "1 ", "0x10", "Inf", "-NaN", "1-2", "-1+2", "=1", "1e5e5"} {
		if PlainNumber(s) {
			t.Errorf("PlainNumber(%q) = true", s)
		}
	}
}

func FuzzPlainNumber(f *testing.F) {
	for _, s := range []string{"-3.94", "+44 113", "1e-3", "-", ".e1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if PlainNumber(s) {
			if _, err := strconv.ParseFloat(s, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
				t.Fatalf("PlainNumber(%q) but ParseFloat: %v", s, err)
			}
			if Cell(s) != s {
				t.Fatalf("the number %q was guarded as %q", s, Cell(s))
			}
		}
	})
}

func TestWriterErrors(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, Options{})
	if err := w.Header([]string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Row([]string{"1"}); !errors.Is(err, ErrColumns) {
		t.Fatalf("short row: got %v, want ErrColumns", err)
	}
	if err := w.Flush(); !errors.Is(err, ErrColumns) {
		t.Fatalf("error must stick, got %v", err)
	}

	w = NewWriter(&buf, Options{})
	if err := w.Row([]string{"1"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Header([]string{"a"}); err == nil {
		t.Fatal("header after a row: want an error")
	}
}

func TestDownload(t *testing.T) {
	tests := []struct {
		filename string
		want     string
		utf8Name string
	}{
		{"results.csv", `attachment; filename="results.csv"`, ""},
		{"results", `attachment; filename="results.csv"`, ""},
		{"../../etc/passwd", `attachment; filename="_.._etc_passwd.csv"`, ""},
		{"a\"b\r\nc", `attachment; filename="a_bc.csv"`, ""},
		{"", `attachment; filename="download.csv"`, ""},
		{"Canlyniadau Cyllidebu Cyfranogol – Tŷ Ddewi.csv",
			`attachment; filename="Canlyniadau Cyllidebu Cyfranogol _ Ty Ddewi.csv"; filename*=UTF-8''Canlyniadau%20Cyllidebu%20Cyfranogol%20%E2%80%93%20T%C5%B7%20Ddewi.csv`,
			"Canlyniadau Cyllidebu Cyfranogol – Tŷ Ddewi.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.filename, func(t *testing.T) {
			rec := httptest.NewRecorder()
			Download(rec, tt.filename)
			if got := rec.Header().Get("Content-Type"); got != "text/csv; charset=utf-8" {
				t.Errorf("Content-Type = %q", got)
			}
			got := rec.Header().Get("Content-Disposition")
			if got != tt.want {
				t.Errorf("Content-Disposition\n got %s\nwant %s", got, tt.want)
			}
			if tt.utf8Name != "" {
				_, enc, _ := strings.Cut(got, "filename*=UTF-8''")
				dec, err := url.PathUnescape(enc)
				if err != nil || dec != tt.utf8Name {
					t.Errorf("filename* decodes to %q (%v), want %q", dec, err, tt.utf8Name)
				}
			}
		})
	}
}

// FuzzWriter checks that whatever a user typed comes back from a CSV reader
// as written (apostrophe aside), one record per row.
func FuzzWriter(f *testing.F) {
	f.Add("plain", "=cmd|' /C calc'!A0", "a\"b,c\nd")
	f.Add("", "\r\n", "Tŷ")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var buf bytes.Buffer
		w := NewWriter(&buf, Options{BOM: true})
		in := []string{a, b, c}
		if err := w.Header([]string{"a", "b", "c"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Row(in); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		body := strings.TrimPrefix(buf.String(), "\uFEFF")
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("reading back %q: %v", body, err)
		}
		if len(recs) != 2 {
			t.Fatalf("got %d records, want 2", len(recs))
		}
		for i, got := range recs[1] {
			// encoding/csv's reader drops carriage returns inside quoted
			// fields, so compare without them.
			want := strings.ReplaceAll(Cell(in[i]), "\r", "")
			if g := strings.ReplaceAll(got, "\r", ""); g != want {
				t.Errorf("cell %d: got %q, want %q", i, got, want)
			}
			if first := got; first != "" && strings.ContainsRune("=+-@", rune(first[0])) && !PlainNumber(first) {
				t.Errorf("cell %d starts with a formula character: %q", i, got)
			}
			if PlainNumber(in[i]) && got != in[i] {
				t.Errorf("cell %d: the number %q came back as %q", i, in[i], got)
			}
		}
	})
}

func FuzzSafeFilename(f *testing.F) {
	f.Add("results.csv")
	f.Add("../..\\x\"y\r\n")
	f.Add("Tŷ Ddewi")
	f.Fuzz(func(t *testing.T, name string) {
		cd := ContentDisposition(name)
		if strings.ContainsAny(cd, "\r\n\x00") {
			t.Fatalf("control character in header %q", cd)
		}
		safe := SafeFilename(name)
		if strings.ContainsAny(safe, "/\\\"") || !strings.HasSuffix(safe, ".csv") {
			t.Fatalf("unsafe filename %q", safe)
		}
		for i := 0; i < len(cd); i++ {
			if cd[i] >= 0x7f {
				t.Fatalf("non-ASCII byte in header %q", cd)
			}
		}
	})
}

// A download that is not a CSV keeps its own extension (a Pabulib .pb was saved as
// "ballots.pb.csv" when it went through ContentDisposition).
func TestAttachmentDispositionKeepsTheExtension(t *testing.T) {
	for name, want := range map[string]string{
		"ballots.pb":          `attachment; filename="ballots.pb"`,
		"grants.json":         `attachment; filename="grants.json"`,
		"ideas.geojson":       `attachment; filename="ideas.geojson"`,
		"../x/ŵy.pb":          `attachment; filename="_x_wy.pb"; filename*=UTF-8''_x_%C5%B5y.pb`,
		"":                    `attachment; filename="download"`,
		"a\"b\r\n.json":       `attachment; filename="a_b.json"`,
		"results-nant.csv":    `attachment; filename="results-nant.csv"`,
		"trailing dots.pb...": `attachment; filename="trailing dots.pb"`,
	} {
		if got := AttachmentDisposition(name); got != want {
			t.Errorf("AttachmentDisposition(%q)\n got %s\nwant %s", name, got, want)
		}
	}
}
