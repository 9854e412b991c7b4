package volunteering

import (
	"context"

	"commons/internal/platform/search"
)

// Volunteering's part of the search across Commons: every open opportunity, public, in its
// area. A closed opportunity is left out.

// SearchSource names volunteering's documents in the index.
func (s *Service) SearchSource() string { return "volunteering" }

// SearchDocuments are the open opportunities with their roles.
func (s *Service) SearchDocuments(ctx context.Context) ([]search.Doc, error) {
	rows, err := searchOpportunities(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := make([]search.Doc, 0, len(rows))
	for _, o := range rows {
		out = append(out, search.Doc{Kind: "opportunity", ID: o.ID, URL: "/volunteering/opportunities/" + o.ID, Title: o.Title,
			Summary: o.Summary, Body: o.Body, AreaID: o.AreaID, Audience: []string{search.Public}, Changed: o.At})
	}
	return out, nil
}
