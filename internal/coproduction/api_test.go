package coproduction_test

import (
	"regexp"
	"strings"
	"testing"

	"commons/internal/app/apptest"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Every co-production API answer, over the demo borough, matches the schema the OpenAPI document
// gives for it (OpenAPI 3.1 schemas are JSON Schema 2020-12).
func TestAPIAnswersMatchTheOpenAPIDocument(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	c.SignIn("officer@aberhaven.example", "commons-demo") // sees private projects too
	docJSON, err := jsonschema.UnmarshalJSON(strings.NewReader(c.Get("/api/v1/openapi.json").Body))
	if err != nil {
		t.Fatal(err)
	}
	comp := jsonschema.NewCompiler()
	if err := comp.AddResource("https://example.org/openapi.json", docJSON); err != nil {
		t.Fatal(err)
	}
	schema := func(ref string) *jsonschema.Schema {
		t.Helper()
		s, err := comp.Compile("https://example.org/openapi.json#/" + ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		return s
	}
	check := func(path, ref string) string {
		t.Helper()
		r := c.Get(path)
		apptest.MustStatus(t, r, 200)
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema(ref).Validate(v); err != nil {
			t.Errorf("%s does not match %s: %v", path, ref, err)
		}
		return r.Body
	}
	prefix := "paths/~1"
	list := check("/api/v1/projects", prefix+"projects/get/responses/200/content/application~1json/schema")
	ids := regexp.MustCompile(`"id": "([0-9a-f-]{36})",\s+"title"`).FindAllStringSubmatch(list, -1)
	if len(ids) != 5 {
		t.Fatalf("%d projects for an officer", len(ids))
	}
	for _, m := range ids {
		check("/api/v1/projects/"+m[1], "components/schemas/ProjectDetail")
		check("/api/v1/projects/"+m[1]+"/measurements", prefix+"projects~1{id}~1measurements/get/responses/200/content/application~1json/schema")
	}
	boards := check("/api/v1/boards", prefix+"boards/get/responses/200/content/application~1json/schema")
	bids := regexp.MustCompile(`"id": "([0-9a-f-]{36})",\s+"name"`).FindAllStringSubmatch(boards, -1)
	if len(bids) != 2 {
		t.Fatalf("%d boards", len(bids))
	}
	for _, m := range bids {
		check("/api/v1/boards/"+m[1], "components/schemas/BoardDetail")
	}
	if p := c.Get("/api/v1/projects?limit=2"); !strings.Contains(p.Body, `"next": "/api/v1/projects?limit=2&offset=2"`) {
		t.Errorf("paging: %s", p.Body)
	}
}
