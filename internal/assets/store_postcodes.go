package assets

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"commons/internal/assets/geo"
	"commons/internal/assets/postcodes"
	"commons/internal/platform/db"
)

// postcodePoint is a loaded postcode's point.
func postcodePoint(ctx context.Context, d *db.DB, pc string) (geo.Point, bool, error) {
	var p geo.Point
	err := d.QueryRow(ctx, `SELECT lat, lon FROM asset_postcodes WHERE postcode = $1`, pc).Scan(&p.Lat, &p.Lon)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

// districtPoint is the middle of a district's loaded postcodes.
func districtPoint(ctx context.Context, d *db.DB, district string) (geo.Point, bool, error) {
	var lat, lon sql.NullFloat64
	err := d.QueryRow(ctx, `SELECT AVG(lat), AVG(lon) FROM asset_postcodes WHERE district = $1`, district).Scan(&lat, &lon)
	if err != nil || !lat.Valid || !lon.Valid {
		return geo.Point{}, false, err
	}
	return geo.Point{Lat: lat.Float64, Lon: lon.Float64}, true, nil
}

// savePostcodes writes a batch of points, replacing those loaded before.
func savePostcodes(ctx context.Context, d *db.DB, ps []postcodes.Point) error {
	// A file may list a postcode twice; the last row wins, as it would row by row.
	last := map[string]int{}
	for i, p := range ps {
		last[p.Postcode] = i
	}
	var vals []string
	args := []any{d.Now(ctx)}
	for i, p := range ps {
		if last[p.Postcode] != i {
			continue
		}
		n := len(args)
		vals = append(vals, "($"+strconv.Itoa(n+1)+", $"+strconv.Itoa(n+2)+", $"+strconv.Itoa(n+3)+", $"+strconv.Itoa(n+4)+", $1)")
		args = append(args, p.Postcode, p.District(), p.Lat, p.Lon)
	}
	_, err := d.Exec(ctx, `INSERT INTO asset_postcodes (postcode, district, lat, lon, loaded_at) VALUES `+strings.Join(vals, ", ")+`
		ON CONFLICT (postcode) DO UPDATE SET district = excluded.district, lat = excluded.lat, lon = excluded.lon, loaded_at = excluded.loaded_at`, args...)
	return err
}

func loadedPostcodes(ctx context.Context, d *db.DB, limit, offset int) ([]postcodes.Point, error) {
	return db.List(ctx, d, func(r db.Scanner) (postcodes.Point, error) {
		var p postcodes.Point
		err := r.Scan(&p.Postcode, &p.Lat, &p.Lon)
		return p, err
	}, `SELECT postcode, lat, lon FROM asset_postcodes ORDER BY postcode LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset))
}

// unplacedWithKnownPostcode are the assets with no point whose full postcode is loaded.
func unplacedWithKnownPostcode(ctx context.Context, d *db.DB) ([]string, error) {
	return db.Strings(ctx, d, `SELECT a.id FROM assets a JOIN asset_postcodes p ON p.postcode = a.postcode
		WHERE a.lat IS NULL ORDER BY a.id`)
}

func placeAtPostcode(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `UPDATE assets SET lat = (SELECT lat FROM asset_postcodes WHERE postcode = assets.postcode),
		lon = (SELECT lon FROM asset_postcodes WHERE postcode = assets.postcode) WHERE id = $1`, id)
	return err
}

// assetsCentre is the middle of the published assets with a point.
func assetsCentre(ctx context.Context, d *db.DB) (geo.Point, bool, error) {
	var lat, lon sql.NullFloat64
	err := d.QueryRow(ctx, `SELECT AVG(lat), AVG(lon) FROM assets WHERE status = 'published' AND lat IS NOT NULL`).Scan(&lat, &lon)
	if err != nil || !lat.Valid || !lon.Valid {
		return geo.Point{}, false, err
	}
	return geo.Point{Lat: lat.Float64, Lon: lon.Float64}, true, nil
}
