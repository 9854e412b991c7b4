package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"commons/internal/platform/errs"
)

// Status is the one table from error code to HTTP status.
func Status(c errs.Code) int {
	switch c {
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Unauthenticated:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.RateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorPage is the data of the error pages.
type ErrorPage struct {
	Page
	Status  int
	Message string
}

// Error answers with err: problem+json under /api/, otherwise a friendly page. Internal errors
// are logged with their cause; the user sees a translated message and the request id.
func (k *Kit) Error(w http.ResponseWriter, r *http.Request, err error) {
	if tookTooLong(r, err) {
		k.tooLong(w, r, err)
		return
	}
	e := errs.As(err)
	status := Status(e.Code)
	if e.Code == errs.Internal {
		Log(r).Error("internal error", "err", err)
	} else {
		Log(r).Info("request refused", "code", e.Code, "key", e.Key, "err", e.Err)
	}
	if bearer(r) {
		// A program with a token: say so in the header RFC 6750 names.
		var scope scopeError
		switch {
		case errors.As(err, &scope):
			w.Header().Set("WWW-Authenticate", `Bearer realm="commons", error="insufficient_scope", scope="`+string(scope)+`"`)
		case e.Code == errs.Unauthenticated:
			w.Header().Set("WWW-Authenticate", `Bearer realm="commons", error="invalid_token"`)
		}
	}
	// A person following a link (to a page or to their own data) signs in first and comes back;
	// a request that carried a token is answered at once, as signing in would not help it (and
	// would send it round the sign-in page for ever).
	if e.Code == errs.Unauthenticated && !apiPath(r) && !acceptsJSON(r) && !bearer(r) && r.Method == http.MethodGet {
		http.Redirect(w, r, "/sign-in?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if wantsJSON(r) {
		k.Problem(w, r, status, e)
		return
	}
	key := e.Key
	if !k.Bundle.Has("en", key) {
		key = "error.internal"
	}
	tmpl := "web/page_error"
	titleKey := "error.title"
	switch status {
	case http.StatusNotFound:
		titleKey = "error.not_found.title"
	case http.StatusInternalServerError:
		titleKey = "error.internal.title"
	}
	p := ErrorPage{Page: k.NewPage(r, titleKey), Status: status, Message: k.T(r, key)}
	k.Render(w, r, status, tmpl, &p)
}

// tookTooLong reports whether err comes from the request's database time running out: its
// deadline passed, or PostgreSQL's statement_timeout stopped a statement (SQLSTATE 57014).
func tookTooLong(r *http.Request, err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(r.Context().Err(), context.DeadlineExceeded) {
		return true
	}
	var state interface{ SQLState() string }
	return errors.As(err, &state) && state.SQLState() == "57014"
}

// tooLong answers a request that ran out of database time: 503, with a page (or problem+json)
// that says what happened and what to try.
func (k *Kit) tooLong(w http.ResponseWriter, r *http.Request, err error) {
	Log(r).Warn("request stopped: it took too long", "err", err)
	e := errs.E(errs.Internal, "error.too_long")
	w.Header().Set("Retry-After", "30")
	if wantsJSON(r) {
		k.Problem(w, r, http.StatusServiceUnavailable, e)
		return
	}
	p := ErrorPage{Page: k.NewPage(r, "error.too_long.title"), Status: http.StatusServiceUnavailable, Message: k.T(r, e.Key)}
	k.Render(w, r, http.StatusServiceUnavailable, "web/page_error", &p)
}

func (k *Kit) serverError(w http.ResponseWriter, r *http.Request, err error) {
	Log(r).Error("internal error", "err", err)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	// The templates themselves failed: a plain page, still translated.
	_, _ = w.Write([]byte("<!DOCTYPE html><html lang=\"" + Lang(r) + "\"><head><meta charset=\"utf-8\"><title>" +
		k.T(r, "error.internal.title") + "</title></head><body><main><h1>" + k.T(r, "error.internal.title") +
		"</h1><p>" + k.T(r, "error.internal") + "</p><p>" + RequestID(r) + "</p></main></body></html>"))
}

// wantsJSON says whether an error is answered as problem+json: on the APIs, on data addresses
// (.json, .geojson), and for a client that asks for JSON and not HTML.
func wantsJSON(r *http.Request) bool {
	p := r.URL.Path
	return apiPath(r) || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".geojson") || acceptsJSON(r) || bearer(r)
}

// bearer reports whether the request carried an Authorization header: a program, not a browser.
func bearer(r *http.Request) bool { return r.Header.Get("Authorization") != "" }

// apiPath: the API and the Open Referral feed, where a program, not a person, is asking.
func apiPath(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/openreferral/")
}

func acceptsJSON(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// Problem writes an RFC 9457 problem+json body.
func (k *Kit) Problem(w http.ResponseWriter, r *http.Request, status int, e *errs.Error) {
	body := map[string]any{
		"type":       "about:blank",
		"title":      http.StatusText(status),
		"status":     status,
		"detail":     k.T(r, e.Key),
		"code":       e.Code,
		"request_id": RequestID(r),
	}
	if len(e.Fields) > 0 {
		f := map[string]string{}
		for name, key := range e.Fields {
			f[name] = k.T(r, key)
		}
		body["errors"] = f
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// JSON writes v as JSON with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// Redirect ends a successful POST.
func Redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// NotFound is the handler for unknown paths.
func (k *Kit) NotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
	})
}
