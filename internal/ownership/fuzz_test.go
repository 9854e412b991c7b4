package ownership_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"commons/internal/ownership"
)

// A pasted boundary is a Polygon or MultiPolygon or an error, never a panic; one that parses
// writes back as a WKT MULTIPOLYGON.
func FuzzParseBoundary(f *testing.F) {
	for _, s := range []string{`{"type":"Polygon","coordinates":[[[-3.95,51.62],[-3.94,51.62],[-3.94,51.63],[-3.95,51.62]]]}`,
		`{"type":"Point","coordinates":[0,0]}`, `{"type":"FeatureCollection","features":[]}`, `[`, ``} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ownership.ParseBoundary(s)
		if err != nil {
			return
		}
		if g.Type != "Polygon" && g.Type != "MultiPolygon" {
			t.Fatalf("%q parsed as %s", s, g.Type)
		}
		if w := ownership.WKTMultiPolygon(g); !strings.HasPrefix(w, "MULTIPOLYGON (((") {
			t.Fatalf("%q: WKT %q", s, w)
		}
	})
}

// An upload is accepted only with a known kind, a known extension whose content matches, under
// the size limit; its stored name is a plain base name.
func FuzzCheckUpload(f *testing.F) {
	f.Add("evidence", "rules.pdf", []byte("%PDF-1.4"))
	f.Add("members", "../x/members.csv", []byte("a,b\n"))
	f.Add("plan", "map.png", []byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, kind, name string, data []byte) {
		d, err := ownership.CheckUpload(&ownership.Upload{Kind: kind, Filename: name, Data: data})
		if err != nil {
			return
		}
		if len(d.Data) == 0 || len(d.Data) > ownership.MaxDocument || strings.ContainsAny(d.Filename, "/\\\x00\"") || !utf8.ValidString(d.Filename) && utf8.ValidString(name) {
			t.Fatalf("accepted %q (%d bytes) as %q", name, len(data), d.Filename)
		}
		if d.ContentType == "" {
			t.Fatalf("no content type for %q", name)
		}
	})
}

// The case form's text never panics, whatever is typed.
func FuzzCaseInput(f *testing.F) {
	f.Add("acv", "The Drovers", "AH3 2NA", "123456789012", "51.6", "-3.9", "21", "a@b.example")
	f.Fuzz(func(t *testing.T, kind, name, postcode, uprn, lat, lng, members, email string) {
		in := ownership.CaseInput{Kind: kind, Name: name, Address: name, Postcode: postcode, UPRN: uprn, Lat: lat, Lng: lng, Members: members,
			Reasons: name, ContactName: name, ContactEmail: email, Group: ownership.Group{Name: name, Type: ownership.GroupCharity, Connection: name}, Confirm: true}
		_ = in.Validate(false)
		_ = in.Validate(true)
	})
}
