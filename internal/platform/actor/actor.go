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
	// Language is the language the person prefers for mail (en or cy); empty if unknown.
	Language string
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
