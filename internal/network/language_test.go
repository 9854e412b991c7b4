package network_test

import (
	"net/url"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/network"
)

// Mail written by the worker is in each recipient's own language, whatever language the
// author of the post used.
func TestMailIsInTheRecipientsLanguage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		host := person(t, a, "Hana Host", "hana@example.org")
		gwen := person(t, a, "Gwen Member", "gwen@example.org")
		emyr := person(t, a, "Emyr Member", "emyr@example.org")
		g := newGroup(t, host, "Food Network", "open")
		for _, c := range []*apptest.Client{gwen, emyr} {
			c.Get("/groups/" + g)
			mustRedirect(t, c, "/groups/"+g+"/join", nil)
			mustRedirect(t, c, "/groups/"+g+"/settings", url.Values{"frequency": {"daily"}})
		}
		// Gwen reads Commons in Welsh: the Cymraeg link remembers it on her account.
		apptest.MustContain(t, gwen.Follow(gwen.Get("/groups/"+g+"?lang=cy")), `<html lang="cy"`)
		startThread(t, host, g, "Rota question", "Can you help, @gwen-member and @emyr-member?")
		if _, err := a.DB.Exec(t.Context(), `UPDATE network_prefs SET next_digest_at = $1`, a.DB.Now(t.Context()).Add(-1)); err != nil {
			t.Fatal(err)
		}
		if n, err := app.Service[*network.Service](a.Server).SendDue(t.Context()); err != nil || n != 2 {
			t.Fatalf("queued %d digests (%v), want 2", n, err)
		}
		cy := a.MustMailTo(t, "gwen@example.org", "Heddiw yn Food Network")
		for _, want := range []string{"Helo Gwen Member", "Newydd yn Food Network", "[yn eich crybwyll] Rota question", "negeseuon newydd: 1", "Atal yr e-byst hyn"} {
			if !strings.Contains(cy, want) {
				t.Errorf("Welsh digest lacks %q:\n%s", want, cy)
			}
		}
		en := a.MustMailTo(t, "emyr@example.org", "Today in Food Network")
		for _, want := range []string{"Hello Emyr Member", "Rota question"} {
			if !strings.Contains(en, want) {
				t.Errorf("English digest lacks %q:\n%s", want, en)
			}
		}
		if strings.Contains(en, "Helo") || strings.Contains(en, "Atal yr e-byst") {
			t.Errorf("English digest has Welsh in it:\n%s", en)
		}

		// Immediate mail too; switching back to English is remembered as well.
		mustRedirect(t, gwen, "/groups/"+g+"/settings", url.Values{"frequency": {"immediate"}})
		startThread(t, host, g, "Fridge", "Please check the fridge @gwen-member")
		if _, err := app.Service[*network.Service](a.Server).SendDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "gwen@example.org", `Mae Hana Host wedi eich crybwyll yn "Fridge"`)
		gwen.Follow(gwen.Get("/groups/" + g + "?lang=en"))
		startThread(t, host, g, "Freezer", "And the freezer @gwen-member")
		if _, err := app.Service[*network.Service](a.Server).SendDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "gwen@example.org", `Hana Host mentioned you in "Freezer"`)
	})
}
