package knowledge

func (s *Service) apiToolkit(k Toolkit) APIToolkit {
	out := APIToolkit{ID: k.ID, URL: s.BaseURL + "/toolkits/" + k.ID, Licence: s.licence(), Title: apiText(k.Title), Intro: apiText(k.Intro),
		Documents: []APIDocument{}, UpdatedAt: k.UpdatedAt.UTC()}
	if k.PublishedAt != nil {
		at := k.PublishedAt.UTC()
		out.PublishedAt = &at
	}
	for _, d := range k.Documents {
		ad := APIDocument{ID: d.ID, URL: s.BaseURL + "/documents/" + d.ID, Title: apiText(d.Title), Description: apiText(d.Description),
			Accessible: d.Accessible, Alternative: apiText(d.Alternative), AlternativeURL: d.AlternativeURL, Versions: []APIVersion{}}
		for _, v := range d.Versions {
			ad.Versions = append(ad.Versions, s.apiVersion(d.ID, v))
		}
		out.Documents = append(out.Documents, ad)
	}
	return out
}

func (s *Service) apiVersion(docID string, v DocVersion) APIVersion {
	return APIVersion{ID: v.ID, Number: v.Number, Download: s.BaseURL + "/documents/" + docID + "/versions/" + itoa(v.Number) + "/download",
		Filename: v.Filename, ContentType: v.ContentType, Size: v.Size, SHA256: v.SHA256, Note: v.Note, CreatedAt: v.CreatedAt.UTC()}
}
