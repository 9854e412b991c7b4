package assets

import (
	"context"

	index "commons/internal/platform/search"
)

// The assets' part of the search across Commons: every published asset, public, in its area.
// Suggestions waiting for an officer are left out; so are contact details.

// SearchSource names the assets' documents in the index.
func (s *Service) SearchSource() string { return "assets" }

// SearchDocuments are the published assets.
func (s *Service) SearchDocuments(ctx context.Context) ([]index.Doc, error) {
	rows, err := indexAssets(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := make([]index.Doc, 0, len(rows))
	for _, a := range rows {
		out = append(out, index.Doc{Kind: "asset", ID: a.ID, URL: "/assets/" + a.ID, Title: a.Title, Summary: a.Summary,
			Body: a.Body, AreaID: a.AreaID, Audience: []string{index.Public}, Changed: a.At})
	}
	return out, nil
}
