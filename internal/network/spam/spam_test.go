package spam

import (
	"reflect"
	"testing"
	"time"
)

func TestLinks(t *testing.T) {
	for s, want := range map[string]int{
		"no links": 0,
		"see https://www.example.org/x and www.b.com": 2,
		"[text](http://a.example) http://b.example":   2,
		"HTTPS://LOUD.EXAMPLE":                        1,
		"notwww.example.com":                          0,
	} {
		if got := Links(s); got != want {
			t.Errorf("Links(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	r := Rules{NewAccountAge: 72 * time.Hour, NewLinks: 1}
	three := "https://a.example https://b.example https://c.example"
	for _, tc := range []struct {
		name string
		p    Post
		want []string
	}{
		{"clean", Post{Body: "hello", AccountAge: time.Hour}, nil},
		{"honeypot", Post{Body: "hello", Honeypot: "x", AccountAge: 1000 * time.Hour}, []string{Honeypot}},
		{"new account links", Post{Body: three, AccountAge: time.Hour}, []string{TooManyLinks}},
		{"old account links", Post{Body: three, AccountAge: 100 * time.Hour}, nil},
	} {
		if got := r.Check(tc.p); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func FuzzLinks(f *testing.F) {
	f.Add("https://www.example.org www.x.y")
	f.Fuzz(func(t *testing.T, s string) {
		if n := Links(s); n < 0 || n > len(s) {
			t.Fatalf("%d links in %d bytes", n, len(s))
		}
	})
}
