package charts

import (
	"html/template"
	"strconv"
	"strings"
)

// Table holds the numbers a chart draws, for the page to show as an HTML
// table next to it. Templates may range over it or call HTML.
type Table struct {
	Caption string
	Head    []string
	// Rows hold display text; the first cell of each row names it.
	Rows [][]string
	// Numeric marks columns to right-align, by index into Head.
	Numeric []bool
	// Notes are facts about the whole chart, such as a baseline or target.
	Notes []string
	// Empty is what to say when there are no rows.
	Empty string
}

// HTML renders the table with GOV.UK Frontend classes. Notes go in the
// caption so they are read with it.
func (t Table) HTML() template.HTML {
	var b strings.Builder
	b.WriteString(`<table class="govuk-table">`)
	b.WriteString(`<caption class="govuk-table__caption govuk-table__caption--m">` + esc(t.Caption))
	for _, n := range t.Notes {
		b.WriteString(`<span class="govuk-body-s govuk-!-display-block">` + esc(n) + `</span>`)
	}
	b.WriteString(`</caption>`)
	b.WriteString(`<thead class="govuk-table__head"><tr class="govuk-table__row">`)
	for i, h := range t.Head {
		b.WriteString(`<th scope="col" class="govuk-table__header` + t.numericClass(i, "header") + `">` + esc(h) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody class="govuk-table__body">`)
	if len(t.Rows) == 0 {
		msg := t.Empty
		if msg == "" {
			msg = "No data to show yet."
		}
		b.WriteString(`<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="` +
			strconv.Itoa(max(len(t.Head), 1)) + `">` + esc(msg) + `</td></tr>`)
	}
	for _, row := range t.Rows {
		b.WriteString(`<tr class="govuk-table__row">`)
		for i, c := range row {
			if i == 0 {
				b.WriteString(`<th scope="row" class="govuk-table__header">` + esc(c) + `</th>`)
				continue
			}
			b.WriteString(`<td class="govuk-table__cell` + t.numericClass(i, "cell") + `">` + esc(c) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String())
}

func (t Table) numericClass(i int, kind string) string {
	if i < len(t.Numeric) && t.Numeric[i] {
		return " govuk-table__" + kind + "--numeric"
	}
	return ""
}
