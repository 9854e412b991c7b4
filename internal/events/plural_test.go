package events

import (
	"commons/internal/platform/i18n"
	"encoding/json"
	"testing"
)

func TestPluralCategory(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"}, {"en", 11, "other"}, {"en", 21, "other"},
		{"cy", 0, "zero"}, {"cy", 1, "one"}, {"cy", 2, "two"}, {"cy", 3, "few"}, {"cy", 4, "other"},
		{"cy", 6, "many"}, {"cy", 7, "other"}, {"cy", 13, "other"}, {"cy", 100, "other"},
	} {
		if got := i18n.PluralCategory(c.lang, int64(c.n)); got != c.want {
			t.Errorf("pluralCategory(%q, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

// Every plural message has every form in both catalogues, and the English singular is singular.
func TestPluralMessagesHaveEveryForm(t *testing.T) {
	for _, lang := range []string{"en", "cy"} {
		data, err := Messages.ReadFile("messages/events." + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"events.groups.count", "events.notes.count", "events.summary.intro"} {
			for _, f := range i18n.PluralForms {
				if m[key+"."+f] == "" {
					t.Errorf("%s: %s.%s is missing", lang, key, f)
				}
			}
		}
		if lang == "en" && m["events.groups.count.one"] != "{n} group" {
			t.Errorf("en: the singular is %q", m["events.groups.count.one"])
		}
	}
}
