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

// ballotScript is the script's URL, with a content hash so it can be cached for a long time.
var ballotScript = func() string {
	sum := sha256.Sum256(ballotJS)
	return "/budgets/ballot.js?v=" + hex.EncodeToString(sum[:6])
}()

// Script serves the ballot's running total script.
func (h *Handlers) Script(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(ballotJS)
}

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the budgeting tables.
var Migrations = db.Embedded("budgeting", migrationsFS)
