package app_test

import (
	"net/http"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
)

const pw = "correct horse battery"

// routePath turns a route pattern into a method and a concrete path: {token} becomes any
// string, every other wildcard a valid-looking uuid (so the refusal is the guard's, not the id
// check's).
func routePath(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	path = strings.ReplaceAll(path, "{token}", "some-token")
	for strings.Contains(path, "{") {
		i := strings.Index(path, "{")
		j := strings.Index(path[i:], "}")
		if j < 0 {
			panic("routePath: unclosed wildcard in " + pattern)
		}
		path = path[:i] + "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" + path[i+j+1:]
	}
	return method, path
}

// allowed says which signed-in roles a route's access lets through (admins pass every guard).
var allowed = map[app.Access]map[string]bool{
	app.SignedIn:  {identity.RoleResident: true, identity.RoleMember: true, identity.RoleOfficer: true, identity.RoleModerator: true},
	app.Admin:     {},
	app.Officer:   {identity.RoleOfficer: true},
	app.Moderator: {identity.RoleModerator: true},
}

func TestEveryRouteRefusesWhoMustNotReachIt(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	signedIn := map[string]*apptest.Client{}
	for _, role := range []string{identity.RoleResident, identity.RoleMember, identity.RoleOfficer, identity.RoleModerator} {
		email := role + "@example.org"
		var extra []string
		if role != identity.RoleResident {
			extra = []string{role}
		}
		a.MustAccount(t, "A "+role, email, pw, extra...)
		c := a.Client(t)
		c.SignIn(email, pw)
		signedIn[role] = c
	}
	anon := a.Client(t)
	anon.Get("/register") // for a CSRF token

	try := func(c *apptest.Client, method, path string) *apptest.Response {
		if method == http.MethodPost {
			return c.PostForm(path, nil)
		}
		return c.Get(path)
	}
	routes := a.Routes()
	if len(routes) == 0 {
		t.Fatal("no routes")
	}
	for _, rt := range routes {
		method, path := routePath(rt.Pattern)
		// The table itself: admin pages are for admins, account pages for the signed in.
		if strings.HasPrefix(path, "/admin") && rt.Access != app.Admin ||
			(strings.HasPrefix(path, "/account") || path == "/api/v1/me") && rt.Access != app.SignedIn {
			t.Errorf("%s has access %q", rt.Pattern, rt.Access)
		}
		t.Run(rt.Pattern, func(t *testing.T) {
			switch rt.Access {
			case app.Public:
				r := try(anon, method, path)
				if r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden || strings.HasPrefix(r.Location(), "/sign-in") {
					t.Errorf("public route refused an anonymous visitor: %d %s", r.Status, r.Location())
				}
			case app.SignedIn, app.Admin, app.Officer, app.Moderator:
				r := try(anon, method, path)
				switch {
				case method == http.MethodGet && !strings.HasPrefix(path, "/api/"):
					if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/sign-in?next=") {
						t.Errorf("anonymous GET: %d %q, want 303 to /sign-in", r.Status, r.Location())
					}
				default:
					if r.Status != http.StatusUnauthorized {
						t.Errorf("anonymous %s: %d, want 401", method, r.Status)
					}
				}
				for role, c := range signedIn {
					if allowed[rt.Access][role] {
						continue
					}
					if r := try(c, method, path); r.Status != http.StatusForbidden {
						t.Errorf("%s: %d, want 403", role, r.Status)
					}
				}
			default:
				t.Errorf("unknown access %q", rt.Access)
			}
		})
	}
}
