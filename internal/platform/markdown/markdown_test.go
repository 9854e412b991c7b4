package markdown

import (
	"errors"
	"strings"
	"testing"

	"commons/internal/platform/errs"
)

func TestRenderShiftsHeadings(t *testing.T) {
	tests := []struct{ src, want string }{
		{"# Our budget", `<h2 class="govuk-heading-m">Our budget</h2>`},
		{"Our budget\n==========", `<h2 class="govuk-heading-m">Our budget</h2>`},
		{"## How to vote", `<h3 class="govuk-heading-s">How to vote</h3>`},
		{"How to vote\n-----------", `<h3 class="govuk-heading-s">How to vote</h3>`},
		{"### Dates", `<h4 class="govuk-heading-s">Dates</h4>`},
		{"#### Deeper", `<h4 class="govuk-heading-s">Deeper</h4>`},
		{"###### Deepest", `<h4 class="govuk-heading-s">Deepest</h4>`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			out := mustRender(t, tt.src)
			if !strings.Contains(out, tt.want) {
				t.Errorf("Render(%q) = %q, want %q", tt.src, out, tt.want)
			}
			for _, never := range []string{"<h1", "<h5", "<h6"} {
				if strings.Contains(out, never) {
					t.Errorf("Render(%q) = %q, has %s", tt.src, out, never)
				}
			}
		})
	}
}

func TestRenderAddsGOVUKClasses(t *testing.T) {
	table := "| Project | Cost |\n| --- | ---: |\n| Benches | £1,200 |\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"paragraph", "Hello.", []string{`<p class="govuk-body">Hello.</p>`}},
		{"bullets", "- one\n- two", []string{`<ul class="govuk-list govuk-list--bullet">`, "<li>one</li>"}},
		{"numbers", "1. one\n2. two", []string{`<ol class="govuk-list govuk-list--number">`}},
		{"numbers from 3", "3. three\n4. four", []string{`<ol start="3" class="govuk-list govuk-list--number">`}},
		{"nested list", "- one\n  - inner", []string{`<ul class="govuk-list govuk-list--bullet">`}},
		{"quote", "> Said at the meeting", []string{`<blockquote class="govuk-inset-text">`}},
		{"rule", "a\n\n---\n\nb", []string{`<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">`}},
		{"emphasis", "*a* **b** ~~c~~", []string{"<em>a</em>", "<strong>b</strong>", "<del>c</del>"}},
		{"code", "`x`\n\n    block", []string{"<code>x</code>", "<pre><code>block"}},
		{"hard break", "line one  \nline two", []string{"<br>"}},
		{"table", table, []string{
			`<table class="govuk-table">`,
			`<thead class="govuk-table__head">`,
			`<tr class="govuk-table__row">`,
			`<th scope="col" class="govuk-table__header">Project</th>`,
			`<th scope="col" class="govuk-table__header govuk-table__header--numeric">Cost</th>`,
			`<tbody class="govuk-table__body">`,
			`<td class="govuk-table__cell">Benches</td>`,
			`<td class="govuk-table__cell govuk-table__cell--numeric">£1,200</td>`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRender(t, tt.src)
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("Render(%q) = %q\nwant %q", tt.src, out, want)
				}
			}
		})
	}
}

func TestRenderKeepsWelsh(t *testing.T) {
	src := "# Cyllideb y gŵyl\n\nMae'r ŵyn a'r ŷd yn y cae â'r ceffyl. Ŵ Ŷ Â ê î ô û ï"
	out := mustRender(t, src)
	for _, want := range []string{"Cyllideb y gŵyl", "ŵyn", "ŷd", "â", "Ŵ Ŷ Â ê î ô û ï"} {
		if !strings.Contains(out, want) {
			t.Errorf("Render lost %q: %q", want, out)
		}
	}
	if got := Plain(src); !strings.Contains(got, "ŵyn a'r ŷd yn y cae â'r ceffyl") {
		t.Errorf("Plain lost Welsh: %q", got)
	}
}

func TestRenderSizeLimit(t *testing.T) {
	if _, err := Render(strings.Repeat("a", MaxSource)); err != nil {
		t.Fatalf("source of exactly MaxSource: %v", err)
	}
	out, err := Render(strings.Repeat("a", MaxSource+1))
	if err == nil || out != "" {
		t.Fatalf("source over MaxSource: got %d bytes, err %v", len(out), err)
	}
	if !errors.Is(err, ErrTooLong) || !errs.Is(err, errs.Invalid) {
		t.Errorf("error %v: want Invalid wrapping ErrTooLong", err)
	}
	if e := errs.As(err); e.Key != TooLongKey {
		t.Errorf("key %q, want %q", e.Key, TooLongKey)
	}
}

func TestRenderEmpty(t *testing.T) {
	for _, src := range []string{"", "   \n\n\t", "<!-- note -->", "<b></b>"} {
		if out := strings.TrimSpace(mustRender(t, src)); out != "" {
			t.Errorf("Render(%q) = %q, want nothing", src, out)
		}
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", ""},
		{"# Title\n\nFirst *para*   with\nsoft break.", "Title First para with soft break."},
		{"- one\n- two\n\n1. three", "one two three"},
		{"[the guide](https://example.org) and <https://x.org>", "the guide and https://x.org"},
		{"Fish &amp; chips &#163;5 \\*not emphasis\\*", "Fish & chips £5 *not emphasis*"},
		{"`a &amp; b` stays", "a &amp; b stays"},
		{"```\nx < y\n```", "x < y"},
		// Inline tags go; the words between them stay, as plain words.
		{"Hi <b>there</b> <script>alert(1)</script>", "Hi there alert(1)"},
		{"![a map](/m.png) of the ward", "a map of the ward"},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"},
		{"> quoted\n\n---\n\nafter", "quoted after"},
		{"Ŵ  ŷ\t\tâ", "Ŵ ŷ â"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			if got := Plain(tt.src); got != tt.want {
				t.Errorf("Plain(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	src := "# Play area\n\nNew swings for the **park** on Heol y Felin."
	tests := []struct {
		n    int
		want string
	}{
		{0, ""},
		{-1, ""},
		{200, "Play area New swings for the park on Heol y Felin."},
		{len([]rune("Play area New swings for the park on Heol y Felin.")), "Play area New swings for the park on Heol y Felin."},
		{20, "Play area New swings…"},
		{21, "Play area New swings…"}, // rune 21 is the space after "swings"
		{22, "Play area New swings…"}, // "f" of "for" would be cut mid-word
		{4, "Play…"},                  // a word longer than n is cut inside it
		{10, "Play area…"},
	}
	for _, tt := range tests {
		if got := Excerpt(src, tt.n); got != tt.want {
			t.Errorf("Excerpt(n=%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := Excerpt("Ŵyn ŵyn ŵyn", 5); got != "Ŵyn…" {
		t.Errorf("Excerpt counts runes, not bytes: %q", got)
	}
	if got := Excerpt("Costs, dates and more", 6); got != "Costs…" {
		t.Errorf("trailing punctuation kept: %q", got)
	}
}

func TestRenderBoundsTables(t *testing.T) {
	row := func(cols int, cell string) string { return strings.Repeat("|"+cell, cols) + "|\n" }
	tests := []struct {
		name      string
		src       string
		wantTable int // tables expected in the output
	}{
		{"ordinary", row(3, "a") + row(3, "-") + row(3, "1"), 1},
		{"widest allowed", row(MaxTableColumns, "a") + row(MaxTableColumns, "-") + row(1, "1"), 1},
		{"too wide", row(MaxTableColumns+1, "a") + row(MaxTableColumns+1, "-") + row(1, "1"), 0},
		{"padding bomb", row(MaxTableColumns, "a") + row(MaxTableColumns, "-") + strings.Repeat("b\n", MaxTableCells), 0},
		{"budget shared by tables", strings.Repeat(row(10, "a")+row(10, "-")+strings.Repeat("|b|\n", 99)+"\n", 6), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRender(t, tt.src)
			if got := strings.Count(out, "<table"); got != tt.wantTable {
				t.Errorf("got %d tables, want %d", got, tt.wantTable)
			}
			if cells := strings.Count(out, "<td ") + strings.Count(out, "<th "); cells > MaxTableCells {
				t.Errorf("%d cells, over MaxTableCells", cells)
			}
		})
	}
}
