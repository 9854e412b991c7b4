package timebank_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/timebank"
)

// TestEveryPageAnswers visits every page of the demo's time banks, as a broker and as a member,
// in English and Welsh: each answers 200 and shows no message key left untranslated.
func TestEveryPageAnswers(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	if err := a.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	svc := serviceOf(a)
	banks, err := svc.Banks(ctx)
	if err != nil || len(banks) != 2 {
		t.Fatalf("%v %v", banks, err)
	}
	var nant timebank.Bank
	for _, b := range banks {
		if b.Name == timebank.DemoBanks[0] {
			nant = b
		}
	}
	one := func(q string) string {
		var id string
		if err := a.DB.QueryRow(ctx, q, nant.ID).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	member := one(`SELECT id FROM timebank_members WHERE bank_id = $1 AND kind = 'offline' ORDER BY name LIMIT 1`)
	account := one(`SELECT a.id FROM timebank_accounts a JOIN timebank_members m ON m.id = a.member_id WHERE m.bank_id = $1 AND m.kind = 'offline' ORDER BY m.name LIMIT 1`)
	exchange := one(`SELECT id FROM timebank_exchanges WHERE bank_id = $1 AND kind = 'group' LIMIT 1`)
	listing := one(`SELECT id FROM timebank_listings WHERE bank_id = $1 ORDER BY title LIMIT 1`)
	gwen := one(`SELECT id FROM timebank_members WHERE bank_id = $1 AND name = 'Gwen Member'`)
	b := "/timebanks/" + nant.ID
	pages := map[string][]string{
		"officer@aberhaven.example": {"/timebanks", "/timebanks/new", b, b + "/manage", b + "/settings", b + "/members/" + member, b + "/record",
			b + "/group", b + "/exchanges", b + "/exchanges?status=reversed", b + "/exchanges/" + exchange, b + "/insights", b + "/agreements",
			b + "/import", b + "/accounts/" + account + "/statement", b + "/accounts/" + account + "/statement?from=2026-01-01&to=2026-12-31",
			b + "/listings", b + "/listings/" + listing, b + "/me", b + "/directory"},
		"resident@aberhaven.example": {b, b + "/me", b + "/exchanges/new", b + "/exchanges/new?role=receiver", b + "/listings/new",
			b + "/listings/new?kind=request", b + "/directory", b + "/contact/" + gwen, b + "/group", b + "/listings?kind=offer&category=cooking"},
		"member@aberhaven.example": {b + "/me", b + "/listings/" + listing},
	}
	untranslated := regexp.MustCompile(`\[timebank\.[a-z_.]+\]`)
	for who, paths := range pages {
		c := a.Client(t)
		c.SignIn(who, "commons-demo")
		for _, lang := range []string{"en", "cy"} {
			c.Get("/timebanks?lang=" + lang)
			for _, p := range paths {
				r := c.Get(p)
				if r.Status != http.StatusOK {
					t.Errorf("%s %s (%s): %d\n%s", who, p, lang, r.Status, apptest.Excerpt(r.Body))
					continue
				}
				if m := untranslated.FindString(r.Body); m != "" {
					t.Errorf("%s %s (%s) shows %s", who, p, lang, m)
				}
				if lang == "cy" && !strings.Contains(r.Body, `lang="cy"`) {
					t.Errorf("%s %s is not in Welsh", who, p)
				}
			}
		}
	}
	// Signed out: the public pages.
	c := a.Client(t)
	for _, p := range []string{"/timebanks", b, b + "/listings", b + "/listings/" + listing} {
		apptest.MustStatus(t, c.Get(p), http.StatusOK)
	}
}
