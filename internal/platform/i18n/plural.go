package i18n

import "strconv"

// Plurals: a count message KEY is written once per CLDR cardinal plural category, as KEY.zero,
// KEY.one, KEY.two, KEY.few, KEY.many and KEY.other, in every catalogue (English uses one and
// other and repeats other in the rest; Welsh uses all six), so "1 choice", "2 choices",
// "1 dewis", "2 ddewis" come from the catalogue, never from code that adds an "s".

// PluralForms are the CLDR cardinal plural categories, in order.
var PluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// PluralCategory is the CLDR cardinal plural category of the whole number n in lang: English
// has one (1) and other; Welsh zero (0), one (1), two (2), few (3), many (6) and other.
func PluralCategory(lang string, n int64) string {
	if n < 0 {
		n = -n
	}
	if lang == "cy" {
		switch n {
		case 0:
			return "zero"
		case 1:
			return "one"
		case 2:
			return "two"
		case 3:
			return "few"
		case 6:
			return "many"
		}
		return "other"
	}
	if n == 1 {
		return "one"
	}
	return "other"
}

// Grouped writes n with commas between thousands: 12345 is "12,345".
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// N translates the count message key for n in lang: KEY.<category> with {n} filled by n (with
// thousands grouped) and the other {name} placeholders from args. A catalogue that lacks the
// category's form falls back to KEY.other.
func (b *Bundle) N(lang, key string, n int64, args ...any) string {
	k := key + "." + PluralCategory(lang, n)
	if !b.Has(lang, k) && !b.Has(Languages[0], k) {
		k = key + ".other"
	}
	return b.T(lang, k, append([]any{"n", Grouped(n)}, args...)...)
}
