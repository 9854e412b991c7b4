package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/ids"
)

// TestNestedRoutesCheckTheParent walks every route of the route table whose path holds two or
// more ids (a post of a group, a session of an event, a meeting of a board, ...) with the ids of
// one parent and the child id of another, and expects 404: every lookup by id must check the
// parent it came through (V2: a private group's post could be read through an open group's
// address, and replies, edits and reports through the wrong group answered "done" and saved
// nothing).
//
// The ids come from the demo borough: each demo account crawls the site it can see, every link
// and form is matched against the route table, and so a route added later is covered as soon as
// the demo has something to link to it. Nested routes the crawl could not exercise are listed
// in the test's log (go test -v), so a gap shows.
func TestNestedRoutesCheckTheParent(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo borough")
	}
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		var routes []routePattern
		for _, rt := range a.Routes() {
			routes = append(routes, parseRoutePattern(rt.Pattern))
		}
		obs := &observations{pairs: map[string][]pair{}, instances: map[int][]instance{}, forms: map[int]url.Values{}}
		clients := map[string]*apptest.Client{}
		for _, acc := range identity.DemoAccounts {
			c := a.Client(t)
			c.SignIn(acc.Email, identity.DemoPassword)
			clients[acc.Email] = c
			crawl(t, c, acc.Email, routes, obs)
		}

		checked := map[int]bool{}
		tried := map[string]bool{}
		// GETs first, so a write that wrongly succeeded does not change what later GETs see.
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			for ri, rp := range routes {
				if rp.method != method || len(rp.wild) < 2 {
					continue
				}
				for _, probe := range obs.probes(ri, rp) {
					if tried[probe.method+" "+probe.path+" "+probe.user] {
						continue
					}
					tried[probe.method+" "+probe.path+" "+probe.user] = true
					c := clients[probe.user]
					send := func(path string) *apptest.Response {
						if method == http.MethodGet {
							return c.Get(path)
						}
						c.Get("/") // a fresh CSRF token
						form := url.Values{}
						for k, v := range obs.forms[ri] {
							form[k] = v
						}
						return c.PostForm(path, form)
					}
					r := send(probe.path)
					if r.Status == http.StatusNotFound {
						checked[ri] = true
						continue
					}
					// A person refused in the parent itself (not a host of the group, say) is
					// refused whatever the child: a foreign child must be answered exactly as
					// an unknown one. An unknown one must never be reported done.
					unknown := send(probe.unknown)
					if (r.Status == http.StatusForbidden || r.Status == http.StatusUnauthorized) && unknown.Status == r.Status {
						continue
					}
					checked[ri] = true
					t.Errorf("%s %s (as %s, %s): %d %s, want 404 (an unknown id there: %d)\n%s",
						method, probe.path, probe.user, probe.foreign, r.Status, r.Location(), unknown.Status, apptest.Excerpt(r.Body))
				}
			}
		}
		// Every route with an id, its last id unknown: never answered as done (V2: blocking an
		// account that does not exist said "moderated").
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			for ri, rp := range routes {
				if rp.method != method || len(rp.wild) == 0 || len(obs.instances[ri]) == 0 {
					continue
				}
				in := obs.instances[ri][0]
				k := len(rp.wild) - 1
				if !ids.Valid(in.vals[k]) {
					continue
				}
				c := clients[in.user]
				path := rp.fillUnknown(in.vals, k)
				var r *apptest.Response
				if method == http.MethodGet {
					r = c.Get(path)
				} else {
					c.Get("/")
					form := url.Values{}
					for key, v := range obs.forms[ri] {
						form[key] = v
					}
					r = c.PostForm(path, form)
				}
				if r.Status < 400 || method == http.MethodGet && r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
					t.Errorf("%s %s (as %s, an unknown %s): %d %s, want 404\n%s", method, path, in.user, rp.segs[rp.wild[k]],
						r.Status, r.Location(), apptest.Excerpt(r.Body))
				}
			}
		}

		var missed []string
		nested := 0
		for ri, rp := range routes {
			if len(rp.wild) < 2 || rp.hasToken() {
				continue
			}
			nested++
			if !checked[ri] {
				missed = append(missed, rp.pattern)
			}
		}
		t.Logf("%d nested routes, %d walked with ids from another parent (%d requests)", nested, nested-len(missed), len(tried))
		if len(missed) > 0 {
			t.Logf("not reached by the demo crawl:\n  %s", strings.Join(missed, "\n  "))
		}
		if nested-len(missed) < nested/2 {
			t.Errorf("only %d of %d nested routes were walked: the crawl has stopped finding them", nested-len(missed), nested)
		}
	})
}

// routePattern is a route's pattern split into path segments.
type routePattern struct {
	pattern string
	method  string
	segs    []string
	wild    []int // indexes of the wildcard segments
}

func parseRoutePattern(p string) routePattern {
	method, path, _ := strings.Cut(p, " ")
	rp := routePattern{pattern: p, method: method, segs: strings.Split(strings.TrimPrefix(path, "/"), "/")}
	for i, s := range rp.segs {
		if strings.HasPrefix(s, "{") && s != "{$}" {
			rp.wild = append(rp.wild, i)
		}
	}
	return rp
}

// hasToken: routes with a single-use link's secret in them (a cancel link) are reached only
// from mail, so the crawl cannot walk them; the secret itself is the check.
func (rp routePattern) hasToken() bool {
	for _, i := range rp.wild {
		if rp.segs[i] == "{token}" {
			return true
		}
	}
	return false
}

// match returns the path's values for the pattern's wildcards, and how many literal segments
// matched (the more, the more specific the pattern).
func (rp routePattern) match(method string, segs []string) ([]string, int, bool) {
	if rp.method != method {
		return nil, 0, false
	}
	want := rp.segs
	if n := len(want); n > 0 && want[n-1] == "{$}" {
		want = want[:n-1]
		if len(segs) == 0 || segs[len(segs)-1] != "" {
			return nil, 0, false
		}
		segs = segs[:len(segs)-1]
	}
	if len(want) != len(segs) {
		return nil, 0, false
	}
	var vals []string
	literal := 0
	for i, w := range want {
		switch {
		case strings.HasPrefix(w, "{"):
			if segs[i] == "" {
				return nil, 0, false
			}
			vals = append(vals, segs[i])
		case w == segs[i]:
			literal++
		default:
			return nil, 0, false
		}
	}
	return vals, literal, true
}

// instance is one concrete path of a route, seen by a user.
type instance struct {
	user string
	vals []string
}

// pair is a child id seen under its parents' ids, at one prefix of the route table.
type pair struct {
	user    string
	parents string // the parents' ids, joined
	child   string
}

type observations struct {
	instances map[int][]instance
	pairs     map[string][]pair // prefix pattern ("groups/{id}/posts/{post}") → pairs
	seen      map[string]bool
	// tops are the first ids seen at each top prefix ("groups/{id}"), per user, in order.
	tops map[string]map[string][]string
	// forms are each POST route's fields, as a person would fill them in.
	forms map[int]url.Values
}

// record files a path under the route it matches, and its id pairs under every prefix.
func (o *observations) record(user, method, path string, routes []routePattern) (int, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	best, bestLit := -1, -1
	var vals []string
	for i, rp := range routes {
		if v, lit, ok := rp.match(method, segs); ok && lit > bestLit {
			best, bestLit, vals = i, lit, v
		}
	}
	if best < 0 {
		return -1, false
	}
	rp := routes[best]
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	key := user + " " + method + " " + path
	if o.seen[key] {
		return best, false
	}
	o.seen[key] = true
	o.instances[best] = append(o.instances[best], instance{user: user, vals: vals})
	if len(rp.wild) > 0 && ids.Valid(vals[0]) {
		top := strings.Join(rp.segs[:rp.wild[0]+1], "/")
		if o.tops == nil {
			o.tops = map[string]map[string][]string{}
		}
		if o.tops[top] == nil {
			o.tops[top] = map[string][]string{}
		}
		if !slices.Contains(o.tops[top][user], vals[0]) {
			o.tops[top][user] = append(o.tops[top][user], vals[0])
		}
	}
	for k, j := range rp.wild {
		if k == 0 || !ids.Valid(vals[k]) {
			continue
		}
		prefix := strings.Join(rp.segs[:j+1], "/")
		o.pairs[prefix] = append(o.pairs[prefix], pair{user: user, parents: strings.Join(vals[:k], "/"), child: vals[k]})
	}
	return best, true
}

// probe is one request with a child id from another parent.
type probe struct {
	user, method, path, foreign string
	unknown                     string // the same path with an id nobody has
}

// probes builds, for each id of the route after the first, a path with the route's own parents
// and a child of other parents.
func (o *observations) probes(ri int, rp routePattern) []probe {
	var out []probe
	for k, j := range rp.wild {
		if k == 0 {
			continue
		}
		prefix := strings.Join(rp.segs[:j+1], "/")
		pairs := o.pairs[prefix]
		known := map[string]bool{}
		for _, p := range pairs {
			known[p.parents+" "+p.child] = true
		}
		// Bases: full paths of this route, or, when the child is the route's last wildcard,
		// any parents seen at the prefix.
		bases := append([]instance(nil), o.instances[ri]...)
		if k == len(rp.wild)-1 {
			for _, p := range pairs {
				bases = append(bases, instance{p.user, append(strings.Split(p.parents, "/"), p.child)})
			}
		}
		done := map[string]int{}
		for _, b := range bases {
			if done[b.user] >= 2 {
				continue
			}
			parents := strings.Join(b.vals[:k], "/")
			for _, p := range sortedPairs(pairs) {
				// A wildcard that is not an id (a step's name, a day) is not a child record.
				if !ids.Valid(p.child) || p.parents == parents || p.child == b.vals[k] || known[parents+" "+p.child] {
					continue
				}
				vals := append([]string(nil), b.vals...)
				vals[k] = p.child
				out = append(out, probe{user: b.user, method: rp.method, path: rp.fill(vals), unknown: rp.fillUnknown(b.vals, k),
					foreign: fmt.Sprintf("%s of %s from another parent", rp.segs[j], p.parents)})
				done[b.user]++
				break
			}
		}
	}
	// And the other way round: a real path of the route under another first parent (another
	// group, event, process) that the same person can see.
	if len(rp.wild) >= 2 {
		top := strings.Join(rp.segs[:rp.wild[0]+1], "/")
		done := map[string]int{}
		for _, in := range o.instances[ri] {
			if done[in.user] >= 2 || !ids.Valid(in.vals[1]) {
				continue
			}
			for _, other := range o.tops[top][in.user] {
				if other == in.vals[0] || o.seenUnder(rp, in.vals, other) {
					continue
				}
				vals := append([]string(nil), in.vals...)
				vals[0] = other
				out = append(out, probe{user: in.user, method: rp.method, path: rp.fill(vals), unknown: rp.fillUnknown(vals, 1),
					foreign: fmt.Sprintf("%s of %s under %s %s", rp.segs[rp.wild[1]], in.vals[0], rp.segs[rp.wild[0]], other)})
				done[in.user]++
				break
			}
		}
	}
	return out
}

// seenUnder reports whether the route's path with the first id replaced was itself seen (so it
// is a real path, not one with ids from different parents).
func (o *observations) seenUnder(rp routePattern, vals []string, first string) bool {
	v := append([]string(nil), vals...)
	v[0] = first
	for key := range o.seen {
		if strings.HasSuffix(key, " "+rp.method+" "+rp.fill(v)) {
			return true
		}
	}
	return false
}

func sortedPairs(ps []pair) []pair {
	out := append([]pair(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].parents+out[i].child < out[j].parents+out[j].child })
	return out
}

// fill writes a path of the route with these wildcard values.
func (rp routePattern) fill(vals []string) string {
	segs := append([]string(nil), rp.segs...)
	for k, j := range rp.wild {
		segs[j] = vals[k]
	}
	if n := len(segs); n > 0 && segs[n-1] == "{$}" {
		segs[n-1] = ""
	}
	return "/" + strings.Join(segs, "/")
}

// fillUnknown is the path with a fresh, unknown id in wildcard k.
func (rp routePattern) fillUnknown(vals []string, k int) string {
	v := append([]string(nil), vals...)
	v[k] = ids.New()
	return rp.fill(v)
}

// crawl follows the links and forms a user can see, breadth first, recording every path that
// matches a route. It visits a few paths of each route and each parent, not every asset.
func crawl(t *testing.T, c *apptest.Client, user string, routes []routePattern, o *observations) {
	t.Helper()
	queue := []string{"/"}
	for _, rp := range routes {
		if rp.method == http.MethodGet && len(rp.wild) == 0 {
			queue = append(queue, rp.fill(nil))
		}
	}
	visited := map[string]bool{}
	perRoute := map[string]int{}
	for len(queue) > 0 && len(visited) < 700 {
		path := queue[0]
		queue = queue[1:]
		if visited[path] {
			continue
		}
		visited[path] = true
		r := c.Get(path)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, l := range links(r.Body) {
			ri, fresh := o.record(user, l.method, l.path, routes)
			if ri >= 0 && l.fields != nil && o.forms[ri] == nil {
				o.forms[ri] = l.fields
			}
			if ri < 0 || !fresh || l.method != http.MethodGet || visited[l.path] {
				continue
			}
			// A few of each route under each first id, and a few first ids of each route.
			rp := routes[ri]
			first := ""
			if len(rp.wild) > 0 {
				first = strings.Split(strings.TrimPrefix(l.path, "/"), "/")[rp.wild[0]]
			}
			if perRoute[rp.pattern] >= 12 || perRoute[rp.pattern+" "+first] >= 3 {
				continue
			}
			perRoute[rp.pattern]++
			perRoute[rp.pattern+" "+first]++
			if last := l.path[strings.LastIndex(l.path, "/")+1:]; strings.Contains(last, ".") {
				continue // a download, not a page with links
			}
			queue = append(queue, l.path)
		}
	}
}

type link struct {
	method, path string
	fields       url.Values // a form's fields, filled in as a person would
}

// links are the same-site links and form actions of a page, without queries.
func links(body string) []link {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil
	}
	var out []link
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(name string) string {
				for _, a := range n.Attr {
					if a.Key == name {
						return a.Val
					}
				}
				return ""
			}
			switch n.Data {
			case "a":
				out = appendLink(out, http.MethodGet, attr("href"))
			case "form":
				m := strings.ToUpper(attr("method"))
				if m == "" {
					m = http.MethodGet
				}
				out = appendLink(out, m, attr("action"))
				if len(out) > 0 && out[len(out)-1].fields == nil {
					out[len(out)-1].fields = formFields(n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// formFields fills a form in: each field's value, or something plausible where it is empty
// ("Test" for text, the first choice of a list, every box ticked), so that a form sent with ids
// from another parent fails on the ids, not on a missing field.
func formFields(form *html.Node) url.Values {
	v := url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			get := func(name string) (string, bool) {
				for _, a := range n.Attr {
					if a.Key == name {
						return a.Val, true
					}
				}
				return "", false
			}
			name, _ := get("name")
			value, _ := get("value")
			typ, _ := get("type")
			switch {
			case name == "" || name == "csrf_token" || name == "website":
			case n.Data == "input" && (typ == "checkbox" || typ == "radio"):
				if _, checked := get("checked"); checked || v.Get(name) == "" || typ == "checkbox" {
					if typ == "radio" {
						v.Set(name, value)
					} else {
						v.Add(name, value)
					}
				}
			case n.Data == "button":
				if v.Get(name) == "" {
					v.Set(name, value)
				}
			case n.Data == "input" && typ == "file":
			case n.Data == "input":
				if value == "" {
					value = map[string]string{"number": "1", "date": "2027-01-01", "email": "someone@example.org", "url": "https://example.org"}[typ]
					if value == "" {
						value = "Test"
					}
				}
				v.Set(name, value)
			case n.Data == "textarea":
				text := ""
				if n.FirstChild != nil {
					text = n.FirstChild.Data
				}
				if strings.TrimSpace(text) == "" {
					text = "Test"
				}
				v.Set(name, text)
			case n.Data == "select":
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type == html.ElementNode && o.Data == "option" {
						for _, a := range o.Attr {
							if a.Key == "value" && a.Val != "" && v.Get(name) == "" {
								v.Set(name, a.Val)
							}
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

func appendLink(out []link, method, href string) []link {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/static/") {
		return out
	}
	return append(out, link{method: method, path: u.EscapedPath()})
}
