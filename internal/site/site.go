// Package site serves the pages every Commons has whatever capabilities it runs: the home page,
// the accessibility statement and the privacy notice. It owns no tables.
package site

import (
	"embed"
	"net/http"

	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

// Handlers serve the site pages.
type Handlers struct{ Kit *web.Kit }

type page struct{ web.Page }

// Home is the front page.
func (h *Handlers) Home(w http.ResponseWriter, r *http.Request) error {
	h.Kit.Render(w, r, http.StatusOK, "site/home", &page{h.Kit.NewPage(r, "home.title", "place", h.Kit.PlaceName)})
	return nil
}

// Accessibility is the accessibility statement.
func (h *Handlers) Accessibility(w http.ResponseWriter, r *http.Request) error {
	h.Kit.Render(w, r, http.StatusOK, "site/accessibility", &page{h.Kit.NewPage(r, "a11y.title")})
	return nil
}

// Privacy is the privacy notice.
func (h *Handlers) Privacy(w http.ResponseWriter, r *http.Request) error {
	h.Kit.Render(w, r, http.StatusOK, "site/privacy", &page{h.Kit.NewPage(r, "privacy.title")})
	return nil
}
