package actor

import "testing"

func TestActor(t *testing.T) {
	var none *Actor
	if none.Has("admin") || none.InOrg("x") || none.SignedIn() {
		t.Fatal("a nil actor holds nothing")
	}
	a := &Actor{ID: "a1", Roles: []string{"resident", "officer"}, Orgs: []string{"o1"}}
	if !a.Has("admin", "officer") || a.Has("admin") || a.Has() {
		t.Errorf("Has: wrong answer for roles %v", a.Roles)
	}
	if !a.InOrg("o1") || a.InOrg("o2") || a.InOrg("") {
		t.Errorf("InOrg: wrong answer for orgs %v", a.Orgs)
	}
	if !a.SignedIn() || (&Actor{}).SignedIn() {
		t.Error("SignedIn: wrong answer")
	}
}

func TestScopes(t *testing.T) {
	var none *Actor
	if none.Allows(ScopeRead) {
		t.Fatal("a nil actor allows nothing")
	}
	session := &Actor{ID: "a1"}
	for _, s := range Scopes {
		if !session.Allows(s) {
			t.Errorf("a browser session does not allow %q", s)
		}
	}
	token := &Actor{ID: "a1", Tokens: true, Scopes: []string{ScopeRead}}
	if !token.Allows(ScopeRead) || token.Allows(ScopeWrite) || token.Allows(ScopeAdmin) {
		t.Errorf("a read token: read %v write %v admin %v", token.Allows(ScopeRead), token.Allows(ScopeWrite), token.Allows(ScopeAdmin))
	}
}
