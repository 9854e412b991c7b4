package search

import (
	"html/template"
	"strings"
	"unicode"

	"commons/internal/platform/search/stem"
)

// Highlight is text escaped for HTML with every word that a search for query matches (the same
// English or Welsh stem) wrapped in <mark>. Nothing of text is ever markup.
func Highlight(text, query string) template.HTML {
	want := map[string]bool{}
	for _, alts := range queryWords(query) {
		for _, a := range alts {
			want[a] = true
		}
	}
	var b strings.Builder
	rs := []rune(text)
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			j := i
			for j < len(rs) && !isWordRune(rs[j]) {
				j++
			}
			b.WriteString(template.HTMLEscapeString(string(rs[i:j])))
			i = j
			continue
		}
		j := i
		for j < len(rs) && (isWordRune(rs[j]) || ((rs[j] == '\'' || rs[j] == '’') && j+1 < len(rs) && isWordRune(rs[j+1]))) {
			j++
		}
		word := string(rs[i:j])
		hit := false
		for _, w := range stem.Words(word, 0) {
			if want[stem.English(w)] || want[stem.Welsh(w)] {
				hit = true
			}
		}
		if hit {
			b.WriteString("<mark>" + template.HTMLEscapeString(word) + "</mark>")
		} else {
			b.WriteString(template.HTMLEscapeString(word))
		}
		i = j
	}
	return template.HTML(b.String())
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
