package markdown

import (
	"strings"
	"testing"
)

func TestParagraphsSplitsTopLevelBlocks(t *testing.T) {
	src := "# Chapter one\n\nFirst paragraph\nwrapped.\n\n- a\n- b\n\n> quote\n\n<div>raw</div>\n\nLast."
	got := Paragraphs(src)
	want := []struct{ text, html string }{
		{"Chapter one", `<h2 class="govuk-heading-m">Chapter one</h2>`},
		{"First paragraph wrapped.", `<p class="govuk-body">First paragraph`},
		{"a b", `<ul class="govuk-list govuk-list--bullet">`},
		{"quote", `<blockquote class="govuk-inset-text">`},
		{"Last.", `<p class="govuk-body">Last.</p>`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d blocks, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		p := got[i]
		if p.Index != i || p.Text != w.text || !strings.Contains(string(p.HTML), w.html) {
			t.Errorf("block %d = %+v, want text %q and HTML with %q", i, p, w.text, w.html)
		}
		if len(p.Hash) != 16 {
			t.Errorf("block %d hash %q, want 16 hex digits", i, p.Hash)
		}
	}
}

func TestParagraphsHTMLIsSanitised(t *testing.T) {
	for _, p := range Paragraphs("[x](javascript:alert(1))\n\n<script>alert(1)</script>\n\n![i](/i.png)") {
		if problems := unsafeMarkup(string(p.HTML)); len(problems) > 0 || strings.Contains(string(p.HTML), "<img") {
			t.Errorf("paragraph %d: %q %v", p.Index, p.HTML, problems)
		}
	}
}

func TestParagraphsHashIsStable(t *testing.T) {
	base := "The council will spend £50,000 on play areas in Llanfair."
	hash := func(t *testing.T, src string) string {
		t.Helper()
		ps := Paragraphs(src)
		if len(ps) != 1 {
			t.Fatalf("Paragraphs(%q): %d blocks, want 1", src, len(ps))
		}
		return ps[0].Hash
	}
	want := hash(t, base)
	same := map[string]string{
		"re-wrapped":         "The council will spend £50,000\non play areas in Llanfair.",
		"extra spaces":       "The  council will   spend £50,000 on play areas in Llanfair.   ",
		"indented":           "   The council will spend £50,000 on play areas in Llanfair.",
		"tabs and crlf":      "The council\twill spend £50,000\r\non play areas in Llanfair.\r\n",
		"blank lines around": "\n\n\nThe council will spend £50,000 on play areas in Llanfair.\n\n\n",
		"emphasis added":     "The council will spend **£50,000** on play areas in Llanfair.",
	}
	for name, src := range same {
		t.Run(name, func(t *testing.T) {
			if got := hash(t, src); got != want {
				t.Errorf("hash changed: %s vs %s", got, want)
			}
		})
	}
	changed := map[string]string{
		"word changed":    "The council will spend £60,000 on play areas in Llanfair.",
		"word added":      "The council will spend £50,000 on new play areas in Llanfair.",
		"punctuation":     "The council will spend £50,000 on play areas in Llanfair!",
		"case changed":    "the council will spend £50,000 on play areas in Llanfair.",
		"accent added":    "The council will spend £50,000 on play areas in Llânfair.",
		"different block": "Something else entirely.",
	}
	for name, src := range changed {
		t.Run(name, func(t *testing.T) {
			if got := hash(t, src); got == want {
				t.Errorf("hash did not change for %q", src)
			}
		})
	}
	t.Run("composed and decomposed Welsh", func(t *testing.T) {
		composed := "Y gw\u0175ydd"    // ŵ as one code point
		decomposed := "Y gww\u0302ydd" // ŵ as w and a combining circumflex
		if hash(t, composed) != hash(t, decomposed) {
			t.Errorf("NFC and NFD spellings of ŵ hash differently")
		}
	})
	t.Run("blocks keep their hash when others move", func(t *testing.T) {
		v1 := Paragraphs("Intro.\n\n" + base)
		v2 := Paragraphs("# New heading\n\nIntro changed.\n\nAnother.\n\n" + base)
		if v1[1].Hash != v2[3].Hash || v2[3].Hash != want {
			t.Errorf("paragraph lost its hash when blocks were added above it")
		}
	})
}
