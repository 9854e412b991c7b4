package events

// pluralForms are the CLDR plural categories a count message has, in every language: English
// uses one and other, Welsh all six. Each plural message is written as KEY.zero … KEY.other in
// both catalogues.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// pluralCategory is the CLDR cardinal plural category of a whole number n in lang.
func pluralCategory(lang string, n int) string {
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

// Plural translates the form of key that fits n in the page's language, with {n} filled in.
func (p *page) Plural(key string, n int, args ...any) string {
	return p.T(key+"."+pluralCategory(p.Lang, n), append([]any{"n", n}, args...)...)
}
