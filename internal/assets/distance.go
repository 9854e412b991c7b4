package assets

import "commons/internal/assets/geo"

func distanceKm(a, b geo.Point) float64 { return geo.DistanceKm(a, b) }
