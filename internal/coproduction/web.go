package coproduction

import (
	"embed"
	"html/template"
	"net/http"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

//go:embed static/coproduction.css
var styleCSS []byte

//go:embed static/coproduction.js
var scriptJS []byte

// The co-production style sheet and script, at URLs with a content hash so they can be cached
// for long.
var (
	styleSheet = web.NewHashedFile("/projects/coproduction.css", "text/css; charset=utf-8", styleCSS)
	script     = web.NewHashedFile("/projects/coproduction.js", "text/javascript; charset=utf-8", scriptJS)
)

// Migrations are the capability's tables.
var Migrations = db.Embedded("coproduction", migrationsFS)

// Handlers serve the co-production pages.
type Handlers struct {
	Kit      *web.Kit
	Svc      *Service
	Identity *identity.Service
}

// Lists the templates range over.
var (
	StageNames    = progress.Stages
	LevelNames    = progress.Levels
	StandardNames = progress.Standards
	DecisionNames = progress.Decisions
	Recognitions  = progress.Recognitions
)

// Pence writes an amount of pence as pounds.
func Pence(p int64) string { return progress.FormatPence(p) }

// Number writes a value without needless decimals.
func Number(f float64) string { return progress.FormatNumber(f) }

// Paragraphs splits plain text into paragraphs at blank lines, for templates.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Lines splits plain text into its non-empty lines (agenda items).
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// shared is what every co-production page may call from its template.
type shared struct{}

func (shared) Pence(p int64) string             { return Pence(p) }
func (shared) Number(f float64) string          { return Number(f) }
func (shared) Paragraphs(s string) []string     { return Paragraphs(s) }
func (shared) Lines(s string) []string          { return Lines(s) }
func (shared) Stages() []string                 { return StageNames }
func (shared) Levels() []string                 { return LevelNames }
func (shared) Standards() []string              { return StandardNames }
func (shared) Decisions() []string              { return DecisionNames }
func (shared) Recognitions() []string           { return Recognitions }
func (shared) Has(list []string, s string) bool { return progress.In(s, list) }
func (shared) Int(p *int) int                   { return *p }
func (shared) List(s ...string) []string        { return s }
func (shared) HTML(h template.HTML) template.HTML {
	return h
}
func (shared) Style() string            { return styleSheet.URL }
func (shared) Unit(u string) string     { return unitSuffix(u) }
func (shared) Script() string           { return script.URL }
func (shared) Hours(minutes int) string { return progress.FormatHours(minutes) }
func (shared) Hows() []string           { return DoneHows }
func (shared) MaxPaper() int            { return MaxPaper }
func (shared) Kinds() []string          { return BoardKinds }
func (shared) NotEmpty(t Text) bool     { return !t.Empty() }

func (h *Handlers) orgs(r *http.Request) []identity.Organisation {
	os, err := h.Identity.Organisations(r.Context(), "", 1000, 0)
	if err != nil {
		return nil
	}
	return os
}

// projectOf is the path's project as the signed-in person may see it, with its id.
func (h *Handlers) projectOf(r *http.Request) (string, ProjectView, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return "", ProjectView{}, err
	}
	v, err := h.Svc.Project(r.Context(), web.CurrentUser(r), id)
	return id, v, err
}
