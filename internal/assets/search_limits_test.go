package assets_test

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/assets"
	"commons/internal/assets/geo"
)

// randomWords are n random four-letter words, as in the finding's reproduction.
func randomWords(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	words := make([]string, n)
	for i := range words {
		b := make([]byte, 4)
		for j := range b {
			b[j] = byte('a' + r.IntN(26))
		}
		words[i] = string(b)
	}
	return strings.Join(words, " ")
}

// TestSearchWithManyWords: a search of hundreds or thousands of words is answered at once with
// the first eight words and a note saying so (V1: 200 words held a PostgreSQL connection for 95 s
// and 21 such searches took the site down; 1,000 words were a 500 on SQLite).
func TestSearchWithManyWords(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		c := a.Client(t)
		for _, n := range []int{200, 1000} {
			r := c.Get("/assets?q=" + url.QueryEscape(randomWords(n)))
			apptest.MustStatus(t, r, http.StatusOK)
			apptest.MustContain(t, r, "only the first 8 words (and 200 characters) of your search were used")
			for _, path := range []string{"/assets.csv?q=", "/assets.geojson?q=", "/api/v1/assets?q=", "/openreferral/services?search="} {
				r := c.Get(path + url.QueryEscape(randomWords(n)))
				apptest.MustStatus(t, r, http.StatusOK)
			}
		}
		// An ordinary search is unchanged: every word must start a word of the asset.
		r := c.Get("/assets?q=" + url.QueryEscape("Nant Community Centre"))
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Nant Community Centre")
		apptest.MustNotContain(t, r, "only the first 8 words")
	})
}

func TestSearchWords(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want string
		cut  bool
	}{
		{"Hall hall HALL", "hall", false},
		{"Café  Ysgol-Gymraeg", "cafe ysgol gymraeg", false},
		{"a b c d e f g h", "a b c d e f g h", false},
		{"a b c d e f g h i", "a b c d e f g h", true},
		{"a a a a a a a a a b", "a b", false},
		{strings.Repeat("x", 250), strings.Repeat("x", 200), true},
	} {
		words, cut := assets.SearchWords(tc.q)
		if got := strings.Join(words, " "); got != tc.want || cut != tc.cut {
			t.Errorf("SearchWords(%q) = %q, %v; want %q, %v", tc.q, got, cut, tc.want, tc.cut)
		}
	}
}

// TestListSearchReadsWhatTheRowsShow: the search page reads only what its rows show; it finds
// the same assets in the same order as the full search, with the same names, categories,
// areas, postcodes, places and step-free access, for rare words, common words, several words,
// filters and a distance order.
func TestListSearchReadsWhatTheRowsShow(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := t.Context()
		if err := a.LoadDemo(ctx); err != nil {
			t.Fatal(err)
		}
		svc := app.Service[*assets.Service](a.Server)
		for _, f := range []assets.Filter{
			{Q: "hall"}, {Q: "community"}, {Q: "community centre"}, {Q: "nant"}, {Q: "zzzz"},
			{Category: "spaces"}, {StepFree: true}, {Q: "hall", Offset: 5},
			{Q: "community", Near: &geo.Point{Lat: 51.6, Lon: -3.9}},
		} {
			f.Limit = 21
			full, err := svc.Search(ctx, nil, f)
			if err != nil {
				t.Fatal(err)
			}
			f.Summary = true
			rows, err := svc.Search(ctx, nil, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(full) {
				t.Fatalf("%+v: the list read %d assets, the full search %d", f, len(rows), len(full))
			}
			for i := range rows {
				x, y := rows[i], full[i]
				if x.ID != y.ID || x.Name != y.Name || x.Category != y.Category || x.AreaName != y.AreaName ||
					x.Postcode != y.Postcode || x.StepFree != y.StepFree || x.Summary() != y.Summary() ||
					(x.Lat == nil) != (y.Lat == nil) || (x.DistanceKm == nil) != (y.DistanceKm == nil) ||
					(x.DistanceKm != nil && *x.DistanceKm != *y.DistanceKm) {
					t.Errorf("%+v row %d: list %+v, full %+v", f, i, x, y)
				}
			}
			if f.Q == "hall" && f.Offset == 0 && len(rows) == 0 {
				t.Error("the demo has halls")
			}
			n, err := svc.Count(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if f.Offset == 0 && n < len(rows) {
				t.Errorf("%+v: counted %d, listed %d", f, n, len(rows))
			}
		}
	})
}
