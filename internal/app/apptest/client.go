package apptest

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Client is a browser without JavaScript: it keeps cookies, does not follow redirects on its
// own (tests look at them), and posts forms with the CSRF token of the last page it read.
type Client struct {
	t    testing.TB
	app  *App
	HTTP *http.Client
	CSRF string    // csrf_token of the last page that had one
	Last *Response // the last response
}

// Response is a read response.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Location is the redirect target, relative to the site when it is on the site.
func (r *Response) Location() string { return r.Header.Get("Location") }

// Client returns a new client with an empty cookie jar.
func (a *App) Client(t testing.TB) *Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Client{t: t, app: a, HTTP: hc}
}

// csrfInput matches the hidden input the forms carry; attribute order as the templates write it.
var csrfInput = regexp.MustCompile(`<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]*)"`)

func (c *Client) url(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return c.app.URL + path
}

// Do sends a request as it is (no CSRF token added) and reads the answer.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	r := &Response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
	if m := csrfInput.FindStringSubmatch(r.Body); m != nil {
		c.CSRF = html.UnescapeString(m[1])
	}
	c.Last = r
	return r
}

// Request builds a request to a path on the site (or an absolute URL).
func (c *Client) Request(method, path string, form url.Values) *http.Request {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.url(path), body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

// Get fetches a page.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Do(c.Request(http.MethodGet, path, nil))
}

// PostForm posts a form with the CSRF token of the last page (fetching the
// registration page first when no page has given one yet), unless form already has a csrf_token.
func (c *Client) PostForm(path string, form url.Values) *Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf_token"]; !ok {
		if c.CSRF == "" {
			c.Get("/register")
		}
		if c.CSRF == "" {
			c.t.Fatal("apptest: the registration page gave no CSRF token")
		}
		form = cloneValues(form)
		form.Set("csrf_token", c.CSRF)
	}
	return c.Do(c.Request(http.MethodPost, path, form))
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Follow fetches the Location of a redirect; it fails the test if r is no redirect.
func (c *Client) Follow(r *Response) *Response {
	c.t.Helper()
	if r.Status < 300 || r.Status > 399 {
		c.t.Fatalf("want a redirect, got %d:\n%s", r.Status, Excerpt(r.Body))
	}
	return c.Get(r.Location())
}

// SignIn signs in through the form and fails the test unless it redirects.
func (c *Client) SignIn(email, password string) {
	c.t.Helper()
	c.Get("/sign-in")
	r := c.PostForm("/sign-in", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d, want 303:\n%s", email, r.Status, Excerpt(r.Body))
	}
}

// MustStatus fails the test unless r has the status.
func MustStatus(t testing.TB, r *Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d; Location %q; body:\n%s", r.Status, want, r.Location(), Excerpt(r.Body))
	}
}

// MustContain fails the test unless the body contains every string (HTML-unescaped body).
func MustContain(t testing.TB, r *Response, want ...string) {
	t.Helper()
	text := html.UnescapeString(r.Body)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("body lacks %q:\n%s", w, Excerpt(r.Body))
		}
	}
}

// MustNotContain fails the test when the body contains any of the strings.
func MustNotContain(t testing.TB, r *Response, unwanted ...string) {
	t.Helper()
	text := html.UnescapeString(r.Body)
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			t.Errorf("body contains %q:\n%s", w, Excerpt(r.Body))
		}
	}
}

var mainRE = regexp.MustCompile(`(?s)<main.*</main>`)

// Excerpt is the <main> of a page (or the start of any other body), for failure messages.
func Excerpt(body string) string {
	if m := mainRE.FindString(body); m != "" {
		body = m
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

var summaryRE = regexp.MustCompile(`(?s)<div class="govuk-error-summary".*?</ul>`)
var tagRE = regexp.MustCompile(`<[^>]+>`)

// ErrorSummary is the text of the GOV.UK error summary's items, one per line; "" when the page
// has none.
func ErrorSummary(r *Response) string {
	s := summaryRE.FindString(r.Body)
	if s == "" {
		return ""
	}
	items := strings.Split(s, "<li>")[1:]
	var out []string
	for _, it := range items {
		out = append(out, strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(it, ""))))
	}
	return strings.Join(out, "\n")
}
