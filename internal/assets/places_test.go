package assets_test

import (
	"context"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/assets/record"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Other capabilities see published assets as places, and nothing else.
func TestPlacesForOtherCapabilities(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := context.Background()
		p, err := w.svc.Place(ctx, w.ids["Nant Village Hall"])
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "Nant Village Hall" || p.Postcode != "AH3 4XY" || p.Lat == nil || *p.Lat != 51.642 || p.AreaID != w.nant || p.URL != "/assets/"+p.ID {
			t.Errorf("place = %+v", p)
		}
		if _, err := w.svc.Place(ctx, ids.New()); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown id: %v, want not found", err)
		}
		s, err := w.svc.Create(ctx, w.resident, record.Input{Name: "Secret Garden", Category: "spaces", Ownership: "community"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Place(ctx, s.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("a suggestion is a place: %v", err)
		}
		found, err := w.svc.FindPlaces(ctx, "library", 10)
		if err != nil || len(found) != 1 || found[0].Name != "Castle Library" {
			t.Errorf("FindPlaces(library) = %+v, %v", found, err)
		}
		if found, _ := w.svc.FindPlaces(ctx, "  ", 10); len(found) != 0 {
			t.Errorf("FindPlaces(blank) = %+v, want nothing", found)
		}
	})
}
