package coproduction_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"commons/internal/app/apptest"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// apiDoc compiles the served OpenAPI document's schemas.
type apiDoc struct {
	t    *testing.T
	comp *jsonschema.Compiler
	doc  map[string]any
}

func loadDoc(t *testing.T, c *apptest.Client) *apiDoc {
	body := c.Get("/api/v1/openapi.json").Body
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	comp := jsonschema.NewCompiler()
	if err := comp.AddResource("https://example.org/openapi.json", v); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	return &apiDoc{t: t, comp: comp, doc: doc}
}

// check validates an answer against the schema the document gives for path (its template),
// method and status.
func (d *apiDoc) check(r *apptest.Response, template, method string, status int) {
	d.t.Helper()
	ptr := "paths/" + strings.ReplaceAll(strings.ReplaceAll(template, "~", "~0"), "/", "~1") + "/" + method + "/responses/" + strconv.Itoa(status) + "/content/application~1json/schema"
	if r.Status != status {
		d.t.Fatalf("%s %s: status %d, want %d: %s", method, template, r.Status, status, r.Body)
	}
	s, err := d.comp.Compile("https://example.org/openapi.json#/" + ptr)
	if err != nil {
		d.t.Fatalf("%s: %v", ptr, err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(r.Body))
	if err != nil {
		d.t.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		d.t.Errorf("%s %s does not match its schema: %v\n%s", method, template, err, r.Body)
	}
}

// operations lists the documented operations under the prefixes, as "METHOD template".
func (d *apiDoc) operations(prefixes ...string) []string {
	var out []string
	for p, item := range d.doc["paths"].(map[string]any) {
		for _, pre := range prefixes {
			if strings.HasPrefix(p, pre) {
				for m := range item.(map[string]any) {
					out = append(out, strings.ToUpper(m)+" "+p)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func tokenFor(t *testing.T, a *apptest.App, email string, scopes ...string) string {
	t.Helper()
	var id string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	tok, err := a.Identity.CreateAPIToken(t.Context(), id, "test "+strings.Join(scopes, " "), scopes)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func call(c *apptest.Client, method, path, token, body string) *apptest.Response {
	req := c.Request(method, path, nil)
	if body != "" {
		req = c.Request(method, path, nil)
		req.Body = http.NoBody
		req, _ = http.NewRequestWithContext(req.Context(), method, req.URL.String(), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.Do(req)
}

// Every documented co-production operation is called, over the demo borough, and each answer
// matches the schema the OpenAPI document gives for it (OpenAPI 3.1 schemas are JSON Schema
// 2020-12); writes go through tokens and their scopes; lists filter and count.
func TestAPICallsEveryDocumentedOperation(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		c := a.Client(t)
		d := loadDoc(t, c)
		called := map[string]bool{}
		get := func(template, path, token string) *apptest.Response {
			t.Helper()
			r := call(c, "GET", path, token, "")
			d.check(r, template, "get", 200)
			called["GET "+template] = true
			return r
		}
		officerRead := tokenFor(t, a, "officer@aberhaven.example", "read", "admin")
		type list struct {
			Items []map[string]any
			Total int
			Next  string
		}
		decode := func(r *apptest.Response) list {
			var l list
			if err := json.Unmarshal([]byte(r.Body), &l); err != nil {
				t.Fatal(err)
			}
			return l
		}

		// Projects: an officer sees all five, the public the three published; filters and totals.
		all := decode(get("/projects", "/api/v1/projects", officerRead))
		if all.Total != 5 || len(all.Items) != 5 {
			t.Fatalf("officer sees %d of %d projects", len(all.Items), all.Total)
		}
		if l := decode(get("/projects", "/api/v1/projects", "")); l.Total != 3 {
			t.Errorf("the public sees %d projects", l.Total)
		}
		if l := decode(get("/projects", "/api/v1/projects?limit=2", officerRead)); l.Total != 5 || len(l.Items) != 2 || !strings.Contains(l.Next, "offset=2") {
			t.Errorf("paging %+v", l)
		}
		if l := decode(get("/projects", "/api/v1/projects?stage=closed", officerRead)); l.Total != 1 || l.Items[0]["title"] != "Food bank referral pathway" {
			t.Errorf("stage filter %+v", l)
		}
		if l := decode(get("/projects", "/api/v1/projects?area=adult+SOCIAL+care&published=false", officerRead)); l.Total != 1 {
			t.Errorf("area and published filters: %d", l.Total)
		}
		if l := decode(get("/projects", "/api/v1/projects?area=Gofal+cymdeithasol+i+oedolion", officerRead)); l.Total != 2 {
			t.Errorf("area filter in Welsh: %d", l.Total)
		}
		apptest.MustStatus(t, call(c, "GET", "/api/v1/projects?stage=someday", "", ""), http.StatusUnprocessableEntity)
		apptest.MustStatus(t, call(c, "GET", "/api/v1/projects?updated_from=yesterday", "", ""), http.StatusUnprocessableEntity)
		var warm string
		for _, p := range all.Items {
			id := p["id"].(string)
			get("/projects/{id}", "/api/v1/projects/"+id, officerRead)
			get("/projects/{id}/measurements", "/api/v1/projects/"+id+"/measurements", officerRead)
			if p["title"] == "Warm welcome spaces" {
				warm = id
				if p["translations"].(map[string]any)["cy"].(map[string]any)["title"] != "Mannau croeso cynnes" || p["staff_hours_spent"] != 130.5 {
					t.Errorf("Warm welcome spaces in the API: %v", p)
				}
			}
		}
		ms := decode(get("/projects/{id}/measurements", "/api/v1/projects/"+warm+"/measurements", ""))
		if ms.Total != 4 {
			t.Fatalf("%d measurements", ms.Total)
		}
		outcome := ms.Items[0]["outcome_id"].(string)
		day := ms.Items[1]["measured_on"].(string)
		if l := decode(get("/projects/{id}/measurements", "/api/v1/projects/"+warm+"/measurements?from="+day, "")); l.Total != 3 {
			t.Errorf("measurements from %s: %d", day, l.Total)
		}

		// Recording a measurement needs a token with the write scope of someone taking part.
		measure := `{"outcome_id": "` + outcome + `", "measured_on": "2026-11-30", "value": 19.5, "note": "From the winter survey"}`
		apptest.MustStatus(t, call(c, "POST", "/api/v1/projects/"+warm+"/measurements", "", measure), http.StatusUnauthorized)
		apptest.MustStatus(t, call(c, "POST", "/api/v1/projects/"+warm+"/measurements", officerRead, measure), http.StatusForbidden)
		a.MustAccount(t, "Sam Stranger", "sam@example.org", pw)
		apptest.MustStatus(t, call(c, "POST", "/api/v1/projects/"+warm+"/measurements", tokenFor(t, a, "sam@example.org", "read", "write"), measure), http.StatusForbidden)
		residentWrite := tokenFor(t, a, "resident@aberhaven.example", "read", "write")
		r := call(c, "POST", "/api/v1/projects/"+warm+"/measurements", residentWrite, `{"outcome_id": "`+outcome+`", "measured_on": "30/11/2026", "value": "many"}`)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		r = call(c, "POST", "/api/v1/projects/"+warm+"/measurements", residentWrite, `{"outcome_id": "`+outcome+`", "measured_on": "2026-02-30", "value": 1}`)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, `"measured_on"`)
		r = call(c, "POST", "/api/v1/projects/"+warm+"/measurements", residentWrite, measure)
		d.check(r, "/projects/{id}/measurements", "post", 201)
		called["POST /projects/{id}/measurements"] = true
		if l := decode(get("/projects/{id}/measurements", "/api/v1/projects/"+warm+"/measurements?to=2026-12-31&from=2026-11-30", "")); l.Total != 1 || l.Items[0]["value"] != 19.5 {
			t.Errorf("the new measurement: %+v", l)
		}

		// Boards and their actions.
		bs := decode(get("/boards", "/api/v1/boards", ""))
		if bs.Total != 2 {
			t.Fatalf("%d boards", bs.Total)
		}
		if l := decode(get("/boards", "/api/v1/boards?kind=steering", "")); l.Total != 1 {
			t.Errorf("kind filter: %d", l.Total)
		}
		var partnership, steering string
		for _, b := range bs.Items {
			get("/boards/{id}", "/api/v1/boards/"+b["id"].(string), "")
			if b["kind"] == "partnership" {
				partnership = b["id"].(string)
			} else {
				steering = b["id"].(string)
			}
		}
		acts := decode(get("/boards/{id}/actions", "/api/v1/boards/"+partnership+"/actions", ""))
		overdue := decode(get("/boards/{id}/actions", "/api/v1/boards/"+partnership+"/actions?status=overdue", ""))
		open := decode(get("/boards/{id}/actions", "/api/v1/boards/"+partnership+"/actions?status=open", ""))
		if acts.Total != 5 || overdue.Total < 1 || open.Total != 4 {
			t.Errorf("actions: %d, overdue %d, open %d", acts.Total, overdue.Total, open.Total)
		}
		apptest.MustStatus(t, call(c, "GET", "/api/v1/boards/"+partnership+"/actions?status=late", "", ""), http.StatusUnprocessableEntity)

		// Giving an action on the steering group (chaired by Gwen Member) needs an officer's token
		// with the admin scope: without it the officer acts as a resident.
		action := `{"text": "Book the quayside walkabout", "owner": "member@aberhaven.example", "due_on": "2027-01-15"}`
		apptest.MustStatus(t, call(c, "POST", "/api/v1/boards/"+steering+"/actions", tokenFor(t, a, "officer@aberhaven.example", "read", "write"), action), http.StatusForbidden)
		officerAll := tokenFor(t, a, "officer@aberhaven.example", "read", "write", "admin")
		r = call(c, "POST", "/api/v1/boards/"+steering+"/actions", officerAll, `{"text": "", "due_on": "soon", "owner_seat_id": "not-a-seat"}`)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, `"text"`, `"due_on"`, `"owner_seat_id"`)
		apptest.MustStatus(t, call(c, "POST", "/api/v1/boards/"+steering+"/actions", officerAll, `{"text": "x", "surprise": 1}`), http.StatusUnprocessableEntity)
		r = call(c, "POST", "/api/v1/boards/"+steering+"/actions", officerAll, action)
		d.check(r, "/boards/{id}/actions", "post", 201)
		called["POST /boards/{id}/actions"] = true
		var made map[string]any
		_ = json.Unmarshal([]byte(r.Body), &made)
		aid := made["id"].(string)
		a.MustMailTo(t, "member@aberhaven.example", "an action for you")
		get("/boards/{id}/actions/{action}", "/api/v1/boards/"+steering+"/actions/"+aid, "")
		apptest.MustStatus(t, call(c, "GET", "/api/v1/boards/"+partnership+"/actions/"+aid, "", ""), http.StatusNotFound) // another board's

		// Its owner marks it done with their own token; a second time is refused.
		memberWrite := tokenFor(t, a, "member@aberhaven.example", "read", "write")
		r = call(c, "POST", "/api/v1/boards/"+steering+"/actions/"+aid+"/done", memberWrite, `{}`)
		d.check(r, "/boards/{id}/actions/{action}/done", "post", 200)
		called["POST /boards/{id}/actions/{action}/done"] = true
		apptest.MustStatus(t, call(c, "POST", "/api/v1/boards/"+steering+"/actions/"+aid+"/done", memberWrite, `{}`), http.StatusUnprocessableEntity)
		apptest.MustStatus(t, call(c, "POST", "/api/v1/boards/"+steering+"/actions/"+aid+"/done", tokenFor(t, a, "member@aberhaven.example", "read"), `{}`), http.StatusForbidden)

		for _, op := range d.operations("/projects", "/boards") {
			if !called[op] {
				t.Errorf("documented operation %s was not called", op)
			}
		}
	})
}

// A private project is not in the public's data, and no name is in the API without consent.
func TestAPIShowsNoNameWithoutConsent(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	for _, path := range []string{"/api/v1/projects", "/api/v1/boards"} {
		r := c.Get(path)
		apptest.MustNotContain(t, r, "Rhys Resident", "Home care visit scheduling", "Siân Jones")
		var l struct{ Items []struct{ ID string } }
		_ = json.Unmarshal([]byte(r.Body), &l)
		for _, it := range l.Items {
			apptest.MustNotContain(t, c.Get(strings.TrimSuffix(path, "s")+"s/"+url.PathEscape(it.ID)), "Rhys Resident", "Siân Jones")
		}
	}
}
