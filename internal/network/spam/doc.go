// Package spam holds the simple checks a post goes through before it is saved: a form field
// that people never see but robots fill in (the honeypot), and a limit on links for accounts
// that are new. Each check that fails gives a reason, which the service logs.
//
// Pure: standard library only.
package spam
