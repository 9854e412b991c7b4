package timebank_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/platform/actor"
	"commons/internal/timebank"
)

func TestAccountExportAndDeletion(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, false)
		ann := &actor.Actor{ID: w.annID, Name: "Ann Jones", Email: "ann@example.org", Roles: []string{"resident"}}
		bob := &actor.Actor{ID: w.bobID, Name: "Bob Evans", Email: "bob@example.org", Roles: []string{"resident"}}
		if _, _, err := w.svc.Record(ctx, ann, w.bank.ID, timebank.ExchangeInput{Role: timebank.AsGiver, Other: w.bobMemb.ID, Minutes: 60,
			Category: "cooking", Note: "Soup for Bob", HappenedOn: "2026-01-05"}); err != nil {
			t.Fatal(err)
		}
		l, err := w.svc.CreateListing(ctx, ann, w.bank.ID, timebank.ListingInput{Kind: "offer", Title: "Soup on Sundays", Description: "Leek and potato",
			Category: "cooking", Mode: "in_person"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Contact(ctx, bob, w.bank.ID, w.annMember.ID, timebank.ContactInput{Listing: l.ID, Body: "Yes please, Ann"}); err != nil {
			t.Fatal(err)
		}
		w.ann.Get("/timebanks/" + w.bank.ID + "/me")
		w.ann.PostForm("/timebanks/"+w.bank.ID+"/me", url.Values{"about": {"I live on Mill Lane"}, "share_email": {"yes"}})

		hooks := w.svc.Hooks()
		data, err := hooks.Export(ctx, w.annID)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(data)
		for _, want := range []string{"Nant Time Bank", "Soup for Bob", "Soup on Sundays", "Yes please, Ann", "I live on Mill Lane", `"balance_minutes":90`} {
			if !strings.Contains(string(js), want) {
				t.Errorf("the download lacks %q:\n%s", want, js)
			}
		}
		// Deletion runs in identity's transaction, before the account row goes.
		err = a.DB.WithTx(ctx, func(ctx context.Context) error {
			if err := hooks.Delete(ctx, w.annID); err != nil {
				return err
			}
			_, err := a.DB.Exec(ctx, `DELETE FROM accounts WHERE id = $1`, w.annID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`SELECT count(*) FROM timebank_members WHERE name LIKE '%Ann%' OR about LIKE '%Mill Lane%'`,
			`SELECT count(*) FROM timebank_listings WHERE title LIKE '%Soup%'`,
			`SELECT count(*) FROM timebank_messages`,
			`SELECT count(*) FROM timebank_members WHERE account_id IS NOT NULL AND id = '` + w.annMember.ID + `'`,
		} {
			if n := a.Count(t, q); n != 0 {
				t.Errorf("%s: %d left", q, n)
			}
		}
		// Her account and its history stay, so both books still balance and Bob keeps his.
		if b := w.balance(t, w.annMember); b != 90 {
			t.Fatalf("the former member's balance %d", b)
		}
		st, err := w.svc.StatementFor(ctx, bob, w.bank.ID, w.bobMemb.Account, "", "")
		if err != nil || len(st.Rows) != 2 || st.Rows[1].With != timebank.FormerMember {
			t.Fatalf("Bob's statement after Ann left: %+v %v", st.Rows, err)
		}
		// Bob's statement names her in the language of the page he reads, not in both at once.
		for lang, want := range map[string][2]string{"en": {"A former member", "Cyn-aelod"}, "cy": {"Cyn-aelod", "A former member"}} {
			page := "/timebanks/" + w.bank.ID + "/accounts/" + w.bobMemb.Account + "/statement"
			w.bob.Get(page + "?lang=" + lang) // sets the language and comes back
			r := w.bob.Get(page)
			if r.Status != 200 || !strings.Contains(r.Body, want[0]) || strings.Contains(r.Body, want[1]) {
				t.Errorf("Bob's statement in %s (%d) should say %q and not %q:\n%s", lang, r.Status, want[0], want[1], r.Body)
			}
		}
		w.booksBalance(t)
		if n := a.Count(t, `SELECT count(*) FROM timebank_postings`); n == 0 {
			t.Fatal("postings were deleted")
		}
	})
}
