package ownership_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/ownership"
)

// spec reads the asset-of-community-value dataset's fields and their datatypes from the copy of
// digital-land/specification in testdata.
func spec(t *testing.T) map[string]string {
	t.Helper()
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join("testdata", "planning-data", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	types := map[string]string{}
	fields := read("field.csv")
	fi, di := slices.Index(fields[0], "field"), slices.Index(fields[0], "datatype")
	for _, row := range fields[1:] {
		if _, ok := types[row[fi]]; !ok {
			types[row[fi]] = row[di]
		}
	}
	out := map[string]string{}
	for _, row := range read("dataset-field.csv")[1:] {
		if row[0] == "asset-of-community-value" {
			out[row[1]] = types[row[1]]
		}
	}
	if len(out) < 15 {
		t.Fatalf("only %d fields in the specification", len(out))
	}
	return out
}

func geojsonSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	paths, _ := filepath.Glob("testdata/geojson/*.json")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("https://geojson.org/schema/"+filepath.Base(p), doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("https://geojson.org/schema/FeatureCollection.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	isoDate  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	coord    = `-?\d+(\.\d{1,6})?`
	wktPoint = regexp.MustCompile(`^POINT \(` + coord + ` ` + coord + `\)$`)
	wktMulti = regexp.MustCompile(`^MULTIPOLYGON \(\(\((` + coord + ` ` + coord + `(, )?)+\)(, \((` + coord + ` ` + coord + `(, )?)+\))*\)(, \(\((` + coord + ` ` + coord + `(, )?)+\)\))*\)$`)
	curie    = regexp.MustCompile(`^[a-z-]+:[A-Za-z0-9-]+$`)
)

// The list of assets of community value (and of unsuccessful nominations) comes in the fields of
// planning.data.gov.uk's asset-of-community-value dataset, each value in its datatype: dates as
// YYYY-MM-DD, the geometry as a WKT MULTIPOLYGON, the point as a WKT POINT with 6 decimals at
// most, the organisation as a CURIE; the GeoJSON validates against the GeoJSON schema. No
// register names a person: the contact's and the owner's details appear nowhere.
func TestRegistersInTheOfficialShape(t *testing.T) {
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_ORG_ID": "GB-LAE-ABH"}})
	w := newWorld(t, a)
	group := w.person(t, "Sam Private", "sam.private@example.org")
	c, err := w.svc.CreateCase(w.ctx, group, "en", ownership.CaseInput{Kind: ownership.KindACV, Name: "Village Green", Address: "The Green",
		Postcode: "AH3 2NA", Reasons: "Fairs and fetes.", Members: "25", Lat: "51.6234567", Lng: "-3.9412345",
		Boundary:    `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-3.95,51.62],[-3.94,51.62],[-3.94,51.63],[-3.95,51.62]]]}}`,
		Group:       ownership.Group{Name: "Green Friends", Type: ownership.GroupUnincorporated, Connection: "Village", NoProfit: true},
		ContactName: "Sam Private", ContactEmail: "sam.private@example.org", Owner: ownership.Party{Name: "Lord Private-Owner", Email: "lord@estate.example"},
		Confirm: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.apply(t, w.officer, c, "acv.decide", ownership.StepInput{Outcome: "listed", Reasons: "Recreational use."})
	c2 := w.pub(t, group, "brewer@example.org")
	w.apply(t, w.officer, c2, "acv.decide", ownership.StepInput{Outcome: "unsuccessful", Reasons: "Not in our area."})

	fields := spec(t)
	anon := a.Client(t)
	for _, path := range []string{"/ownership/acv.csv", "/ownership/unsuccessful.csv"} {
		r := anon.Get(path)
		apptest.MustStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("%s: %s", path, ct)
		}
		// Every CSV download starts with a UTF-8 byte-order mark, so spreadsheets read the Welsh
		// letters right; readers of the dataset take it off (Python's utf-8-sig, say), as here.
		body, bom := strings.CutPrefix(r.Body, "\ufeff")
		if !bom {
			t.Errorf("%s has no byte-order mark", path)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rows[0], ownership.ACVFields) {
			t.Errorf("%s header %v", path, rows[0])
		}
		for name := range fields {
			if name != "entity" && name != "prefix" && !slices.Contains(rows[0], name) {
				t.Errorf("%s lacks the dataset's field %s", path, name)
			}
		}
		if len(rows) != 2 {
			t.Fatalf("%s: %d rows", path, len(rows))
		}
		for i, name := range rows[0] {
			dt, ok := fields[name]
			if !ok {
				t.Errorf("%s: %s is not a field of the dataset", path, name)
			}
			v := rows[1][i]
			if v == "" {
				continue
			}
			switch dt {
			case "datetime":
				if !isoDate.MatchString(v) {
					t.Errorf("%s %s: %q is not a date", path, name, v)
				}
			case "point":
				if !wktPoint.MatchString(v) {
					t.Errorf("%s %s: %q is not a WKT point", path, name, v)
				}
			case "multipolygon":
				if !wktMulti.MatchString(v) {
					t.Errorf("%s %s: %q is not a WKT multipolygon", path, name, v)
				}
			case "curie":
				if !curie.MatchString(v) {
					t.Errorf("%s %s: %q is not a CURIE", path, name, v)
				}
			}
		}
		rec := map[string]string{}
		for i, name := range rows[0] {
			rec[name] = rows[1][i]
		}
		if path == "/ownership/acv.csv" {
			if rec["geometry"] != "MULTIPOLYGON (((-3.95 51.62, -3.94 51.62, -3.94 51.63, -3.95 51.62)))" ||
				rec["point"] != "POINT (-3.941235 51.623457)" || rec["organisation"] != "local-authority:ABH" || rec["decision"] != "listed" ||
				rec["start-date"] != rec["decision-date"] || rec["expiry-date"] == "" {
				t.Errorf("the listed row: %v", rec)
			}
		} else if rec["decision"] != "unsuccessful" || rec["notes"] != "Not in our area." || rec["expiry-date"] != "" {
			t.Errorf("the unsuccessful row: %v", rec)
		}
	}
	schema := geojsonSchema(t)
	for _, path := range []string{"/ownership/acv.geojson", "/ownership/unsuccessful.geojson", "/ownership/transfers.geojson", "/ownership/land.geojson"} {
		r := anon.Get(path)
		apptest.MustStatus(t, r, http.StatusOK)
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s is not valid GeoJSON: %v", path, err)
		}
	}
	apptest.MustContain(t, anon.Get("/ownership/acv.geojson"), `"type":"Polygon"`, `"nominating-group":"Green Friends"`, `"point":"POINT (-3.941235 51.623457)"`)
	for _, path := range []string{"/ownership/acv", "/ownership/unsuccessful", "/ownership/acv.csv", "/ownership/acv.geojson", "/ownership/unsuccessful.csv",
		"/ownership/transfers.csv", "/api/v1/ownership/cases", "/api/v1/ownership/cases/" + c.ID, "/ownership/cases/" + c.ID, "/ownership/cases/" + c.ID + "/notices/decision"} {
		apptest.MustNotContain(t, anon.Get(path), "Sam Private", "sam.private@example.org", "Lord Private-Owner", "lord@estate.example")
	}
	_ = identity.RoleOfficer
}
