package assets_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/assets"
	"commons/internal/assets/geo"
	"commons/internal/assets/record"
	"commons/internal/platform/db"
)

// loadPostcodes runs commons postcodes import on the synthetic ONSPD sample.
func loadPostcodes(t *testing.T, a *apptest.App, args ...string) string {
	t.Helper()
	var cmd = assets.Capability().Commands[0]
	if cmd.Name != "postcodes" {
		t.Fatalf("command %q", cmd.Name)
	}
	var out, errb bytes.Buffer
	if err := cmd.Run(context.Background(), a.Env, append([]string{"import"}, append(args, "postcodes/testdata/onspd-sample.csv")...), &out, &errb); err != nil {
		t.Fatalf("import: %v\n%s", err, errb.String())
	}
	return out.String()
}

// A3 and A4 in the walk: distance from a full postcode was from its district's centre, with no
// radius; a hall with a postcode but no typed coordinates was not on the map.
func TestPostcodesPlaceAssetsAndSearches(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := context.Background()
		// An asset added before the postcodes are loaded, with a postcode and no point.
		early, err := w.svc.Create(ctx, w.officer, record.Input{Name: "Nant Knit and Natter", Category: "associations", Postcode: "AH3 2QS", Ownership: "community"})
		if err != nil || early.Lat != nil {
			t.Fatalf("%+v %v", early, err)
		}
		out := loadPostcodes(t, a, "--areas", "AH")
		for _, want := range []string{"read 75 rows of ONSPD; loaded 72 postcodes", "1 terminated, 1 without a point, 1 in other areas", "now placed on the map: 1."} {
			if !strings.Contains(out, want) {
				t.Errorf("the command said %q, not %q", out, want)
			}
		}
		if n := a.Count(t, `SELECT COUNT(*) FROM asset_postcodes`); n != 72 {
			t.Fatalf("%d postcodes loaded", n)
		}
		// Loading again replaces, and says the same.
		loadPostcodes(t, a, "--areas", "AH")
		if n := a.Count(t, `SELECT COUNT(*) FROM asset_postcodes`); n != 72 {
			t.Fatalf("%d postcodes after a second load", n)
		}
		placed, _ := w.svc.Asset(ctx, w.officer, early.ID)
		p, ok, _ := w.svc.Locate(ctx, "ah3 2qs")
		if !ok || !p.Exact || placed.Lat == nil || *placed.Lat != p.Point.Lat {
			t.Fatalf("the earlier asset was not placed at its postcode: %+v %+v", placed, p)
		}
		// A new asset with a known postcode is placed; one with an unknown postcode is not.
		in := record.Input{Name: "Nant Village Hall Annexe", Category: "spaces", Postcode: "AH3 4XY", Ownership: "community"}
		hall, err := w.svc.Create(ctx, w.officer, in)
		if err != nil || hall.Lat == nil {
			t.Fatalf("not placed: %+v %v", hall, err)
		}
		in.Name, in.Postcode = "Somewhere Else", "AH3 9ZZ"
		if other, _ := w.svc.Create(ctx, w.officer, in); other.Lat != nil {
			t.Errorf("placed at an unknown postcode: %+v", other)
		}
		// A full postcode's own point; a district's middle; a full postcode the file lacks
		// falls back to its district and says so.
		full, _, _ := w.svc.Locate(ctx, "AH3 4XY")
		district, _, _ := w.svc.Locate(ctx, "AH3")
		unknown, ok, _ := w.svc.Locate(ctx, "AH3 9ZZ")
		if !full.Exact || district.Exact || !ok || unknown.Exact || unknown.Postcode != "AH3" || geo.DistanceKm(full.Point, district.Point) < 0.05 {
			t.Errorf("full %+v, district %+v, unknown %+v", full, district, unknown)
		}
		if _, ok, _ := w.svc.Locate(ctx, "ZZ9 9ZZ"); ok {
			t.Error("a postcode nowhere was found")
		}
		// Within a radius: the hall's own postcode, half a mile.
		c := client(t, a, "")
		r := c.Get("/assets?postcode=AH3+4XY&within=0.5")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Nant Village Hall Annexe", "Distances are from AH3 4XY", `data-radius-km="0.804672"`)
		apptest.MustNotContain(t, r, "Caffi Cwtsh", "Upper Valley Walking Group")
		r = c.Get("/assets?postcode=AH3+9ZZ")
		apptest.MustContain(t, r, "We do not have AH3 9ZZ exactly, so distances are from the middle of AH3")
		r = c.Get("/assets?within=2")
		apptest.MustContain(t, r, "Enter a postcode to search within a distance of it", "Part of your search could not be used")
		apptest.MustStatus(t, c.Get("/api/v1/assets?postcode=AH3+4XY&within=100"), http.StatusUnprocessableEntity)
		var list struct {
			Items []assets.Asset `json:"items"`
		}
		mustJSON(t, c.Get("/api/v1/assets?postcode=AH3%204XY&within=1"), &list)
		for _, it := range list.Items {
			if it.DistanceKm == nil || *it.DistanceKm > 1.61 {
				t.Errorf("%s is %v km away, outside a mile", it.Name, it.DistanceKm)
			}
		}
		if len(list.Items) == 0 {
			t.Error("nothing within a mile")
		}
		// The form's map asks where a postcode is.
		var pcs struct {
			Items []assets.PostcodeBody `json:"items"`
		}
		mustJSON(t, c.Get("/api/v1/postcodes?q=ah3%204xy"), &pcs)
		if len(pcs.Items) != 1 || pcs.Items[0].Postcode != "AH3 4XY" || !pcs.Items[0].Exact || pcs.Items[0].Latitude != full.Point.Lat {
			t.Errorf("postcode API: %+v", pcs)
		}
		mustJSON(t, c.Get("/api/v1/postcodes?q=nowhere"), &pcs)
		if len(pcs.Items) != 0 {
			t.Errorf("nowhere: %+v", pcs)
		}
		mustJSON(t, c.Get("/api/v1/postcodes?limit=5"), &pcs)
		if len(pcs.Items) != 5 || pcs.Items[0].Postcode != "AH1 1AB" {
			t.Errorf("the list: %+v", pcs)
		}
	})
}

// A file neither layout fits is refused with a usage message; nothing is loaded.
func TestPostcodesCommandRefusesOtherFiles(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	cmd := assets.Capability().Commands[0]
	dir := t.TempDir()
	bad := dir + "/bad.csv"
	if err := os.WriteFile(bad, []byte("name,address\nHall,1 High St\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := cmd.Run(context.Background(), a.Env, []string{"import", bad}, &out, &errb); err == nil || !strings.Contains(err.Error(), "neither") {
		t.Errorf("a file of another layout: %v", err)
	}
	if err := cmd.Run(context.Background(), a.Env, []string{"load", bad}, &out, &errb); err == nil || !strings.Contains(errb.String(), "usage") {
		t.Errorf("a wrong sub-command: %v %s", err, errb.String())
	}
}

// A4: opening times in OpenStreetMap syntax. The form asks day by day and stores the same text.
func TestOpeningTimesDayByDay(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	gwen := client(t, a, "gwen@example.org")
	gwen.Get("/assets/new")
	form := url.Values{"name": {"Nant Lunch Club"}, "category": {"associations"}, "ownership": {"community"}, "organisation": {w.hall}}
	for _, d := range []string{"mo", "tu", "we", "th", "fr"} {
		form.Set("hours_"+d+"_open1", "9.30")
		form.Set("hours_"+d+"_close1", "14:00")
	}
	form.Set("hours_tu_open2", "18:00")
	form.Set("hours_tu_close2", "21:00")
	r := gwen.PostForm("/assets", form)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	id := strings.TrimPrefix(r.Location(), "/assets/")
	got, _ := w.svc.Asset(context.Background(), w.member, id)
	if got.OpeningHours != "Mo,We-Fr 09:30-14:00; Tu 09:30-14:00; Tu 18:00-21:00" {
		t.Errorf("stored %q", got.OpeningHours)
	}
	page := gwen.Get("/assets/" + id)
	apptest.MustContain(t, page, "Tuesday: 09:30–14:00, 18:00–21:00", "Saturday: closed")
	edit := gwen.Get("/assets/" + id + "/edit")
	apptest.MustContain(t, edit, `name="hours_tu_open2" type="text" value="18:00"`, `name="hours_fr_close1" type="text" value="14:00"`, "<details class=\"govuk-details govuk-!-margin-bottom-2\" open>")
	cy := gwen.Get("/assets/" + id + "?lang=cy")
	apptest.MustContain(t, gwen.Follow(cy), "Dydd Mawrth: 09:30–14:00, 18:00–21:00")
	gwen.Get("/assets/" + id + "?lang=en")
	// Open all day, every day.
	gwen.Get("/assets/" + id + "/edit")
	form.Set("hours_always", "yes")
	apptest.MustStatus(t, gwen.PostForm("/assets/"+id+"/edit", form), http.StatusSeeOther)
	got, _ = w.svc.Asset(context.Background(), w.member, id)
	if got.OpeningHours != "24/7" {
		t.Errorf("always open stored as %q", got.OpeningHours)
	}
}

// The demo shows the new parts alive: its postcodes are loaded (every demo postcode a real
// inward code), a correction waits for the community centre's committee, and a request for a
// skill waits for an answer.
func TestDemoHasPostcodesCorrectionsAndRequests(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := a.LoadDemo(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM asset_postcodes`); n < 200 {
		t.Errorf("%d demo postcodes", n)
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM assets WHERE postcode <> '' AND postcode NOT IN (SELECT postcode FROM asset_postcodes)`); n != 0 {
		t.Errorf("%d demo postcodes are not in the postcode table", n)
	}
	pcs, err := db.Strings(ctx, a.DB, `SELECT postcode FROM assets WHERE postcode <> ''`)
	if err != nil {
		t.Fatal(err)
	}
	for _, pc := range pcs {
		if strings.ContainsAny(pc[len(pc)-2:], "CIKMOV") {
			t.Errorf("demo postcode %s is not a real inward code", pc)
		}
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM asset_corrections WHERE status = 'pending'`); n != 1 {
		t.Errorf("%d pending demo corrections", n)
	}
	if n := a.Count(t, `SELECT COUNT(*) FROM skill_requests WHERE status = 'sent'`); n != 1 {
		t.Errorf("%d open demo requests", n)
	}
	gwen := a.Client(t)
	gwen.SignIn("member@aberhaven.example", "commons-demo")
	apptest.MustContain(t, gwen.Get("/assets/mine"), "A correction to Nant Community Centre")
	rhys := a.Client(t)
	rhys.SignIn("resident@aberhaven.example", "commons-demo")
	apptest.MustContain(t, rhys.Get("/assets/skills/requests"), "Gwen Member asks about Bike repairs")
}
