package identity_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

const pw = "correct horse battery"

func TestRegisterValidation(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"empty", url.Values{}, []string{"Enter your full name", "Enter your email address", "Enter your password"}},
		{"bad email short password", url.Values{"name": {"Ann"}, "email": {"ann@"}, "password": {"short"}},
			[]string{"Enter an email address in the correct format, like name@example.com", "Password must be at least 10 characters"}},
		{"long name", url.Values{"name": {strings.Repeat("n", 201)}, "email": {"ann@example.org"}, "password": {pw}},
			[]string{"Full name must be 200 characters or fewer"}},
		{"long password", url.Values{"name": {"Ann"}, "email": {"ann@example.org"}, "password": {strings.Repeat("p", 257)}},
			[]string{"Password must be 256 characters or fewer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := a.Client(t)
			c.Get("/register")
			r := c.PostForm("/register", tc.form)
			apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
			sum := apptest.ErrorSummary(r)
			if got := len(strings.Split(sum, "\n")); got != len(tc.want) {
				t.Errorf("summary has %d items, want %d:\n%s", got, len(tc.want), sum)
			}
			for _, w := range tc.want {
				if !strings.Contains(sum, w) {
					t.Errorf("error summary lacks %q:\n%s", w, sum)
				}
			}
			apptest.MustContain(t, r, "<title>Error: ")
		})
	}
	if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email <> ''`); n != 0 {
		t.Errorf("invalid registrations made %d accounts", n)
	}
}

// register creates an account through the form and returns the confirmation link.
func register(t *testing.T, a *apptest.App, c *apptest.Client, name, email string) string {
	t.Helper()
	c.Get("/register")
	r := c.PostForm("/register", url.Values{"name": {name}, "email": {email}, "password": {pw}})
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Check your email", strings.ToLower(strings.TrimSpace(email)))
	link := apptest.Link(a.MustMailTo(t, identity.NormaliseEmail(email), "Confirm your email address"))
	if !strings.HasPrefix(link, a.URL+"/confirm/") {
		t.Fatalf("confirmation link %q", link)
	}
	return link
}

func TestRegisterConfirmSignIn(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := a.Client(t)
	link := register(t, a, c, "Nia Jones", "  Nia@Example.ORG ")

	// Not yet confirmed: the right password sends a fresh link instead of signing in.
	c.Get("/sign-in")
	r := c.PostForm("/sign-in", url.Values{"email": {"nia@example.org"}, "password": {pw}})
	apptest.MustStatus(t, r, http.StatusUnauthorized)
	apptest.MustContain(t, r, "Confirm your email address first")
	fresh := apptest.Link(a.MustMail(t, "Confirm your email address"))
	if fresh == link {
		t.Error("the new confirmation link is the old one")
	}

	// GET shows a button and does not confirm (mail scanners follow links).
	r = c.Get(link)
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, `action="/confirm/`, "Confirm email address")
	if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email_confirmed_at IS NOT NULL`); n != 0 {
		t.Fatal("GET confirmed the address")
	}
	r = c.PostForm(link, nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	if r.Location() != "/sign-in" {
		t.Errorf("confirm redirects to %q", r.Location())
	}
	apptest.MustContain(t, c.Follow(r), "Your email address is confirmed")

	// Used links are gone, for GET and POST.
	apptest.MustStatus(t, c.Get(link), http.StatusGone)
	r = c.PostForm(link, nil)
	apptest.MustStatus(t, r, http.StatusGone)
	apptest.MustContain(t, r, "This link has expired or has already been used")
	apptest.MustStatus(t, c.Get("/confirm/not-a-token"), http.StatusGone)

	c.SignIn("NIA@example.org", pw)
	r = c.Get("/account")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Nia Jones", "nia@example.org", "Resident")
}

func TestConfirmLinkExpires(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := a.Client(t)
	link := register(t, a, c, "Late Larry", "larry@example.org")
	a.Clock.Advance(identity.ConfirmLinkTTL + time.Minute)
	apptest.MustStatus(t, c.Get(link), http.StatusGone)
	apptest.MustStatus(t, c.PostForm(link, nil), http.StatusGone)
}

func TestRegisterExistingEmail(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Owain Glyn", "owain@example.org", pw)
	c := a.Client(t)
	c.Get("/register")
	r := c.PostForm("/register", url.Values{"name": {"Someone Else"}, "email": {"OWAIN@example.org"}, "password": {"another password"}})
	apptest.MustStatus(t, r, http.StatusOK) // the same page as a new registration
	apptest.MustContain(t, r, "Check your email", "owain@example.org")
	text := a.MustMailTo(t, "owain@example.org", "You already have an account")
	for _, want := range []string{"Hello Owain Glyn", a.URL + "/sign-in", a.URL + "/password/forgot"} {
		if !strings.Contains(text, want) {
			t.Errorf("mail lacks %q:\n%s", want, text)
		}
	}
	if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email <> ''`); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
}

func TestSignIn(t *testing.T) {
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_SIGN_IN_LIMIT": "3"}})
	a.MustAccount(t, "Siân Evans", "sian@example.org", pw)

	t.Run("bad password", func(t *testing.T) {
		c := a.Client(t)
		c.Get("/sign-in")
		r := c.PostForm("/sign-in", url.Values{"email": {"sian@example.org"}, "password": {"wrong password"}})
		apptest.MustStatus(t, r, http.StatusUnauthorized)
		if s := apptest.ErrorSummary(r); s != "Enter a correct email address and password" {
			t.Errorf("summary %q", s)
		}
		apptest.MustNotContain(t, r, "wrong password") // the password is not echoed
	})
	t.Run("unknown address looks the same", func(t *testing.T) {
		c := a.Client(t)
		r := c.PostForm("/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password"}})
		apptest.MustStatus(t, r, http.StatusUnauthorized)
		apptest.MustContain(t, r, "Enter a correct email address and password")
	})
	t.Run("missing fields", func(t *testing.T) {
		c := a.Client(t)
		r := c.PostForm("/sign-in", url.Values{})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Enter your email address", "Enter your password")
	})
	t.Run("next stays on site", func(t *testing.T) {
		for next, want := range map[string]string{
			"/admin?x=1":           "/admin?x=1",
			"":                     "/account",
			"https://evil.example": "/account",
			"//evil.example/":      "/account",
			`/\evil.example`:       "/account",
			"/\t/evil.example":     "/account",
			"javascript:alert(1)":  "/account",
		} {
			c := a.Client(t)
			c.Get("/sign-in?next=" + url.QueryEscape(next))
			r := c.PostForm("/sign-in", url.Values{"email": {"sian@example.org"}, "password": {pw}, "next": {next}})
			apptest.MustStatus(t, r, http.StatusSeeOther)
			if r.Location() != want {
				t.Errorf("next %q: redirected to %q, want %q", next, r.Location(), want)
			}
		}
	})
	t.Run("signed in sees account instead of form", func(t *testing.T) {
		c := a.Client(t)
		c.SignIn("sian@example.org", pw)
		r := c.Get("/sign-in")
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if r.Location() != "/account" {
			t.Errorf("Location %q", r.Location())
		}
	})
	t.Run("rate limit", func(t *testing.T) {
		a.MustAccount(t, "Target", "target@example.org", pw)
		a.Clock.Advance(16 * time.Minute) // forget the failures of the subtests above (same address)
		c := a.Client(t)
		for i := 0; i < 3; i++ {
			r := c.PostForm("/sign-in", url.Values{"email": {"target@example.org"}, "password": {"guess number " + string(rune('a'+i))}})
			apptest.MustStatus(t, r, http.StatusUnauthorized)
		}
		// Now the password is not checked, the right one neither, until the window passes or
		// the owner uses the link mailed to them.
		r := c.PostForm("/sign-in", url.Values{"email": {"target@example.org"}, "password": {pw}})
		apptest.MustStatus(t, r, http.StatusTooManyRequests)
		apptest.MustContain(t, r, "Too many attempts to sign in")
		a.MustMailTo(t, "target@example.org", "Sign in to your account with this link")
		a.Clock.Advance(16 * time.Minute)
		c.SignIn("target@example.org", pw)
	})
}

func TestSignOut(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Dai", "dai@example.org", pw)
	c := a.Client(t)
	c.SignIn("dai@example.org", pw)
	apptest.MustStatus(t, c.Get("/account"), http.StatusOK)
	r := c.PostForm("/sign-out", nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "You have signed out.")
	r = c.Get("/account")
	apptest.MustStatus(t, r, http.StatusSeeOther)
	if n := a.Count(t, `SELECT count(*) FROM sessions`); n != 0 {
		t.Errorf("%d sessions left after sign-out", n)
	}
}

func TestForgotAndReset(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Rhian", "rhian@example.org", pw)
	other := a.Client(t)
	other.SignIn("rhian@example.org", pw) // a session that the reset must end

	c := a.Client(t)
	r := c.Get("/password/forgot")
	apptest.MustStatus(t, r, http.StatusOK)
	r = c.PostForm("/password/forgot", url.Values{"email": {"not an address"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Enter an email address in the correct format")

	// An unknown address gets the same page, and no mail.
	r = c.PostForm("/password/forgot", url.Values{"email": {"stranger@example.org"}})
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Check your email")
	a.NoMail(t, 100*time.Millisecond)

	r = c.PostForm("/password/forgot", url.Values{"email": {"Rhian@example.org"}})
	apptest.MustStatus(t, r, http.StatusOK)
	link := apptest.Link(a.MustMailTo(t, "rhian@example.org", "Reset your password"))
	if !strings.HasPrefix(link, a.URL+"/password/reset/") {
		t.Fatalf("reset link %q", link)
	}
	apptest.MustStatus(t, c.Get(link), http.StatusOK)
	r = c.PostForm(link, url.Values{"password": {"short"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Password must be at least 10 characters")

	const newPW = "a brand new password"
	r = c.PostForm(link, url.Values{"password": {newPW}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "Your password has been changed")
	// Single use.
	apptest.MustStatus(t, c.Get(link), http.StatusGone)
	apptest.MustStatus(t, c.PostForm(link, url.Values{"password": {"yet another password"}}), http.StatusGone)
	// The other browser was signed out; the old password is dead, the new one works.
	apptest.MustStatus(t, other.Get("/account"), http.StatusSeeOther)
	r = c.PostForm("/sign-in", url.Values{"email": {"rhian@example.org"}, "password": {pw}})
	apptest.MustStatus(t, r, http.StatusUnauthorized)
	c.SignIn("rhian@example.org", newPW)

	// A reset link expires after an hour.
	c.PostForm("/password/forgot", url.Values{"email": {"rhian@example.org"}})
	late := apptest.Link(a.MustMail(t, "Reset your password"))
	a.Clock.Advance(identity.ResetLinkTTL + time.Second)
	apptest.MustStatus(t, c.Get(late), http.StatusGone)
	apptest.MustStatus(t, c.PostForm(late, url.Values{"password": {"too late password"}}), http.StatusGone)
}

func TestAccountDataAndDelete(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Gareth", "gareth@example.org", pw)
	c := a.Client(t)
	c.SignIn("gareth@example.org", pw)

	r := c.Get("/account/data.json")
	apptest.MustStatus(t, r, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	var data struct {
		Account map[string]any `json:"account"`
	}
	if err := json.Unmarshal([]byte(r.Body), &data); err != nil {
		t.Fatalf("data.json: %v", err)
	}
	if data.Account["email"] != "gareth@example.org" {
		t.Errorf("export account = %v", data.Account)
	}
	for _, leak := range []string{"argon2id", "password"} {
		if strings.Contains(r.Body, leak) {
			t.Errorf("export contains %q:\n%s", leak, r.Body)
		}
	}

	apptest.MustStatus(t, c.Get("/account/delete"), http.StatusOK)
	r = c.PostForm("/account/delete", url.Values{"password": {"not my password"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "The password is not correct")
	r = c.PostForm("/account/delete", url.Values{"password": {pw}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "Your account has been deleted.")
	apptest.MustStatus(t, c.Get("/account"), http.StatusSeeOther)
	if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email <> ''`); n != 0 {
		t.Errorf("%d accounts left", n)
	}
	r = c.PostForm("/sign-in", url.Values{"email": {"gareth@example.org"}, "password": {pw}})
	apptest.MustStatus(t, r, http.StatusUnauthorized)
}

func TestAPITokens(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Tomos", "tomos@example.org", pw)
	c := a.Client(t)
	c.SignIn("tomos@example.org", pw)

	apptest.MustStatus(t, c.Get("/account/tokens"), http.StatusOK)
	r := c.PostForm("/account/tokens", url.Values{"name": {"  "}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Enter a name for the token")

	r = c.PostForm("/account/tokens", url.Values{"name": {"ward map script"}, "scopes": {"read"}})
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "ward map script")
	token := between(r.Body, `<code id="new-token">`, "</code>")
	if !strings.HasPrefix(token, "cmn_") {
		t.Fatalf("token %q", token)
	}
	r = c.Get("/account/tokens")
	apptest.MustNotContain(t, r, token) // shown once

	api := a.Client(t)
	me := func(tok string) *apptest.Response {
		req := api.Request(http.MethodGet, "/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		return api.Do(req)
	}
	r = me(token)
	apptest.MustStatus(t, r, http.StatusOK)
	var acc map[string]any
	if err := json.Unmarshal([]byte(r.Body), &acc); err != nil || acc["email"] != "tomos@example.org" {
		t.Fatalf("me = %s (%v)", r.Body, err)
	}
	if strings.Contains(r.Body, "argon2") {
		t.Error("/me shows the password hash")
	}
	// A token never works on a form (V9): it cannot mint another token, so revoking a leaked
	// one is enough.
	req := api.Request(http.MethodPost, "/account/tokens", url.Values{"name": {"made by a script"}, "scopes": {"read", "write"}})
	req.Header.Set("Authorization", "Bearer "+token)
	apptest.MustStatus(t, api.Do(req), http.StatusForbidden)
	if n := a.Count(t, `SELECT count(*) FROM api_tokens WHERE name = 'made by a script'`); n != 0 {
		t.Fatalf("a token minted %d more tokens", n)
	}

	var id string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM api_tokens WHERE name = 'ward map script'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	apptest.MustStatus(t, c.PostForm("/account/tokens/not-an-id/revoke", nil), http.StatusNotFound)
	r = c.PostForm("/account/tokens/"+id+"/revoke", nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "The token has been revoked.")
	// Revoking twice, or someone else's token, is not found.
	apptest.MustStatus(t, c.PostForm("/account/tokens/"+id+"/revoke", nil), http.StatusNotFound)

	for _, tok := range []string{token, "cmn_made_up"} {
		r = me(tok)
		apptest.MustStatus(t, r, http.StatusUnauthorized)
		if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("Content-Type %q", ct)
		}
		apptest.MustContain(t, r, `"status": 401`[:9])
	}
	req = api.Request(http.MethodGet, "/api/v1/me", nil)
	req.Header.Set("Authorization", "Basic abc")
	apptest.MustStatus(t, api.Do(req), http.StatusUnauthorized)
	// An invalid token on a page is answered once, 401, never sent round the sign-in page (V9).
	for _, path := range []string{"/account", "/", "/sign-in?next=%2Faccount"} {
		req = api.Request(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer cmn_made_up")
		r = api.Do(req)
		apptest.MustStatus(t, r, http.StatusUnauthorized)
		if loc := r.Location(); loc != "" {
			t.Errorf("%s: redirected to %s", path, loc)
		}
		if got := r.Header.Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) {
			t.Errorf("%s: WWW-Authenticate %q", path, got)
		}
	}
	// Without any token the API answers 401 problem+json, not a redirect.
	r = api.Get("/api/v1/me")
	apptest.MustStatus(t, r, http.StatusUnauthorized)
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
}

// TestAPITokenScopes: a token does what its scopes say and no more (V9).
func TestAPITokenScopes(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Olwen", "olwen@example.org", pw, identity.RoleOfficer)
	a.MustAccount(t, "Rhys", "rhys@example.org", pw)
	officer, resident := a.Client(t), a.Client(t)
	officer.SignIn("olwen@example.org", pw)
	resident.SignIn("rhys@example.org", pw)

	make := func(c *apptest.Client, name string, scopes ...string) string {
		t.Helper()
		r := c.PostForm("/account/tokens", url.Values{"name": {name}, "scopes": scopes})
		apptest.MustStatus(t, r, http.StatusOK)
		tok := between(r.Body, `<code id="new-token">`, "</code>")
		if tok == "" {
			t.Fatalf("no token in %s", apptest.Excerpt(r.Body))
		}
		return tok
	}
	// No scope, an unknown one, and the admin scope for someone with no such role are refused.
	r := officer.PostForm("/account/tokens", url.Values{"name": {"none"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Choose at least one thing the token may do")
	apptest.MustStatus(t, officer.PostForm("/account/tokens", url.Values{"name": {"x"}, "scopes": {"root"}}), http.StatusUnprocessableEntity)
	apptest.MustNotContain(t, resident.Get("/account/tokens"), `value="admin"`)
	r = resident.PostForm("/account/tokens", url.Values{"name": {"x"}, "scopes": {"read", "admin"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Only an officer, moderator or admin can give a token their role")
	apptest.MustContain(t, officer.Get("/account/tokens"), `value="admin"`)

	readOnly := make(officer, "reader", "read")
	writer := make(officer, "writer", "write")
	admin := make(officer, "admin reader", "read", "admin")
	apptest.MustContain(t, officer.Get("/account/tokens"), "Read, Use your officer, moderator or admin role")

	api := a.Client(t)
	call := func(method, path, tok string) *apptest.Response {
		req := api.Request(method, path, url.Values{})
		req.Header.Set("Authorization", "Bearer "+tok)
		return api.Do(req)
	}
	apptest.MustStatus(t, call(http.MethodGet, "/api/v1/me", readOnly), http.StatusOK)
	r = call(http.MethodGet, "/api/v1/me", writer)
	apptest.MustStatus(t, r, http.StatusForbidden)
	if got := r.Header.Get("WWW-Authenticate"); !strings.Contains(got, `error="insufficient_scope", scope="read"`) {
		t.Errorf("WWW-Authenticate %q", got)
	}
	// An unsafe API request needs write: a read token is refused before the handler runs (the
	// route need not exist for the refusal to come first).
	r = call(http.MethodPost, "/api/v1/me", readOnly)
	apptest.MustStatus(t, r, http.StatusForbidden)
	if got := r.Header.Get("WWW-Authenticate"); !strings.Contains(got, `scope="write"`) {
		t.Errorf("WWW-Authenticate %q", got)
	}
	// The officer's role comes with the admin scope only: /assets/review is for officers.
	apptest.MustStatus(t, call(http.MethodGet, "/assets/review", readOnly), http.StatusForbidden)
	apptest.MustStatus(t, call(http.MethodGet, "/assets/review", admin), http.StatusOK)
	// Every unsafe page route refuses every token, whatever its scopes.
	for _, tok := range []string{readOnly, writer, admin} {
		for _, path := range []string{"/account/tokens", "/account/language", "/sign-out", "/account/delete"} {
			if r := call(http.MethodPost, path, tok); r.Status != http.StatusForbidden {
				t.Errorf("POST %s with a token: %d, want 403", path, r.Status)
			}
		}
	}
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}

func TestRegisterHoneypot(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := a.Client(t)
	c.Get("/register")
	r := c.PostForm("/register", url.Values{"name": {"Robot"}, "email": {"robot@example.org"}, "password": {pw}, "website": {"http://spam.example"}})
	apptest.MustContain(t, r, "Check your email")
	if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email = 'robot@example.org'`); n != 0 {
		t.Fatalf("the honeypot let %d accounts through", n)
	}
	a.NoMail(t, 50*time.Millisecond)
}
