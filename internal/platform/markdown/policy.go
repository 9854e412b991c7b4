package markdown

import (
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the second line of defence: whatever goldmark and our transformer produce, only
// these elements and attributes reach a page. It is immutable after init, and bluemonday
// policies are safe for concurrent use.
var policy = newPolicy()

// govukClass matches the class lists the transformer writes; authors cannot set classes (the
// attribute syntax extension is off), so anything else is a bug and is dropped.
var govukClass = regexp.MustCompile(`^govuk-[a-z0-9_-]+( govuk-[a-z0-9_-]+)*$`)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	elements := []string{
		"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "del", "blockquote",
		"code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
	}
	p.AllowElements(elements...)
	p.AllowAttrs("class").Matching(govukClass).OnElements(append(elements, "a")...)

	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow ugc noopener$`)).OnElements("a")

	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^col$`)).OnElements("th")
	return p
}

func sanitise(html []byte) template.HTML {
	return template.HTML(policy.SanitizeBytes(html)) //nolint:gosec // sanitised by the allow-list
}
