package db

import "context"

// Exports runs, for a person's data download, each query of what a capability holds about them
// (by the name of its part in the download; $1 is the person's account id) and returns each
// part's rows as QueryMaps reads them (an empty list when there are none) under its name.
func Exports(ctx context.Context, d *DB, accountID string, queries map[string]string) (map[string]any, error) {
	out := make(map[string]any, len(queries))
	for kind, q := range queries {
		rows, err := d.QueryMaps(ctx, q, accountID)
		if err != nil {
			return nil, err
		}
		out[kind] = rows
	}
	return out, nil
}
