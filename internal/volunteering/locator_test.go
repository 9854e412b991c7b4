package volunteering_test

import (
	"context"

	"commons/internal/platform/errs"
	"commons/internal/platform/place"
)

// fixedPostcodes stands in for the asset map's postcode file, which is not on this branch yet
// (the asset map implements LocatePostcode); it answers as the contract says.
type fixedPostcodes map[string][2]float64

func (f fixedPostcodes) LocatePostcode(_ context.Context, pc string) (place.Point, error) {
	p, ok := f[pc]
	if !ok {
		return place.Point{}, errs.E(errs.NotFound, "error.not_found")
	}
	return place.Point{Lat: p[0], Lng: p[1]}, nil
}
