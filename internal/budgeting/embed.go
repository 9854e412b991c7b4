package budgeting

import (
	"embed"

	"commons/internal/platform/db"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the budgeting tables.
var Migrations = db.Embedded("budgeting", migrationsFS)
