package assets

import (
	"context"
	"log/slog"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/place"
)

// The asset map offers other capabilities its places (see docs/adding-a-capability.md, "Meeting
// another capability"): volunteering, ownership and mentoring refer to a village hall or a plot
// of land by its id without importing this package. Only published assets are places.

// Place returns a published asset as a place; a suggestion or an unknown id is not found.
func (s *Service) Place(ctx context.Context, assetID string) (place.Place, error) {
	a, err := s.Asset(ctx, nil, assetID)
	if err != nil {
		return place.Place{}, err
	}
	if a.Status != StatusPublished {
		return place.Place{}, errs.E(errs.NotFound, "error.not_found")
	}
	return asPlace(a), nil
}

// FindPlaces returns published assets whose name, address or description match q, for a
// picker; an empty q finds nothing.
func (s *Service) FindPlaces(ctx context.Context, q string, limit int) ([]place.Place, error) {
	if strings.TrimSpace(q) == "" {
		return nil, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	as, err := s.Search(ctx, nil, Filter{Q: q, Limit: limit})
	if err != nil {
		return nil, err
	}
	ps := make([]place.Place, 0, len(as))
	for _, a := range as {
		ps = append(ps, asPlace(a))
	}
	return ps, nil
}

func asPlace(a Asset) place.Place {
	return place.Place{ID: a.ID, Name: a.Name, Kind: a.Category, Address: a.Address, Postcode: a.Postcode,
		AreaID: a.AreaID, Lat: a.Lat, Lng: a.Lon, URL: "/assets/" + a.ID}
}

// MentionSource is what another capability offers the asset's page: what it holds at a place
// (volunteering held there, an asset of community value's listing), in the reader's language,
// as the viewer may see it.
type MentionSource interface {
	AtPlace(ctx context.Context, assetID, lang string, viewer *actor.Actor) ([]place.Mention, error)
}

// AtPlace gathers every other capability's mentions of an asset, in the order the capabilities
// are listed. A capability that fails is logged and left out: the asset's own page still shows.
func (s *Service) AtPlace(ctx context.Context, assetID, lang string, viewer *actor.Actor) ([]place.Mention, error) {
	var out []place.Mention
	for _, m := range s.Mentions {
		ms, err := m.AtPlace(ctx, assetID, lang, viewer)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			slog.WarnContext(ctx, "a capability's mentions of an asset failed", "asset", assetID, "err", err)
			continue
		}
		out = append(out, ms...)
	}
	return out, nil
}
