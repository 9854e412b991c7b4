package app_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

// englishDate is an English month in a date ("6 December 2026", "6 Dec 2026", "December 2026").
var englishDate = regexp.MustCompile(`\b(\d{1,2} )?(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b`)

// hrefs are the site's own links on a page.
var hrefs = regexp.MustCompile(`href="(/[^"#?]*)(\?[^"#]*)?"`)

// Every date on a Welsh page is in Welsh: the demo borough is walked in Welsh, as the admin (who
// may see every page), following the site's links a few steps from the home page and the
// signed-in pages, and no page may show an English month.
func TestEveryDateOnAWelshPageIsWelsh(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	c.SignIn(identity.DemoAccounts[0].Email, identity.DemoPassword)
	r := c.Get("/?lang=cy")
	if r.Status == http.StatusSeeOther {
		c.Follow(r)
	}
	seen := map[string]bool{}
	queue := []string{"/", "/account", "/account/data", "/account/tokens", "/notifications", "/admin/audit", "/moderation"}
	const most = 700
	for depth := 0; depth < 4 && len(queue) > 0 && len(seen) < most; depth++ {
		var next []string
		for _, path := range queue {
			if seen[path] || len(seen) >= most || skipWalk(path) {
				continue
			}
			seen[path] = true
			r := c.Get(path)
			if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			if !strings.Contains(r.Body, `<html lang="cy"`) {
				t.Fatalf("%s is not in Welsh", path)
			}
			if m := englishDate.FindString(stripTags(r.Body)); m != "" {
				t.Errorf("%s shows an English date on a Welsh page: %q", path, m)
			}
			for _, h := range hrefs.FindAllStringSubmatch(r.Body, -1) {
				if !seen[h[1]] {
					next = append(next, h[1])
				}
			}
		}
		queue = next
	}
	t.Logf("walked %d pages in Welsh", len(seen))
	if len(seen) < 50 {
		t.Fatalf("walked only %d pages", len(seen))
	}
}

// skipWalk leaves out what is not a page to read: downloads, static files, feeds and sign-out.
func skipWalk(path string) bool {
	for _, suffix := range []string{".json", ".csv", ".ics", ".geojson", ".pb", ".css", ".js", ".pdf", ".png", "/print"} {
		if strings.HasSuffix(path, suffix) {
			return true
		}
	}
	for _, prefix := range []string{"/static/", "/api/", "/openreferral/", "/sign-out", "/metrics", "/healthz"} {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return strings.Contains(path, "/attachments/") || strings.Contains(path, "/photos/")
}

var tag = regexp.MustCompile(`<[^>]*>`)

// stripTags leaves a page's text (so a date in an attribute or a link target does not count).
func stripTags(s string) string { return tag.ReplaceAllString(s, " ") }
