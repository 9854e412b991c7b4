package app

import (
	"context"
	"io/fs"

	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The events capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// eventsCap holds the events capability's services once Build has wired them.
type eventsCap struct{}

// eventsMigrations are applied after the platform's and identity's, in this order.
func eventsMigrations() []db.Migrations { return nil }

// eventsMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func eventsMessages() []fs.FS { return nil }

// eventsTemplates are the capability's template folders, by name.
func eventsTemplates() map[string]fs.FS { return nil }

// eventsNav is the capability's service navigation.
func eventsNav() []web.NavLink { return nil }

// wireEvents builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireEvents(bundle *i18n.Bundle) error { _ = bundle; return nil }

// eventsRoutes is the capability's part of the route table.
func (s *Server) eventsRoutes() []Route { return nil }

// eventsOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) eventsOpenAPI(paths, schemas obj) {}

// eventsDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) eventsDemo(ctx context.Context) error { return nil }

// eventsWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) eventsWorkers() []func(ctx context.Context) { return nil }
