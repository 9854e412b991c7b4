package stem

import (
	"strings"
	"unicode"
)

// Words splits text into lower-case words without accents (â → a, ŵ → w): runs of letters and
// digits. Words of one character are dropped, and at most max words are returned (0: all).
func Words(text string, max int) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 1 {
			out = append(out, b.String())
		}
		b.Reset()
	}
	for _, r := range text {
		if max > 0 && len(out) >= max {
			return out
		}
		switch {
		case r == '\'' || r == '’':
			// Apostrophes join ("i'r", "can't") but never start a word.
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(fold(unicode.ToLower(r)))
		default:
			flush()
		}
	}
	flush()
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// fold removes accents from the letters Welsh and English text uses; other letters stay.
func fold(r rune) string {
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å':
		return "a"
	case 'é', 'è', 'ê', 'ë':
		return "e"
	case 'í', 'ì', 'î', 'ï':
		return "i"
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return "o"
	case 'ú', 'ù', 'û', 'ü':
		return "u"
	case 'ẃ', 'ẁ', 'ŵ', 'ẅ':
		return "w"
	case 'ý', 'ỳ', 'ŷ', 'ÿ':
		return "y"
	case 'ç':
		return "c"
	case 'ñ':
		return "n"
	}
	return string(r)
}

// English is the stem of a folded English word.
func English(w string) string {
	if len(w) <= 3 {
		return w
	}
	// Plurals and possessives.
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	// Derivational endings, longest first; the stem must keep a vowel and three letters.
	for _, s := range []struct{ from, to string }{
		{"ational", "ate"}, {"ization", "ize"}, {"isation", "ize"}, {"fulness", "ful"}, {"iveness", "ive"},
		{"ousness", "ous"}, {"ation", "ate"}, {"ement", ""}, {"ment", ""}, {"ness", ""}, {"ities", ""}, {"ity", ""},
		{"ingly", ""}, {"edly", ""}, {"ing", ""}, {"ed", ""}, {"ly", ""},
	} {
		if strings.HasSuffix(w, s.from) {
			stem := w[:len(w)-len(s.from)]
			if len(stem) >= 3 && hasVowel(stem) {
				w = stem + s.to
				if s.to == "" && (s.from == "ing" || s.from == "ed") {
					w = tidy(w)
				}
			}
			break
		}
	}
	// Final e and y: "organise"/"organising" and "community"/"communities" meet.
	w = strings.TrimSuffix(w, "e")
	if strings.HasSuffix(w, "y") && len(w) > 3 {
		w = w[:len(w)-1] + "i"
	}
	if strings.HasSuffix(w, "ize") || strings.HasSuffix(w, "iz") {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "e"), "z") + "s"
	}
	return w
}

// tidy undoes a doubled final consonant left by -ing or -ed ("planning" → "plan").
func tidy(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// mutations map a word's initial letters to one form shared by the radical and its mutations:
// nasal (ngh, mh, nh, ng, m, n), aspirate (ph, th, ch), soft (g lost, b, d, f, dd, l, r) and h
// before a vowel. Longest first.
var mutations = []struct{ from, to string }{
	{"ngh", "g"}, {"mh", "b"}, {"nh", "d"}, {"ng", "g"}, {"ph", "b"}, {"th", "d"}, {"ch", "g"},
	{"dd", "d"}, {"rh", "r"}, {"ll", "l"}, {"ff", "ff"}, {"p", "b"}, {"t", "d"}, {"c", "g"}, {"f", "b"}, {"m", "b"},
}

// Welsh is the stem of a folded Welsh word.
func Welsh(w string) string {
	if len(w) <= 2 {
		return w
	}
	for _, m := range mutations {
		if strings.HasPrefix(w, m.from) && len(w) > len(m.from)+1 {
			w = m.to + w[len(m.from):]
			break
		}
	}
	if len(w) > 4 && w[0] == 'h' && strings.ContainsRune("aeiouwy", rune(w[1])) {
		w = w[1:]
	}
	// The adjective ending -ol needs a longer stem, so "ysgol" (school) stays whole while
	// "cymunedol" (of the community) meets "cymuned".
	if strings.HasSuffix(w, "ol") && len(w)-2 >= 5 {
		return w[:len(w)-2]
	}
	for _, s := range []string{"iadau", "iaid", "oedd", "iau", "ion", "ydd", "au", "od", "on", "io", "u", "i"} {
		if strings.HasSuffix(w, s) && len(w)-len(s) >= 3 {
			return w[:len(w)-len(s)]
		}
	}
	return w
}
