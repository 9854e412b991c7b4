package app

import (
	"context"
	"io/fs"
	"strings"

	"commons/internal/budgeting"
	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The budgeting capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// budgetingCap holds the budgeting capability's services once Build has wired them.
type budgetingCap struct {
	Svc *budgeting.Service
}

// budgetingMigrations are applied after the platform's and identity's, in this order.
func budgetingMigrations() []db.Migrations { return []db.Migrations{budgeting.Migrations} }

// budgetingMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func budgetingMessages() []fs.FS { return []fs.FS{budgeting.Messages} }

// budgetingTemplates are the capability's template folders, by name.
func budgetingTemplates() map[string]fs.FS { return map[string]fs.FS{"budgeting": budgeting.Templates} }

// budgetingNav is the capability's service navigation.
func budgetingNav() []web.NavLink { return []web.NavLink{{Key: "budgeting.nav", Href: "/budgets"}} }

// wireBudgeting builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireBudgeting(bundle *i18n.Bundle) error {
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return -1
	}, s.Config.PlaceName)
	// Until the council sets its registered prefix and org-id, placeholders that say what they are.
	prefix, funder := s.Config.GivingPrefix, s.Config.OrgID
	if prefix == "" {
		prefix = "360G-commons-" + slug
	}
	if funder == "" {
		funder = "XI-COMMONS-" + strings.ToUpper(slug)
	}
	s.Budgeting.Svc = budgeting.NewService(budgeting.Deps{DB: s.DB, Outbox: s.Outbox, T: bundle.T, BaseURL: s.Config.BaseURL,
		GrantPrefix: prefix, FunderID: funder, FunderName: s.Config.PlaceName})
	return nil
}

// budgetingRoutes is the capability's part of the route table.
func (s *Server) budgetingRoutes() []Route {
	h := &budgeting.Handlers{Kit: s.Kit, Svc: s.Budgeting.Svc, Areas: func(ctx context.Context) ([]identity.Area, error) {
		return s.Identity.Areas(ctx, 1000, 0)
	}, TileURL: s.Config.MapTileURL, MapCentre: s.Config.MapCentre}
	api := &budgeting.API{Kit: s.Kit, Svc: s.Budgeting.Svc}
	return []Route{
		{"GET /budgets", Public, h.List},
		{"GET /budgets/ballot.js", Public, h.Script},
		{"GET /budgets/budgeting.css", Public, h.Style},
		{"GET /budgets/idea-map.js", Public, h.MapScript},
		{"GET /budgets/{id}", Public, h.Show},
		{"GET /budgets/{id}/ideas/{idea}", Public, h.ShowIdea},
		{"GET /budgets/{id}/vote", Public, h.Ballot},
		{"POST /budgets/{id}/vote", Public, h.Vote}, // voters with a one-time code have no account
		{"GET /budgets/{id}/receipts/{receipt}", Public, h.Receipt},
		{"GET /budgets/{id}/results", Public, h.Results},
		{"GET /budgets/{id}/photos/{photo}", Public, h.ServePhoto},
		{"GET /budgets/{id}/results.csv", Public, h.ResultsCSV},
		{"GET /budgets/{id}/ballots.pb", Public, h.BallotsPB},
		{"GET /budgets/{id}/grants.json", Public, h.GrantsJSON},
		{"GET /budgets/{id}/ideas.geojson", Public, h.IdeasGeoJSON},

		{"GET /budgets/{id}/ideas/new", SignedIn, h.NewIdea},
		{"POST /budgets/{id}/ideas", SignedIn, h.CreateIdea},
		{"POST /budgets/{id}/ideas/{idea}/support", SignedIn, h.Support},
		{"POST /budgets/{id}/ideas/{idea}/comments", SignedIn, h.Comment},

		{"POST /budgets/{id}/ideas/{idea}/hide", Moderator, h.Hide},

		{"GET /budgets/new", Officer, h.New},
		{"POST /budgets", Officer, h.Save},
		{"GET /budgets/{id}/edit", Officer, h.Edit},
		{"POST /budgets/{id}", Officer, h.Save},
		{"POST /budgets/{id}/ideas/{idea}/review", SignedIn, h.Review}, // officers and the process's review panel
		{"POST /budgets/{id}/reviewers", Officer, h.AddReviewer},
		{"GET /budgets/{id}/codes", Officer, h.Codes},
		{"POST /budgets/{id}/codes", Officer, h.MakeCodes},
		{"GET /budgets/{id}/paper", Officer, h.PaperForm},
		{"POST /budgets/{id}/paper", Officer, h.Paper},
		{"POST /budgets/{id}/count", Officer, h.Count},
		{"POST /budgets/{id}/ideas/{idea}/milestones", Officer, h.Milestone},
		{"POST /budgets/{id}/ideas/{idea}/updates", Officer, h.PostUpdate},

		{"GET /api/v1/budgets", Public, api.Processes},
		{"GET /api/v1/budgets/{id}", Public, api.Process},
		{"GET /api/v1/budgets/{id}/projects", Public, api.Projects},
		{"GET /api/v1/budgets/{id}/ideas", Public, api.Ideas},
		{"GET /api/v1/budgets/{id}/results", Public, api.Results},
	}
}

// budgetingOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) budgetingOpenAPI(paths, schemas obj) {
	str, integer, uuid := obj{"type": "string"}, obj{"type": "integer"}, obj{"type": "string", "format": "uuid"}
	date, ts := obj{"type": "string", "format": "date"}, obj{"type": "string", "format": "date-time"}
	enum := func(vs ...string) obj { return obj{"type": "string", "enum": vs} }
	paths["/budgets"] = obj{"get": obj{"operationId": "listBudgets", "summary": "Participatory budgeting processes, the latest voting first", "parameters": pagingParams,
		"responses": obj{"200": jsonResponse("A page of processes", listOf("BudgetProcess")), "422": problemResponse}}}
	paths["/budgets/{id}"] = obj{"get": obj{"operationId": "getBudget", "summary": "One process", "parameters": []obj{idParam},
		"responses": obj{"200": jsonResponse("The process", ref("BudgetProcess")), "404": problemResponse}}}
	paths["/budgets/{id}/projects"] = obj{"get": obj{"operationId": "listBudgetProjects", "summary": "The projects on a process's ballot (ideas accepted at review)", "parameters": []obj{idParam},
		"responses": obj{"200": jsonResponse("The projects", obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": ref("BudgetProject")}}}), "404": problemResponse}}}
	paths["/budgets/{id}/ideas"] = obj{"get": obj{"operationId": "listBudgetIdeas", "summary": "Every idea suggested in a process (except those a moderator hid), with its review", "parameters": []obj{idParam},
		"responses": obj{"200": jsonResponse("The ideas", obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": ref("BudgetProject")}}}), "404": problemResponse}}}
	paths["/budgets/{id}/results"] = obj{"get": obj{"operationId": "getBudgetResults", "summary": "A counted process's results and turnout", "parameters": []obj{idParam},
		"responses": obj{"200": jsonResponse("The results", ref("BudgetResults")), "404": problemResponse}}}
	schemas["BudgetProcess"] = obj{"type": "object", "required": []string{"id", "title", "description", "description_html", "total_pence", "area_budgets", "phase", "format", "rule", "voter_access"}, "properties": obj{
		"id": uuid, "title": str, "description": obj{"type": "string", "description": "Markdown"}, "description_html": obj{"type": "string", "description": "Sanitised HTML"},
		"total_pence":  integer,
		"area_budgets": obj{"type": "array", "items": obj{"type": "object", "required": []string{"area_id", "area_name", "pence"}, "properties": obj{"area_id": uuid, "area_name": str, "pence": integer}}},
		"phase":        enum(budgeting.Phases...),
		"ideas_from":   date, "review_from": date, "voting_from": date, "voting_until": date, "results_from": date,
		"format":      enum(budgeting.Formats...),
		"min_choices": integer, "max_choices": integer, "points": integer,
		"rule":         obj{"type": "string", "enum": budgeting.Rules, "description": "greedy, or mes: the Method of Equal Shares completed by adding one pound to every voter's share until the budget is used"},
		"min_age":      integer,
		"voter_access": enum(budgeting.Accesses...),
		"counted_at":   obj{"type": []string{"string", "null"}, "format": "date-time"},
		"created_at":   ts, "updated_at": ts,
	}}
	schemas["BudgetProject"] = obj{"type": "object", "required": []string{"id", "process_id", "title", "description", "estimate_pence", "cost_pence", "status", "supports", "created_at"}, "properties": obj{
		"id": uuid, "process_id": uuid, "title": str, "description": str, "area_id": uuid, "area_name": str, "address": str,
		"lat": obj{"type": "number"}, "lng": obj{"type": "number"}, "estimate_pence": integer, "cost_pence": integer,
		"status": enum("submitted", "accepted", "rejected"), "feasibility": str, "review_reason": str, "reviewed_at": ts,
		"supports": integer, "created_at": ts,
	}}
	schemas["BudgetResults"] = obj{"type": "object", "required": []string{"projects", "turnout", "ballots", "spent_pence"}, "properties": obj{
		"projects": obj{"type": "array", "items": obj{"type": "object", "required": []string{"project_id", "title", "cost_pence", "votes", "score", "funded", "position", "reason"}, "properties": obj{
			"project_id": uuid, "title": str, "area_id": uuid, "area_name": str, "cost_pence": integer, "votes": integer,
			"score": integer, "funded": obj{"type": "boolean"}, "position": obj{"type": "integer", "description": "funding order, 0 when not funded"},
			"reason": obj{"type": "string", "description": "Why the project was or was not funded, in plain English"},
			"why": obj{"type": "object", "required": []string{"code"}, "description": "The same reason in parts, to word it in another language (absent for results counted before it was kept); the codes and parts are documented in package tally",
				"properties": obj{"code": enum(budgeting.WhyCodes...), "kind": enum(budgeting.BallotKinds...),
					"rank": integer, "round": integer, "score": integer, "votes": integer, "capped": integer,
					"cost": str, "left": str, "budget": str, "stopped": str, "threshold": str, "each": str, "held": str, "raised": str, "load": str, "leftover": str,
					"stops_here": obj{"type": "boolean"}, "withdrawn": obj{"type": "boolean"}}},
		}}},
		"turnout": obj{"type": "array", "items": obj{"type": "object", "required": []string{"area_name", "channel", "ballots"}, "properties": obj{
			"area_id": uuid, "area_name": str, "channel": enum("online", "code", "paper"), "ballots": integer,
		}}},
		"ballots": integer, "spent_pence": integer,
	}}
}

// budgetingDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) budgetingDemo(ctx context.Context) error {
	return s.Budgeting.Svc.LoadDemo(ctx)
}

// budgetingWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) budgetingWorkers() []func(ctx context.Context) { return nil }
