package assets_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"commons/internal/app/apptest"
)

// geojsonSchema compiles the GeoJSON FeatureCollection schema from testdata.
func geojsonSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
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

func TestListAndAssetPagesWithoutJavaScript(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	anon := client(t, a, "")
	r := anon.Get("/assets")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "5 assets", "Nant Village Hall", "Upper Valley Walking Group", `href="/assets.csv?"`)
	apptest.MustNotContain(t, r, "<script>", "Suggestions to verify")

	r = anon.Get("/assets?q=library&category=spaces&step_free=1")
	apptest.MustContain(t, r, ">1 asset<", "Castle Library", "/assets.csv?category=spaces&q=library&step_free=1") // one, not "1 assets"
	apptest.MustNotContain(t, r, "Nant Village Hall")

	r = anon.Get("/assets?postcode=ah3+4xy")
	apptest.MustContain(t, r, "0.0 km away")
	body := r.Body
	if strings.Index(body, "Nant Village Hall") > strings.Index(body, "Caffi Cwtsh") {
		t.Error("not ordered by distance from AH3")
	}
	r = anon.Get("/assets?postcode=ZZ9+9ZZ")
	apptest.MustContain(t, r, "We do not know where that postcode is", "5 assets")

	r = anon.Get("/assets/" + w.ids["Nant Village Hall"])
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Physical spaces", "Main hall with a kitchen", "AH3 4XY", "Open now", "Step-free access", "Ramp at the side door",
		"Community", "Nant Village Hall Committee", "Holds 120 people", "Lunch club", "hall@nant.example", "Last checked", "Verified", "History", "Added (Owen Officer)")
	apptest.MustNotContain(t, r, "Change this entry", "Mark as checked")
	apptest.MustContain(t, anon.Get("/assets/"+w.ids["Caffi Cwtsh"]), "Closed now")
	apptest.MustStatus(t, anon.Get("/assets/not-an-id"), http.StatusNotFound)
	apptest.MustStatus(t, anon.Get("/assets/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"), http.StatusNotFound)
	apptest.MustContain(t, anon.Follow(anon.Get("/assets?lang=cy")), "Map asedau cymunedol")
}

func TestSuggestEditVerifyOverHTTP(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	res := client(t, a, "rhys@example.org")
	// Opening times are typed day by day; a time that is not one is named with the rest.
	r := res.PostForm("/assets", url.Values{"name": {""}, "category": {"pubs"}, "postcode": {"nowhere"}, "latitude": {"51"},
		"hours_mo_open1": {"sometimes"}, "hours_mo_close1": {"17:00"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	sum := apptest.ErrorSummary(r)
	for _, want := range []string{"Enter the asset's name", "Choose a category", "Enter a full postcode", "Enter both latitude and longitude", "Enter the times it opens and closes"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	apptest.MustContain(t, r, `value="sometimes"`)
	r = res.PostForm("/assets", url.Values{"name": {"Castle Community Fridge"}, "category": {"economic"}, "ownership": {"community"}, "area": {w.castle}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	id := strings.TrimPrefix(r.Location(), "/assets/")
	apptest.MustContain(t, res.Follow(r), "An officer will check your suggestion", "It is not on the public map")
	apptest.MustStatus(t, client(t, a, "").Get(r.Location()), http.StatusNotFound)

	off := client(t, a, "officer@example.org")
	apptest.MustContain(t, off.Get("/assets/review"), "Castle Community Fridge")
	apptest.MustStatus(t, res.Get("/assets/review"), http.StatusForbidden)
	apptest.MustStatus(t, res.PostForm("/assets/"+id+"/verify", nil), http.StatusForbidden)
	r = off.PostForm("/assets/"+id+"/verify", nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, off.Follow(r), "The asset has been verified", "Verified by an officer (Owen Officer)")
	apptest.MustContain(t, client(t, a, "").Get("/assets/"+id), "Castle Community Fridge")

	mem := client(t, a, "gwen@example.org")
	hall := w.ids["Nant Village Hall"]
	r = mem.Get("/assets/" + hall + "/edit")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, `value="Nant Village Hall"`, `value="AH3 4XY"`)
	apptest.MustStatus(t, res.Get("/assets/"+hall+"/edit"), http.StatusForbidden)
	apptest.MustStatus(t, res.PostForm("/assets/"+hall+"/checked", nil), http.StatusForbidden)
	r = mem.PostForm("/assets/"+hall+"/checked", nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, mem.Follow(r), "marked as checked", "Checked (Gwen Member)", "Change this entry")
}

func TestPeoplesSkillsAreShownOnlyToWhomTheyChose(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		newWorld(t, a)
		rhys := client(t, a, "rhys@example.org")
		r := rhys.PostForm("/assets/skills", url.Values{"kind": {"skill"}, "title": {""}, "visibility": {"public"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Say what you are offering", "Choose who can see it")
		r = rhys.Get("/assets/skills/mine")
		apptest.MustNotContain(t, r, `value="everyone" checked`, `value="members" checked`, `value="officers" checked`)
		for _, sk := range []struct{ title, vis string }{{"Bike repairs", "members"}, {"Tax return help", "officers"}, {"Welsh conversation", "everyone"}} {
			apptest.MustStatus(t, rhys.PostForm("/assets/skills", url.Values{"kind": {"skill"}, "title": {sk.title}, "visibility": {sk.vis}}), http.StatusSeeOther)
		}
		stranger, member, officer := client(t, a, ""), client(t, a, "gwen@example.org"), client(t, a, "officer@example.org")
		seen := func(c *apptest.Client) string {
			r := c.Get("/assets/skills")
			apptest.MustStatus(t, r, http.StatusOK)
			var out []string
			for _, s := range []string{"Bike repairs", "Tax return help", "Welsh conversation"} {
				if strings.Contains(r.Body, s) {
					out = append(out, s)
				}
			}
			return strings.Join(out, "|")
		}
		if got := seen(stranger); got != "Welsh conversation" {
			t.Errorf("a stranger sees %q", got)
		}
		if got := seen(member); got != "Bike repairs|Welsh conversation" {
			t.Errorf("a member sees %q", got)
		}
		if got := seen(officer); got != "Bike repairs|Tax return help|Welsh conversation" {
			t.Errorf("an officer sees %q", got)
		}
		// No open feed carries a person's skills, whatever they chose.
		for _, path := range []string{"/assets?q=welsh", "/assets.csv", "/assets.geojson", "/api/v1/assets?q=conversation", "/openreferral/services?search=conversation",
			"/openreferral/services?per_page=500", "/openreferral/organizations", "/openreferral/service_at_locations"} {
			r := stranger.Get(path)
			apptest.MustNotContain(t, r, "Welsh conversation", "Rhys Resident", "rhys@example.org")
		}
		// The owner can narrow it and withdraw it at any time.
		var id string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM person_skills WHERE title = 'Welsh conversation'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		apptest.MustStatus(t, member.PostForm("/assets/skills/"+id+"/withdraw", nil), http.StatusNotFound)
		apptest.MustStatus(t, rhys.PostForm("/assets/skills/"+id+"/visibility", url.Values{"visibility": {"officers"}}), http.StatusSeeOther)
		if got := seen(stranger); got != "" {
			t.Errorf("after narrowing a stranger sees %q", got)
		}
		r = rhys.PostForm("/assets/skills/"+id+"/withdraw", nil)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, rhys.Follow(r), "Withdrawn")
		if got := seen(officer); got != "Bike repairs|Tax return help" {
			t.Errorf("after withdrawing an officer sees %q", got)
		}
		if a.Count(t, `SELECT count(*) FROM person_skills WHERE id = $1`, id) != 0 {
			t.Error("a withdrawn skill is still stored")
		}
	})
}

func TestDownloadsKeepThePagesFilters(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	newWorld(t, a)
	c := client(t, a, "")
	r := c.Get("/assets.csv?category=spaces&step_free=1")
	apptest.MustStatus(t, r, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "name" || rows[1][1] != "Castle Library" || rows[2][1] != "Nant Village Hall" {
		t.Fatalf("csv: %v", rows)
	}
	// The CSV goes back in through the import.
	off := client(t, a, "officer@example.org")
	r = off.PostForm("/assets/import", url.Values{"csv": {strings.TrimPrefix(r.Body, "\ufeff")}})
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "All 2 rows can be imported")

	var fc struct {
		Type     string
		Features []struct {
			Type     string
			ID       string
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	r = c.Get("/assets.geojson?bbox=-3.95,51.62,-3.94,51.63")
	if ct := r.Header.Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("content type %q", ct)
	}
	mustJSON(t, r, &fc)
	if fc.Type != "FeatureCollection" || len(fc.Features) != 2 || fc.Features[0].Properties["name"] != "Caffi Cwtsh" ||
		fc.Features[0].Geometry.Coordinates[0] != -3.943 || fc.Features[0].Geometry.Coordinates[1] != 51.621 {
		t.Errorf("geojson: %+v", fc)
	}
	apptest.MustStatus(t, c.Get("/assets.geojson?bbox=1,2,3"), http.StatusUnprocessableEntity)
	fcSchema := geojsonSchema(t)
	for _, path := range []string{"/assets.geojson", "/assets.geojson?postcode=AH3", "/assets.geojson?q=nothing-matches"} {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(c.Get(path).Body))
		if err != nil {
			t.Fatal(err)
		}
		if err := fcSchema.Validate(doc); err != nil {
			t.Errorf("%s is not a GeoJSON FeatureCollection: %v", path, err)
		}
	}

	var list struct {
		Items []struct {
			Name     string
			Category string
		}
		Next string
	}
	mustJSON(t, c.Get("/api/v1/assets?limit=2"), &list)
	if len(list.Items) != 2 || list.Items[0].Name != "Caffi Cwtsh" || list.Next == "" {
		t.Errorf("api: %+v", list)
	}
	list.Next = ""
	mustJSON(t, c.Get("/api/v1/assets?tag=walking"), &list)
	if len(list.Items) != 1 || list.Items[0].Category != "associations" || list.Next != "" {
		t.Errorf("api tag: %+v", list)
	}
	apptest.MustStatus(t, c.Get("/api/v1/assets?limit=0"), http.StatusUnprocessableEntity)
	// A filter value the map does not know is an error, not a silent "everything".
	bad := c.Get("/api/v1/assets?category=physical")
	apptest.MustStatus(t, bad, http.StatusUnprocessableEntity)
	apptest.MustContain(t, bad, "category", "Choose a category from the list")
	apptest.MustStatus(t, c.Get("/api/v1/assets?area=north"), http.StatusUnprocessableEntity)
	page := c.Get("/assets?category=physical")
	apptest.MustStatus(t, page, http.StatusOK)
	apptest.MustContain(t, page, "govuk-error-summary", `href="#category"`, `id="category-error"`)
	apptest.MustStatus(t, c.Get("/api/v1/assets/not-an-id"), http.StatusNotFound)
	apptest.MustContain(t, c.Get("/api/v1/openapi.json"), `"/assets/{id}"`, `"listAssets"`)
}

func TestOwnersAreRemindedToCheckOldEntries(t *testing.T) {
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_ASSET_REVIEW_AGE": "720h"}})
	w := newWorld(t, a)
	ctx := t.Context()
	if n, err := w.svc.RemindOwners(ctx); err != nil || n != 0 {
		t.Fatalf("fresh entries reminded: %d %v", n, err)
	}
	a.Clock.Advance(31 * 24 * time.Hour)
	// The hall's member checks it just before the run: it is not stale any more.
	if err := w.svc.MarkChecked(ctx, w.member, w.ids["Castle Library"]); err == nil {
		t.Fatal("a member of another organisation checked the library")
	}
	if err := w.svc.MarkChecked(ctx, w.officer, w.ids["Castle Library"]); err != nil {
		t.Fatal(err)
	}
	n, err := w.svc.RemindOwners(ctx)
	if err != nil || n != 4 {
		t.Fatalf("reminded %d, want 4: %v", n, err)
	}
	// The hall belongs to an organisation: its member is told. The others go to who added them.
	body := a.MustMailTo(t, "gwen@example.org", `Is "Nant Village Hall" still right?`)
	if !strings.Contains(body, "/assets/"+w.ids["Nant Village Hall"]) {
		t.Errorf("no link in:\n%s", body)
	}
	a.MustMailTo(t, "officer@example.org", `Is "Caffi Cwtsh" still right?`)
	if n, _ := w.svc.RemindOwners(ctx); n != 0 {
		t.Errorf("reminded again at once: %d", n)
	}
	a.Clock.Advance(31 * 24 * time.Hour)
	if n, _ := w.svc.RemindOwners(ctx); n != 5 {
		t.Errorf("a month later reminded %d, want 5", n)
	}
}
