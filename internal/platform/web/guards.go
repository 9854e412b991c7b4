package web

import (
	"net/http"

	"commons/internal/platform/errs"
)

// SignedIn lets only signed-in people through; others are sent to sign in (pages) or get 401.
func (k *Kit) SignedIn(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if CurrentUser(r) == nil {
			k.Error(w, r, errs.E(errs.Unauthenticated, "error.unauthenticated"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Role lets through only people holding one of the roles.
func (k *Kit) Role(h http.Handler, roles ...string) http.Handler {
	return k.SignedIn(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !CurrentUser(r).Has(roles...) {
			k.Error(w, r, errs.E(errs.Forbidden, "error.forbidden"))
			return
		}
		h.ServeHTTP(w, r)
	}))
}
