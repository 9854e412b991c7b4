package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// HashedFile is one file a capability embeds and serves itself (a page's script or style
// sheet) at a URL carrying a hash of its content, so that browsers may keep it for a year: a
// changed file gets a new URL.
type HashedFile struct {
	// URL is the file's path with ?v= and the first 12 hex digits of its SHA-256.
	URL   string
	ctype string
	body  []byte
}

// NewHashedFile is body served at path as contentType.
func NewHashedFile(path, contentType string, body []byte) HashedFile {
	sum := sha256.Sum256(body)
	return HashedFile{URL: path + "?v=" + hex.EncodeToString(sum[:6]), ctype: contentType, body: body}
}

// Serve answers with the file, cacheable for a year.
func (f HashedFile) Serve(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(f.body)
	return nil
}
