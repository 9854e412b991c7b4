package budgeting

import (
	"context"

	"commons/internal/platform/search"
)

// The budgets' part of the search across Commons: every idea not hidden by a moderator, public,
// in its area; an idea the count funded is a project once the results are out.

// SearchSource names the budgets' documents in the index.
func (s *Service) SearchSource() string { return "budgeting" }

// SearchDocuments are the ideas and projects of every process.
func (s *Service) SearchDocuments(ctx context.Context) ([]search.Doc, error) {
	rows, err := searchIdeas(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := make([]search.Doc, 0, len(rows))
	for _, i := range rows {
		kind := "idea"
		if i.Project {
			kind = "project"
		}
		title := i.Title
		if i.Official != "" {
			title = i.Official
		}
		summary := i.Summary
		if summary == "" {
			summary = i.Description
		}
		out = append(out, search.Doc{Kind: kind, ID: i.ID, URL: "/budgets/" + i.ProcessID + "/ideas/" + i.ID,
			Title: title, TitleCy: i.OfficialCy, Summary: summary, SummaryCy: i.SummaryCy,
			Body: i.Title + "\n" + i.Description + "\n" + i.Address + "\n" + i.Process + "\n" + i.Updates, BodyCy: i.ProcessCy,
			AreaID: i.AreaID, Audience: []string{search.Public}, Changed: i.At})
	}
	return out, nil
}
