package ownership

import (
	"context"
	"embed"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the capability's tables.
var Migrations = db.Embedded("ownership", migrationsFS)

// Capability is community ownership as the composition root sees it.
func Capability() capability.Capability {
	return capability.Capability{
		Name: "ownership", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:   []web.NavLink{{Key: "ownership.nav", Href: "/ownership"}},
		Build: build,
	}
}

func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, Identity: id, T: env.T, Log: env.Log, BaseURL: env.Config.BaseURL,
		PlaceName: env.Config.PlaceName, OrgID: env.Config.OrgID, RightToBuy: env.Config.CommunityRightToBuy,
		Schemes: env.Config.OwnershipSchemes})
	return &capability.Parts{
		Routes:   routes(env, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Workers:  []func(context.Context){func(ctx context.Context) { svc.Run(ctx, time.Hour) }},
		Account:  &capability.AccountHooks{Export: svc.Export, Delete: svc.DeleteAccount, Tables: accountTables, Seed: svc.seedAccount},
		Services: []any{svc},
		// The asset map may come later in the slice, or not at all: without it a case names its
		// land by address.
		Connect: capability.Connect(&svc.Finder, &svc.Places),
	}, nil
}

func routes(env *capability.Env, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc}
	var t capability.Table
	t.Public("GET /ownership", h.Index)
	t.Public("GET /ownership/rules", h.Rules)
	t.Public("GET /ownership/acv", h.RegisterPage(RegisterACV))
	t.Public("GET /ownership/acv.csv", h.ACVCSV(RegisterACVAll))
	t.Public("GET /ownership/acv.geojson", h.ACVGeoJSON(RegisterACVAll))
	t.Public("GET /ownership/unsuccessful", h.RegisterPage(RegisterUnsuccessful))
	t.Public("GET /ownership/unsuccessful.csv", h.ACVCSV(RegisterUnsuccessful))
	t.Public("GET /ownership/unsuccessful.geojson", h.ACVGeoJSON(RegisterUnsuccessful))
	t.Public("GET /ownership/transfers", h.RegisterPage(RegisterTransfers))
	t.Public("GET /ownership/transfers.csv", h.TransfersCSV)
	t.Public("GET /ownership/transfers.geojson", h.TransfersGeoJSON)
	t.Public("GET /ownership/land", h.Land)
	t.Public("GET /ownership/land.csv", h.LandCSV)
	t.Public("GET /ownership/land.geojson", h.LandGeoJSON)
	t.Public("GET /ownership/reports", h.Reports)
	t.Public("GET /ownership/reports.csv", h.ReportsCSV)
	t.SignedIn("GET /ownership/new/{kind}", h.New)
	t.SignedIn("POST /ownership/new/{kind}", h.Create).Body(MaxDocument + web.MaxBody)
	t.SignedIn("GET /ownership/mine", h.Mine)
	t.Public("GET /ownership/cases/{id}", h.Show)
	t.Public("GET /ownership/cases/{id}/notices/{notice}", h.Notice)
	t.Public("GET /ownership/cases/{id}/documents/{doc}", h.DocumentFile)
	t.SignedIn("POST /ownership/cases/{id}/documents", h.AddDocument).Body(MaxDocument + web.MaxBody)
	t.SignedIn("POST /ownership/cases/{id}/steps/{step}", h.Step)
	t.Officer("POST /ownership/cases/{id}/assign", h.Assign)
	t.Officer("POST /ownership/cases/{id}/clocks/{clock}", h.ChangeClock)
	t.Officer("POST /ownership/cases/{id}/documents/{doc}/publish", h.Publish)
	t.Officer("GET /ownership/casework", h.Casework)
	t.Officer("GET /ownership/settings", h.Settings)
	t.Officer("POST /ownership/settings", h.SaveSettings)
	t.Officer("POST /ownership/settings/criteria", h.SaveCriterion)
	t.Officer("GET /ownership/land/new", h.LandForm)
	t.Officer("POST /ownership/land", h.SaveLand)
	t.Officer("GET /ownership/land/{id}/edit", h.LandForm)
	t.Officer("POST /ownership/land/{id}", h.SaveLand)
	t.Officer("POST /ownership/land/{id}/delete", h.DeleteLand)

	t.Public("GET /api/v1/ownership/cases", h.APICases)
	t.Public("GET /api/v1/ownership/cases/{id}", h.APICase)
	t.Public("GET /api/v1/ownership/timetables", h.APITimetables)
	t.Officer("GET /api/v1/ownership/due", h.APIDue)
	return t.Routes
}

func openAPI(paths, schemas openapi.Obj) {
	str, integer, boolean, uuid, ts := openapi.String, openapi.Integer, openapi.Boolean, openapi.UUID, openapi.Timestamp
	day := openapi.Obj{"type": "string", "format": "date"}
	optDay := openapi.Obj{"type": "string", "description": "YYYY-MM-DD, or empty"}
	params := append([]openapi.Obj{}, openapi.Paging...)
	params = append(params,
		openapi.Obj{"name": "kind", "in": "query", "schema": openapi.Obj{"type": "string", "enum": Kinds}},
		openapi.Obj{"name": "status", "in": "query", "schema": str})
	paths["/ownership/cases"] = openapi.Obj{"get": openapi.Obj{"operationId": "listOwnershipCases",
		"summary":    "Community ownership cases with a public page (assets of community value, asset transfer requests, community asset transfers), newest first",
		"parameters": params, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of cases", openapi.ListOf("OwnershipCase")), "422": openapi.Problem}}}
	paths["/ownership/cases/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getOwnershipCase",
		"summary":    "One case with its journey and every clock: start date, due date, rule, source and status",
		"parameters": []openapi.Obj{openapi.IDParam},
		"responses":  openapi.Obj{"200": openapi.JSONResponse("The case", openapi.Ref("OwnershipCase")), "404": openapi.Problem}}}
	paths["/ownership/timetables"] = openapi.Obj{"get": openapi.Obj{"operationId": "getOwnershipTimetables",
		"summary": "The statutory timetables as data: each rule's length, unit, counting, kind and source",
		"responses": openapi.Obj{"200": openapi.JSONResponse("The timetables", openapi.Obj{"type": "object", "required": []string{"timetables"},
			"properties": openapi.Obj{"timetables": openapi.Obj{"type": "array", "items": openapi.Ref("OwnershipTimetable")}}})}}}
	paths["/ownership/due"] = openapi.Obj{"get": openapi.Obj{"operationId": "getOwnershipDue",
		"summary": "Officers: deadlines overdue and due within the next 7 days, and paused clocks", "security": openapi.Token,
		"responses": openapi.Obj{"200": openapi.JSONResponse("The deadlines", openapi.Obj{"type": "object", "required": []string{"overdue", "this_week", "paused"},
			"properties": openapi.Obj{"overdue": openapi.Obj{"type": "array", "items": openapi.Ref("OwnershipDue")},
				"this_week": openapi.Obj{"type": "array", "items": openapi.Ref("OwnershipDue")},
				"paused":    openapi.Obj{"type": "array", "items": openapi.Ref("OwnershipDue")}}}),
			"401": openapi.Problem, "403": openapi.Problem}}}
	clockSchema := openapi.Obj{"type": "object", "required": []string{"rule", "start_date", "due_date", "status"}, "properties": openapi.Obj{
		"id": uuid, "rule": str, "start_date": day, "due_date": day,
		"status": openapi.Obj{"type": "string", "enum": []string{"not_started", "running", "due_soon", "overdue", "paused", "met", "met_late", "in_force", "ended", "stopped", "conditional"}},
		"kind":   openapi.Obj{"type": "string", "enum": []string{"deadline", "period", "earliest"}}, "party": str,
		"start_day_counted": boolean, "source": str, "wording": str, "provisional": boolean, "extended_to": optDay, "extend_reason": str,
		"met_on": optDay, "stopped_on": optDay, "paused": boolean, "extendable": boolean, "pausable": boolean,
		"pauses": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "properties": openapi.Obj{"from": day, "to": optDay, "reason": str}}}}}
	schemas["OwnershipClock"] = clockSchema
	step := openapi.Obj{"type": "object", "properties": openapi.Obj{"step": str, "title": str, "date": day, "outcome": str, "note": str, "channel": str}}
	nullNum := openapi.Obj{"type": []string{"number", "null"}}
	schemas["OwnershipCase"] = openapi.Obj{"type": "object", "required": []string{"id", "reference", "kind", "status", "name", "clocks"},
		"properties": openapi.Obj{"id": uuid, "reference": str, "kind": openapi.Obj{"type": "string", "enum": Kinds}, "status": str,
			"status_text": str, "timetable": str, "asset_id": str, "name": str, "description": str, "address": str, "postcode": str,
			"uprn": str, "boundary": openapi.Obj{"description": "GeoJSON Polygon or MultiPolygon, or null"}, "latitude": nullNum, "longitude": nullNum,
			"group":        openapi.Obj{"type": "object", "properties": openapi.Obj{"name": str, "type": str}},
			"request_type": str, "received_on": day, "validated_on": optDay, "decision": str, "decided_on": optDay, "decision_reasons": str,
			"listed_on": optDay, "removed_on": optDay, "notice_on": optDay, "interested_groups": openapi.Obj{"type": "array", "items": str},
			"url": str, "updated_at": ts,
			"clocks":  openapi.Obj{"type": "array", "items": openapi.Ref("OwnershipClock")},
			"journey": openapi.Obj{"type": "array", "items": step}}}
	schemas["OwnershipDue"] = openapi.Obj{"type": "object", "properties": openapi.Obj{"case_id": uuid, "reference": str, "name": str,
		"clock": openapi.Ref("OwnershipClock")}}
	rule := openapi.Obj{"type": "object", "properties": openapi.Obj{"id": str, "length": integer,
		"unit":     openapi.Obj{"type": "string", "enum": []string{"days", "weeks", "months", "years", "working-days"}},
		"counting": openapi.Obj{"type": "string", "enum": []string{"beginning-with", "after"}}, "kind": str, "nation": str, "party": str,
		"extendable": boolean, "pausable": boolean, "provisional": boolean, "source": str, "wording": str}}
	schemas["OwnershipTimetable"] = openapi.Obj{"type": "object", "properties": openapi.Obj{"id": str,
		"rules": openapi.Obj{"type": "array", "items": rule}}}
}
