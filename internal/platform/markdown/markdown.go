package markdown

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"commons/internal/platform/errs"
)

// MaxSource is the largest source, in bytes, that Render accepts. It is far above any real
// process description or post and keeps one request's parsing work bounded.
const MaxSource = 100_000

// ErrTooLong is the cause inside the errs.Invalid error Render returns for a source over
// MaxSource; test for it with errors.Is.
var ErrTooLong = errors.New("markdown: source is longer than MaxSource")

// TooLongKey is the message key of that error, for the form field that took the text.
const TooLongKey = "error.markdown.too_long"

// engine is built once: goldmark's parser and renderer are safe for concurrent use, and
// nothing in them depends on configuration.
var engine = goldmark.New(
	goldmark.WithExtensions(
		extension.Table,
		extension.Strikethrough,
		extension.Linkify,
	),
	goldmark.WithParserOptions(
		parser.WithParagraphTransformers(util.Prioritized(tableBudget{}, 150)),
		parser.WithASTTransformers(util.Prioritized(govukTransformer{}, 1000)),
	),
	goldmark.WithRendererOptions(
		// Our table renderer outranks the extension's (500): lower numbers win.
		renderer.WithNodeRenderers(util.Prioritized(tableRenderer{}, 100)),
	),
	// No html.WithUnsafe: raw HTML is never passed through (and is removed from the tree).
)

// Render turns Markdown into HTML that is safe to put into a page as it is. The source is
// parsed with raw HTML off, reshaped for GOV.UK Frontend and then sanitised again by an
// allow-list; see the package documentation for what survives.
func Render(src string) (template.HTML, error) {
	if len(src) > MaxSource {
		return "", &errs.Error{Code: errs.Invalid, Key: TooLongKey, Err: ErrTooLong}
	}
	source, doc := parse(src)
	var buf bytes.Buffer
	if err := engine.Renderer().Render(&buf, source, doc); err != nil {
		return "", errs.Wrap(err, "markdown: render")
	}
	return sanitise(buf.Bytes()), nil
}

// Plain returns the text of src with all markup removed and runs of white space collapsed to
// one space: for summaries, search indexing and plain-text mail. The result is text, not HTML;
// html/template escapes it like any other string. Sources over MaxSource are cut to MaxSource.
func Plain(src string) string {
	source, doc := parse(bounded(src))
	return plainText(doc, source)
}

// Excerpt returns at most n runes of Plain(src), cut back to the last word boundary, followed
// by "…" when anything was cut. A single word longer than n is cut inside the word.
func Excerpt(src string, n int) string {
	if n <= 0 {
		return ""
	}
	p := Plain(src)
	if utf8.RuneCountInString(p) <= n {
		return p
	}
	// Byte offset of rune n: the first rune that does not fit.
	cut := 0
	for range n {
		_, size := utf8.DecodeRuneInString(p[cut:])
		cut += size
	}
	head := p[:cut]
	next, _ := utf8.DecodeRuneInString(p[cut:])
	if !unicode.IsSpace(next) {
		if i := strings.LastIndexFunc(head, unicode.IsSpace); i > 0 {
			head = head[:i]
		}
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:–—-", r)
	})
	return head + "…"
}

// parse cleans src and returns the bytes goldmark reads with the transformed tree.
func parse(src string) ([]byte, ast.Node) {
	source := []byte(strings.ToValidUTF8(src, "\uFFFD"))
	return source, engine.Parser().Parse(text.NewReader(source))
}

// bounded cuts src to MaxSource bytes without splitting a character.
func bounded(src string) string {
	if len(src) <= MaxSource {
		return src
	}
	cut := MaxSource
	for cut > 0 && !utf8.RuneStart(src[cut]) {
		cut--
	}
	return src[:cut]
}
