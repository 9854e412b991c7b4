package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

//go:embed all:static
var staticFS embed.FS

// Static serves the embedded static files from memory under content-hashed URLs
// (/static/HASH/name): a changed file gets a new URL, so each can be cached for a year.
//
// At start every file is read once: references between files (a module's relative import, a
// stylesheet's url(…)) are rewritten to the hashed URLs, so the files they name are cached for
// a year too; stylesheets, scripts and other text are compressed once (Brotli and gzip),
// unless the front-end build already wrote NAME.br and NAME.gz beside them, at its highest
// settings. Each answer carries an ETag, so even a file asked for under an old hash is checked
// with a 304, not downloaded again.
type Static struct {
	files map[string]*staticFile
}

type staticFile struct {
	data, br, gz []byte
	hash         string // first 12 hex digits of the SHA-256 of data
	ctype        string
}

// Front-end files a complete build has; a binary without them serves unstyled pages.
var frontEnd = []string{"govuk/commons.css", "govuk/govuk-frontend.min.js", "govuk/init.js", "leaflet/leaflet.js"}

// NewStatic reads, rewrites, hashes and compresses every embedded static file.
func NewStatic() (*Static, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	return newStatic(sub)
}

func newStatic(fsys fs.FS) (*Static, error) {
	raw := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		raw[p] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	s := &Static{files: map[string]*staticFile{}}
	for name, b := range raw {
		if base, ok := precompressedOf(name); ok {
			if _, has := raw[base]; has {
				continue // kept below as a compressed copy of base
			}
		}
		s.files[name] = &staticFile{data: b, hash: hashOf(b), ctype: contentType(name)}
	}
	// Rewrite references to hashed URLs until nothing changes (a file pointing at a file that
	// points at another needs one round per step).
	rewritten := map[string]bool{}
	for round := 0; round < 8; round++ {
		changed := false
		for name, f := range s.files {
			nb := s.rewrite(name, f.data)
			if !bytes.Equal(nb, f.data) {
				f.data, f.hash = nb, hashOf(nb)
				rewritten[name], changed = true, true
			}
		}
		if !changed {
			break
		}
	}
	for name, f := range s.files {
		if !compressible(f.ctype) || len(f.data) < minCompress {
			continue
		}
		br, gz := raw[name+".br"], raw[name+".gz"]
		if rewritten[name] || br == nil || gz == nil {
			if br, err = compressBrotli(f.data); err != nil {
				return nil, fmt.Errorf("static %s: %w", name, err)
			}
			if gz, err = compressGzip(f.data); err != nil {
				return nil, fmt.Errorf("static %s: %w", name, err)
			}
		}
		// Keep a compressed copy only when it saves something worth a header.
		if len(br) < len(f.data)*19/20 {
			f.br = br
		}
		if len(gz) < len(f.data)*19/20 {
			f.gz = gz
		}
	}
	return s, nil
}

func precompressedOf(name string) (string, bool) {
	for _, ext := range []string{".br", ".gz"} {
		if strings.HasSuffix(name, ext) {
			return strings.TrimSuffix(name, ext), true
		}
	}
	return "", false
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".md":
		return "text/markdown; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

var (
	jsImport = regexp.MustCompile(`((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.\.?/[^'"\s]+)(['"])`)
	cssURL   = regexp.MustCompile(`url\(\s*(['"]?)([^'")\s]+)(['"]?)\s*\)`)
)

// rewrite points a script's relative imports and a stylesheet's url()s at the hashed URLs of
// the files they name (leaving any it does not know alone).
func (s *Static) rewrite(name string, b []byte) []byte {
	dir := path.Dir(name)
	target := func(ref string) (string, bool) {
		var p string
		switch {
		case strings.HasPrefix(ref, "/static/"):
			p = strings.TrimPrefix(ref, "/static/")
			if _, ok := s.files[p]; !ok {
				// Already hashed (/static/HASH/name): point at the file's current hash.
				_, rest, _ := strings.Cut(p, "/")
				p = rest
			}
		case strings.HasPrefix(ref, "/"), strings.Contains(ref, ":"), strings.HasPrefix(ref, "#"):
			return "", false
		default:
			p = path.Join(dir, ref)
		}
		f, ok := s.files[p]
		if !ok {
			return "", false
		}
		return "/static/" + f.hash + "/" + p, true
	}
	switch path.Ext(name) {
	case ".js", ".mjs":
		return jsImport.ReplaceAllFunc(b, func(m []byte) []byte {
			g := jsImport.FindSubmatch(m)
			if u, ok := target(string(g[3])); ok {
				return []byte(string(g[1]) + string(g[2]) + u + string(g[4]))
			}
			return m
		})
	case ".css":
		return cssURL.ReplaceAllFunc(b, func(m []byte) []byte {
			g := cssURL.FindSubmatch(m)
			if u, ok := target(string(g[2])); ok {
				return []byte("url(" + string(g[1]) + u + string(g[3]) + ")")
			}
			return m
		})
	}
	return b
}

func compressBrotli(b []byte) ([]byte, error) {
	var out bytes.Buffer
	w := brotli.NewWriterLevel(&out, 6) // in Go, quality 6 is as small as 9 and far quicker
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	err := w.Close()
	return out.Bytes(), err
}

func compressGzip(b []byte) ([]byte, error) {
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	err := w.Close()
	return out.Bytes(), err
}

// URL is the hashed URL of a static file; an unknown name still gets a URL (that will 404) so a
// missing front-end build shows as broken styling, not a crash.
func (s *Static) URL(name string) string {
	h := "missing"
	if f, ok := s.files[name]; ok {
		h = f.hash
	}
	return "/static/" + h + "/" + name
}

// Has reports whether a static file exists (the front-end build ran).
func (s *Static) Has(name string) bool { _, ok := s.files[name]; return ok }

// MissingFrontEnd lists the front-end build's files this binary lacks: it was built without
// running the front-end build first (make build, or npm ci && npm run build).
func (s *Static) MissingFrontEnd() []string {
	var missing []string
	for _, name := range frontEnd {
		if !s.Has(name) {
			missing = append(missing, name)
		}
	}
	return missing
}

// ServeHTTP serves /static/HASH/name: from memory, compressed when the client takes it, with
// an ETag; cached for a year when HASH is the file's, else checked each time.
func (s *Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/static/")
	h, name, ok := strings.Cut(rest, "/")
	f, found := s.files[name]
	if !ok || !found {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	if f.hash == h {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	hdr.Set("Content-Type", f.ctype)
	body, tag := f.data, f.hash
	if f.br != nil || f.gz != nil {
		hdr.Add("Vary", "Accept-Encoding")
		switch negotiate(r.Header.Get("Accept-Encoding")) {
		case encBrotli:
			if f.br != nil {
				body, tag = f.br, f.hash+"-br"
				hdr.Set("Content-Encoding", encBrotli)
			} else if f.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				body, tag = f.gz, f.hash+"-gz"
				hdr.Set("Content-Encoding", encGzip)
			}
		case encGzip:
			if f.gz != nil {
				body, tag = f.gz, f.hash+"-gz"
				hdr.Set("Content-Encoding", encGzip)
			}
		}
	}
	hdr.Set("ETag", `"`+tag+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}
