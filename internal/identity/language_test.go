package identity_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/platform/errs"
)

func accountLanguage(t *testing.T, a *apptest.App, email string) string {
	t.Helper()
	var id string
	if err := a.DB.QueryRow(context.Background(), `SELECT id FROM accounts WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	lang, err := a.Identity.Language(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return lang
}

func TestLanguageIsRememberedOnTheAccount(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		// Registering from a Welsh page makes a Welsh-speaking account; an English page an English one.
		cy := a.Client(t)
		cy.Follow(cy.Get("/register?lang=cy"))
		apptest.MustStatus(t, cy.PostForm("/register", url.Values{"name": {"Siân"}, "email": {"sian@example.org"}, "password": {pw}}), http.StatusOK)
		en := a.Client(t)
		en.Get("/register")
		apptest.MustStatus(t, en.PostForm("/register", url.Values{"name": {"Sam"}, "email": {"sam@example.org"}, "password": {pw}}), http.StatusOK)
		if got := accountLanguage(t, a, "sian@example.org"); got != "cy" {
			t.Errorf("registered in Welsh: language %q, want cy", got)
		}
		if got := accountLanguage(t, a, "sam@example.org"); got != "en" {
			t.Errorf("registered in English: language %q, want en", got)
		}

		// The English/Cymraeg link changes a signed-in person's language.
		a.MustAccount(t, "Owen", "owen@example.org", pw)
		c := a.Client(t)
		c.SignIn("owen@example.org", pw)
		if got := accountLanguage(t, a, "owen@example.org"); got != "en" {
			t.Fatalf("new account: language %q, want en", got)
		}
		r := c.Follow(c.Get("/account?lang=cy"))
		apptest.MustContain(t, r, `<html lang="cy"`, `value="cy" checked`)
		if got := accountLanguage(t, a, "owen@example.org"); got != "cy" {
			t.Errorf("after the Cymraeg link: language %q, want cy", got)
		}

		// A link from another site shows the page in that language but leaves the account's alone.
		req := c.Request(http.MethodGet, "/account?lang=en", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		apptest.MustContain(t, c.Follow(c.Do(req)), `<html lang="en"`)
		if got := accountLanguage(t, a, "owen@example.org"); got != "cy" {
			t.Errorf("after a link from another site: language %q, want cy still", got)
		}
		c.Follow(c.Get("/account?lang=cy")) // back to Welsh pages

		// The account page sets it too, and refuses anything but en or cy.
		r = c.PostForm("/account/language", url.Values{"language": {"fr"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Dewiswch English neu Cymraeg", `href="#language"`)
		r = c.PostForm("/account/language", url.Values{"language": {"en"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		// The page stays Welsh (the cookie), the mail language is now English.
		apptest.MustContain(t, c.Follow(r), `<html lang="cy"`, `value="en" checked`)
		if got := accountLanguage(t, a, "owen@example.org"); got != "en" {
			t.Errorf("after choosing English: language %q, want en", got)
		}

		// The personal data download includes it.
		var data struct {
			Account struct {
				Language string `json:"language"`
			} `json:"account"`
		}
		r = c.Get("/account/data.json")
		apptest.MustStatus(t, r, http.StatusOK)
		if err := json.Unmarshal([]byte(r.Body), &data); err != nil {
			t.Fatal(err)
		}
		if data.Account.Language != "en" {
			t.Errorf("data download language %q, want en", data.Account.Language)
		}

		// The column refuses other languages even past the service.
		if _, err := a.DB.Exec(context.Background(), `UPDATE accounts SET language = 'fr'`); err == nil {
			t.Error("the database took language 'fr'")
		}
		if err := a.Identity.SetLanguage(context.Background(), "00000000-0000-4000-8000-000000000000", "cy"); !errs.Is(err, errs.NotFound) {
			t.Errorf("SetLanguage of no account: %v, want not found", err)
		}
	})
}
