package app

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"commons/internal/platform/i18n"
)

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New(catalogues()...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every message exists, non-empty, in English and in Welsh.
func TestEveryMessageInBothLanguages(t *testing.T) {
	if missing := bundle(t).Missing(); len(missing) > 0 {
		t.Fatalf("messages missing or empty:\n%s", strings.Join(missing, "\n"))
	}
}

// A translation fills the same {placeholders} as the English: one it invents would show as
// "{name}" on the page, one it drops would lose a fact. A ".zero" or ".one" form may leave out
// the number it spells out.
func TestTranslationsFillTheSamePlaceholders(t *testing.T) {
	b := bundle(t)
	ph := regexp.MustCompile(`\{([a-z_]+)\}`)
	names := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, x := range ph.FindAllStringSubmatch(s, -1) {
			m[x[1]] = true
		}
		return m
	}
	for _, k := range b.Keys() {
		en := names(b.T("en", k))
		for _, lang := range i18n.Languages[1:] {
			other := names(b.T(lang, k))
			for n := range other {
				if !en[n] {
					t.Errorf("%s %s: {%s} is not in the English", lang, k, n)
				}
			}
			if strings.HasSuffix(k, ".zero") || strings.HasSuffix(k, ".one") {
				continue
			}
			for n := range en {
				if !other[n] {
					t.Errorf("%s %s: {%s} is missing", lang, k, n)
				}
			}
		}
	}
}

// Every key a template or Go file names literally is in the catalogue, so no page shows [key].
var countUse = regexp.MustCompile(`\.N "([a-z0-9_.]+)"`)

func TestEveryKeyUsedExists(t *testing.T) {
	b := bundle(t)
	uses := []*regexp.Regexp{
		regexp.MustCompile(`\.T "([a-z0-9_.]+)"`),                                       // {{.T "key"}}
		regexp.MustCompile(`"(?:Label|Hint)" "([a-z0-9_.]+)"`),                          // partial arguments
		regexp.MustCompile(`(?:NewPage\(r, |Flash\(w, |E\(errs\.\w+, )"([a-z0-9_.]+)"`), // Go
		regexp.MustCompile(`"[a-z_]+": +"([a-z]+\.err\.[a-z0-9_.]+)"`),                  // field errors
	}
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if !strings.HasSuffix(path, ".html") && !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range uses {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				checked++
				if !b.Has("en", m[1]) {
					t.Errorf("%s uses %q, which no catalogue defines", path, m[1])
				}
			}
		}
		// {{.N "key" n}}: a count message has every plural form (i18n.PluralForms).
		for _, m := range countUse.FindAllStringSubmatch(string(src), -1) {
			checked++
			for _, form := range i18n.PluralForms {
				for _, lang := range i18n.Languages {
					if !b.Has(lang, m[1]+"."+form) {
						t.Errorf("%s counts with %q, which has no %s form in %s", path, m[1], form, lang)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("only %d uses found: the patterns no longer match the code", checked)
	}
}
