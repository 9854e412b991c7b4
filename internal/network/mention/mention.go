package mention

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxHandle is the longest handle, in runes, that Parse reads.
const MaxHandle = 60

// Handle is the handle of a person with this name.
func Handle(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// Parse returns the distinct handles mentioned in text, in the order first mentioned. An @ that
// follows a letter, digit or dot (an email address) is not a mention.
func Parse(text string) []string {
	var out []string
	seen := map[string]bool{}
	prev := ' '
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '@' && !(unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '.' || prev == '_') {
			j, n := i+size, 0
			for j < len(text) && n < MaxHandle {
				c, cs := utf8.DecodeRuneInString(text[j:])
				if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-') {
					break
				}
				j += cs
				n++
			}
			h := strings.Trim(strings.ToLower(text[i+size:j]), "-")
			if h != "" && !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
			prev = '@'
			i = j
			continue
		}
		prev = r
		i += size
	}
	return out
}
