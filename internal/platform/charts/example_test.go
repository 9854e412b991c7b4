package charts_test

import (
	"fmt"
	"html/template"
	"os"

	"commons/internal/platform/charts"
)

// A results page puts the chart and its table side by side in the template.
func ExampleHorizontalBars() {
	svg, table := charts.HorizontalBars("pb-2026-results", "Votes per project", "",
		[]charts.Bar{
			{Label: "Community garden", Value: 412, Display: "412", Emphasis: true, Note: "£12,000"},
			{Label: "Skate park", Value: 206, Display: "206", Note: "£30,000"},
		},
		charts.BarOptions{LabelHeading: "Project", ValueHeading: "Votes", NoteHeading: "Cost",
			EmphasisText: "Funded", OtherText: "Not funded"})

	page := template.Must(template.New("results").Parse(
		`<figure>{{.SVG}}</figure>{{.Table.HTML}}`))
	_ = page.Execute(os.Stdout, struct {
		SVG   template.HTML
		Table charts.Table
	}{svg, table})

	fmt.Println()
	for _, row := range table.Rows {
		fmt.Println(row)
	}
	// Output is long; the rows show what the table holds.
}

func ExampleShares() {
	for _, b := range charts.Shares([]charts.Count{{Label: "Voluntary", N: 118}, {Label: "Public", N: 80}, {Label: "Business", N: 2}}) {
		fmt.Println(b.Label, b.Display)
	}
	// Output:
	// Voluntary 59% (118)
	// Public 40% (80)
	// Business 1% (2)
}
