package markdown

import (
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// unsafeMarkup lists what in rendered output could run script or load something from
// elsewhere, read the way a browser would read it.
func unsafeMarkup(out string) []string {
	var problems []string
	if strings.Contains(strings.ToLower(out), "<script") {
		problems = append(problems, "text contains <script")
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if !errors.Is(z.Err(), io.EOF) {
				problems = append(problems, "tokenizer: "+z.Err().Error())
			}
			return problems
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "style", "iframe", "img", "object", "embed", "svg", "math", "form",
			"input", "button", "link", "meta", "base", "frame", "video", "audio", "source":
			problems = append(problems, "element <"+tok.Data+">")
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"):
				problems = append(problems, "event attribute "+key)
			case key == "style" || key == "target" || key == "src" || key == "srcset":
				problems = append(problems, "attribute "+key)
			case key == "href" || key == "action" || key == "formaction":
				if dangerousURL(a.Val) {
					problems = append(problems, "dangerous "+key+"="+a.Val)
				}
			}
		}
	}
}

// dangerousURL strips what browsers ignore in a scheme before looking at it.
func dangerousURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(v))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(v, scheme) {
			return true
		}
	}
	return false
}

func mustRender(t testing.TB, src string) string {
	t.Helper()
	out, err := Render(src)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return string(out)
}

func TestRenderNeverProducesExecutableMarkup(t *testing.T) {
	tests := []struct {
		name, src string
		keep      string // text a reader should still see, if any
	}{
		{"script block", "<script>alert(1)</script>", ""},
		{"script inline", "Hello <script>alert(1)</script> there", "Hello"},
		{"script split by markdown", "<scr<b>ipt>alert(1)</script>", ""},
		{"img onerror", `<img src=x onerror="alert(1)">`, ""},
		{"svg onload", `<svg onload=alert(1)>`, ""},
		{"div with handler", "<div onclick=\"alert(1)\">\nclick me\n</div>", ""},
		{"iframe", `<iframe src="javascript:alert(1)"></iframe>`, ""},
		{"inline html in paragraph", `A <a href="javascript:alert(1)">link</a> here`, "here"},
		{"html comment", "<!-- <script>alert(1)</script> -->", ""},
		{"cdata", "<![CDATA[<script>alert(1)</script>]]>", ""},
		{"javascript link", "[click](javascript:alert(1))", "click"},
		{"javascript link upper case", "[click](JaVaScRiPt:alert(1))", "click"},
		{"javascript link with entity colon", "[click](javascript&#58;alert(1))", "click"},
		{"javascript link with named entity", "[click](javascript&colon;alert(1))", "click"},
		{"javascript link with hex entities", "[click](&#x6A;avascript:alert(1))", "click"},
		{"javascript link with escaped tab", "[click](<java\tscript:alert(1)>)", "click"},
		{"javascript link with leading space", "[click](< javascript:alert(1)>)", "click"},
		{"vbscript link", "[click](vbscript:msgbox(1))", "click"},
		{"data link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "click"},
		{"reference link", "[click][x]\n\n[x]: javascript:alert(1)", "click"},
		{"autolink javascript", "<javascript:alert(1)>", ""},
		{"image with javascript", "![alt](javascript:alert(1))", "alt"},
		{"image onerror in title", `![alt](x.png "a\" onerror=\"alert(1)")`, "alt"},
		{"image inside javascript link", "[![x](javascript:a)](javascript:alert(1))", "x"},
		{"link inside image", "![[inner](javascript:alert(1))](https://example.com/i.png)", "inner"},
		{"nested link text", "[[a](javascript:alert(1))](https://example.com)", "a"},
		{"attribute breakout in href", `[x](https://example.com/"onmouseover="alert(1))`, "x"},
		{"attribute breakout in title", `[x](https://example.com "t\" onmouseover=\"alert(1)")`, "x"},
		{"entity encoded tag", "&lt;script&gt;alert(1)&lt;/script&gt;", "alert(1)"},
		{"numeric entity tag", "&#60;script&#62;alert(1)&#60;/script&#62;", "alert(1)"},
		{"code span with tag", "`<script>alert(1)</script>`", "alert(1)"},
		{"fenced code with tag", "```html\n<script>alert(1)</script>\n```", "alert(1)"},
		{"table with html", "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |", ""},
		{"style tag", "<style>body{background:url(javascript:alert(1))}</style>", ""},
		{"bare javascript text", "javascript:alert(1)", "javascript:alert(1)"},
		{"www autolink with quote", `www.example.com/"onmouseover="alert(1)`, ""},
		{"mailto with script", "<mailto:x@example.com?body=<script>alert(1)</script>>", ""},
		{"null byte in scheme", "[click](java\x00script:alert(1))", "click"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRender(t, tt.src)
			if problems := unsafeMarkup(out); len(problems) > 0 {
				t.Errorf("Render(%q) = %q\nunsafe: %v", tt.src, out, problems)
			}
			if tt.keep != "" && !strings.Contains(html.UnescapeString(out), tt.keep) {
				t.Errorf("Render(%q) = %q, lost the text %q", tt.src, out, tt.keep)
			}
		})
	}
}

func TestRenderLinks(t *testing.T) {
	tests := []struct {
		src      string
		wantHref string // "" means the link must be gone, its words kept
	}{
		{"[a](https://example.org/page?x=1&y=2)", `href="https://example.org/page?x=1&amp;y=2"`},
		{"[a](http://example.org)", `href="http://example.org"`},
		{"[a](mailto:clerk@example.gov.uk)", `href="mailto:clerk@example.gov.uk"`},
		{"[a](/budgets/2026)", `href="/budgets/2026"`},
		{"[a](../guide/chapter-2)", `href="../guide/chapter-2"`},
		{"[a](#costs)", `href="#costs"`},
		{"<https://example.org>", `href="https://example.org"`},
		{"<clerk@example.gov.uk>", `href="mailto:clerk@example.gov.uk"`},
		{"see www.example.org today", `href="http://www.example.org"`},
		{"[a](#note:1)", `href="#note:1"`},
		{"[a](?page=a:b)", `href="?page=a:b"`},
		{"[a](guide/part:2)", `href="guide/part:2"`},
		{"[a](page:2)", ""},
		{"[a](ftp://example.org/file)", ""},
		{"[a](tel:+441234567890)", ""},
		{"[a](file:///etc/passwd)", ""},
		{"[a](javascript:alert(1))", ""},
		{"[a](data:text/plain,hi)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			out := mustRender(t, tt.src)
			if tt.wantHref == "" {
				if strings.Contains(out, "<a") {
					t.Errorf("Render(%q) = %q, want no link", tt.src, out)
				}
				if !strings.Contains(out, "a") {
					t.Errorf("Render(%q) = %q, lost the link text", tt.src, out)
				}
				return
			}
			for _, want := range []string{tt.wantHref, `class="govuk-link"`, `rel="nofollow ugc noopener"`} {
				if !strings.Contains(out, want) {
					t.Errorf("Render(%q) = %q, want %s", tt.src, out, want)
				}
			}
			if strings.Contains(out, "target=") || strings.Contains(out, "title=") {
				t.Errorf("Render(%q) = %q, want no target or title", tt.src, out)
			}
		})
	}
}

func TestRenderDropsImages(t *testing.T) {
	for _, src := range []string{
		"![A map of the ward](https://example.org/map.png)",
		"![A map of the ward][m]\n\n[m]: /uploads/map.png",
		`<img src="https://example.org/map.png" alt="A map of the ward">`,
	} {
		out := mustRender(t, src)
		if strings.Contains(out, "<img") || strings.Contains(out, "map.png") {
			t.Errorf("Render(%q) = %q, want no image", src, out)
		}
	}
	if out := mustRender(t, "![A map of the ward](/map.png)"); !strings.Contains(out, "A map of the ward") {
		t.Errorf("image description lost: %q", out)
	}
}

// The checker must itself see what it is there to see, or every test above passes vacuously.
func TestUnsafeMarkupSeesDanger(t *testing.T) {
	for _, out := range []string{
		`<script>x</script>`,
		`<p onclick="x">a</p>`,
		`<a href=" JAVA&#x09;SCRIPT:alert(1)">a</a>`,
		`<a href="data:text/html,x">a</a>`,
		`<img src=x>`,
		`<a href="/x" target="_blank">a</a>`,
	} {
		if len(unsafeMarkup(out)) == 0 {
			t.Errorf("unsafeMarkup(%q) found nothing", out)
		}
	}
	if p := unsafeMarkup(`<p class="govuk-body">a <a href="https://x.org" rel="nofollow ugc noopener">b</a></p>`); len(p) > 0 {
		t.Errorf("safe markup flagged: %v", p)
	}
}

// A refused autolink used to be replaced while the tree was being walked, which ended the walk
// over its siblings: links after it were left without their checks and classes.
func TestRenderChecksEveryLinkAfterARefusedOne(t *testing.T) {
	out := mustRender(t, "<javascript:alert(1)> then [ok](https://example.org) and [bad](javascript:x)")
	if strings.Count(out, `class="govuk-link" rel="nofollow ugc noopener"`) != 1 || strings.Contains(out, ">bad</a>") {
		t.Errorf("links after a refused autolink not handled: %q", out)
	}
}
