package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
)

// TestTextThatCannotBeStoredIsRefused walks every route of the table with a NUL and with bytes
// that are not UTF-8, in the query string, in a form, in a multipart form and in a JSON body, and
// expects 400 on both databases, never 500 (V6: a NUL in a search, a filter, a name or a post
// was a 500 on PostgreSQL).
func TestTextThatCannotBeStoredIsRefused(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Ada", "ada@example.org", pw, "admin")
		c := a.Client(t)
		c.SignIn("ada@example.org", pw) // past every guard, so nothing refuses before the check
		bad := map[string]string{"NUL": "a\x00b", "not UTF-8": "caf\xe9"}
		for _, rt := range a.Routes() {
			method, path := routePath(rt.Pattern)
			for what, v := range bad {
				q := url.Values{"q": {v}, "tag": {v}, "search": {v}, "actor": {v}}
				r := c.Get(path + "?" + q.Encode())
				if r.Status != http.StatusBadRequest {
					t.Errorf("GET %s with a %s in the query: %d, want 400", rt.Pattern, what, r.Status)
				}
				if method != http.MethodPost {
					continue
				}
				c.Get("/")
				form := url.Values{"name": {v}, "body": {v}, "title": {v}, "email": {"x@example.org"}, "comment": {v}}
				if r := c.PostForm(path, form); r.Status != http.StatusBadRequest {
					t.Errorf("POST %s with a %s in a form: %d, want 400", rt.Pattern, what, r.Status)
				}
				var buf bytes.Buffer
				mw := multipart.NewWriter(&buf)
				_ = mw.WriteField("csrf_token", c.CSRF)
				_ = mw.WriteField("body", v)
				_ = mw.Close()
				req, _ := http.NewRequest(http.MethodPost, a.URL+path, &buf)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				if r := c.Do(req); r.Status != http.StatusBadRequest {
					t.Errorf("POST %s with a %s in a multipart form: %d, want 400", rt.Pattern, what, r.Status)
				}
			}
		}
		// JSON bodies, as write APIs take them: a NUL written as \u0000, and raw bytes.
		for _, body := range []string{`{"name":"a\u0000b"}`, "{\"name\":\"caf\xe9\"}"} {
			req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/me", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if r := c.Do(req); r.Status != http.StatusBadRequest || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("JSON %q: %d %s, want 400 problem+json", body, r.Status, r.Header.Get("Content-Type"))
			}
		}
		// The path itself.
		if r := c.Get("/groups/%00"); r.Status != http.StatusBadRequest {
			t.Errorf("a NUL in the path: %d, want 400", r.Status)
		}
		// The finding's cases by name: registering with a NUL in the name, on a fresh browser.
		anon := a.Client(t)
		anon.Get("/register")
		r := anon.PostForm("/register", url.Values{"name": {"Ro\x00bot"}, "email": {"robot@example.org"}, "password": {"a long enough password"}})
		apptest.MustStatus(t, r, http.StatusBadRequest)
		apptest.MustContain(t, r, "a character we cannot store")
	})
}

// TestOverLargeFormsKeepTheText: a body over the route's limit is answered 413 with the text
// the person typed shown again (V7: it was 403 "This form has expired" and the text was lost),
// and a post with three attachments within the documented 512 KB each fits its route's limit.
func TestOverLargeFormsKeepTheText(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Hana", "hana@example.org", pw)
	c := a.Client(t)
	c.SignIn("hana@example.org", pw)
	c.Get("/groups/new")
	r := c.PostForm("/groups", url.Values{"name": {"Pictures"}, "description": {"Photos"}, "visibility": {"open"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	group := r.Location()

	post := func(text string, files int, size int) *apptest.Response {
		c.Get(group + "/threads/new")
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf_token", c.CSRF)
		_ = mw.WriteField("idem", fmt.Sprintf("key-%d-%d-%030d", files, size, len(text)))
		_ = mw.WriteField("title", "Summer photos")
		_ = mw.WriteField("body", text)
		for i := 0; i < files; i++ {
			w, _ := mw.CreateFormFile("files", fmt.Sprintf("photo%d.png", i))
			_, _ = w.Write(append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, size-8)...))
		}
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, a.URL+group+"/threads", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Referer", a.URL+group+"/threads/new")
		return c.Do(req)
	}
	// Three pictures of 400 KB, each within the documented 512 KB: 1.2 MB in all, taken.
	r = post("Our summer fair, in pictures.", 3, 400<<10)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	// Far too much: 413, and the text is on the page to copy.
	r = post("A long account of the fair that I do not want to type again.", 6, 1<<20)
	apptest.MustStatus(t, r, http.StatusRequestEntityTooLarge)
	apptest.MustContain(t, r, "What you sent is too large", "A long account of the fair that I do not want to type again.",
		"Summer photos", `href="`+group+`/threads/new"`)
	apptest.MustNotContain(t, r, "form has expired")

	// A plain form over 1 MB: the sign-in form, with the address kept and the password not shown.
	anon := a.Client(t)
	anon.Get("/sign-in")
	r = anon.PostForm("/sign-in", url.Values{"email": {"hana@example.org"}, "password": {"secret-password"}, "next": {strings.Repeat("x", 1<<20)}})
	apptest.MustStatus(t, r, http.StatusRequestEntityTooLarge)
	apptest.MustContain(t, r, "hana@example.org")
	apptest.MustNotContain(t, r, "secret-password")
}
