package app

import (
	"net/http"
	"strings"

	"commons/internal/platform/capability"
	"commons/internal/platform/search"
)

// searchChanged wraps a route that changes things (any method but GET and HEAD) so that, once
// it has answered without an error, the search index is told to take the change in at once:
// a capability needs no call of its own after each write for its documents to be found (or no
// longer found) in the search across Commons. The index's periodic refresh catches the rest.
func (s *Server) searchChanged(pattern string, h http.Handler) http.Handler {
	if strings.HasPrefix(pattern, "GET ") || strings.HasPrefix(pattern, "HEAD ") {
		return h
	}
	cs := capability.All[search.Changed](s.Env)
	if len(cs) == 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		if sw.status < 400 {
			for _, c := range cs {
				c.SearchChanged()
			}
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	set    bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.set {
		w.status, w.set = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the writer beneath.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
