package app_test

import (
	"net/http"
	"testing"

	"commons/internal/app/apptest"
)

// An asset's page lists what other capabilities hold at that place ("At this place"): the
// demo's assets of community value name the asset map's places, so the place's page links to
// the case, in English and in Welsh.
func TestAnAssetPageListsWhatHappensThere(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	var assetID, caseID string
	if err := a.DB.QueryRow(t.Context(), `SELECT asset_id, id FROM own_cases WHERE asset_id IS NOT NULL AND asset_id <> ''
		AND status IN ('listed', 'review', 'appeal') ORDER BY reference LIMIT 1`).Scan(&assetID, &caseID); err != nil {
		t.Fatalf("no demo case at a place of the asset map: %v", err)
	}
	c := a.Client(t)
	r := c.Get("/assets/" + assetID)
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "At this place", "Asset of community value", `href="/ownership/cases/`+caseID+`"`)
	r = c.Get("/assets/" + assetID + "?lang=cy")
	if r.Status == http.StatusSeeOther {
		r = c.Follow(r)
	}
	apptest.MustContain(t, r, "Yn y lle hwn", `href="/ownership/cases/`+caseID+`"`)
}
