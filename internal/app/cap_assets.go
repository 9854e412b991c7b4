package app

import (
	"context"
	"io/fs"
	"time"

	"commons/internal/assets"
	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The assets capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// assetsCap holds the assets capability's services once Build has wired them.
type assetsCap struct {
	Svc *assets.Service
}

// assetsMigrations are applied after the platform's and identity's, in this order.
func assetsMigrations() []db.Migrations { return []db.Migrations{assets.Migrations} }

// assetsMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func assetsMessages() []fs.FS { return []fs.FS{assets.Messages} }

// assetsTemplates are the capability's template folders, by name.
func assetsTemplates() map[string]fs.FS { return map[string]fs.FS{"assets": assets.Templates} }

// assetsNav is the capability's service navigation.
func assetsNav() []web.NavLink { return []web.NavLink{{Key: "assets.nav", Href: "/assets"}} }

// wireAssets builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireAssets(bundle *i18n.Bundle) error {
	s.Assets.Svc = assets.NewService(assets.Deps{
		DB: s.DB, Outbox: s.Outbox, T: bundle.T, BaseURL: s.Config.BaseURL, ReviewAge: s.Config.AssetReviewAge, PlaceName: s.Config.PlaceName,
	})
	return nil
}

// assetsRoutes is the capability's part of the route table.
func (s *Server) assetsRoutes() []Route {
	h := &assets.Handlers{Kit: s.Kit, Svc: s.Assets.Svc, TileURL: s.Config.MapTileURL}
	o := &assets.ORUK{Kit: s.Kit, Svc: s.Assets.Svc, BaseURL: s.Config.BaseURL, Place: s.Config.PlaceName}
	return []Route{
		{"GET /assets", Public, h.List},
		{"GET /assets.csv", Public, h.CSV},
		{"GET /assets.geojson", Public, h.GeoJSON},
		{"GET /assets/new", SignedIn, h.New},
		{"POST /assets", SignedIn, h.Create},
		{"GET /assets/review", Officer, h.Review},
		{"GET /assets/import", Officer, h.ImportForm},
		{"POST /assets/import", Officer, h.Import},
		{"GET /assets/skills", Public, h.Skills},
		{"GET /assets/skills/mine", SignedIn, h.MySkills},
		{"POST /assets/skills", SignedIn, h.AddSkill},
		{"POST /assets/skills/{id}/visibility", SignedIn, h.SkillVisibility},
		{"POST /assets/skills/{id}/withdraw", SignedIn, h.WithdrawSkill},
		{"GET /assets/{id}", Public, h.Show},
		{"GET /assets/{id}/edit", SignedIn, h.Edit},
		{"POST /assets/{id}/edit", SignedIn, h.Update},
		{"POST /assets/{id}/checked", SignedIn, h.Checked},
		{"POST /assets/{id}/verify", Officer, h.Verify},

		{"GET /api/v1/assets", Public, h.APIList},
		{"GET /api/v1/assets/{id}", Public, h.APIAsset},

		{"GET /openreferral/{$}", Public, o.Root},
		{"GET /openreferral/services", Public, o.Services},
		{"GET /openreferral/services/{id}", Public, o.Service},
		{"GET /openreferral/organizations", Public, o.Organizations},
		{"GET /openreferral/organizations/{id}", Public, o.Organization},
		{"GET /openreferral/taxonomies", Public, o.Taxonomies},
		{"GET /openreferral/taxonomies/{id}", Public, o.Taxonomy},
		{"GET /openreferral/taxonomy_terms", Public, o.TaxonomyTerms},
		{"GET /openreferral/taxonomy_terms/{id}", Public, o.TaxonomyTerm},
		{"GET /openreferral/service_at_locations", Public, o.ServiceAtLocations},
	}
}

// assetsOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) assetsOpenAPI(paths, schemas obj) {
	str := obj{"type": "string"}
	num := obj{"type": "number"}
	ts := obj{"type": "string", "format": "date-time"}
	filters := []obj{
		{"name": "q", "in": "query", "description": "words that must all appear", "schema": str},
		{"name": "category", "in": "query", "schema": obj{"type": "string", "enum": []string{"individuals", "associations", "institutions", "spaces", "economic", "cultural"}}},
		{"name": "tag", "in": "query", "schema": str},
		{"name": "area", "in": "query", "schema": obj{"type": "string", "format": "uuid"}},
		{"name": "open_now", "in": "query", "description": "any value: only assets open now by their opening times", "schema": str},
		{"name": "step_free", "in": "query", "description": "any value: only assets with step-free access", "schema": str},
		{"name": "postcode", "in": "query", "description": "order by distance from this postcode or district", "schema": str},
		{"name": "near", "in": "query", "description": "order by distance from latitude,longitude", "schema": str},
		{"name": "bbox", "in": "query", "description": "only inside west,south,east,north", "schema": str},
	}
	paths["/assets"] = obj{"get": obj{"operationId": "listAssets", "summary": "Community assets, by name or by distance, with the asset map's filters",
		"parameters": append(filters, pagingParams...),
		"responses":  obj{"200": jsonResponse("A page of assets", listOf("Asset")), "422": problemResponse}}}
	paths["/assets/{id}"] = obj{"get": obj{"operationId": "getAsset", "summary": "One community asset", "parameters": []obj{idParam},
		"responses": obj{"200": jsonResponse("The asset", ref("Asset")), "404": problemResponse}}}
	schemas["Asset"] = obj{"type": "object", "required": []string{"id", "name", "description", "category", "tags", "step_free", "ownership", "status", "created_at", "updated_at", "last_checked_at"},
		"properties": obj{
			"id": obj{"type": "string", "format": "uuid"}, "name": str, "description": str,
			"category": obj{"type": "string", "enum": []string{"individuals", "associations", "institutions", "spaces", "economic", "cultural"}},
			"tags":     obj{"type": "array", "items": str},
			"area_id":  obj{"type": "string", "format": "uuid"}, "area_name": str, "address": str, "postcode": str,
			"latitude": num, "longitude": num, "opening_hours": obj{"type": "string", "description": "like Mo-Fr 09:00-17:00; Sa 10:00-12:00"},
			"contact_name": str, "contact_email": obj{"type": "string", "format": "email"}, "contact_phone": str,
			"website": obj{"type": "string", "format": "uri"}, "accessibility": str, "step_free": obj{"type": "boolean"},
			"ownership":  obj{"type": "string", "enum": []string{"council", "community", "private", "other"}},
			"facilities": str, "capacity": obj{"type": "integer", "minimum": 0}, "services": str,
			"organisation_id": obj{"type": "string", "format": "uuid"}, "organisation_name": str,
			"status":     obj{"type": "string", "enum": []string{"suggested", "published"}},
			"created_at": ts, "updated_at": ts, "last_checked_at": ts, "verified_at": ts,
			"distance_km": obj{"type": "number", "description": "from postcode or near, when given"},
		}}
}

// assetsDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) assetsDemo(ctx context.Context) error { return s.Assets.Svc.LoadDemo(ctx) }

// assetsWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) assetsWorkers() []func(ctx context.Context) {
	return []func(ctx context.Context){func(ctx context.Context) { s.Assets.Svc.RunReminders(ctx, time.Hour, s.Log) }}
}
