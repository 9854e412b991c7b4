package web

import (
	"net/http"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// HandlerFunc is the shape of every handler: it writes a response, or returns an error and
// writes nothing. The route table adapts each one with Kit.Adapt, which turns the error into
// its status, the translated page or problem+json, and its log line, exactly once.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Adapt makes an http.Handler of h. An error returned after the handler has already written
// its status is only logged: the response is under way and cannot be replaced.
func (k *Kit) Adapt(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &trackWriter{ResponseWriter: w}
		if err := h(tw, r); err != nil {
			if tw.wrote {
				Log(r).Error("error after the response had started", "err", err)
				return
			}
			k.Error(w, r, err)
		}
	})
}

// ID returns the {name} path value when it is a well-formed id, and a not-found error
// otherwise, so a malformed id is a 404 before any SQL runs.
func ID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !ids.Valid(id) {
		return "", errs.E(errs.NotFound, "error.not_found")
	}
	return id, nil
}

// IDs returns the {a} and {b} path values, as ID does each: a malformed one is not found.
func IDs(r *http.Request, a, b string) (string, string, error) {
	x, err := ID(r, a)
	if err != nil {
		return "", "", err
	}
	y, err := ID(r, b)
	return x, y, err
}

// trackWriter remembers whether anything was written.
type trackWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackWriter) WriteHeader(code int) { t.wrote = true; t.ResponseWriter.WriteHeader(code) }
func (t *trackWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}
func (t *trackWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// Flush lets streamed downloads flush through the adapter.
func (t *trackWriter) Flush() {
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		t.wrote = true
		f.Flush()
	}
}
