package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

func decode(t *testing.T, enc string, b []byte) string {
	t.Helper()
	var r io.Reader
	switch enc {
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "":
		return string(b)
	default:
		t.Fatalf("encoding %q", enc)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]string{
		"":                         "",
		"gzip, deflate, br, zstd":  "br",
		"gzip":                     "gzip",
		"br;q=0.5, gzip;q=0.8":     "gzip",
		"br;q=0, gzip;q=0":         "",
		"identity":                 "",
		"*":                        "br",
		"*;q=0.1, gzip":            "gzip",
		"GZIP;Q=1":                 "gzip",
		"deflate, br;q=1.0":        "br",
		"gzip;q=abc, br;q=garbage": "br",
	} {
		if got := negotiate(header); got != want {
			t.Errorf("negotiate(%q) = %q, want %q", header, got, want)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	f.Add("gzip, deflate, br;q=0.9")
	f.Fuzz(func(t *testing.T, h string) {
		if got := negotiate(h); got != "" && got != "br" && got != "gzip" {
			t.Fatalf("%q", got)
		}
	})
}

func TestCompressAnswers(t *testing.T) {
	page := "<!doctype html><title>x</title>" + strings.Repeat("<p>Aberhaven community fund</p>", 200)
	h := Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, page[:100])
			_, _ = io.WriteString(w, page[100:])
		case "/small":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"ok":true}`)
		case "/png":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(bytes.Repeat([]byte{0}, 4096))
		case "/encoded":
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write([]byte(strings.Repeat("x", 1000)))
		case "/redirect":
			http.Redirect(w, r, "/page", http.StatusSeeOther)
		case "/304":
			w.WriteHeader(http.StatusNotModified)
		case "/csv":
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("ETag", `"abc"`)
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, strings.Repeat("a,b,c\r\n", 300))
		}
	}))
	get := func(path, ae string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, tc := range []struct{ ae, want string }{{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"", ""}} {
		rec := get("/page", tc.ae)
		if got := rec.Header().Get("Content-Encoding"); got != tc.want {
			t.Errorf("%q: Content-Encoding %q, want %q", tc.ae, got, tc.want)
		}
		if rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("%q: Vary %q", tc.ae, rec.Header().Get("Vary"))
		}
		if got := decode(t, tc.want, rec.Body.Bytes()); got != page {
			t.Errorf("%q: body changed (%d bytes)", tc.ae, len(got))
		}
		if tc.want != "" && rec.Body.Len() > len(page)/5 {
			t.Errorf("%q: %d bytes for %d", tc.ae, rec.Body.Len(), len(page))
		}
	}
	if rec := get("/small", "br"); rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != `{"ok":true}` {
		t.Errorf("a small answer was compressed: %q", rec.Header().Get("Content-Encoding"))
	}
	if rec := get("/png", "br"); rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 4096 {
		t.Error("an image was compressed")
	}
	if rec := get("/encoded", "br"); rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.Len() != 1000 {
		t.Error("an answer with its own encoding was compressed again")
	}
	if rec := get("/redirect", "br"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/page" {
		t.Errorf("redirect %d", rec.Code)
	}
	if rec := get("/304", "br"); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("304: %d %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	rec := get("/csv", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("ETag") != `W/"abc"` {
		t.Errorf("csv: %q, ETag %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("ETag"))
	}
	if decode(t, "gzip", rec.Body.Bytes()) != strings.Repeat("a,b,c\r\n", 300) {
		t.Error("csv body changed")
	}
	req := httptest.NewRequest("HEAD", "/page", nil)
	req.Header.Set("Accept-Encoding", "br")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" {
		t.Error("HEAD answered compressed")
	}
}

func TestConditionalFeedsAndDownloads(t *testing.T) {
	body := strings.Repeat("BEGIN:VEVENT\r\nEND:VEVENT\r\n", 40)
	h := Conditional(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/events.ics":
			w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
			w.Header().Set("Last-Modified", "Sun, 06 Dec 2026 10:00:00 GMT")
			_, _ = io.WriteString(w, body)
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = io.WriteString(w, "<p>hi</p>")
		case "/missing.csv":
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"status":404}`)
		}
	}))
	do := func(method, path string, hdr map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := do("GET", "/events.ics", nil)
	etag := first.Header().Get("ETag")
	if first.Code != 200 || first.Body.String() != body || !strings.HasPrefix(etag, `"`) || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("first: %d ETag %q Cache-Control %q", first.Code, etag, first.Header().Get("Cache-Control"))
	}
	for _, hdr := range []map[string]string{
		{"If-None-Match": etag},
		{"If-None-Match": `"other", W/` + etag},
		{"If-Modified-Since": "Sun, 06 Dec 2026 10:00:00 GMT"},
	} {
		rec := do("GET", "/events.ics", hdr)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
			t.Errorf("%v: %d, %d bytes", hdr, rec.Code, rec.Body.Len())
		}
	}
	for _, hdr := range []map[string]string{
		{"If-None-Match": `"other"`},
		{"If-Modified-Since": "Sun, 06 Dec 2026 09:59:59 GMT"},
		{"If-None-Match": `"other"`, "If-Modified-Since": "Mon, 07 Dec 2026 10:00:00 GMT"},
	} {
		if rec := do("GET", "/events.ics", hdr); rec.Code != 200 || rec.Body.String() != body {
			t.Errorf("%v: %d", hdr, rec.Code)
		}
	}
	signedIn := do("GET", "/events.ics", map[string]string{"Cookie": "commons_session=x"})
	if signedIn.Header().Get("Cache-Control") != "private, no-cache" {
		t.Errorf("signed in: Cache-Control %q", signedIn.Header().Get("Cache-Control"))
	}
	if rec := do("HEAD", "/events.ics", nil); rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
		t.Errorf("HEAD: %d %d %q", rec.Code, rec.Body.Len(), rec.Header().Get("ETag"))
	}
	if rec := do("GET", "/page", nil); rec.Header().Get("ETag") != "" || rec.Body.String() != "<p>hi</p>" {
		t.Error("a page got a validator")
	}
	if rec := do("GET", "/missing.csv", nil); rec.Code != 404 || rec.Header().Get("ETag") != "" {
		t.Errorf("an error got a validator: %d", rec.Code)
	}
}

func TestStaticFiles(t *testing.T) {
	lib := "export function initAll () {}\n" + strings.Repeat("// GOV.UK Frontend\n", 100)
	fsys := fstest.MapFS{
		"govuk/init.js":               {Data: []byte("import { initAll } from './govuk-frontend.min.js'\ninitAll()\n")},
		"govuk/govuk-frontend.min.js": {Data: []byte(lib)},
		"leaflet/leaflet.css":         {Data: []byte(".a{background:url(images/layers.png)} .b{background:url('data:image/png;base64,xx')}" + strings.Repeat(".c{color:red}", 100))},
		"leaflet/images/layers.png":   {Data: []byte("\x89PNG fake")},
		"leaflet/leaflet.js":          {Data: []byte(strings.Repeat("var L={};", 200))},
		"leaflet/leaflet.js.br":       {Data: []byte("precompressed-br")},
		"leaflet/leaflet.js.gz":       {Data: []byte("precompressed-gz")},
	}
	s, err := newStatic(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if s.Has("leaflet/leaflet.js.br") {
		t.Error("a precompressed copy is served as a file of its own")
	}
	get := func(path, ae string, hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	// init.js imports govuk-frontend.min.js by its hashed URL, so both are cached for a year.
	init := get(s.URL("govuk/init.js"), "")
	if !strings.Contains(init.Body.String(), "'"+s.URL("govuk/govuk-frontend.min.js")+"'") {
		t.Errorf("init.js not rewritten: %s", init.Body.String())
	}
	if init.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || init.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("init.js headers %v", init.Header())
	}
	css := get(s.URL("leaflet/leaflet.css"), "br")
	if css.Header().Get("Content-Encoding") != "br" || !strings.Contains(decode(t, "br", css.Body.Bytes()), "url("+s.URL("leaflet/images/layers.png")+")") {
		t.Errorf("leaflet.css: %q", css.Header().Get("Content-Encoding"))
	}
	if !strings.Contains(decode(t, "br", css.Body.Bytes()), "url('data:image/png") {
		t.Error("a data: URL was touched")
	}
	// The build's precompressed copies are used for files the server did not rewrite.
	if rec := get(s.URL("leaflet/leaflet.js"), "gzip, br"); rec.Body.String() != "precompressed-br" || rec.Header().Get("ETag") == "" {
		t.Errorf("leaflet.js br: %q", rec.Body.String())
	}
	if rec := get(s.URL("leaflet/leaflet.js"), "gzip"); rec.Body.String() != "precompressed-gz" || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("leaflet.js gzip: %q", rec.Body.String())
	}
	lj := get(s.URL("govuk/govuk-frontend.min.js"), "")
	if lj.Body.String() != lib || lj.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("identity: %d bytes, Vary %q", lj.Body.Len(), lj.Header().Get("Vary"))
	}
	// A stale hash is served, checked each time, and revalidated with a 304.
	stale := get("/static/0123456789ab/govuk/govuk-frontend.min.js", "")
	if stale.Code != 200 || stale.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("stale: %d %q", stale.Code, stale.Header().Get("Cache-Control"))
	}
	if rec := get("/static/0123456789ab/govuk/govuk-frontend.min.js", "", "If-None-Match", stale.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d", rec.Code)
	}
	br := get(s.URL("govuk/govuk-frontend.min.js"), "br")
	if br.Header().Get("ETag") == lj.Header().Get("ETag") {
		t.Error("the compressed and plain files share a strong ETag")
	}
	for _, p := range []string{"/static/x/govuk/", "/static/x/govuk", "/static/x/nothing.js", "/static/", "/static/x/"} {
		if rec := get(p, ""); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", p, rec.Code)
		}
	}
	if got := s.MissingFrontEnd(); len(got) != 1 || got[0] != "govuk/commons.css" {
		t.Errorf("missing front-end %v", got)
	}
}
