package events

import (
	"reflect"
	"testing"
)

func TestParseNotes(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		csv  bool
		want []string
	}{
		{"text", "- Buses stop too early\r\n\n* Damp in flats  \n• Lunch club\n", false, []string{"Buses stop too early", "Damp in flats", "Lunch club"}},
		{"csv with header", "group,note\nTable 1,\"Buses, late\"\nTable 2,Damp\nTable 3,\n", true, []string{"Buses, late", "Damp"}},
		{"csv welsh header", "Nodyn\nBysiau\n", true, []string{"Bysiau"}},
		{"csv no header", "Buses\nDamp\n", true, []string{"Buses", "Damp"}},
		{"bom", "\xef\xbb\xbfnote\nOne\n", true, []string{"One"}},
	} {
		got, err := ParseNotes([]byte(c.in), c.csv)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q %v, want %q", c.name, got, err, c.want)
		}
	}
	if _, err := ParseNotes([]byte("\xff\xfe"), false); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	if _, err := ParseNotes([]byte("a,\"b\n"), true); err != nil {
		t.Errorf("lazy quotes: %v", err)
	}
}

func FuzzParseNotes(f *testing.F) {
	f.Add([]byte("note\nBuses\n\"Damp, mould\"\n"), true)
	f.Add([]byte("- one\n- two\n"), false)
	f.Add([]byte("a,\"b\n\"\"c"), true)
	f.Fuzz(func(t *testing.T, data []byte, isCSV bool) {
		notes, err := ParseNotes(data, isCSV)
		if err != nil {
			return
		}
		for _, n := range notes {
			if n == "" || n != trimmed(n) {
				t.Fatalf("note %q not trimmed", n)
			}
		}
	})
}

func trimmed(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
