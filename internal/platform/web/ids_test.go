package web

import (
	"net/http/httptest"
	"testing"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// IDs reads two path ids at once; either one malformed makes the page not found, before any
// SQL runs.
func TestIDsReadsTwoPathIDs(t *testing.T) {
	good1, good2 := ids.New(), ids.New()
	for _, tc := range []struct {
		a, b string
		ok   bool
	}{
		{good1, good2, true},
		{"nope", good2, false},
		{good1, "1 OR 1=1", false},
		{"", good2, false},
	} {
		r := httptest.NewRequest("GET", "/x", nil)
		r.SetPathValue("id", tc.a)
		r.SetPathValue("sid", tc.b)
		x, y, err := IDs(r, "id", "sid")
		switch {
		case tc.ok && (err != nil || x != tc.a || y != tc.b):
			t.Errorf("IDs(%q, %q) = %q, %q, %v; want both back", tc.a, tc.b, x, y, err)
		case !tc.ok && errs.CodeOf(err) != errs.NotFound:
			t.Errorf("IDs(%q, %q): %v, want not found", tc.a, tc.b, err)
		}
	}
}
