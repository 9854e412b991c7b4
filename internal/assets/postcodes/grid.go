package postcodes

import "math"

// The British National Grid is a transverse Mercator projection of the Airy 1830 ellipsoid
// (the OSGB36 datum). GridToWGS84 undoes the projection and then moves the point from OSGB36 to
// WGS 84 with the Helmert transformation Ordnance Survey publishes for the purpose, which is
// good to about five metres: plenty to put a postcode on a map.
const (
	airyA, airyB = 6377563.396, 6356256.909 // Airy 1830 semi-axes, metres
	wgsA, wgsB   = 6378137.0, 6356752.314245
	f0           = 0.9996012717 // scale factor on the central meridian
	e0, n0       = 400000.0, -100000.0
	lat0, lon0   = 49 * math.Pi / 180, -2 * math.Pi / 180

	// OSGB36 → WGS 84: translations in metres, scale in parts per million, rotations in
	// arc-seconds (the published WGS 84 → OSGB36 parameters with their signs reversed).
	tx, ty, tz = 446.448, -125.157, 542.060
	scalePPM   = -20.4894
	rx, ry, rz = 0.1502, 0.2470, 0.8421
)

// GridToWGS84 converts an OS National Grid reference (eastings and northings in metres) to
// WGS 84 latitude and longitude in degrees.
func GridToWGS84(e, n float64) (lat, lon float64) {
	phi, lambda := gridToOSGB36(e, n)
	return osgb36ToWGS84(phi, lambda)
}

// gridToOSGB36 is the inverse transverse Mercator projection on the Airy ellipsoid; it returns
// radians.
func gridToOSGB36(e, n float64) (phi, lambda float64) {
	a, b := airyA, airyB
	e2 := 1 - (b*b)/(a*a)
	nn := (a - b) / (a + b)
	meridian := func(phi float64) float64 {
		dp, sp := phi-lat0, phi+lat0
		return b * f0 * ((1+nn+5.0/4*nn*nn+5.0/4*nn*nn*nn)*dp -
			(3*nn+3*nn*nn+21.0/8*nn*nn*nn)*math.Sin(dp)*math.Cos(sp) +
			(15.0/8*nn*nn+15.0/8*nn*nn*nn)*math.Sin(2*dp)*math.Cos(2*sp) -
			(35.0/24*nn*nn*nn)*math.Sin(3*dp)*math.Cos(3*sp))
	}
	phi = lat0
	m := 0.0
	for i := 0; i < 20; i++ {
		phi = (n-n0-m)/(a*f0) + phi
		m = meridian(phi)
		if math.Abs(n-n0-m) < 0.00001 {
			break
		}
	}
	sin, cos, tan := math.Sin(phi), math.Cos(phi), math.Tan(phi)
	nu := a * f0 / math.Sqrt(1-e2*sin*sin)
	rho := a * f0 * (1 - e2) / math.Pow(1-e2*sin*sin, 1.5)
	eta2 := nu/rho - 1
	secPhi := 1 / cos
	vii := tan / (2 * rho * nu)
	viii := tan / (24 * rho * nu * nu * nu) * (5 + 3*tan*tan + eta2 - 9*tan*tan*eta2)
	ix := tan / (720 * rho * math.Pow(nu, 5)) * (61 + 90*tan*tan + 45*math.Pow(tan, 4))
	x := secPhi / nu
	xi := secPhi / (6 * nu * nu * nu) * (nu/rho + 2*tan*tan)
	xii := secPhi / (120 * math.Pow(nu, 5)) * (5 + 28*tan*tan + 24*math.Pow(tan, 4))
	xiia := secPhi / (5040 * math.Pow(nu, 7)) * (61 + 662*tan*tan + 1320*math.Pow(tan, 4) + 720*math.Pow(tan, 6))
	de := e - e0
	phi = phi - vii*de*de + viii*math.Pow(de, 4) - ix*math.Pow(de, 6)
	lambda = lon0 + x*de - xi*de*de*de + xii*math.Pow(de, 5) - xiia*math.Pow(de, 7)
	return phi, lambda
}

// osgb36ToWGS84 moves a point (radians on the Airy ellipsoid, at height 0) to WGS 84 and
// returns degrees.
func osgb36ToWGS84(phi, lambda float64) (lat, lon float64) {
	// To Cartesian coordinates on the Airy ellipsoid.
	e2 := 1 - (airyB*airyB)/(airyA*airyA)
	sin, cos := math.Sin(phi), math.Cos(phi)
	nu := airyA / math.Sqrt(1-e2*sin*sin)
	x1 := nu * cos * math.Cos(lambda)
	y1 := nu * cos * math.Sin(lambda)
	z1 := (1 - e2) * nu * sin
	// The Helmert transformation.
	s := scalePPM * 1e-6
	sec := math.Pi / (180 * 3600)
	rX, rY, rZ := rx*sec, ry*sec, rz*sec
	x2 := tx + (1+s)*x1 - rZ*y1 + rY*z1
	y2 := ty + rZ*x1 + (1+s)*y1 - rX*z1
	z2 := tz - rY*x1 + rX*y1 + (1+s)*z1
	// Back to latitude and longitude on the WGS 84 ellipsoid.
	e2w := 1 - (wgsB*wgsB)/(wgsA*wgsA)
	p := math.Hypot(x2, y2)
	phi = math.Atan2(z2, p*(1-e2w))
	for i := 0; i < 10; i++ {
		sp := math.Sin(phi)
		nuw := wgsA / math.Sqrt(1-e2w*sp*sp)
		next := math.Atan2(z2+e2w*nuw*sp, p)
		if math.Abs(next-phi) < 1e-12 {
			phi = next
			break
		}
		phi = next
	}
	lambda = math.Atan2(y2, x2)
	return phi * 180 / math.Pi, lambda * 180 / math.Pi
}
