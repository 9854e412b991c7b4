package app_test

import (
	"context"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/platform/errs"
	"commons/internal/volunteering"
)

// Volunteering's search by distance is wired to the asset map's postcodes (CONTRACTS:
// LocatePostcode): a known district answers with its point, a malformed postcode is invalid and
// an unknown one not found, so the search says so instead of failing or being switched off.
func TestVolunteeringSearchesNearAPostcodeThroughTheAssetMap(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	vs := app.Service[*volunteering.Service](a.Server)
	if vs.Locator == nil {
		t.Fatal("volunteering has no postcode locator: the asset map's LocatePostcode is not wired")
	}
	p, err := vs.Locator.LocatePostcode(ctx, "ah1 2qs")
	if err != nil || p.Lat < 51.5 || p.Lat > 51.7 || p.Lng > -3.8 || p.Lng < -4.0 {
		t.Fatalf("AH1 2QS: %+v %v", p, err)
	}
	if _, err := vs.Locator.LocatePostcode(ctx, "not a postcode"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("malformed: %v", err)
	}
	if _, err := vs.Locator.LocatePostcode(ctx, "ZZ9 9ZZ"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("unknown: %v", err)
	}
	res, err := vs.Search(ctx, volunteering.Search{Postcode: "AH1 2QS", Within: 5})
	if err != nil || res.NoLocator || res.UnknownPostcode || res.Located == nil {
		t.Fatalf("search near AH1 2QS: %+v %v", res, err)
	}
	res, err = vs.Search(ctx, volunteering.Search{Postcode: "ZZ9 9ZZ"})
	if err != nil || !res.UnknownPostcode {
		t.Fatalf("search near an unknown postcode: %+v %v", res, err)
	}
}
