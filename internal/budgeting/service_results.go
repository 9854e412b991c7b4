package budgeting

import (
	"commons/internal/platform/formats/giving360"
)

// Grants builds the funded projects as a 360Giving package. Its descriptions are in English
// whatever the reader's language: the file is open data for registries such as GrantNav, read
// in English, and one address gives one file.
func (s *Service) Grants(res Results) giving360.Package {
	en := func(key string, args ...any) string { return s.T("en", key, args...) }
	titles := titlesOf(res)
	p := res.Process
	pkg := giving360.Package{Version: giving360.Version, Title: p.Title, License: "https://creativecommons.org/licenses/by/4.0/", Grants: []giving360.Grant{}}
	pkg.Issued = res.CountedAt
	if res.PublishedAt != nil {
		pkg.Issued = *res.PublishedAt
	}
	funder := giving360.Organization{ID: s.FunderID, Name: s.FunderName}
	for _, pr := range res.Projects {
		if !pr.Funded {
			continue
		}
		g := giving360.Grant{ID: giving360.GrantID(s.GrantPrefix, "PB-"+pr.IdeaID), Title: pr.EnglishTitle(),
			Description:           en("budgeting.grants.description", "reason", reasonText(en, "en", pr, titles)),
			Currency:              "GBP",
			AmountAwarded:         giving360.Amount(pr.CostPence),
			AwardDate:             giving360.DateOf(pkg.Issued),
			FundingOrganization:   []giving360.Organization{funder},
			RecipientOrganization: []giving360.Organization{funder},
			GrantProgramme:        []giving360.GrantProgramme{{Code: "PB-" + p.ID, Title: p.Title}},
			FromOpenCall:          giving360.FromOpenCallYes,
			DataSource:            s.BaseURL + "/budgets/" + p.ID + "/results",
		}
		if pr.AreaName != "" {
			g.BeneficiaryLocation = []giving360.Location{{Name: pr.AreaName}}
		}
		pkg.Grants = append(pkg.Grants, g)
	}
	return pkg
}
