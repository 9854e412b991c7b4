package assets

import (
	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
	"time"
)

// Capability is the assets capability as the composition root sees it: its tables, messages,
// templates, navigation, routes with who may reach each, OpenAPI paths and demo (see package
// capability).
func Capability() capability.Capability {
	return capability.Capability{
		Name: "assets", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:      []web.NavLink{{Key: "assets.nav", Href: "/assets"}},
		Commands: []capability.Command{postcodesCommand},
		Build:    build,
	}
}

// build wires the capability over the ready platform.
func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{
		DB: env.DB, Identity: id, Outbox: env.Outbox, T: env.T, BaseURL: env.Config.BaseURL, ReviewAge: env.Config.AssetReviewAge, PlaceName: env.Config.PlaceName,
		// Requests for people's skills: enough to ask around, too few to pester.
		RequestLimit: &ratelimit.Limiter{DB: env.DB, Limit: 10, Window: 24 * time.Hour},
	})

	return &capability.Parts{
		Routes:   routes(env, id, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Services: []any{svc},
		Jobs:     []capability.Job{{Name: "asset_review_reminders", Every: time.Hour, Run: svc.RemindOwners}},
		Account:  accountHooks(svc, id),
		// Other capabilities say what happens at a place (volunteering held there, an asset of
		// community value): the asset's page lists them under "At this place".
		Connect: func(env *capability.Env) error {
			for _, m := range capability.All[MentionSource](env) {
				if m != MentionSource(svc) { // the asset map itself gathers, it does not mention
					svc.Mentions = append(svc.Mentions, m)
				}
			}
			return nil
		},
	}, nil
}

// routes is the capability's part of the route table.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, TileURL: env.Config.MapTileURL}
	o := &ORUK{Kit: env.Kit, Svc: svc, BaseURL: env.Config.BaseURL, Place: env.Config.PlaceName}
	var t capability.Table
	t.Public("GET /assets", h.List)
	t.Public("GET /assets.csv", h.CSV)
	t.Public("GET /assets.geojson", h.GeoJSON)
	t.Public("GET /assets/map.js", mapScript.Serve)
	t.SignedIn("GET /assets/mine", h.Mine)
	t.SignedIn("GET /assets/new", h.New)
	t.SignedIn("POST /assets", h.Create)
	t.Officer("GET /assets/review", h.Review)
	t.Officer("GET /assets/import", h.ImportForm)
	t.Officer("POST /assets/import", h.Import).Body(maxImport + web.MaxBody)
	t.Public("GET /assets/skills", h.Skills)
	t.SignedIn("GET /assets/skills/requests", h.SkillRequests)
	t.SignedIn("GET /assets/skills/mine", h.MySkills)
	t.SignedIn("POST /assets/skills", h.AddSkill)
	t.SignedIn("POST /assets/skills/{id}/visibility", h.SkillVisibility)
	t.SignedIn("GET /assets/skills/{id}/withdraw", h.WithdrawSkillForm)
	t.SignedIn("POST /assets/skills/{id}/withdraw", h.WithdrawSkill)
	t.SignedIn("GET /assets/skills/{id}/request", h.RequestSkillForm)
	t.SignedIn("POST /assets/skills/{id}/request", h.RequestSkill)
	t.SignedIn("GET /assets/skills/{id}/requests/{request}", h.SkillRequest)
	t.SignedIn("POST /assets/skills/{id}/requests/{request}", h.AnswerSkillRequest)
	t.Public("GET /assets/{id}", h.Show)
	t.SignedIn("GET /assets/{id}/edit", h.Edit)
	t.SignedIn("POST /assets/{id}/edit", h.Update)
	t.SignedIn("POST /assets/{id}/checked", h.Checked)
	t.SignedIn("GET /assets/{id}/correction", h.CorrectionForm)
	t.SignedIn("POST /assets/{id}/correction", h.SuggestCorrection)
	t.SignedIn("GET /assets/{id}/corrections", h.Corrections)
	t.SignedIn("POST /assets/{id}/corrections", h.ReviewCorrection)
	t.Officer("POST /assets/{id}/verify", h.Verify)

	t.Public("GET /api/v1/assets", h.APIList)
	t.Public("GET /api/v1/assets/{id}", h.APIAsset)
	t.Public("GET /api/v1/postcodes", h.APIPostcodes)

	t.Public("GET /openreferral/{$}", o.Root)
	t.Public("GET /openreferral/services", o.Services)
	t.Public("GET /openreferral/services/{id}", o.Service)
	t.Public("GET /openreferral/organizations", o.Organizations)
	t.Public("GET /openreferral/organizations/{id}", o.Organization)
	t.Public("GET /openreferral/taxonomies", o.Taxonomies)
	t.Public("GET /openreferral/taxonomies/{id}", o.Taxonomy)
	t.Public("GET /openreferral/taxonomy_terms", o.TaxonomyTerms)
	t.Public("GET /openreferral/taxonomy_terms/{id}", o.TaxonomyTerm)
	t.Public("GET /openreferral/service_at_locations", o.ServiceAtLocations)
	return t.Routes
}

// openAPI adds the capability's paths and schemas to the OpenAPI document.
func openAPI(paths, schemas openapi.Obj) {
	str := openapi.Obj{"type": "string"}
	num := openapi.Obj{"type": "number"}
	ts := openapi.Obj{"type": "string", "format": "date-time"}
	filters := []openapi.Obj{
		{"name": "q", "in": "query", "description": "words that must all appear", "schema": str},
		{"name": "category", "in": "query", "schema": openapi.Obj{"type": "string", "enum": []string{"individuals", "associations", "institutions", "spaces", "economic", "cultural"}}},
		{"name": "tag", "in": "query", "schema": str},
		{"name": "area", "in": "query", "schema": openapi.Obj{"type": "string", "format": "uuid"}},
		{"name": "open_now", "in": "query", "description": "any value: only assets open now by their opening times", "schema": str},
		{"name": "step_free", "in": "query", "description": "any value: only assets with step-free access", "schema": str},
		{"name": "postcode", "in": "query", "description": "order by distance from this postcode (its own point when the council has loaded the postcode file) or district", "schema": str},
		{"name": "within", "in": "query", "description": "with postcode or near: only assets within this many miles", "schema": openapi.Obj{"type": "number", "exclusiveMinimum": 0, "maximum": 50}},
		{"name": "near", "in": "query", "description": "order by distance from latitude,longitude", "schema": str},
		{"name": "bbox", "in": "query", "description": "only inside west,south,east,north", "schema": str},
	}
	paths["/assets"] = openapi.Obj{"get": openapi.Obj{"operationId": "listAssets", "summary": "Community assets, by name or by distance, with the asset map's filters",
		"parameters": append(filters, openapi.Paging...),
		"responses":  openapi.Obj{"200": openapi.JSONResponse("A page of assets", openapi.ListOf("Asset")), "422": openapi.Problem}}}
	paths["/assets/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getAsset", "summary": "One community asset", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The asset", openapi.Ref("Asset")), "404": openapi.Problem}}}
	paths["/postcodes"] = openapi.Obj{"get": openapi.Obj{"operationId": "listPostcodes",
		"summary":    "Where a postcode is (q: its own point from the postcode file the council loaded, or the middle of its district; no items when neither is known), or the loaded postcodes in order",
		"parameters": append([]openapi.Obj{{"name": "q", "in": "query", "description": "a postcode or district, like AH3 4XY", "schema": str}}, openapi.Paging...),
		"responses":  openapi.Obj{"200": openapi.JSONResponse("Postcodes with their points", openapi.ListOf("Postcode")), "422": openapi.Problem}}}
	schemas["Postcode"] = openapi.Obj{"type": "object", "required": []string{"postcode", "latitude", "longitude", "exact"},
		"properties": openapi.Obj{"postcode": str, "latitude": num, "longitude": num,
			"exact": openapi.Obj{"type": "boolean", "description": "false when the point is the middle of the postcode's district"}}}
	schemas["Asset"] = openapi.Obj{"type": "object", "required": []string{"id", "name", "description", "category", "tags", "step_free", "ownership", "status", "created_at", "updated_at", "last_checked_at"},
		"properties": openapi.Obj{
			"id": openapi.Obj{"type": "string", "format": "uuid"}, "name": str, "description": str,
			"category": openapi.Obj{"type": "string", "enum": []string{"individuals", "associations", "institutions", "spaces", "economic", "cultural"}},
			"tags":     openapi.Obj{"type": "array", "items": str},
			"area_id":  openapi.Obj{"type": "string", "format": "uuid"}, "area_name": str, "address": str, "postcode": str,
			"latitude": num, "longitude": num, "opening_hours": openapi.Obj{"type": "string", "description": "like Mo-Fr 09:00-17:00; Sa 10:00-12:00"},
			"contact_name": str, "contact_email": openapi.Obj{"type": "string", "format": "email"}, "contact_phone": str,
			"website": openapi.Obj{"type": "string", "format": "uri"}, "accessibility": str, "step_free": openapi.Obj{"type": "boolean"},
			"ownership":  openapi.Obj{"type": "string", "enum": []string{"council", "community", "private", "other"}},
			"facilities": str, "capacity": openapi.Obj{"type": "integer", "minimum": 0}, "services": str,
			"organisation_id": openapi.Obj{"type": "string", "format": "uuid"}, "organisation_name": str,
			"status":     openapi.Obj{"type": "string", "enum": []string{"suggested", "published"}},
			"created_at": ts, "updated_at": ts, "last_checked_at": ts, "verified_at": ts,
			"distance_km": openapi.Obj{"type": "number", "description": "from postcode or near, when given"},
		}}
}
