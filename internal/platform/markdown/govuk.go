package markdown

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Classes from GOV.UK Frontend that the transformer puts on elements.
const (
	classBody        = "govuk-body"
	classHeadingM    = "govuk-heading-m"
	classHeadingS    = "govuk-heading-s"
	classBullets     = "govuk-list govuk-list--bullet"
	classNumbers     = "govuk-list govuk-list--number"
	classLink        = "govuk-link"
	classInset       = "govuk-inset-text"
	classSectionRule = "govuk-section-break govuk-section-break--m govuk-section-break--visible"
	linkRel          = "nofollow ugc noopener"
)

// govukTransformer reshapes the parsed tree: it shifts headings down a level, drops raw HTML
// and images, unwraps links to disallowed destinations and puts GOV.UK classes on elements.
// Doing it on the tree keeps the HTML well formed; the allow-list checks the result again.
type govukTransformer struct{}

func (govukTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unwrap, remove []ast.Node
	var refused []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			// A page has one h1, its title: "#" becomes h2 and nothing goes below h4.
			n.Level = min(n.Level+1, 4)
			class := classHeadingS
			if n.Level == 2 {
				class = classHeadingM
			}
			n.SetAttributeString("class", []byte(class))
		case *ast.Paragraph:
			n.SetAttributeString("class", []byte(classBody))
		case *ast.List:
			class := classBullets
			if n.IsOrdered() {
				class = classNumbers
			}
			n.SetAttributeString("class", []byte(class))
		case *ast.Blockquote:
			n.SetAttributeString("class", []byte(classInset))
		case *ast.ThematicBreak:
			n.SetAttributeString("class", []byte(classSectionRule))
		case *ast.Link:
			if allowedURL(n.Destination) {
				n.Title = nil
				setLinkAttributes(n)
			} else {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if allowedURL(autoLinkURL(n, source)) {
				setLinkAttributes(n)
			} else {
				refused = append(refused, n)
			}
		case *ast.Image:
			// Images wait for uploads with their own checks; the description stays as text.
			unwrap = append(unwrap, n)
		case *ast.RawHTML, *ast.HTMLBlock:
			remove = append(remove, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	// The tree is changed only after the walk: replacing a node while Walk iterates its
	// siblings would end the iteration early and leave later links unchecked.
	for _, n := range refused {
		replaceWithText(n, n.Label(source))
	}
	for _, n := range remove {
		parent := n.Parent()
		parent.RemoveChild(parent, n)
		dropIfEmpty(parent)
	}
	// Nodes are moved by earlier unwraps, so each one asks for its parent when its turn comes.
	for _, n := range unwrap {
		unwrapNode(n)
	}
}

func setLinkAttributes(n ast.Node) {
	n.SetAttributeString("class", []byte(classLink))
	n.SetAttributeString("rel", []byte(linkRel))
}

// autoLinkURL is the href goldmark will write for an autolink.
func autoLinkURL(n *ast.AutoLink, source []byte) []byte {
	u := n.URL(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(u), []byte("mailto:")) {
		return append([]byte("mailto:"), u...)
	}
	return u
}

// allowedURL accepts http, https and mailto URLs and relative references. Anything that does
// not parse (control characters, stray spaces in a scheme) is refused rather than guessed at.
func allowedURL(dest []byte) bool {
	s := string(dest)
	if s == "" || strings.TrimSpace(s) != s {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return true
	case "":
		// A colon before any "/", "?" or "#" would make a browser read a scheme that url.Parse
		// did not.
		first := s
		if i := strings.IndexAny(s, "/?#"); i >= 0 {
			first = s[:i]
		}
		return !strings.Contains(first, ":")
	}
	return false
}

// unwrapNode replaces n with its children.
func unwrapNode(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

func replaceWithText(n ast.Node, value []byte) {
	parent := n.Parent()
	parent.ReplaceChild(parent, n, ast.NewString(bytes.Clone(value)))
}

// dropIfEmpty removes a paragraph left with nothing in it once its raw HTML is gone.
func dropIfEmpty(n ast.Node) {
	if p, ok := n.(*ast.Paragraph); ok && p.ChildCount() == 0 && p.Parent() != nil {
		p.Parent().RemoveChild(p.Parent(), p)
	}
}

// tableRenderer writes GFM tables as GOV.UK tables. The extension's own renderer writes
// <tbody> with no way to add a class, so the four table kinds are rendered here.
type tableRenderer struct{}

func (tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, renderTable)
	reg.Register(east.KindTableHeader, renderTableHeader)
	reg.Register(east.KindTableRow, renderTableRow)
	reg.Register(east.KindTableCell, renderTableCell)
}

func renderTable(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<table class=\"govuk-table\">\n")
	} else {
		_, _ = w.WriteString("</table>\n")
	}
	return ast.WalkContinue, nil
}

func renderTableHeader(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</tr>\n</thead>\n")
	if n.NextSibling() != nil {
		_, _ = w.WriteString("<tbody class=\"govuk-table__body\">\n")
	}
	return ast.WalkContinue, nil
}

func renderTableRow(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<tr class=\"govuk-table__row\">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</tr>\n")
	if n.NextSibling() == nil {
		_, _ = w.WriteString("</tbody>\n")
	}
	return ast.WalkContinue, nil
}

// renderTableCell writes th or td; a right-aligned column is numeric in GOV.UK terms.
func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	header := n.Parent() != nil && n.Parent().Kind() == east.KindTableHeader
	if !entering {
		if header {
			_, _ = w.WriteString("</th>\n")
		} else {
			_, _ = w.WriteString("</td>\n")
		}
		return ast.WalkContinue, nil
	}
	numeric := n.Alignment == east.AlignRight
	switch {
	case header && numeric:
		_, _ = w.WriteString(`<th scope="col" class="govuk-table__header govuk-table__header--numeric">`)
	case header:
		_, _ = w.WriteString(`<th scope="col" class="govuk-table__header">`)
	case numeric:
		_, _ = w.WriteString(`<td class="govuk-table__cell govuk-table__cell--numeric">`)
	default:
		_, _ = w.WriteString(`<td class="govuk-table__cell">`)
	}
	return ast.WalkContinue, nil
}
