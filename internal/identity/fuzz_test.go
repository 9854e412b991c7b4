package identity

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func FuzzParseDistricts(f *testing.F) {
	for _, s := range []string{"CF10", "cf10, sw1a\nE1;W1 M1", "", "1AB", "ABC1", "A1BB", "E1 e1 E1", "Ä1", "\t,;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := ParseDistricts(s)
		if !ok {
			return
		}
		seen := map[string]bool{}
		for _, d := range out {
			if !validDistrict(d) || d != strings.ToUpper(d) || seen[d] {
				t.Fatalf("ParseDistricts(%q) gave %q", s, out)
			}
			seen[d] = true
		}
		// Joined with spaces (as stored) it reads back the same.
		again, ok := ParseDistricts(strings.Join(out, " "))
		if !ok || strings.Join(again, " ") != strings.Join(out, " ") {
			t.Fatalf("round trip of %q: %q", out, again)
		}
	})
}

func FuzzValidBoundary(f *testing.F) {
	for _, s := range []string{
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`,
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`,
		`{"type":"Feature","geometry":{"type":"Feature","geometry":null}}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`,
		`{"type":"Polygon","coordinates":[[[0],[1,0],[1,1],[0]]]}`,
		`{"type":"Point","coordinates":[0,0]}`, `null`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ValidBoundary(b) // must not panic or run away
	})
}

func FuzzValidEmail(f *testing.F) {
	for _, s := range []string{"a@b.co", "a@b", "a@b.", "<a@b.co>", "A <a@b.co>", `"a b"@c.de`, "a@@b.co", "a@b.co\n", "ä@b.co", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidEmail(s) {
			return
		}
		at := strings.LastIndexByte(s, '@')
		if at <= 0 || len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>,;\"") || !strings.Contains(s[at+1:], ".") {
			t.Fatalf("ValidEmail accepted %q", s)
		}
	})
}

// browserResolve reads a redirect target the way browsers do: tabs and new lines dropped,
// backslashes read as slashes.
func browserResolve(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		if r == '\\' {
			return '/'
		}
		return r
	}, s)
	return strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/account", "/admin?x=1#y", "//evil.example", `/\evil.example`, "/\t/evil.example", "https://evil.example", "javascript:alert(1)", " /x", "/%2F/evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/account" && got != next {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
		seen := browserResolve(got)
		if !strings.HasPrefix(seen, "/") || strings.HasPrefix(seen, "//") {
			t.Fatalf("safeNext(%q) = %q, which a browser reads as %q, off the site", next, got, seen)
		}
		u, err := url.Parse(seen)
		if err != nil || u.Host != "" || u.Scheme != "" {
			t.Fatalf("safeNext(%q) = %q has a host or scheme", next, got)
		}
	})
}

func FuzzPaging(f *testing.F) {
	for _, s := range []string{"limit=10&offset=20", "limit=0", "limit=201", "offset=-1", "limit=1e3", "limit=%2B5", "limit=9999999999999999999999", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest("GET", "/api/v1/areas", nil)
		r.URL.RawQuery = query
		limit, offset, err := Paging(r)
		if err != nil {
			return
		}
		if limit < 1 || limit > 200 || offset < 0 {
			t.Fatalf("Paging(%q) = %d, %d", query, limit, offset)
		}
	})
}
