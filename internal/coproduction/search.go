package coproduction

import (
	"context"

	"commons/internal/platform/search"
)

// Co-production's part of the search across Commons: every published project, public, with its
// problem, who it affects, its service area and its published case study, in English and Welsh
// where the council wrote both. A project not published is left out.

// SearchSource names co-production's documents in the index.
func (s *Service) SearchSource() string { return "coproduction" }

// SearchDocuments are the published co-production projects.
func (s *Service) SearchDocuments(ctx context.Context) ([]search.Doc, error) {
	rows, err := searchProjects(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := make([]search.Doc, 0, len(rows))
	for _, r := range rows {
		d := search.Doc{Kind: "coproduction", ID: r.ID, URL: "/projects/" + r.ID, Audience: []string{search.Public}, Changed: r.At}
		// The record's main texts are in its language; the *_alt texts in the other.
		main := [3]string{r.Title, r.Problem, joinTexts(r.Affected, r.ServiceArea, r.CaseStudy)}
		alt := [3]string{r.TitleAlt, r.ProblemAlt, joinTexts(r.AffectedAlt, r.ServiceAreaAlt, r.CaseStudyAlt)}
		if r.Lang == "cy" {
			main, alt = alt, main
		}
		d.Title, d.Summary, d.Body = main[0], main[1], main[2]
		d.TitleCy, d.SummaryCy, d.BodyCy = alt[0], alt[1], alt[2]
		if d.Title == "" { // written in Welsh only
			d.Title = d.TitleCy
		}
		out = append(out, d)
	}
	return out, nil
}

func joinTexts(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "\n"
		}
		out += p
	}
	return out
}
