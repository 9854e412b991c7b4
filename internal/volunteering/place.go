package volunteering

import (
	"context"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/place"
)

// PlaceFinder is what the opportunity form needs of the asset map to let a coordinator choose
// the village hall by name.
type PlaceFinder interface {
	FindPlaces(ctx context.Context, q string, limit int) ([]place.Place, error)
}

// AtPlace lists the open opportunities held at an asset, for the asset's page ("At this
// place"); each says its kind and, for a rota, when the next shift is.
func (s *Service) AtPlace(ctx context.Context, assetID, lang string, viewer *actor.Actor) ([]place.Mention, error) {
	os, err := opportunitiesAt(ctx, s.DB, assetID)
	if err != nil {
		return nil, errs.Wrap(err, "opportunities at a place")
	}
	tr := func(k string, a ...any) string { return s.T(lang, k, a...) }
	var out []place.Mention
	for _, o := range os {
		m := place.Mention{Kind: "volunteering.mention.opportunity", Title: o.Title, URL: "/volunteering/opportunities/" + o.ID,
			Status: tr("volunteering.kind." + o.Kind)}
		ss, err := queryShifts(ctx, s.DB, `WHERE s.opportunity_id = $1 AND s.deleted = 0 AND s.status = 'scheduled' AND s.starts_at > $2
			ORDER BY s.starts_at LIMIT 1`, o.ID, s.DB.Now(ctx))
		if err != nil {
			return nil, errs.Wrap(err, "shifts")
		}
		if len(ss) > 0 {
			when := ss[0].StartsAt
			m.When = &when
			m.Status = tr("volunteering.mention.next", "when", s.when(lang, ss[0]))
		}
		out = append(out, m)
	}
	return out, nil
}
