package app

import (
	"context"
	"io/fs"

	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The network capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// networkCap holds the network capability's services once Build has wired them.
type networkCap struct{}

// networkMigrations are applied after the platform's and identity's, in this order.
func networkMigrations() []db.Migrations { return nil }

// networkMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func networkMessages() []fs.FS { return nil }

// networkTemplates are the capability's template folders, by name.
func networkTemplates() map[string]fs.FS { return nil }

// networkNav is the capability's service navigation.
func networkNav() []web.NavLink { return nil }

// wireNetwork builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireNetwork(bundle *i18n.Bundle) error { _ = bundle; return nil }

// networkRoutes is the capability's part of the route table.
func (s *Server) networkRoutes() []Route { return nil }

// networkOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) networkOpenAPI(paths, schemas obj) {}

// networkDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) networkDemo(ctx context.Context) error { return nil }

// networkWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) networkWorkers() []func(ctx context.Context) { return nil }
