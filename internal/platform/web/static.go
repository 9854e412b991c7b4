package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed all:static
var staticFS embed.FS

// Static serves the embedded static files under content-hashed URLs (/static/HASH/name): a
// changed file gets a new URL, so each can be cached for a year.
type Static struct {
	files fs.FS
	hash  map[string]string // name → short hash
}

// NewStatic hashes every embedded static file.
func NewStatic() (*Static, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s := &Static{files: sub, hash: map[string]string{}}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		s.hash[p] = hex.EncodeToString(h[:6])
		return nil
	})
	return s, err
}

// URL is the hashed URL of a static file; an unknown name still gets a URL (that will 404) so a
// missing front-end build shows as broken styling, not a crash.
func (s *Static) URL(name string) string {
	h, ok := s.hash[name]
	if !ok {
		h = "missing"
	}
	return "/static/" + h + "/" + name
}

// Has reports whether a static file exists (the front-end build ran).
func (s *Static) Has(name string) bool { _, ok := s.hash[name]; return ok }

// ServeHTTP serves /static/HASH/name.
func (s *Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/static/")
	h, name, ok := strings.Cut(rest, "/")
	if !ok || name == "" || strings.HasSuffix(name, "/") {
		http.NotFound(w, r)
		return
	}
	if st, err := fs.Stat(s.files, name); err != nil || st.IsDir() {
		http.NotFound(w, r) // a folder of the embedded files is no file (it was a 500)
		return
	}
	if s.hash[name] == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeFileFS(w, r, s.files, name)
}
