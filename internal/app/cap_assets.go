package app

import (
	"context"
	"io/fs"

	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The assets capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// assetsCap holds the assets capability's services once Build has wired them.
type assetsCap struct{}

// assetsMigrations are applied after the platform's and identity's, in this order.
func assetsMigrations() []db.Migrations { return nil }

// assetsMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func assetsMessages() []fs.FS { return nil }

// assetsTemplates are the capability's template folders, by name.
func assetsTemplates() map[string]fs.FS { return nil }

// assetsNav is the capability's service navigation.
func assetsNav() []web.NavLink { return nil }

// wireAssets builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireAssets(bundle *i18n.Bundle) error { _ = bundle; return nil }

// assetsRoutes is the capability's part of the route table.
func (s *Server) assetsRoutes() []Route { return nil }

// assetsOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) assetsOpenAPI(paths, schemas obj) {}

// assetsDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) assetsDemo(ctx context.Context) error { return nil }

// assetsWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) assetsWorkers() []func(ctx context.Context) { return nil }
