package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// MaxBody is the largest request body a route takes unless it sets its own (a form with
// uploads does, through capability.Route.MaxBody).
const MaxBody = 1 << 20

// multipartMemory is how much of a multipart form is held in memory; the rest of its files
// wait in temporary files until the request ends.
const multipartMemory = 8 << 20

// body reads and checks what a request sends, once, before anything else looks at it:
//
//   - the body is limited to the route's size (Options.BodyLimit, or MaxBody); a larger one is
//     answered 413 with the text the person typed shown again, so nothing typed is lost (V7);
//   - forms are parsed here (so the CSRF check and the handlers read them parsed), and a path,
//     query or form value, file name or JSON string holding a NUL or text that is not UTF-8
//     is answered 400, never passed on to a database that cannot store it (V6).
func (k *Kit) body(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cleanText(r.URL.Path) || !cleanValues(r.URL.Query()) {
			k.badText(w, r)
			return
		}
		limit := int64(MaxBody)
		if k.BodyLimit != nil {
			if n := k.BodyLimit(r); n > 0 {
				limit = n
			}
		}
		safe := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
		if safe || r.Body == nil || r.Body == http.NoBody {
			r.Body = http.MaxBytesReader(w, orNoBody(r.Body), limit)
			next.ServeHTTP(w, r)
			return
		}
		media, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		raw := r.Body
		kept := &keepReader{r: raw}
		r.Body = http.MaxBytesReader(w, kept, limit)
		var err error
		switch media {
		case "application/x-www-form-urlencoded":
			err = r.ParseForm()
		case "multipart/form-data":
			err = r.ParseMultipartForm(multipartMemory)
		case "application/json", "application/merge-patch+json", "application/problem+json":
			var b []byte
			if b, err = io.ReadAll(r.Body); err == nil {
				if !cleanJSON(b) {
					k.badText(w, r)
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(b))
			}
		}
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			rest := io.MultiReader(bytes.NewReader(kept.buf.Bytes()), raw)
			k.tooLarge(w, r, limit, salvage(rest, media, params))
			return
		case err != nil:
			k.badForm(w, r, err)
			return
		}
		if !cleanValues(r.PostForm) || r.MultipartForm != nil && !cleanMultipart(r.MultipartForm) {
			k.badText(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func orNoBody(b io.ReadCloser) io.ReadCloser {
	if b == nil {
		return http.NoBody
	}
	return b
}

// keepReader keeps a copy of what it reads, so the text of a body that turned out too large
// can be read again from the start.
type keepReader struct {
	r   io.ReadCloser
	buf bytes.Buffer
}

func (k *keepReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	k.buf.Write(p[:n])
	return n, err
}

func (k *keepReader) Close() error { return k.r.Close() }

// cleanText reports whether s can be stored: UTF-8 without NUL (PostgreSQL refuses both;
// SQLite would store what no page can show properly).
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !cleanText(k) {
			return false
		}
		for _, s := range vs {
			if !cleanText(s) {
				return false
			}
		}
	}
	return true
}

func cleanMultipart(f *multipart.Form) bool {
	if !cleanValues(f.Value) {
		return false
	}
	for name, fhs := range f.File {
		if !cleanText(name) {
			return false
		}
		for _, fh := range fhs {
			if !cleanText(fh.Filename) {
				return false
			}
		}
	}
	return true
}

// cleanJSON reports whether a JSON body is UTF-8 and none of its strings (keys and values)
// holds a NUL, written as \u0000 or otherwise. A body that is not JSON at all is left to the
// handler to refuse.
func cleanJSON(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return true
		}
		if s, ok := tok.(string); ok && strings.ContainsRune(s, 0) {
			return false
		}
	}
}

// badText answers a request carrying text that cannot be stored: 400, saying what to do.
func (k *Kit) badText(w http.ResponseWriter, r *http.Request) {
	k.plainError(w, r, http.StatusBadRequest, "error.bad_text.title", "error.bad_text")
}

// badForm answers a form the server could not read at all (a broken multipart body).
func (k *Kit) badForm(w http.ResponseWriter, r *http.Request, err error) {
	Log(r).Info("request refused: unreadable form", "err", err)
	k.plainError(w, r, http.StatusBadRequest, "error.title", "error.bad_form")
}

// plainError answers with a status of its own, outside the errs table (400, 413, 503).
func (k *Kit) plainError(w http.ResponseWriter, r *http.Request, status int, titleKey, key string) {
	if wantsJSON(r) {
		k.Problem(w, r, status, errs.E(errs.Invalid, key))
		return
	}
	p := ErrorPage{Page: k.NewPage(r, titleKey), Status: status, Message: k.T(r, key)}
	k.Render(w, r, status, "web/page_error", &p)
}

// TypedText is one field of a form that was too large to take, as the person typed it.
type TypedText struct {
	Name  string
	Value string
}

type tooLargePage struct {
	Page
	Limit string
	Typed []TypedText
	Back  string
}

// tooLarge answers a body over the route's limit: 413, and on a page the text the person typed
// (not passwords or the form's hidden ids), so they can copy it and send it again with smaller
// files.
func (k *Kit) tooLarge(w http.ResponseWriter, r *http.Request, limit int64, typed []TypedText) {
	Log(r).Info("request refused: body too large", "limit", limit)
	if wantsJSON(r) {
		k.Problem(w, r, http.StatusRequestEntityTooLarge, errs.E(errs.Invalid, "error.too_large.api"))
		return
	}
	p := &tooLargePage{Page: k.NewPage(r, "error.too_large.title"), Limit: humanBytes(limit), Typed: typed, Back: sameSiteReferer(r)}
	k.Render(w, r, http.StatusRequestEntityTooLarge, "web/page_too_large", p)
}

// humanBytes writes a size as people read it: 1 MB, 3.5 MB, 900 KB.
func humanBytes(n int64) string {
	if n >= 1<<20 {
		s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
		return strings.TrimSuffix(s, ".0") + " MB"
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// sameSiteReferer is the page the form was on, when it was on this site; else the home page.
func sameSiteReferer(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	return u.RequestURI()
}

// salvage reads the text fields of a form body (after its files, which it skips), within
// bounds: the text is what matters to the person who typed it.
func salvage(body io.Reader, media string, params map[string]string) []TypedText {
	const readCap, fieldCap = 64 << 20, 100 << 10
	body = io.LimitReader(body, readCap)
	var out []TypedText
	add := func(name, value string) {
		value = strings.ToValidUTF8(strings.ReplaceAll(value, "\x00", ""), "")
		lname := strings.ToLower(name)
		if strings.TrimSpace(value) == "" || name == CSRFField || name == "idem" || strings.Contains(lname, "password") ||
			ids.Valid(value) || len(out) >= 50 {
			return
		}
		out = append(out, TypedText{Name: strings.ToValidUTF8(name, ""), Value: value})
	}
	switch media {
	case "multipart/form-data":
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			if part.FileName() != "" {
				_, _ = io.Copy(io.Discard, part)
				continue
			}
			b, _ := io.ReadAll(io.LimitReader(part, fieldCap))
			add(part.FormName(), string(b))
		}
	case "application/x-www-form-urlencoded":
		b, _ := io.ReadAll(body)
		vals, _ := url.ParseQuery(string(b))
		for _, pair := range strings.Split(string(b), "&") { // in the order typed
			name, _, _ := strings.Cut(pair, "=")
			if name, err := url.QueryUnescape(name); err == nil && vals.Has(name) {
				for _, v := range vals[name] {
					add(name, v)
				}
				delete(vals, name)
			}
		}
	}
	return out
}
