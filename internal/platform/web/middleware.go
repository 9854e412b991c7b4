package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/i18n"
)

type ctxKey struct{}

// request is what the middleware learns about a request, shared by pointer down the chain.
type request struct {
	id        string
	lang      string
	user      *actor.Actor
	sessionID string // hash of the session token, when signed in by session
	csrf      string
	flash     string
	addr      string // the client's network address
	log       *slog.Logger
}

func reqCtx(r *http.Request) *request {
	if rc, ok := r.Context().Value(ctxKey{}).(*request); ok {
		return rc
	}
	return &request{lang: "en", log: slog.Default()}
}

// CurrentUser is the signed-in user, or nil.
func CurrentUser(r *http.Request) *actor.Actor { return reqCtx(r).user }

// Lang is the request's language.
func Lang(r *http.Request) string { return reqCtx(r).lang }

// Log is the request's logger (it carries the request id).
func Log(r *http.Request) *slog.Logger { return reqCtx(r).log }

// ClientAddr is the client's network address: the connection's, or, when the connection comes
// from a trusted reverse proxy, the last address in X-Forwarded-For that is not a trusted proxy.
func ClientAddr(r *http.Request) string { return reqCtx(r).addr }

func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	isTrusted := func(s string) bool {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return false
		}
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	if len(trusted) == 0 || !isTrusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		if !isTrusted(h) {
			if _, err := netip.ParseAddr(h); err != nil {
				return host // a malformed header: fall back to the proxy itself
			}
			return h
		}
		host = h
	}
	return host
}

// RequestID is the request's id.
func RequestID(r *http.Request) string { return reqCtx(r).id }

// WithUser returns a context in which a request carries u; for tests of services that take a
// request. It is not used on live traffic.
func WithUser(ctx context.Context, u *actor.Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, &request{lang: "en", user: u, log: slog.Default()})
}

// Handler wraps the application's mux in the middleware chain, outermost first: recover,
// request id and log, security headers, database deadline, cross-origin protection, session,
// language, body (size and text checked, forms parsed), flash, CSRF.
func (k *Kit) Handler(mux http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.Error(w, r, forbiddenCSRF)
	}))
	inner := k.session(k.language(k.body(k.csrfCheck(mux))))
	return k.recoverer(k.logRequests(securityHeaders(k.deadline(cop.Handler(inner)))))
}

// deadline ends each request's context after Options.DBTimeout, so no request can hold a
// database connection (and with it the server) for longer: the drivers stop the query (SQLite
// interrupts it, pgx cancels it on the server) and Kit.Error answers 503 (V1).
func (k *Kit) deadline(next http.Handler) http.Handler {
	if k.DBTimeout <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), k.DBTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (k *Kit) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newID()
		addr := clientAddr(r, k.TrustedProxies)
		log := k.Log.With("request_id", id)
		rc := &request{id: id, lang: "en", log: log, addr: addr}
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), ctxKey{}, rc)))
		log.Info("request", "method", r.Method, "path", r.URL.Path, "client", addr, "status", sw.status,
			"bytes", sw.bytes, "duration_ms", time.Since(start).Milliseconds())
	})
}

func (k *Kit) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				k.serverError(w, r, fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
		next.ServeHTTP(w, r)
	})
}

const langCookie = "commons_lang"

// language picks the language: ?lang= (remembered in a cookie, then redirected away on GET,
// and on a signed-in person's account through Options.LanguageChosen), the cookie, then
// Accept-Language.
func (k *Kit) language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := reqCtx(r)
		if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: k.Secure})
			// The account's language (for mail) follows only a choice made on our own pages or
			// typed in: a link from another site changes what this browser shows, not the account.
			fromElsewhere := r.Header.Get("Sec-Fetch-Site") == "cross-site" || r.Header.Get("Sec-Fetch-Site") == "same-site"
			if u := rc.user; u != nil && !u.Tokens && u.Language != l && k.LanguageChosen != nil && !fromElsewhere {
				if err := k.LanguageChosen(r, u, l); err != nil {
					rc.log.Warn("remember language", "err", err)
				} else {
					u.Language = l
				}
			}
			if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
				u := *r.URL
				u.RawQuery = stripLang(r.URL.RawQuery)
				// A path of "//host" would be read as another site: keep one leading slash.
				target := "/" + strings.TrimLeft(u.RequestURI(), "/\\")
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			rc.lang = l
		} else if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
			rc.lang = c.Value
		} else if strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "cy") {
			rc.lang = "cy"
		}
		w.Header().Set("Content-Language", rc.lang)
		next.ServeHTTP(w, r)
	})
}

func stripLang(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return ""
	}
	q.Del("lang")
	return q.Encode()
}

const flashCookie = "commons_flash"

// Flash sets a one-off notification (a message key) shown on the next page.
func (k *Kit) Flash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: k.Secure})
}

func (k *Kit) takeFlash(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(flashCookie); err == nil && k.Bundle.Has("en", c.Value) {
		reqCtx(r).flash = c.Value
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: k.Secure})
	}
}
