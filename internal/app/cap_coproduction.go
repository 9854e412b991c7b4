package app

import (
	"context"
	"io/fs"

	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The coproduction capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// coproductionCap holds the coproduction capability's services once Build has wired them.
type coproductionCap struct{}

// coproductionMigrations are applied after the platform's and identity's, in this order.
func coproductionMigrations() []db.Migrations { return nil }

// coproductionMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func coproductionMessages() []fs.FS { return nil }

// coproductionTemplates are the capability's template folders, by name.
func coproductionTemplates() map[string]fs.FS { return nil }

// coproductionNav is the capability's service navigation.
func coproductionNav() []web.NavLink { return nil }

// wireCoproduction builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireCoproduction(bundle *i18n.Bundle) error { _ = bundle; return nil }

// coproductionRoutes is the capability's part of the route table.
func (s *Server) coproductionRoutes() []Route { return nil }

// coproductionOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) coproductionOpenAPI(paths, schemas obj) {}

// coproductionDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) coproductionDemo(ctx context.Context) error { return nil }

// coproductionWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) coproductionWorkers() []func(ctx context.Context) { return nil }
