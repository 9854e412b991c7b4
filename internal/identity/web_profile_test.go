package identity_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/platform/actor"
)

func TestChangeName(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Gwen Jones", "gwen@example.org", pw)
	c := a.Client(t)
	c.SignIn("gwen@example.org", pw)
	r := c.Get("/account")
	apptest.MustContain(t, r, `href="/account/name"`, `href="/account/email"`, `href="/account/password"`)
	r = c.Get("/account/name")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, `value="Gwen Jones"`)
	r = c.PostForm("/account/name", url.Values{"name": {"   "}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Enter your full name")
	r = c.PostForm("/account/name", url.Values{"name": {strings.Repeat("n", 201)}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	r = c.PostForm("/account/name", url.Values{"name": {"  Gwen Price "}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	r = c.Follow(r)
	apptest.MustContain(t, r, "Your name has been changed.", "Gwen Price")
	if n := a.Count(t, `SELECT count(*) FROM accounts WHERE name = 'Gwen Price'`); n != 1 {
		t.Errorf("name not saved (%d)", n)
	}
	// Welsh page.
	r = c.Get("/account/name?lang=cy")
	if r.Status == http.StatusSeeOther {
		r = c.Follow(r)
	}
	apptest.MustContain(t, r, "Newid eich enw")
}

func TestChangeEmailByLink(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Owain Evans", "owain@example.org", pw)
		a.MustAccount(t, "Someone Else", "taken@example.org", pw)
		c := a.Client(t)
		c.SignIn("owain@example.org", pw)
		c.Get("/account/email")

		for _, tc := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"email": {"owain@"}, "password": {pw}}, "Enter an email address in the correct format"},
			{url.Values{"email": {"OWAIN@example.org"}, "password": {pw}}, "different from the one you use now"},
			{url.Values{"email": {"new@example.org"}, "password": {""}}, "Enter your current password"},
			{url.Values{"email": {"new@example.org"}, "password": {"not my password"}}, "The password is not correct"},
		} {
			r := c.PostForm("/account/email", tc.form)
			apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
			apptest.MustContain(t, r, tc.want)
		}

		// An address that has an account: the page looks the same; its owner is told; no link.
		r := c.PostForm("/account/email", url.Values{"email": {"taken@example.org"}, "password": {pw}})
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "taken@example.org", "Follow the link")
		if txt := a.MustMailTo(t, "taken@example.org", "Someone tried to use your email address"); strings.Contains(txt, "/confirm-email/") {
			t.Errorf("the owner of a taken address got a change link:\n%s", txt)
		}
		a.MustMailTo(t, "owain@example.org", "A change to your email address was asked for")

		r = c.PostForm("/account/email", url.Values{"email": {" New@Example.org "}, "password": {pw}})
		apptest.MustStatus(t, r, http.StatusOK)
		link := apptest.Link(a.MustMailTo(t, "new@example.org", "Confirm your new email address"))
		if !strings.HasPrefix(link, a.URL+"/confirm-email/") {
			t.Fatalf("link %q", link)
		}
		told := a.MustMailTo(t, "owain@example.org", "A change to your email address was asked for")
		apptest.MustContain(t, &apptest.Response{Body: told}, "new@example.org")
		if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email = 'owain@example.org'`); n != 1 {
			t.Fatal("the address changed before the link was followed")
		}

		// The link works from a browser that is not signed in; GET only shows the button.
		other := a.Client(t)
		r = other.Get(link)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "new@example.org", "Use this email address")
		r = other.PostForm(link, nil)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, other.Follow(r), "Your email address has been changed.")
		a.MustMailTo(t, "owain@example.org", "Your email address has been changed")
		apptest.MustStatus(t, other.PostForm(link, nil), http.StatusGone)
		if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email = 'new@example.org' AND email_confirmed_at IS NOT NULL`); n != 1 {
			t.Fatal("the address did not change")
		}
		other.SignIn("new@example.org", pw)
		apptest.MustContain(t, c.Get("/account"), "new@example.org")
	})
}

func TestEmailChangeLinkLosesToALaterAccount(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Owain Evans", "owain@example.org", pw)
	c := a.Client(t)
	c.SignIn("owain@example.org", pw)
	c.Get("/account/email")
	c.PostForm("/account/email", url.Values{"email": {"later@example.org"}, "password": {pw}})
	link := apptest.Link(a.MustMailTo(t, "later@example.org", "Confirm your new email address"))
	a.MustAccount(t, "Later", "later@example.org", pw)
	c.Get(link)
	r := c.PostForm(link, nil)
	apptest.MustStatus(t, r, http.StatusConflict)
	apptest.MustContain(t, r, "Another account has started using that email address")
	if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email = 'owain@example.org'`); n != 1 {
		t.Fatal("the address changed")
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Rhian", "rhian@example.org", pw)
		here, elsewhere := a.Client(t), a.Client(t)
		here.SignIn("rhian@example.org", pw)
		elsewhere.SignIn("rhian@example.org", pw)
		// A reset link sent before the change must not work after it.
		forgot := a.Client(t)
		forgot.Get("/password/forgot")
		forgot.PostForm("/password/forgot", url.Values{"email": {"rhian@example.org"}})
		reset := apptest.Link(a.MustMailTo(t, "rhian@example.org", "Reset your password"))

		here.Get("/account/password")
		const next = "a brand new passphrase"
		for _, tc := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"current": {""}, "password": {next}}, "Enter your current password"},
			{url.Values{"current": {pw}, "password": {"short"}}, "Password must be at least 10 characters"},
			{url.Values{"current": {"wrong password"}, "password": {next}}, "The password is not correct"},
		} {
			r := here.PostForm("/account/password", tc.form)
			apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
			apptest.MustContain(t, r, tc.want)
		}
		r := here.PostForm("/account/password", url.Values{"current": {pw}, "password": {next}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, here.Follow(r), "Your password has been changed.", "rhian@example.org")
		a.MustMailTo(t, "rhian@example.org", "Your password has been changed")

		r = elsewhere.Get("/account")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/sign-in") {
			t.Errorf("the other browser is still signed in: %d %q", r.Status, r.Location())
		}
		apptest.MustStatus(t, forgot.Get(reset), http.StatusGone)
		fresh := a.Client(t)
		fresh.Get("/sign-in")
		r = fresh.PostForm("/sign-in", url.Values{"email": {"rhian@example.org"}, "password": {pw}})
		apptest.MustStatus(t, r, http.StatusUnauthorized)
		fresh.SignIn("rhian@example.org", next)
	})
}

func TestChangePasswordGuessesAreLimited(t *testing.T) {
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_SIGN_IN_LIMIT": "3"}})
	a.MustAccount(t, "Rhian", "rhian@example.org", pw)
	c := a.Client(t)
	c.SignIn("rhian@example.org", pw)
	c.Get("/account/password")
	for i := 0; i < 3; i++ {
		apptest.MustStatus(t, c.PostForm("/account/password", url.Values{"current": {"guess number " + string(rune('a'+i))}, "password": {"a brand new passphrase"}}), http.StatusUnprocessableEntity)
	}
	r := c.PostForm("/account/password", url.Values{"current": {pw}, "password": {"a brand new passphrase"}})
	apptest.MustStatus(t, r, http.StatusTooManyRequests)
}

// The data download through the API, with a personal token: the same data as the account page's.
func TestDataDownloadThroughTheAPI(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	id := a.MustAccount(t, "Tomos", "tomos@example.org", pw)
	token, err := a.Identity.CreateAPIToken(t.Context(), id, "my data", []string{actor.ScopeRead})
	if err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/api/v1/me/data", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	r := c.Do(req)
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, `"email": "tomos@example.org"`, `"network": {`, `"api_tokens": [`)
	apptest.MustStatus(t, a.Client(t).Do(mustReq(t, a.URL+"/api/v1/me/data")), http.StatusUnauthorized)

	// The summary page names what there is, in both languages.
	c.SignIn("tomos@example.org", pw)
	apptest.MustContain(t, c.Get("/account/data"), "Your data", "API tokens", "my data")
}

func mustReq(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
