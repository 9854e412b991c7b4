package events

import "commons/internal/platform/i18n"

// Plural translates the form of key that fits n in the page's language, with {n} filled in.
func (p *page) Plural(key string, n int, args ...any) string {
	return p.T(key+"."+i18n.PluralCategory(p.Lang, int64(n)), append([]any{"n", n}, args...)...)
}
