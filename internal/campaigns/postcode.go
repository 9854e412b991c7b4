package campaigns

import "strings"

// NormalisePostcode keeps a postcode's letters and digits, upper-cased, with one space before
// the last three ("ah3 5nv" → "AH3 5NV") when there are five to seven of them.
func NormalisePostcode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 16; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if isDigit(c) || isLetter(c) {
			b.WriteByte(c)
		}
	}
	s = b.String()
	if len(s) >= 5 && len(s) <= 7 {
		s = s[:len(s)-3] + " " + s[len(s)-3:]
	}
	return s
}

// ValidPostcode reports whether s (normalised) has the shape of a full UK postcode: an outward
// code of a letter or two, a digit, and an optional digit or letter; then a digit and two
// letters.
func ValidPostcode(s string) bool {
	out, in, ok := strings.Cut(s, " ")
	if !ok || len(in) != 3 || !isDigit(in[0]) || !isLetter(in[1]) || !isLetter(in[2]) {
		return false
	}
	return validOutward(out)
}

// Outward is a valid postcode's outward code, its district ("AH3 5NV" → "AH3").
func Outward(postcode string) string {
	out, _, _ := strings.Cut(postcode, " ")
	return out
}

func validOutward(d string) bool {
	if len(d) < 2 || len(d) > 4 {
		return false
	}
	i := 0
	for i < len(d) && i < 2 && isLetter(d[i]) {
		i++
	}
	if i == 0 || i >= len(d) || !isDigit(d[i]) {
		return false
	}
	i++
	if i == len(d) {
		return true
	}
	return i == len(d)-1 && (isDigit(d[i]) || isLetter(d[i]))
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
