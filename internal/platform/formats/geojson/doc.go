// Package geojson writes RFC 7946 GeoJSON for the maps and downloads in
// Commons (/assets.geojson, PB project locations, ward boundaries) and reads
// the boundaries users paste in.
//
// Only the geometry types the platform draws are modelled: Point, LineString,
// Polygon and MultiPolygon. Positions are WGS 84 [longitude, latitude]; there
// is no crs member. The Polygon constructors rewind rings to the RFC 7946
// §3.1.6 orientation (exterior counter-clockwise, holes clockwise), and Encode
// refuses geometry that breaks the rules the JSON Schema cannot express:
// ranges, closed rings of at least four positions, orientation.
//
// It owns no tables and imports no capability; any capability may call it.
package geojson
