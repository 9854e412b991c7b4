package search_test

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/search"
)

func TestHighlightMarksStemsAndEscapesEverythingElse(t *testing.T) {
	for _, c := range []struct{ text, q, want string }{
		{"Gardening in our communities", "garden community", "<mark>Gardening</mark> in our <mark>communities</mark>"},
		{"Neuadd y Gymuned", "cymunedau", "Neuadd y <mark>Gymuned</mark>"},
		{`<script>alert("garden")</script>`, "garden", `&lt;script&gt;alert(&#34;<mark>garden</mark>&#34;)&lt;/script&gt;`},
		{"Caffi'r Byd", "caffir", "<mark>Caffi&#39;r</mark> Byd"},
		{"nothing here", "", "nothing here"},
	} {
		if got := string(search.Highlight(c.text, c.q)); got != c.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", c.text, c.q, got, c.want)
		}
	}
}

// FuzzHighlight: whatever the text and the search, the only markup is <mark>, and taking it
// away gives back the text.
func FuzzHighlight(f *testing.F) {
	f.Add("Gardening <b>in</b> our communities", "garden")
	f.Add("Neuadd y Gymuned & co", "cymuned &")
	f.Fuzz(func(t *testing.T, text, q string) {
		if !utf8.ValidString(text) {
			return
		}
		got := string(search.Highlight(text, q))
		bare := strings.ReplaceAll(strings.ReplaceAll(got, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(bare, "<>\"") {
			t.Fatalf("markup left in %q", got)
		}
		// (A NUL is shown as U+FFFD, as html/template does.)
		if html.UnescapeString(bare) != strings.ReplaceAll(text, "\x00", "\uFFFD") {
			t.Fatalf("Highlight(%q) lost text: %q", text, got)
		}
	})
}

// Searches that are all punctuation, operators of either database's query language, scripts
// the databases split differently, or very long words are only words, on both databases.
func TestAwkwardSearchesOnBothDatabases(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{search.Migrations}, func(t *testing.T, d *db.DB) {
		x := search.NewIndex(d)
		if _, err := x.Reconcile(t.Context(), "t", []search.Doc{{Kind: "k", ID: "1", Title: "garden straße 中文 a1b2", URL: "/", Audience: []string{search.Public}}}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`"garden" OR * NEAR(x)`, `garden & !rota | (x) <-> y:*`, `'; DROP TABLE search_docs; --`, "中文", "straße", "ß",
			strings.Repeat("a", 5000), strings.Repeat("garden ", 1000), "١٢٣ x̃", "\x00garden", "^garden", "garden-rota", "a1b2"} {
			if _, err := x.Search(t.Context(), search.Query{Text: q, Audiences: []string{search.Public}}); err != nil {
				t.Errorf("%.40q: %v", q, err)
			}
		}
		r, err := x.Search(t.Context(), search.Query{Text: "gardens straße", Audiences: []string{search.Public}})
		if err != nil || r.Total != 1 {
			t.Errorf("gardens straße: %+v %v", r, err)
		}
	})
}
