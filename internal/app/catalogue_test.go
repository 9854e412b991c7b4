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

// Every key a template or Go file names literally is in the catalogue, so no page shows [key].
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
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("only %d uses found: the patterns no longer match the code", checked)
	}
}
