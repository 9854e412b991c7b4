package events

import (
	"context"

	"commons/internal/platform/search"
)

// The events' part of the search across Commons: every event that is not cancelled, public
// (an invitation-only event is listed too; only its registration is by invitation).

// SearchSource names the events' documents in the index.
func (s *Service) SearchSource() string { return "events" }

// SearchDocuments are the events that are not cancelled, with their venue and programme.
func (s *Service) SearchDocuments(ctx context.Context) ([]search.Doc, error) {
	rows, err := searchEvents(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := make([]search.Doc, 0, len(rows))
	for _, e := range rows {
		out = append(out, search.Doc{Kind: "event", ID: e.ID, URL: "/events/" + e.ID, Title: e.Title, Summary: e.Summary,
			Body: e.Body, Audience: []string{search.Public}, Changed: e.At})
	}
	return out, nil
}
