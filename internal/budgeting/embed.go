package budgeting

import (
	"embed"

	"commons/internal/platform/db"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed static/ballot.js
var ballotJS []byte

//go:embed static/idea-map.js
var ideaMapJS []byte

//go:embed static/budgeting.css
var budgetingCSS []byte

// The ballot's running total script, the idea form's map script and the budgeting style sheet,
// each at a URL with a hash of its content so that it can be cached for a long time.
var (
	ballotScript = web.NewHashedFile("/budgets/ballot.js", "text/javascript; charset=utf-8", ballotJS)
	mapScript    = web.NewHashedFile("/budgets/idea-map.js", "text/javascript; charset=utf-8", ideaMapJS)
	styleSheet   = web.NewHashedFile("/budgets/budgeting.css", "text/css; charset=utf-8", budgetingCSS)
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the budgeting tables.
var Migrations = db.Embedded("budgeting", migrationsFS)
