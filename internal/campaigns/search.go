package campaigns

import (
	"context"

	"commons/internal/platform/search"
)

// Campaigns' part of the search across Commons: every published campaign, public, in its area.
// A campaign its team has not published is left out.

// SearchSource names campaigns' documents in the index.
func (s *Service) SearchSource() string { return "campaigns" }

// SearchDocuments are the published campaigns.
func (s *Service) SearchDocuments(ctx context.Context) ([]search.Doc, error) {
	rows, err := searchCampaigns(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := make([]search.Doc, 0, len(rows))
	for _, c := range rows {
		out = append(out, search.Doc{Kind: "campaign", ID: c.ID, URL: "/campaigns/" + c.ID, Title: c.Title, Summary: c.Summary,
			Body: c.Body, AreaID: c.AreaID, Audience: []string{search.Public}, Changed: c.At})
	}
	return out, nil
}
