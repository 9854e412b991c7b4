package network

import (
	"strings"
	"testing"
)

func FuzzSniffType(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\nrest"))
	f.Add([]byte("%PDF-1.7"))
	f.Add([]byte("<script>"))
	f.Add([]byte("GIF89a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		switch got := SniffType(data); got {
		case "":
		case "image/png", "image/jpeg", "image/gif", "application/pdf":
			if len(data) < 3 {
				t.Fatalf("%q from %d bytes", got, len(data))
			}
		default:
			t.Fatalf("unexpected type %q", got)
		}
	})
}

func FuzzCleanFilename(f *testing.F) {
	f.Add(`../../etc/passwd`)
	f.Add(`C:\Users\a\"photo";.png`)
	f.Fuzz(func(t *testing.T, name string) {
		got := cleanFilename(name)
		if got == "" || strings.ContainsAny(got, "/\\\";\r\n") || len(got) > 120 {
			t.Fatalf("cleanFilename(%q) = %q", name, got)
		}
	})
}

func TestPostInputValidate(t *testing.T) {
	in := PostInput{Title: "", Body: " ", IdemKey: "short"}
	err := in.Validate(true)
	if err == nil {
		t.Fatal("empty post accepted")
	}
	ok := PostInput{Title: "T", Body: "b", IdemKey: strings.Repeat("k", 20), Files: []File{{Name: "a.pdf", Data: []byte("%PDF-1.4 ...")}}}
	if err := ok.Validate(true); err != nil {
		t.Fatal(err)
	}
	bad := ok
	bad.Files = []File{{Name: "a.pdf", Data: []byte("MZ executable")}}
	if bad.Validate(true) == nil {
		t.Fatal("an executable named .pdf was accepted")
	}
}
