package assets

import (
	"context"

	"commons/internal/assets/record"
)

// oruKOrgs lists organisations (or one) as ORUK organizations.
func (s *Service) oruKOrgs(ctx context.Context, id, search string, limit, offset int) ([]obj, int, error) {
	rows, total, err := organisationsPage(ctx, s.DB, id, search, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	var out []obj
	for _, r := range rows {
		o := obj{"id": r.ID, "name": r.Name, "description": r.Description}
		if record.ValidWebsite(r.Website) {
			o["website"] = r.Website
		}
		out = append(out, o)
	}
	return out, total, nil
}
