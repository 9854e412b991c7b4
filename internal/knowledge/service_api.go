package knowledge

func (s *Service) licence() string {
	if s.Licence == "" {
		return DefaultLicence
	}
	return s.Licence
}

func (s *Service) apiCase(c Case) APICase {
	out := APICase{ID: c.ID, URL: s.BaseURL + "/cases/" + c.ID, Status: c.Status, Licence: s.licence(), Title: apiText(c.Title),
		Summary: apiText(c.Summary), Story: apiText(c.Story), Outcomes: apiText(c.Outcomes), Learning: apiText(c.Learning),
		Place: c.Place, Year: c.Year, Methods: c.MethodIDs, UpdatedAt: c.UpdatedAt.UTC()}
	if c.PublishedAt != nil {
		at := c.PublishedAt.UTC()
		out.PublishedAt = &at
	}
	if out.Methods == nil {
		out.Methods = []string{}
	}
	apiCaseExtras(&out, c)
	return out
}

func (s *Service) apiMedia(m Media) APIMedia {
	out := APIMedia{ID: m.ID, URL: s.BaseURL + "/media/" + m.ID, Status: m.Status, Kind: m.Kind, Licence: s.licence(),
		Title: apiText(m.Title), Description: apiText(m.Description), HostedAt: m.URL, Minutes: m.Minutes, Captions: m.Captions,
		Transcript: apiText(m.Transcript), UpdatedAt: m.UpdatedAt.UTC()}
	if m.File != nil {
		out.File = &APIFile{Download: s.BaseURL + "/media/" + m.ID + "/file", Filename: m.File.Filename, ContentType: m.File.ContentType,
			Size: m.File.Size, SHA256: m.File.SHA256}
	}
	if m.PublishedAt != nil {
		at := m.PublishedAt.UTC()
		out.PublishedAt = &at
	}
	return out
}
