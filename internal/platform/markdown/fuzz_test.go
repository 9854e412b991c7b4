package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"# Title\n\nSome *text* with [a link](https://example.org).",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"[x](java&#x09;script:alert(1))",
		"![x](javascript:alert(1) \"t\")",
		"[![x](javascript:a)](javascript:b)",
		"<img src=x onerror=alert(1)>",
		"| a | b |\n|---|--:|\n| <b onclick=x>1</b> | 2 |",
		"> quote\n> - list\n>   ```\n>   code\n>   ```",
		"www.example.org/\"onmouseover=alert(1)",
		"<x@example.org> <https://example.org>",
		"Ŵ ŷ â &amp; &#0; &#x110000;",
		"***~~__`nested`__~~***",
		"[a]: <javascript:alert(1)>\n\n[a]",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := Render(src)
		if err != nil {
			if len(src) <= MaxSource {
				t.Fatalf("Render failed on %d bytes: %v", len(src), err)
			}
			return
		}
		if problems := unsafeMarkup(string(out)); len(problems) > 0 {
			t.Fatalf("Render(%q) = %q\nunsafe: %v", src, out, problems)
		}
		if !utf8.ValidString(string(out)) {
			t.Fatalf("Render(%q) is not valid UTF-8", src)
		}
		plain := Plain(src)
		if plain != strings.Join(strings.Fields(plain), " ") {
			t.Fatalf("Plain(%q) = %q, white space not collapsed", src, plain)
		}
		for _, p := range Paragraphs(src) {
			if problems := unsafeMarkup(string(p.HTML)); len(problems) > 0 {
				t.Fatalf("Paragraphs(%q)[%d] = %q\nunsafe: %v", src, p.Index, p.HTML, problems)
			}
		}
		if ex := Excerpt(src, 40); utf8.RuneCountInString(ex) > 41 {
			t.Fatalf("Excerpt(%q, 40) = %q, too long", src, ex)
		}
	})
}
