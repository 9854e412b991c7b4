package campaigns

import (
	"strings"
	"testing"
)

func TestPostcodes(t *testing.T) {
	for _, c := range []struct {
		in, norm, out string
		ok            bool
	}{
		{"ah3 5nv", "AH3 5NV", "AH3", true},
		{" AH35NV ", "AH3 5NV", "AH3", true},
		{"ah10 3yr", "AH10 3YR", "AH10", true},
		{"sw1a 1aa", "SW1A 1AA", "SW1A", true},
		{"m1 1ae", "M1 1AE", "M1", true},
		{"AH3", "AH3", "AH3", false},
		{"AH3 5N", "AH 35N", "", false},
		{"123 4AB", "123 4AB", "", false},
		{"AH3 5NVX", "AH35 NVX", "", false},
		{"", "", "", false},
	} {
		n := NormalisePostcode(c.in)
		if n != c.norm || ValidPostcode(n) != c.ok || c.ok && Outward(n) != c.out {
			t.Errorf("%q: got %q valid %v outward %q", c.in, n, ValidPostcode(n), Outward(n))
		}
	}
}

// FuzzPostcode: normalising is stable, and a valid postcode is short, upper-case and spaced once.
func FuzzPostcode(f *testing.F) {
	// "0\xe2 \x80\xa9" joined into a paragraph separator once spaces were dropped.
	for _, s := range []string{"ah3 5nv", "SW1A1AA", "x", "  ", "AH10 3YR", "ǅ1 1AA", "0\xe2 \x80\xa9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalisePostcode(s)
		if NormalisePostcode(n) != n {
			t.Fatalf("not stable: %q → %q → %q", s, n, NormalisePostcode(n))
		}
		if ValidPostcode(n) {
			if len(n) < 6 || len(n) > 8 || strings.Count(n, " ") != 1 || strings.ToUpper(n) != n {
				t.Fatalf("valid but odd: %q", n)
			}
			if !strings.HasPrefix(n, Outward(n)+" ") {
				t.Fatalf("outward %q of %q", Outward(n), n)
			}
		}
	})
}
