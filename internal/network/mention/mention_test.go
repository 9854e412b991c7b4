package mention

import (
	"reflect"
	"strings"
	"testing"
)

func TestHandle(t *testing.T) {
	for name, want := range map[string]string{"Gwen Member": "gwen-member", "  Siân  O'Neill ": "siân-o-neill", "Ada": "ada"} {
		if got := Handle(name); got != want {
			t.Errorf("Handle(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	got := Parse("Thanks @gwen-member and @Owen-Officer! Mail me at ada@example.org, cc @gwen-member. @ alone, @siân-o-neill.")
	want := []string{"gwen-member", "owen-officer", "siân-o-neill"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := Parse("no mentions here"); got != nil {
		t.Errorf("got %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("hi @gwen-member and @owen")
	f.Add("a@b.c @@x @-y-")
	f.Fuzz(func(t *testing.T, s string) {
		for _, h := range Parse(s) {
			if h == "" || strings.ContainsAny(h, "@ ") || h != strings.ToLower(h) {
				t.Fatalf("bad handle %q from %q", h, s)
			}
		}
	})
}
