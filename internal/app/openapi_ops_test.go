package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
)

// Every operation the OpenAPI document describes is called on the demo borough, with a token
// that holds every scope, and its answers are checked against the document: the status is one it
// lists, and a JSON body validates against the schema it gives for that status. Path ids come
// from the list one level up (/budgets/{id} takes the ids /budgets lists); a request body is the
// example the document gives. Every GET must succeed. The test reads only the document, so it
// covers every capability's operations as they are added.
func TestEveryDocumentedOperationAnswersAsDocumented(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	var adminID string
	for _, d := range identity.DemoAccounts {
		if d.Role == identity.RoleAdmin {
			if err := a.DB.QueryRow(t.Context(), `SELECT id FROM accounts WHERE email = $1`, d.Email).Scan(&adminID); err != nil {
				t.Fatal(err)
			}
		}
	}
	token, err := a.Identity.CreateAPIToken(t.Context(), adminID, "every operation", actor.Scopes)
	if err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	call := func(method, path string, body []byte) *apptest.Response {
		t.Helper()
		var req *http.Request
		if body != nil {
			req = c.Request(method, "/api/v1"+path, nil)
			req.Body = ioNopCloser(body)
			req.ContentLength = int64(len(body))
			req.Header.Set("Content-Type", "application/json")
		} else {
			req = c.Request(method, "/api/v1"+path, nil)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		return c.Do(req)
	}

	raw := call(http.MethodGet, "/openapi.json", nil)
	apptest.MustStatus(t, raw, http.StatusOK)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			RequestBody *struct {
				Content map[string]struct {
					Example any `json:"example"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(raw.Body), &doc); err != nil {
		t.Fatal(err)
	}
	whole, err := jsonschema.UnmarshalJSON(strings.NewReader(raw.Body))
	if err != nil {
		t.Fatal(err)
	}
	compiler := jsonschema.NewCompiler()
	if err := compiler.AddResource("https://commons.invalid/openapi.json", whole); err != nil {
		t.Fatal(err)
	}
	pointer := func(parts ...string) string {
		for i, p := range parts {
			parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1")
		}
		return "https://commons.invalid/openapi.json#/" + strings.Join(parts, "/")
	}

	// ids lists the ids the list at path gives (up to a handful), for the {param} below it.
	ids := func(path string) []string {
		r := call(http.MethodGet, path, nil)
		if r.Status != http.StatusOK {
			return nil
		}
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		_ = json.Unmarshal([]byte(r.Body), &list)
		var out []string
		for _, it := range list.Items {
			if it.ID != "" && len(out) < 4 {
				out = append(out, it.ID)
			}
		}
		return out
	}
	// expand fills a path's {params} from the lists above them.
	var expand func(done string, rest []string) []string
	expand = func(done string, rest []string) []string {
		if len(rest) == 0 {
			return []string{done}
		}
		seg := rest[0]
		if !strings.HasPrefix(seg, "{") {
			return expand(done+"/"+seg, rest[1:])
		}
		var out []string
		for _, id := range ids(done) {
			out = append(out, expand(done+"/"+id, rest[1:])...)
		}
		return out
	}

	var paths []string
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	calls := 0
	for _, p := range paths {
		for method, op := range doc.Paths[p] {
			method = strings.ToUpper(method)
			t.Run(method+" "+p, func(t *testing.T) {
				concrete := expand("", strings.Split(strings.Trim(p, "/"), "/"))
				if len(concrete) == 0 {
					t.Fatalf("no ids for %s: the list above it is empty in the demo", p)
				}
				var body []byte
				if op.RequestBody != nil {
					example := op.RequestBody.Content["application/json"].Example
					if example == nil {
						t.Fatalf("%s has a request body without an example", op.OperationID)
					}
					body, _ = json.Marshal(example)
				} else if method != http.MethodGet {
					body = []byte("{}")
				}
				succeeded := false
				for _, path := range concrete {
					r := call(method, path, body)
					calls++
					status := fmt.Sprint(r.Status)
					resp, ok := op.Responses[status]
					if !ok {
						t.Errorf("%s %s answered %d, which the document does not list:\n%s", method, path, r.Status, apptest.Excerpt(r.Body))
						continue
					}
					if r.Status == http.StatusUnauthorized || r.Status >= 500 {
						t.Errorf("%s %s answered %d with a token of every scope:\n%s", method, path, r.Status, apptest.Excerpt(r.Body))
					}
					if r.Status < 300 {
						succeeded = true
					}
					media := strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0])
					if _, ok := resp.Content[media]; !ok {
						if len(resp.Content) > 0 {
							t.Errorf("%s %s: Content-Type %q is not one the document lists for %d", method, path, media, r.Status)
						}
						continue
					}
					if !strings.HasSuffix(media, "json") {
						continue
					}
					schema, err := compiler.Compile(pointer("paths", p, strings.ToLower(method), "responses", status, "content", media, "schema"))
					if err != nil {
						t.Fatalf("%s: %v", op.OperationID, err)
					}
					got, err := jsonschema.UnmarshalJSON(strings.NewReader(r.Body))
					if err != nil {
						t.Errorf("%s %s: not JSON: %v", method, path, err)
						continue
					}
					if err := schema.Validate(got); err != nil {
						t.Errorf("%s %s (%d) against the document: %v\n%s", method, path, r.Status, err, apptest.Excerpt(r.Body))
					}
				}
				if method == http.MethodGet && !succeeded {
					t.Errorf("%s %s never succeeded", method, p)
				}
			})
		}
	}
	if calls == 0 {
		t.Fatal("no operation was called")
	}
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func ioNopCloser(b []byte) nopCloser { return nopCloser{bytes.NewReader(b)} }
