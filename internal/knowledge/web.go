package knowledge

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"slices"

	"commons/internal/knowledge/finder"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/markdown"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the knowledge hub's tables.
var Migrations = db.Embedded("knowledge", migrationsFS)

// Handlers serve the knowledge hub's pages.
type Handlers struct {
	Kit *web.Kit
	Svc *Service
}

// page is what every knowledge page embeds: the shell's Page and helpers for bilingual text.
type page struct{ web.Page }

func (h *Handlers) page(r *http.Request, titleKey string, args ...any) page {
	return page{h.Kit.NewPage(r, titleKey, args...)}
}

// Shown is a text as a page shows it: in the reader's language, or in the other one, marked
// with its language, when the reader's is missing.
type Shown struct {
	Text     string
	HTML     template.HTML
	Lang     string
	Fallback bool
}

// Pick is t in the page's language, or the other language's marked as a fallback.
func (p *page) Pick(t Text) Shown {
	other := "cy"
	mine, theirs := t.En, t.Cy
	if p.Lang == "cy" {
		other, mine, theirs = "en", t.Cy, t.En
	}
	if mine != "" || theirs == "" {
		return Shown{Text: mine, Lang: p.Lang}
	}
	return Shown{Text: theirs, Lang: other, Fallback: true}
}

// MD is Pick with the text's Markdown rendered (sanitised by internal/platform/markdown).
func (p *page) MD(t Text) Shown {
	s := p.Pick(t)
	s.HTML, _ = markdown.Render(s.Text)
	return s
}

// Markdown renders one Markdown text.
func (p *page) Markdown(src string) template.HTML {
	h, _ := markdown.Render(src)
	return h
}

// Option is one choice of a select or a set of radios.
type Option struct{ Value, Label string }

func (p *page) options(prefix string, values []string) []Option {
	out := make([]Option, 0, len(values))
	for _, v := range values {
		out = append(out, Option{v, p.T(prefix + v)})
	}
	return out
}

// The lists the forms offer.
func (p *page) Depths() []Option    { return p.options("knowledge.iap2.", finder.Depths) }
func (p *page) Durations() []Option { return p.options("knowledge.duration.", finder.Durations) }
func (p *page) Costs() []Option     { return p.options("knowledge.cost.", finder.Costs) }
func (p *page) Purposes() []Option  { return p.options("knowledge.purpose.", finder.Purposes) }
func (p *page) Sizes() []Option     { return p.options("knowledge.size.", finder.Sizes) }
func (p *page) Settings() []Option  { return p.options("knowledge.setting.", Settings) }

// Checked reports whether a multi-valued form field holds v.
func (p *page) Checked(f *web.Form, name, v string) bool {
	return f != nil && slices.Contains(f.Values[name], v)
}

// byPath reads what the path's id names, as the signed-in person may see it, and returns the
// id and the person with it; a malformed id is not found.
func byPath[T any](r *http.Request, one func(context.Context, *actor.Actor, string) (T, error)) (T, string, *actor.Actor, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		var zero T
		return zero, "", nil, err
	}
	u := web.CurrentUser(r)
	v, err := one(r.Context(), u, id)
	return v, id, u, err
}
