package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Conditional gives feeds and downloads (iCalendar, CSV, JSON, GeoJSON, Pabulib and the other
// data formats; not pages) a validator: an ETag made from the body, and Last-Modified when the
// handler set it. A client that sends the ETag back in If-None-Match (or a Last-Modified time
// in If-Modified-Since) and has the same data gets 304 Not Modified with no body: a calendar
// program polling a feed, or a dashboard re-downloading a CSV, costs a few bytes. Answers
// without Cache-Control get "no-cache" (kept, but checked every time), private when the
// request carried a session or a token.
//
// The body is held in memory to hash it, up to conditionalMax; a larger answer goes out as it
// is, without a validator.
func Conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &conditionalWriter{ResponseWriter: w, r: r}
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

const conditionalMax = 8 << 20

// dataType reports whether answers of this media type are feeds or downloads.
func dataType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch mt {
	case "text/calendar", "text/csv", "application/json", "application/geo+json", "text/plain",
		"application/xml", "text/xml", "application/ld+json", "application/schema+json":
		return true
	}
	return strings.HasSuffix(mt, "+json") && mt != "application/problem+json"
}

type conditionalWriter struct {
	http.ResponseWriter
	r       *http.Request
	status  int
	holding bool // a 200 data answer whose body is being held
	passing bool // decided: straight through
	buf     bytes.Buffer
}

func (c *conditionalWriter) WriteHeader(code int) {
	if c.status != 0 || c.holding || c.passing {
		return
	}
	if code < 200 {
		c.ResponseWriter.WriteHeader(code)
		return
	}
	c.status = code
	h := c.Header()
	if code == http.StatusOK && h.Get("ETag") == "" && h.Get("Content-Encoding") == "" && dataType(h.Get("Content-Type")) {
		c.holding = true
		return
	}
	c.passing = true
	c.ResponseWriter.WriteHeader(code)
}

func (c *conditionalWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		if c.Header().Get("Content-Type") == "" {
			c.Header().Set("Content-Type", http.DetectContentType(b))
		}
		c.WriteHeader(http.StatusOK)
	}
	if !c.holding {
		return c.ResponseWriter.Write(b)
	}
	if c.buf.Len()+len(b) > conditionalMax {
		// Too big to hold: send what is held and the rest as it comes, without a validator.
		c.holding, c.passing = false, true
		c.ResponseWriter.WriteHeader(c.status)
		if _, err := c.ResponseWriter.Write(c.buf.Bytes()); err != nil {
			return 0, err
		}
		c.buf = bytes.Buffer{}
		return c.ResponseWriter.Write(b)
	}
	return c.buf.Write(b)
}

// Flush gives up holding: a streamed answer gets no validator.
func (c *conditionalWriter) Flush() {
	if c.holding {
		c.holding, c.passing = false, true
		c.ResponseWriter.WriteHeader(c.status)
		_, _ = c.ResponseWriter.Write(c.buf.Bytes())
		c.buf = bytes.Buffer{}
	}
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *conditionalWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// finish sends a held answer: 304 when the client has it already, else with its validator.
func (c *conditionalWriter) finish() {
	if !c.holding {
		return
	}
	h := c.Header()
	sum := sha256.Sum256(c.buf.Bytes())
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	h.Set("ETag", etag)
	if h.Get("Cache-Control") == "" {
		if _, err := c.r.Cookie(sessionCookie); err == nil || c.r.Header.Get("Authorization") != "" {
			h.Set("Cache-Control", "private, no-cache")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
	}
	if notModified(c.r, etag, h.Get("Last-Modified")) {
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Disposition"} {
			h.Del(k)
		}
		c.ResponseWriter.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(c.buf.Len()))
	c.ResponseWriter.WriteHeader(http.StatusOK)
	if c.r.Method != http.MethodHead {
		_, _ = c.ResponseWriter.Write(c.buf.Bytes())
	}
}

// notModified applies RFC 9110's rules: If-None-Match when present (weak comparison), else
// If-Modified-Since against Last-Modified.
func notModified(r *http.Request, etag, lastModified string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || lastModified == "" {
		return false
	}
	since, err1 := http.ParseTime(ims)
	mod, err2 := http.ParseTime(lastModified)
	return err1 == nil && err2 == nil && !mod.Truncate(time.Second).After(since)
}
