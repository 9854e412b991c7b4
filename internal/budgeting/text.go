package budgeting

import "html/template"

// Council-written text comes in English and Welsh where the council writes both. A page shows
// the reader's language; when only the other exists it shows that, marked: the element carries
// its lang attribute (so screen readers pronounce it right) and a note says which language it is
// in (the bud-text partial).

// Text is a piece of text with its language, as a page shows it.
type Text struct {
	Text string
	Lang string // en or cy; "" when not known (a resident's own words from before it was kept)
	// Fallback: the text is not in the reader's language.
	Fallback bool
}

// String is the text.
func (t Text) String() string { return t.Text }

// pick chooses between an English and a Welsh text for a reader of lang.
func pick(lang, en, cy string) Text {
	if lang == "cy" {
		if cy != "" {
			return Text{Text: cy, Lang: "cy"}
		}
		if en != "" {
			return Text{Text: en, Lang: "en", Fallback: true}
		}
		return Text{}
	}
	if en != "" {
		return Text{Text: en, Lang: "en"}
	}
	if cy != "" {
		return Text{Text: cy, Lang: "cy", Fallback: true}
	}
	return Text{}
}

// HTMLText is sanitised HTML with its language.
type HTMLText struct {
	HTML     template.HTML
	Lang     string
	Fallback bool
}

// TitleText is the process's title for a reader of lang.
func (p *Process) TitleText(lang string) Text { return pick(lang, p.Title, p.TitleCy) }

// DescriptionText is the process's description (sanitised HTML) for a reader of lang.
func (p *Process) DescriptionText(lang string) HTMLText {
	t := pick(lang, p.DescriptionHTML, p.DescriptionCyHTML)
	return HTMLText{HTML: template.HTML(t.Text), Lang: t.Lang, Fallback: t.Fallback}
}

// TitleText is the idea's title for a reader of lang: the council's title on the ballot in
// English or Welsh when it has written one, else the author's own.
func (i *Idea) TitleText(lang string) Text {
	en, cy := i.titles()
	if en == "" && cy == "" {
		return own(lang, i.Title, i.Lang)
	}
	return pick(lang, en, cy)
}

// titles are the idea's title in English and in Welsh: the council's, or the author's own in the
// language they wrote it ("" when there is none in a language).
func (i *Idea) titles() (en, cy string) {
	en, cy = i.OfficialTitle, i.OfficialTitleCy
	if en == "" && i.Lang != "cy" {
		en = i.Title
	}
	if cy == "" && i.Lang == "cy" {
		cy = i.Title
	}
	return en, cy
}

// DescriptionText is the author's description, in the language they wrote it.
func (i *Idea) DescriptionText(lang string) Text { return own(lang, i.Description, i.Lang) }

// SummaryText is the council's summary of the project for a reader of lang ("" when none).
func (i *Idea) SummaryText(lang string) Text { return pick(lang, i.Summary, i.SummaryCy) }

// own is a resident's text in the language they wrote it.
func own(lang, text, written string) Text {
	return Text{Text: text, Lang: written, Fallback: written != "" && written != lang}
}

// TitleText is a result's project title for a reader of lang.
func (pr ProjectResult) TitleText(lang string) Text { return pick(lang, pr.Title, pr.TitleCy) }

// EnglishTitle is the title open data uses: the English one, else the Welsh.
func (pr ProjectResult) EnglishTitle() string {
	if pr.Title != "" {
		return pr.Title
	}
	return pr.TitleCy
}
