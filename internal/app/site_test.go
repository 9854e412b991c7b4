package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
)

func TestSitePages(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := a.Client(t)
	for path, want := range map[string]string{"/": "Testborough", "/accessibility": "Accessibility", "/privacy": "Privacy"} {
		r := c.Get(path)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, want, `<html lang="en"`)
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
	// The home page leads to every capability, and each of those pages answers.
	home := c.Get("/")
	for _, path := range []string{"/budgets", "/assets", "/projects", "/boards", "/events", "/groups"} {
		apptest.MustContain(t, home, `href="`+path+`"`)
		apptest.MustStatus(t, c.Get(path), http.StatusOK)
	}
	r := c.Get("/no/such/page")
	apptest.MustStatus(t, r, http.StatusNotFound)
	apptest.MustContain(t, r, "Page not found")
	r = c.Get("/healthz")
	apptest.MustStatus(t, r, http.StatusOK)
	if r.Body != "ok\n" {
		t.Errorf("healthz %q", r.Body)
	}
	r = c.Get("/metrics")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, `commons_http_requests_total{method="GET",route="GET /{$}",status="200"} 2`,
		`commons_http_requests_total{method="GET",route="GET /healthz",status="200"} 1`,
		// The standard collectors and Commons' own database and outbox series.
		"\ngo_goroutines ", "\nprocess_resident_memory_bytes ", `go_sql_open_connections{db_name="read"}`,
		"\ncommons_db_transactions_committed_total ", "\ncommons_outbox_pending ")
}

// With COMMONS_METRICS_TOKEN set, /metrics answers only a request that
// bears the token, and tells the others how to authenticate.
func TestMetricsToken(t *testing.T) {
	const token = "scrape-me-0123456789"
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_METRICS_TOKEN": token}})
	c := a.Client(t)
	apptest.MustStatus(t, c.Get("/healthz"), http.StatusOK)
	for _, auth := range []string{"", "Bearer wrong-token-0123456789", token, "Bearer " + token + "x", "Basic " + token} {
		req := c.Request(http.MethodGet, "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		r := c.Do(req)
		apptest.MustStatus(t, r, http.StatusUnauthorized)
		if got := r.Header.Get("WWW-Authenticate"); got != `Bearer realm="metrics"` {
			t.Errorf("%q: WWW-Authenticate %q", auth, got)
		}
		if strings.Contains(r.Body, "commons_http_requests_total") {
			t.Errorf("%q: metrics shown without the token", auth)
		}
	}
	req := c.Request(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	r := c.Do(req)
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, `commons_http_requests_total{method="GET",route="GET /healthz",status="200"} 1`)
	// Other methods are not allowed, whoever asks.
	req = c.Request(http.MethodPost, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	apptest.MustStatus(t, c.Do(req), http.StatusMethodNotAllowed)
	// The rest of the site does not need it.
	apptest.MustStatus(t, c.Get("/budgets"), http.StatusOK)
}

func TestLanguageSwitch(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := a.Client(t)
	r := c.Get("/register?lang=cy&x=1")
	apptest.MustStatus(t, r, http.StatusSeeOther)
	if r.Location() != "/register?x=1" {
		t.Errorf("Location %q", r.Location())
	}
	r = c.Follow(r)
	apptest.MustContain(t, r, `<html lang="cy"`, "Creu cyfrif")
	if cl := r.Header.Get("Content-Language"); cl != "cy" {
		t.Errorf("Content-Language %q", cl)
	}
	// Errors come back in Welsh too.
	r = c.PostForm("/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password"}})
	apptest.MustContain(t, r, "Rhowch gyfeiriad e-bost a chyfrinair cywir")
	apptest.MustContain(t, c.Follow(c.Get("/?lang=en")), `<html lang="en"`)

	// Accept-Language picks Welsh for a first visit.
	fresh := a.Client(t)
	req := fresh.Request(http.MethodGet, "/sign-in", nil)
	req.Header.Set("Accept-Language", "cy-GB,cy;q=0.9,en;q=0.5")
	apptest.MustContain(t, fresh.Do(req), `<html lang="cy"`, "Mewngofnodi")

	// The switch never sends anyone off the site.
	for _, path := range []string{"//evil.example/", "/\\evil.example/", "///evil.example"} {
		req := fresh.Request(http.MethodGet, "/", nil)
		req.URL.Path = path // sent as it is
		req.URL.RawQuery = "lang=cy"
		r := fresh.Do(req)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if loc := r.Location(); strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") || strings.Contains(loc, "://") {
			t.Errorf("GET %s redirects off the site to %q", path, loc)
		}
	}
}

func TestCSRF(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.MustAccount(t, "Cai", "cai@example.org", pw)
	c := a.Client(t)
	c.Get("/sign-in")
	form := url.Values{"email": {"cai@example.org"}, "password": {pw}}

	r := c.Do(c.Request(http.MethodPost, "/sign-in", form)) // no token
	apptest.MustStatus(t, r, http.StatusForbidden)
	apptest.MustContain(t, r, "This form has expired or did not come from this site")
	bad := url.Values{"csrf_token": {"x" + c.CSRF}}
	for k, v := range form {
		bad[k] = v
	}
	apptest.MustStatus(t, c.PostForm("/sign-in", bad), http.StatusForbidden)

	for header, value := range map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"} {
		withToken := url.Values{"csrf_token": {c.CSRF}}
		for k, v := range form {
			withToken[k] = v
		}
		req := c.Request(http.MethodPost, "/sign-in", withToken)
		req.Header.Set(header, value)
		apptest.MustStatus(t, c.Do(req), http.StatusForbidden)
	}
	// Same-origin with the token works.
	req := c.Request(http.MethodPost, "/sign-in", url.Values{"csrf_token": {c.CSRF}, "email": form["email"], "password": form["password"]})
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	apptest.MustStatus(t, c.Do(req), http.StatusSeeOther)

	// A token from another visitor's cookie is not accepted either.
	other := a.Client(t)
	other.Get("/sign-in")
	apptest.MustStatus(t, other.PostForm("/sign-in", url.Values{"csrf_token": {c.CSRF}, "email": form["email"], "password": form["password"]}), http.StatusForbidden)
}

func TestOpenAPIListsEveryAPIRoute(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	r := a.Client(t).Get("/api/v1/openapi.json")
	apptest.MustStatus(t, r, http.StatusOK)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var inDoc, inRoutes []string
	for p, ops := range doc.Paths {
		for m := range ops {
			inDoc = append(inDoc, strings.ToUpper(m)+" /api/v1"+p)
		}
	}
	for _, rt := range a.Routes() {
		if strings.Contains(rt.Pattern, " /api/v1/") && rt.Pattern != "GET /api/v1/openapi.json" {
			inRoutes = append(inRoutes, rt.Pattern)
		}
	}
	sort.Strings(inDoc)
	sort.Strings(inRoutes)
	if fmt.Sprint(inDoc) != fmt.Sprint(inRoutes) {
		t.Errorf("OpenAPI paths differ from the route table:\ndocument: %v\nroutes:   %v", inDoc, inRoutes)
	}
}

func TestAPILists(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	admin := &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin), Name: "Ada", Roles: []string{identity.RoleAdmin}}
	var areaIDs []string
	for _, name := range []string{"Castle", "Docks", "Abbey"} {
		ar, err := a.Identity.SaveArea(t.Context(), admin, "", identity.AreaInput{Name: name, Kind: "ward", PostcodeDistricts: "AB1"})
		if err != nil {
			t.Fatal(err)
		}
		areaIDs = append(areaIDs, ar.ID)
	}
	for _, o := range []identity.OrganisationInput{{Name: "Council", Sector: "public"}, {Name: "Food Bank", Sector: "vcf", AreaID: areaIDs[0]}} {
		if _, err := a.Identity.SaveOrganisation(t.Context(), admin, "", o); err != nil {
			t.Fatal(err)
		}
	}
	c := a.Client(t)
	type page struct {
		Items []struct {
			ID, Name, Sector string
		} `json:"items"`
		Limit, Offset int
		Next          string
	}
	get := func(path string) page {
		t.Helper()
		r := c.Get(path)
		apptest.MustStatus(t, r, http.StatusOK)
		if r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: Content-Type %q", path, r.Header.Get("Content-Type"))
		}
		var p page
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var names []string
	p := get("/api/v1/areas?limit=2")
	for {
		for _, it := range p.Items {
			names = append(names, it.Name)
		}
		if p.Next == "" {
			break
		}
		p = get(p.Next)
	}
	if fmt.Sprint(names) != "[Abbey Castle Docks]" {
		t.Errorf("paged areas %v", names)
	}
	if p := get("/api/v1/areas"); len(p.Items) != 3 || p.Next != "" || p.Limit != 50 {
		t.Errorf("default page %+v", p)
	}
	if p := get("/api/v1/areas?offset=10"); len(p.Items) != 0 || p.Items == nil {
		t.Errorf("page past the end %+v", p)
	}
	if p := get("/api/v1/organisations?sector=vcf"); len(p.Items) != 1 || p.Items[0].Name != "Food Bank" {
		t.Errorf("vcf organisations %+v", p)
	}
	r := c.Get("/api/v1/areas/" + areaIDs[0])
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, `"name": "Castle"`, `"postcode_districts": [`)

	for _, path := range []string{"/api/v1/areas?limit=0", "/api/v1/areas?limit=201", "/api/v1/organisations?limit=x",
		"/api/v1/areas?offset=-1", "/api/v1/organisations?sector=army"} {
		r := c.Get(path)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		var prob map[string]any
		if err := json.Unmarshal([]byte(r.Body), &prob); err != nil || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: not problem+json: %s", path, r.Body)
		}
		if prob["status"] != float64(422) || prob["errors"] == nil {
			t.Errorf("%s: problem %v", path, prob)
		}
	}
	for _, path := range []string{"/api/v1/areas/1", "/api/v1/areas/" + strings.ToUpper(areaIDs[0]), "/api/v1/organisations/x';DROP TABLE areas;--",
		"/api/v1/areas/00000000-0000-4000-8000-000000000000", "/api/v1/organisations/00000000-0000-4000-8000-000000000000"} {
		r := c.Get(strings.ReplaceAll(path, " ", "%20"))
		apptest.MustStatus(t, r, http.StatusNotFound)
		if r.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: Content-Type %q", path, r.Header.Get("Content-Type"))
		}
	}
}

// Pages and data go out compressed to browsers that take Brotli or gzip; static files are
// fingerprinted (init.js imports GOV.UK Frontend by its hashed URL too) and cached for a year;
// feeds and downloads carry an ETag, and a client that has them already gets 304.
func TestCompressionAndValidators(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := a.Client(t)
	get := func(path string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req := c.Request(http.MethodGet, path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		// Setting Accept-Encoding ourselves stops Go's client from decompressing for us.
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, b
	}
	unbrotli := func(b []byte) string {
		out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	res, body := get("/", "Accept-Encoding", "gzip, deflate, br, zstd")
	if res.Header.Get("Content-Encoding") != "br" {
		t.Fatalf("home page Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	page := unbrotli(body)
	if !strings.Contains(page, "</html>") || len(body)*3 > len(page) {
		t.Fatalf("home page: %d bytes for %d", len(body), len(page))
	}
	css := regexp.MustCompile(`href="(/static/[0-9a-f]{12}/govuk/commons.css)"`).FindStringSubmatch(page)
	js := regexp.MustCompile(`src="(/static/[0-9a-f]{12}/govuk/init.js)"`).FindStringSubmatch(page)
	if css == nil || js == nil {
		t.Fatal("no hashed stylesheet or script on the home page")
	}
	res, body = get(css[1], "Accept-Encoding", "br")
	if res.Header.Get("Content-Encoding") != "br" || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || len(body) > 40000 {
		t.Errorf("commons.css: %q, %q, %d bytes", res.Header.Get("Content-Encoding"), res.Header.Get("Cache-Control"), len(body))
	}
	res, body = get(js[1])
	if res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("init.js: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	frontend := regexp.MustCompile(`'(/static/[0-9a-f]{12}/govuk/govuk-frontend.min.js)'`).FindStringSubmatch(string(body))
	if frontend == nil {
		t.Fatalf("init.js does not import GOV.UK Frontend by a hashed URL:\n%s", body)
	}
	if res, _ = get(frontend[1]); res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("govuk-frontend.min.js: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	for _, path := range []string{"/events.ics", "/assets.csv", "/assets.geojson"} {
		res, _ := get(path)
		etag := res.Header.Get("ETag")
		if res.StatusCode != 200 || etag == "" {
			t.Errorf("%s: %d, ETag %q", path, res.StatusCode, etag)
			continue
		}
		again, body := get(path, "If-None-Match", etag)
		if again.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s with its ETag: %d, %d bytes", path, again.StatusCode, len(body))
		}
		if zipped, _ := get(path, "Accept-Encoding", "gzip", "If-None-Match", etag); zipped.StatusCode != http.StatusNotModified {
			t.Errorf("%s compressed, with its ETag: %d", path, zipped.StatusCode)
		}
	}
}
