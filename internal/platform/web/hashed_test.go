package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// A hashed file's URL changes with its content, and it is served as its type, cacheable for a year.
func TestHashedFileURLFollowsContent(t *testing.T) {
	a := NewHashedFile("/x/app.js", "text/javascript; charset=utf-8", []byte("alert(1)"))
	b := NewHashedFile("/x/app.js", "text/javascript; charset=utf-8", []byte("alert(2)"))
	if !strings.HasPrefix(a.URL, "/x/app.js?v=") || len(a.URL) != len("/x/app.js?v=")+12 {
		t.Errorf("URL %q", a.URL)
	}
	if a.URL == b.URL {
		t.Errorf("two contents share the URL %q", a.URL)
	}
	if again := NewHashedFile("/x/app.js", "text/css", []byte("alert(1)")); again.URL != a.URL {
		t.Errorf("the same content has two URLs: %q, %q", a.URL, again.URL)
	}
	rec := httptest.NewRecorder()
	if err := a.Serve(rec, httptest.NewRequest("GET", a.URL, nil)); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 200 || rec.Body.String() != "alert(1)" ||
		rec.Header().Get("Content-Type") != "text/javascript; charset=utf-8" ||
		rec.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("served %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}
