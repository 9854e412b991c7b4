package bench

import "commons/internal/assets/geo"

func boxOf(w, s, e, n float64) *geo.BBox { return &geo.BBox{West: w, South: s, East: e, North: n} }

func nearPoint(lat, lon float64) geo.Point { return geo.Point{Lat: lat, Lon: lon} }
