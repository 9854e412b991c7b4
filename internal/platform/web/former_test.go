package web

import (
	"net/http/httptest"
	"testing"

	"commons/internal/platform/actor"
	"commons/internal/platform/i18n"
)

// A name replaced on deletion reads as "a former member" in the page's language, never as the
// stored two-language marker; other names, and an empty one for Former, stay as they are.
func TestAFormerMemberIsNamedInThePagesLanguage(t *testing.T) {
	bundle, err := i18n.New(Messages)
	if err != nil {
		t.Fatal(err)
	}
	k, err := New(Options{PlaceName: "Aberhaven", Bundle: bundle})
	if err != nil {
		t.Fatal(err)
	}
	for lang, former := range map[string]string{"en": "A former member", "cy": "Cyn-aelod"} {
		p := k.NewPage(httptest.NewRequest("GET", "/", nil), "")
		p.Lang = lang
		for _, c := range []struct {
			fn       func(string) string
			in, want string
		}{
			{p.Former, actor.FormerName, former}, {p.Former, "Siân", "Siân"}, {p.Former, "", ""},
			{p.Person, actor.FormerName, former}, {p.Person, "", former}, {p.Person, "Siân", "Siân"},
		} {
			if got := c.fn(c.in); got != c.want {
				t.Errorf("%s: %q gave %q, want %q", lang, c.in, got, c.want)
			}
		}
	}
}
