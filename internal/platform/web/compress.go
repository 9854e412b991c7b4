package web

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Compression of responses: pages, stylesheets, scripts and every data format Commons serves
// (JSON, GeoJSON, CSV, iCalendar, Pabulib, SVG) go out as Brotli when the client accepts it,
// else gzip. Static files are compressed once when the server starts (static.go); everything
// else on the fly by Compress.

// compressible reports whether a response of this media type is worth compressing.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch mt {
	case "text/html", "text/css", "text/javascript", "application/javascript", "text/plain",
		"text/csv", "text/calendar", "text/xml", "application/xml", "image/svg+xml",
		"application/json", "application/problem+json", "application/geo+json",
		"application/schema+json", "application/ld+json", "application/manifest+json":
		return true
	}
	return strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml")
}

// Encoding names of the answer.
const (
	encBrotli = "br"
	encGzip   = "gzip"
)

// negotiate picks br or gzip from an Accept-Encoding header ("" for neither), by the client's
// q-values, Brotli first when they tie.
func negotiate(header string) string {
	var br, gz, star float64 = -1, -1, -1
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = q
		case "gzip", "x-gzip":
			gz = q
		case "*":
			star = q
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case br > 0 && br >= gz:
		return encBrotli
	case gz > 0:
		return encGzip
	}
	return ""
}

// Levels for compressing on the fly: fast enough that a 20 KB page costs a fraction of a
// millisecond, yet about five times smaller.
const (
	brotliLevel = 4
	gzipLevel   = 5
)

var (
	brPool = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, brotliLevel) }}
	gzPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzipLevel); return w }}
)

// minCompress is the smallest body worth compressing; smaller ones go out as they are.
const minCompress = 512

// Compress compresses responses whose type is worth it for clients that accept Brotli or gzip,
// and says so in Vary. A response that already has a Content-Encoding (a precompressed static
// file, the Prometheus handler), a partial response, or one to a HEAD request is left alone.
func Compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		enc := negotiate(r.Header.Get("Accept-Encoding"))
		if enc == "" || r.Method == http.MethodHead || r.Header.Get("Range") != "" {
			next.ServeHTTP(&varyWriter{ResponseWriter: w}, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, enc: enc}
		defer cw.close()
		next.ServeHTTP(cw, r)
	})
}

// varyWriter adds Vary: Accept-Encoding to compressible answers sent uncompressed, so a cache
// between does not hand them to a client that would take them compressed (or the reverse).
type varyWriter struct {
	http.ResponseWriter
	wrote bool
}

func (v *varyWriter) WriteHeader(code int) {
	if !v.wrote {
		v.wrote = true
		if compressible(v.Header().Get("Content-Type")) {
			addVary(v.Header())
		}
	}
	v.ResponseWriter.WriteHeader(code)
}

func (v *varyWriter) Write(b []byte) (int, error) {
	if !v.wrote {
		if v.Header().Get("Content-Type") == "" {
			v.Header().Set("Content-Type", http.DetectContentType(b))
		}
		v.WriteHeader(http.StatusOK)
	}
	return v.ResponseWriter.Write(b)
}

func (v *varyWriter) Unwrap() http.ResponseWriter { return v.ResponseWriter }

func addVary(h http.Header) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), "Accept-Encoding") {
				return
			}
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

// compressWriter decides at the first write: the status and headers are held back, with up to
// minCompress bytes of body, until it is known whether the answer is compressed.
type compressWriter struct {
	http.ResponseWriter
	enc     string
	status  int
	decided bool
	buf     []byte
	z       io.WriteCloser // the compressor, once compressing
}

func (c *compressWriter) WriteHeader(code int) {
	if c.status != 0 {
		return
	}
	c.status = code
	// Informational answers pass at once; answers with no body are decided now.
	if code < 200 {
		c.status = 0
		c.ResponseWriter.WriteHeader(code)
		return
	}
	if code == http.StatusNoContent || code == http.StatusNotModified || code == http.StatusPartialContent {
		c.decide(false)
	}
}

func (c *compressWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if c.decided {
		if c.z != nil {
			return c.z.Write(b)
		}
		return c.ResponseWriter.Write(b)
	}
	if c.Header().Get("Content-Type") == "" {
		c.Header().Set("Content-Type", http.DetectContentType(append(c.buf, b...)))
	}
	if !c.worth() {
		c.decide(false)
		return c.ResponseWriter.Write(b)
	}
	c.buf = append(c.buf, b...)
	if len(c.buf) < minCompress {
		return len(b), nil
	}
	c.decide(true)
	return len(b), nil
}

// worth reports whether the answer, as its headers stand, may be compressed.
func (c *compressWriter) worth() bool {
	h := c.Header()
	if h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "" {
		return false
	}
	if cl := h.Get("Content-Length"); cl != "" {
		if n, err := strconv.Atoi(cl); err == nil && n < minCompress {
			return false
		}
	}
	return compressible(h.Get("Content-Type"))
}

// decide sends the held-back headers (compressed or not), then any body held back.
func (c *compressWriter) decide(compress bool) {
	if c.decided {
		return
	}
	c.decided = true
	h := c.Header()
	if compressible(h.Get("Content-Type")) && h.Get("Content-Encoding") == "" {
		addVary(h)
	}
	if compress {
		h.Del("Content-Length")
		h.Set("Content-Encoding", c.enc)
		if etag := h.Get("ETag"); strings.HasPrefix(etag, `"`) {
			// A strong validator names one representation: the compressed one is another.
			h.Set("ETag", "W/"+etag)
		}
		if c.enc == encBrotli {
			bw := brPool.Get().(*brotli.Writer)
			bw.Reset(c.ResponseWriter)
			c.z = bw
		} else {
			gw := gzPool.Get().(*gzip.Writer)
			gw.Reset(c.ResponseWriter)
			c.z = gw
		}
	}
	c.ResponseWriter.WriteHeader(c.status)
	if len(c.buf) > 0 {
		if c.z != nil {
			_, _ = c.z.Write(c.buf)
		} else {
			_, _ = c.ResponseWriter.Write(c.buf)
		}
		c.buf = nil
	}
}

// close ends the answer: a short body is sent as it is, a compressed one is finished.
func (c *compressWriter) close() {
	if !c.decided {
		if c.status == 0 {
			return // nothing was written: net/http sends its empty 200
		}
		c.decide(false)
	}
	if c.z != nil {
		_ = c.z.Close()
		switch z := c.z.(type) {
		case *brotli.Writer:
			z.Reset(io.Discard)
			brPool.Put(z)
		case *gzip.Writer:
			z.Reset(io.Discard)
			gzPool.Put(z)
		}
		c.z = nil
	}
}

// Flush sends what is held back and what the compressor has so far.
func (c *compressWriter) Flush() {
	if !c.decided {
		if c.status == 0 {
			c.status = http.StatusOK
		}
		c.decide(c.worth() && len(c.buf) > 0)
	}
	if f, ok := c.z.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
