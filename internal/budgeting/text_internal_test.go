package budgeting

import "testing"

// A reader sees text in their language, or the other one marked: an English reader of a project
// whose council title exists only in Welsh sees its author's English title, not the Welsh.
func TestTextInTheReadersLanguage(t *testing.T) {
	for _, c := range []struct {
		name string
		i    Idea
		lang string
		want Text
	}{
		{"own title, no council title", Idea{Title: "Benches", Lang: "en"}, "cy", Text{"Benches", "en", true}},
		{"own title, same language", Idea{Title: "Benches", Lang: "en"}, "en", Text{"Benches", "en", false}},
		{"own title, language not known", Idea{Title: "Benches"}, "cy", Text{"Benches", "en", true}},
		{"council title in Welsh only, English reader", Idea{Title: "Benches", Lang: "en", OfficialTitleCy: "Meinciau"}, "en", Text{"Benches", "en", false}},
		{"council title in Welsh only, Welsh reader", Idea{Title: "Benches", Lang: "en", OfficialTitleCy: "Meinciau"}, "cy", Text{"Meinciau", "cy", false}},
		{"Welsh author, English reader", Idea{Title: "Meinciau", Lang: "cy"}, "en", Text{"Meinciau", "cy", true}},
		{"Welsh author, council English title", Idea{Title: "Meinciau", Lang: "cy", OfficialTitle: "Benches"}, "cy", Text{"Meinciau", "cy", false}},
		{"both council titles", Idea{Title: "x", OfficialTitle: "Benches", OfficialTitleCy: "Meinciau"}, "cy", Text{"Meinciau", "cy", false}},
	} {
		if got := c.i.TitleText(c.lang); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	p := Process{Title: "Park fund", DescriptionHTML: "<p>Parks</p>"}
	if got := p.TitleText("cy"); got != (Text{"Park fund", "en", true}) {
		t.Errorf("process title for a Welsh reader: %+v", got)
	}
	if got := p.DescriptionText("cy"); !got.Fallback || got.Lang != "en" {
		t.Errorf("process description for a Welsh reader: %+v", got)
	}
	if got := (ProjectResult{TitleCy: "Meinciau"}).EnglishTitle(); got != "Meinciau" {
		t.Errorf("open data title of a Welsh-only project: %q", got)
	}
}
