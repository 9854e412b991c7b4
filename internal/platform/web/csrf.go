package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"commons/internal/platform/errs"
	"commons/internal/platform/secret"
)

const csrfCookie = "commons_csrf"

// CSRFField is the name of the hidden form field that carries the token.
const CSRFField = "csrf_token"

var forbiddenCSRF = errs.E(errs.Forbidden, "error.csrf")

// csrfCheck gives every visitor a random token in a cookie and requires unsafe requests to echo
// it in the form (double submit), on top of the browser-header check of CrossOriginProtection.
// Requests authenticated by an API token carry no cookies and are exempt.
func (k *Kit) csrfCheck(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := reqCtx(r)
		if strings.HasPrefix(r.URL.Path, "/static/") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			// Static files are cached for a year by anyone, shared caches too: they must not
			// hand one person's token to others (and need none).
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			rc.csrf = c.Value
		} else {
			rc.csrf = secret.Token()
			http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: rc.csrf, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteLaxMode, Secure: k.Secure})
		}
		safe := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
		if !safe && !(rc.user != nil && rc.user.Tokens) && !k.exempt(r.URL.Path) {
			sent := r.PostFormValue(CSRFField)
			if sent == "" {
				sent = r.Header.Get("X-CSRF-Token")
			}
			if _, err := r.Cookie(csrfCookie); err != nil || subtle.ConstantTimeCompare([]byte(sent), []byte(rc.csrf)) != 1 {
				if strings.HasPrefix(r.URL.Path, "/api/") {
					k.Error(w, r, errs.E(errs.Unauthenticated, "error.api_token"))
					return
				}
				k.Error(w, r, forbiddenCSRF)
				return
			}
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			k.takeFlash(w, r)
		}
		next.ServeHTTP(w, r)
	})
}

// exempt reports whether path is under one of the NoCSRF prefixes.
func (k *Kit) exempt(path string) bool {
	for _, p := range k.NoCSRF {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
