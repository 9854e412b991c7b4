package app

import (
	"context"
	"io/fs"

	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The budgeting capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// budgetingCap holds the budgeting capability's services once Build has wired them.
type budgetingCap struct{}

// budgetingMigrations are applied after the platform's and identity's, in this order.
func budgetingMigrations() []db.Migrations { return nil }

// budgetingMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func budgetingMessages() []fs.FS { return nil }

// budgetingTemplates are the capability's template folders, by name.
func budgetingTemplates() map[string]fs.FS { return nil }

// budgetingNav is the capability's service navigation.
func budgetingNav() []web.NavLink { return nil }

// wireBudgeting builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireBudgeting(bundle *i18n.Bundle) error { _ = bundle; return nil }

// budgetingRoutes is the capability's part of the route table.
func (s *Server) budgetingRoutes() []Route { return nil }

// budgetingOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) budgetingOpenAPI(paths, schemas obj) {}

// budgetingDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) budgetingDemo(ctx context.Context) error { return nil }

// budgetingWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) budgetingWorkers() []func(ctx context.Context) { return nil }
