package assets

import (
	"context"

	"commons/internal/platform/db"
)

// demoLoaded tells whether the demo assets are there already.
func demoLoaded(ctx context.Context, d *db.DB) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM assets WHERE name = 'Nant Community Centre'`).Scan(&n)
	return n > 0, err
}

// areaDistricts are every area's postcode districts (as stored), by area id.
func areaDistricts(ctx context.Context, d *db.DB) (map[string]string, error) {
	districts := map[string]string{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id, ds string
		err := r.Scan(&id, &ds)
		districts[id] = ds
		return err
	}, `SELECT id, postcode_districts FROM identity_areas`)
	if err != nil {
		return nil, err
	}
	return districts, nil
}

// personIDByEmail is the id of the person with this email address.
func personIDByEmail(ctx context.Context, d *db.DB, email string) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT id FROM identity_people WHERE email = $1`, email).Scan(&id)
	return id, err
}

// demoCentreID is the id of the demo's community centre.
func demoCentreID(ctx context.Context, d *db.DB) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT id FROM assets WHERE name = 'Nant Community Centre'`).Scan(&id)
	return id, err
}
