package budgeting

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"

	"commons/internal/platform/db"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed static/ballot.js
var ballotJS []byte

//go:embed static/idea-map.js
var ideaMapJS []byte

// mapScript is the idea map script's URL, with a content hash.
var mapScript = func() string {
	sum := sha256.Sum256(ideaMapJS)
	return "/budgets/idea-map.js?v=" + hex.EncodeToString(sum[:6])
}()

// MapScript serves the idea form's map script.
func (h *Handlers) MapScript(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(ideaMapJS)
	return nil
}

//go:embed static/budgeting.css
var budgetingCSS []byte

// styleSheet is the budgeting style sheet's URL, with a content hash.
var styleSheet = func() string {
	sum := sha256.Sum256(budgetingCSS)
	return "/budgets/budgeting.css?v=" + hex.EncodeToString(sum[:6])
}()

// Style serves the budgeting style sheet.
func (h *Handlers) Style(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(budgetingCSS)
	return nil
}

// ballotScript is the script's URL, with a content hash so it can be cached for a long time.
var ballotScript = func() string {
	sum := sha256.Sum256(ballotJS)
	return "/budgets/ballot.js?v=" + hex.EncodeToString(sum[:6])
}()

// Script serves the ballot's running total script.
func (h *Handlers) Script(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(ballotJS)
	return nil
}

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the budgeting tables.
var Migrations = db.Embedded("budgeting", migrationsFS)
