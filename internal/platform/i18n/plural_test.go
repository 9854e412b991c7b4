package i18n

import "testing"

func TestPluralCategories(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"}, {"en", 11, "other"}, {"en", 21, "other"},
		{"cy", 0, "zero"}, {"cy", 1, "one"}, {"cy", 2, "two"}, {"cy", 3, "few"}, {"cy", 4, "other"},
		{"cy", 5, "other"}, {"cy", 6, "many"}, {"cy", 7, "other"}, {"cy", 10, "other"}, {"cy", 100, "other"},
	} {
		if got := PluralCategory(c.lang, c.n); got != c.want {
			t.Errorf("PluralCategory(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
}

func TestCountMessages(t *testing.T) {
	en := `{"c.zero":"{n} choices","c.one":"{n} choice","c.two":"{n} choices","c.few":"{n} choices","c.many":"{n} choices","c.other":"{n} choices in {where}","only.other":"{n} things"}`
	cy := `{"c.zero":"{n} dewis","c.one":"{n} dewis","c.two":"{n} ddewis","c.few":"{n} dewis","c.many":"{n} dewis","c.other":"{n} dewis yn {where}","only.other":"{n} peth"}`
	b, err := New(cat(en, cy))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1, "1 choice"}, {"en", 0, "0 choices in Nant"}, {"en", 1234, "1,234 choices in Nant"},
		{"cy", 2, "2 ddewis"}, {"cy", 1, "1 dewis"}, {"cy", 4, "4 dewis yn Nant"},
	} {
		if got := b.N(c.lang, "c", c.n, "where", "Nant"); got != c.want {
			t.Errorf("N(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := b.N("cy", "only", 2); got != "2 peth" {
		t.Errorf("fallback to other: %q", got)
	}
}
