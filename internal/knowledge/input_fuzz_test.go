package knowledge

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The film form's input is outside input: whatever arrives, the check never panics, and what it
// accepts is a film the pages and the database can hold.
func FuzzMediaInput(f *testing.F) {
	f.Add("film", "https://video.example.org/a", "12", "A film", "", "About it", "", false)
	f.Add("audio", "http://insecure.example.org/a", "0", "", "Teitl", "", "Trawsgrifiad", false)
	f.Add("film", "https://user:pw@example.org/x", "1441", strings.Repeat("é", 151), "", "x", "", false)
	f.Add("film", "javascript:alert(1)//https://", " 7 ", "x", "", "x", "", false)
	f.Add("audio", "", "3", "A recording", "", "x", "", true)
	f.Fuzz(func(t *testing.T, kind, link, minutes, titleEn, titleCy, desc, transcript string, hasFile bool) {
		m, err := MediaInput{Kind: kind, URL: link, Minutes: minutes, Title: Text{titleEn, titleCy}, Description: Text{En: desc},
			Transcript: Text{En: transcript}}.check(hasFile)
		if err != nil {
			return
		}
		if m.URL == "" && hasFile {
			return
		}
		u, perr := url.Parse(m.URL)
		if perr != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || len(m.URL) > 500 {
			t.Fatalf("accepted address %q", m.URL)
		}
		if !slices.Contains(MediaKinds, m.Kind) || m.Minutes < 1 || m.Minutes > 1440 || m.Title.Empty() || m.Description.Empty() {
			t.Fatalf("accepted %+v", m)
		}
		if utf8.RuneCountInString(m.Title.En) > MaxTitle || utf8.RuneCountInString(m.Title.Cy) > MaxTitle {
			t.Fatalf("accepted a long title")
		}
	})
}

// The case study form likewise: the year is a real one no later than this, the methods only
// those offered, each once.
func FuzzCaseInput(f *testing.F) {
	f.Add("A case", "Summary", "Story", "2024", "Harbourside", "m1")
	f.Add("", "", "", "1899", strings.Repeat("x", 101), "m3")
	f.Add("x", "x", "x", "+2025", "", "m1")
	f.Fuzz(func(t *testing.T, title, summary, story, year, place, method string) {
		c, err := CaseInput{Title: Text{En: title}, Summary: Text{En: summary}, Story: Text{En: story}, Year: year, Place: place,
			Methods: []string{method, method}}.check([]string{"m1", "m2"}, 2026)
		if err != nil {
			return
		}
		if c.Year < 1900 || c.Year > 2026 || c.Title.Empty() || c.Story.Empty() || utf8.RuneCountInString(c.Place) > 100 {
			t.Fatalf("accepted %+v", c)
		}
		if len(c.MethodIDs) != 1 || c.MethodIDs[0] != method || !slices.Contains([]string{"m1", "m2"}, method) {
			t.Fatalf("accepted methods %v", c.MethodIDs)
		}
	})
}
