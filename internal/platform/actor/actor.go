// Package actor is who is acting: the small value every service takes to decide what a person
// may do, defined outside the web kit so that no capability's rules depend on HTTP. The web kit
// makes one from a session or an API token; commands and workers make their own.
package actor

import "slices"

// Actor is a person acting in Commons.
type Actor struct {
	ID     string
	Name   string
	Email  string
	Roles  []string // resident, member, officer, moderator, admin
	Orgs   []string // ids of organisations the person is a member of
	Tokens bool     // acting through an API token rather than a browser session
	// Scopes are what an API token was made for (ScopeRead, ScopeWrite, ScopeAdmin); they
	// mean nothing for a browser session, which may do everything its roles allow.
	Scopes []string
	// Language is the language the person prefers for mail (en or cy); empty if unknown.
	Language string
}

// The scopes of a personal API token, chosen when it is made. The web kit enforces them before
// any handler runs, so a capability's API needs no scope checks of its own:
//
//   - ScopeRead: safe requests (GET, HEAD) to the API and to data addresses;
//   - ScopeWrite: unsafe requests (POST, PUT, PATCH, DELETE) under /api/; a token is never
//     accepted by an HTML form or any other unsafe request outside /api/;
//   - ScopeAdmin: the person's officer, moderator and admin roles. A token without it acts with
//     the resident and member roles only, so role checks (guards and services) refuse it.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
	ScopeAdmin = "admin"
)

// Scopes lists every scope, in the order they are offered.
var Scopes = []string{ScopeRead, ScopeWrite, ScopeAdmin}

// Allows reports whether the actor may act with scope: a browser session always may; a token
// only with a scope it was made for.
func (a *Actor) Allows(scope string) bool {
	if a == nil {
		return false
	}
	return !a.Tokens || slices.Contains(a.Scopes, scope)
}

// Has reports whether the actor holds any of the roles; a nil actor holds none.
func (a *Actor) Has(roles ...string) bool {
	if a == nil {
		return false
	}
	for _, have := range a.Roles {
		if slices.Contains(roles, have) {
			return true
		}
	}
	return false
}

// InOrg reports whether the actor is a member of the organisation.
func (a *Actor) InOrg(orgID string) bool {
	return a != nil && orgID != "" && slices.Contains(a.Orgs, orgID)
}

// SignedIn reports whether there is an actor at all.
func (a *Actor) SignedIn() bool { return a != nil && a.ID != "" }

// FormerName is the name a capability stores as text where a deleted account's person was named
// (who logged hours, who helped, a time bank member whose exchanges stay in the books). Pages
// never show it as it is: web.Page.Former and Person show "A former member" in the page's
// language.
const FormerName = "A former member / Cyn-aelod"
