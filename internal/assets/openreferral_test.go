package assets_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"commons/internal/app/apptest"
)

const orukBase = "https://openreferraluk.org/specifications/3.0/schema/"

// orukSchemas compiles the ORUK 3.0 schemas from testdata with format assertions on, so a uuid,
// uri, email, date or date-time that is not one fails as the official validator fails it.
func orukSchemas(t *testing.T) func(file string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	paths, _ := filepath.Glob("testdata/oruk-3.0/*.json")
	if len(paths) < 20 {
		t.Fatalf("ORUK schemas missing: %v", paths)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if err := c.AddResource(orukBase+filepath.Base(p), doc); err != nil {
			t.Fatal(err)
		}
	}
	return func(file string) *jsonschema.Schema {
		s, err := c.Compile(orukBase + file)
		if err != nil {
			t.Fatalf("compile %s: %v", file, err)
		}
		return s
	}
}

func TestOpenReferralUKResponsesValidate(t *testing.T) {
	schema := orukSchemas(t)
	// The validator itself must catch what the ORUK "fail" mock gets wrong.
	bad := `{"id":"ac148810-d857-441c-9679-408f346de14b","name":"x","status":"active","url":"example/counselling","email":"email-example_com"}`
	doc, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if schema("service.json").Validate(doc) == nil {
		t.Fatal("format assertions are off: a bad url and email passed")
	}

	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		c := client(t, a, "")
		valid := func(path, file string) map[string]any {
			t.Helper()
			r := c.Get(path)
			if r.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: no CORS header", path)
			}
			var v map[string]any
			mustJSON(t, r, &v)
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema(file).Validate(doc); err != nil {
				t.Errorf("%s does not validate against %s: %v\n%s", path, file, err, r.Body)
			}
			return v
		}
		valid("/openreferral/", "api_details.json")
		list := valid("/openreferral/services", "service_list.json")
		if list["total_items"].(float64) != 5 || len(list["contents"].([]any)) != 5 || list["first_page"] != true || list["last_page"] != true {
			t.Errorf("services page: %v", list)
		}
		paged := valid("/openreferral/services?per_page=2&page=3", "service_list.json")
		if paged["total_pages"].(float64) != 3 || paged["page_number"].(float64) != 3 || len(paged["contents"].([]any)) != 1 || paged["last_page"] != true {
			t.Errorf("page 3: %v", paged)
		}
		full := valid("/openreferral/services/"+w.ids["Nant Village Hall"], "service.json")
		sal := full["service_at_locations"].([]any)[0].(map[string]any)["location"].(map[string]any)
		addr := sal["addresses"].([]any)[0].(map[string]any)
		if full["organization_id"] != w.hall || full["url"] != "https://nant.example/hall" || sal["latitude"].(float64) != 51.642 ||
			addr["postal_code"] != "AH3 4XY" || full["assured_date"] == nil || len(full["attributes"].([]any)) != 1 {
			t.Errorf("service: %v", full)
		}
		valid("/openreferral/services/"+w.ids["Caffi Cwtsh"], "service.json")
		valid("/openreferral/services/"+w.ids["Harbour Choir"], "service.json")
		valid("/openreferral/services?full=true", "service_list.json")
		valid("/openreferral/services?minimal=true", "service_list.json")

		// The standard's filters.
		terms := valid("/openreferral/taxonomy_terms", "taxonomy_term_list.json")["contents"].([]any)
		var spaces string
		for _, tt := range terms {
			if tt.(map[string]any)["term"] == "spaces" {
				spaces = tt.(map[string]any)["id"].(string)
			}
		}
		count := func(path string) float64 { return valid(path, "service_list.json")["total_items"].(float64) }
		for path, want := range map[string]float64{
			"/openreferral/services?taxonomy_term_id=" + spaces:                            2,
			"/openreferral/services?taxonomy_term_id=6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b": 0,
			"/openreferral/services?organization_id=" + w.hall:                             1,
			"/openreferral/services?search=choir":                                          1,
			"/openreferral/services?modified_after=2000-01-01T00:00:00Z":                   5,
			"/openreferral/services?modified_after=2999-01-01":                             0,
		} {
			if got := count(path); got != want {
				t.Errorf("%s: %v services, want %v", path, got, want)
			}
		}
		bad := c.Get("/openreferral/services?page=0")
		apptest.MustStatus(t, bad, 422)
		// The feed answers its errors as data, for the program that asked.
		if ct := bad.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Errorf("error content type %q", ct)
		}
		apptest.MustContain(t, bad, `"status":422`, `"page":"Give page as a whole number from 1"`)
		apptest.MustStatus(t, c.Get("/openreferral/services?modified_after=yesterday"), 422)
		apptest.MustStatus(t, c.Get("/openreferral/services/not-a-uuid"), 404)

		tax := valid("/openreferral/taxonomies", "taxonomy_list.json")["contents"].([]any)[0].(map[string]any)
		valid("/openreferral/taxonomies/"+tax["id"].(string), "taxonomy.json")
		valid("/openreferral/taxonomy_terms/"+spaces, "taxonomy_term.json")
		orgs := valid("/openreferral/organizations", "organization_list.json")
		if orgs["total_items"].(float64) != 2 {
			t.Errorf("organizations: %v", orgs)
		}
		org := valid("/openreferral/organizations/"+w.foodbank, "organization.json")
		if _, ok := org["website"]; ok {
			t.Error("an invalid website was published")
		}
		sals := valid("/openreferral/service_at_locations?postcode=AH3+4XY", "service_at_location_list.json")
		first := sals["contents"].([]any)[0].(map[string]any)
		if first["service_id"] != w.ids["Nant Village Hall"] {
			t.Errorf("nearest to AH3 first: %v", first)
		}
		near := valid("/openreferral/service_at_locations?postcode=AH1&proximity=500", "service_at_location_list.json")
		if near["total_items"].(float64) != 2 {
			t.Errorf("within 500 m of AH1: %v", near)
		}
	})
}
