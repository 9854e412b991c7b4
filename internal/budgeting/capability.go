package budgeting

import (
	"commons/internal/budgeting/tallycmd"
	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
	"context"
	"io"
	"strings"
)

// Capability is the budgeting capability as the composition root sees it: its tables, messages,
// templates, navigation, routes with who may reach each, OpenAPI paths and demo (see package
// capability).
func Capability() capability.Capability {
	return capability.Capability{
		Name: "budgeting", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:      []web.NavLink{{Key: "budgeting.nav", Href: "/budgets"}},
		Commands: []capability.Command{tallyCommand},
		Build:    build,
	}
}

// build wires the capability over the ready platform.
func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return -1
	}, env.Config.PlaceName)
	// Until the council sets its registered prefix and org-id, placeholders that say what they are.
	prefix, funder := env.Config.GivingPrefix, env.Config.OrgID
	if prefix == "" {
		prefix = "360G-commons-" + slug
	}
	if funder == "" {
		funder = "XI-COMMONS-" + strings.ToUpper(slug)
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, T: env.T, BaseURL: env.Config.BaseURL,
		GrantPrefix: prefix, FunderID: funder, FunderName: env.Config.PlaceName, People: id})

	return &capability.Parts{
		Routes:   routes(env, id, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Services: []any{svc},
	}, nil
}

// routes is the capability's part of the route table.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, Areas: func(ctx context.Context) ([]identity.Area, error) {
		return id.Areas(ctx, 1000, 0)
	}, TileURL: env.Config.MapTileURL, MapCentre: env.Config.MapCentre}
	api := &API{Kit: env.Kit, Svc: svc}
	var t capability.Table
	t.Public("GET /budgets", web.Std(h.List))
	t.Public("GET /budgets/ballot.js", web.Std(h.Script))
	t.Public("GET /budgets/budgeting.css", web.Std(h.Style))
	t.Public("GET /budgets/idea-map.js", web.Std(h.MapScript))
	t.Public("GET /budgets/{id}", web.Std(h.Show))
	t.Public("GET /budgets/{id}/ideas/{idea}", web.Std(h.ShowIdea))
	t.Public("GET /budgets/{id}/vote", web.Std(h.Ballot))
	t.Public("POST /budgets/{id}/vote", web.Std(h.Vote)) // voters with a one-time code have no account
	t.Public("GET /budgets/{id}/receipts/{receipt}", web.Std(h.Receipt))
	t.Public("GET /budgets/{id}/results", web.Std(h.Results))
	t.Public("GET /budgets/{id}/photos/{photo}", web.Std(h.ServePhoto))
	t.Public("GET /budgets/{id}/results.csv", web.Std(h.ResultsCSV))
	t.Public("GET /budgets/{id}/ballots.pb", web.Std(h.BallotsPB))
	t.Public("GET /budgets/{id}/grants.json", web.Std(h.GrantsJSON))
	t.Public("GET /budgets/{id}/ideas.geojson", web.Std(h.IdeasGeoJSON))

	t.SignedIn("GET /budgets/mine", web.Std(h.Mine))
	t.SignedIn("GET /budgets/{id}/ideas/new", web.Std(h.NewIdea))
	t.SignedIn("POST /budgets/{id}/ideas", web.Std(h.CreateIdea))
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/support", web.Std(h.Support))
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/comments", web.Std(h.Comment))
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/name", web.Std(h.ShowName))
	// A reload of a form's address after an error shows the idea rather than "Page not found".
	for _, form := range []string{"review", "comments", "support", "milestones", "updates", "hide", "name", "delivered"} {
		t.Public("GET /budgets/{id}/ideas/{idea}/"+form, web.Std(h.BackToIdea))
	}

	t.Moderator("POST /budgets/{id}/ideas/{idea}/hide", web.Std(h.Hide))

	t.Officer("GET /budgets/new", web.Std(h.New))
	t.Officer("POST /budgets", web.Std(h.Save))
	t.Officer("GET /budgets/{id}/edit", web.Std(h.Edit))
	t.Officer("POST /budgets/{id}", web.Std(h.Save))
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/review", web.Std(h.Review)) // officers and the process's review panel
	t.Officer("POST /budgets/{id}/reviewers", web.Std(h.AddReviewer))
	t.Officer("GET /budgets/{id}/codes", web.Std(h.Codes))
	t.Officer("POST /budgets/{id}/codes", web.Std(h.MakeCodes))
	t.Officer("GET /budgets/{id}/paper", web.Std(h.PaperForm))
	t.Officer("POST /budgets/{id}/paper", web.Std(h.Paper))
	t.Officer("POST /budgets/{id}/paper/{ballot}/withdraw", web.Std(h.WithdrawPaper))
	t.Officer("GET /budgets/{id}/assist", web.Std(h.AssistForm))
	t.Officer("POST /budgets/{id}/assist", web.Std(h.Assist))
	t.Officer("GET /budgets/{id}/codes/print", web.Std(h.PrintCodes))
	t.Officer("POST /budgets/{id}/count", web.Std(h.Count))
	t.Officer("POST /budgets/{id}/reopen", web.Std(h.Reopen))
	t.Officer("POST /budgets/{id}/publish", web.Std(h.Publish))
	t.Officer("POST /budgets/{id}/ideas/{idea}/milestones", web.Std(h.Milestone))
	t.Officer("POST /budgets/{id}/ideas/{idea}/updates", web.Std(h.PostUpdate))
	t.Officer("POST /budgets/{id}/ideas/{idea}/delivered", web.Std(h.Delivered))

	t.Public("GET /api/v1/budgets", web.Std(api.Processes))
	t.Public("GET /api/v1/budgets/{id}", web.Std(api.Process))
	t.Public("GET /api/v1/budgets/{id}/projects", web.Std(api.Projects))
	t.Public("GET /api/v1/budgets/{id}/ideas", web.Std(api.Ideas))
	t.Public("GET /api/v1/budgets/{id}/results", web.Std(api.Results))
	return t.Routes
}

// openAPI adds the capability's paths and schemas to the OpenAPI document.
func openAPI(paths, schemas openapi.Obj) {
	str, integer, uuid := openapi.Obj{"type": "string"}, openapi.Obj{"type": "integer"}, openapi.Obj{"type": "string", "format": "uuid"}
	date, ts := openapi.Obj{"type": "string", "format": "date"}, openapi.Obj{"type": "string", "format": "date-time"}
	enum := func(vs ...string) openapi.Obj { return openapi.Obj{"type": "string", "enum": vs} }
	paths["/budgets"] = openapi.Obj{"get": openapi.Obj{"operationId": "listBudgets", "summary": "Participatory budgeting processes, the latest voting first", "parameters": openapi.Paging,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of processes", openapi.ListOf("BudgetProcess")), "422": openapi.Problem}}}
	paths["/budgets/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getBudget", "summary": "One process", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The process", openapi.Ref("BudgetProcess")), "404": openapi.Problem}}}
	paths["/budgets/{id}/projects"] = openapi.Obj{"get": openapi.Obj{"operationId": "listBudgetProjects", "summary": "The projects on a process's ballot (ideas accepted at review)", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The projects", openapi.Obj{"type": "object", "required": []string{"items"}, "properties": openapi.Obj{"items": openapi.Obj{"type": "array", "items": openapi.Ref("BudgetProject")}}}), "404": openapi.Problem}}}
	paths["/budgets/{id}/ideas"] = openapi.Obj{"get": openapi.Obj{"operationId": "listBudgetIdeas", "summary": "Every idea suggested in a process (except those a moderator hid), with its review", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The ideas", openapi.Obj{"type": "object", "required": []string{"items"}, "properties": openapi.Obj{"items": openapi.Obj{"type": "array", "items": openapi.Ref("BudgetProject")}}}), "404": openapi.Problem}}}
	paths["/budgets/{id}/results"] = openapi.Obj{"get": openapi.Obj{"operationId": "getBudgetResults", "summary": "A counted process's results and turnout", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The results", openapi.Ref("BudgetResults")), "404": openapi.Problem}}}
	schemas["BudgetProcess"] = openapi.Obj{"type": "object", "required": []string{"id", "title", "description", "description_html", "total_pence", "area_budgets", "phase", "format", "rule", "voter_access"}, "properties": openapi.Obj{
		"id": uuid, "title": str, "description": openapi.Obj{"type": "string", "description": "Markdown"}, "description_html": openapi.Obj{"type": "string", "description": "Sanitised HTML"},
		"total_pence":  integer,
		"area_budgets": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"area_id", "area_name", "pence"}, "properties": openapi.Obj{"area_id": uuid, "area_name": str, "pence": integer}}},
		"phase":        enum(Phases...),
		"ideas_from":   date, "review_from": date, "voting_from": date, "voting_until": date, "results_from": date,
		"format":      enum(Formats...),
		"min_choices": integer, "max_choices": integer, "points": integer,
		"rule":         openapi.Obj{"type": "string", "enum": Rules, "description": "greedy, or mes: the Method of Equal Shares completed by adding one pound to every voter's share until the budget is used"},
		"min_age":      integer,
		"voter_access": enum(Accesses...),
		"counted_at":   openapi.Obj{"type": []string{"string", "null"}, "format": "date-time"},
		"created_at":   ts, "updated_at": ts,
	}}
	schemas["BudgetProject"] = openapi.Obj{"type": "object", "required": []string{"id", "process_id", "title", "description", "estimate_pence", "cost_pence", "status", "supports", "created_at"}, "properties": openapi.Obj{
		"id": uuid, "process_id": uuid, "title": str, "description": str, "area_id": uuid, "area_name": str, "address": str,
		"lat": openapi.Obj{"type": "number"}, "lng": openapi.Obj{"type": "number"}, "estimate_pence": integer, "cost_pence": integer,
		"status": enum("submitted", "accepted", "rejected"), "feasibility": str, "review_reason": str, "reviewed_at": ts,
		"supports": integer, "created_at": ts,
	}}
	schemas["BudgetResults"] = openapi.Obj{"type": "object", "required": []string{"projects", "turnout", "ballots", "spent_pence"}, "properties": openapi.Obj{
		"projects": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"project_id", "title", "cost_pence", "votes", "score", "funded", "position", "reason"}, "properties": openapi.Obj{
			"project_id": uuid, "title": str, "area_id": uuid, "area_name": str, "cost_pence": integer, "votes": integer,
			"score": integer, "funded": openapi.Obj{"type": "boolean"}, "position": openapi.Obj{"type": "integer", "description": "funding order, 0 when not funded"},
			"reason": openapi.Obj{"type": "string", "description": "Why the project was or was not funded, in plain English"},
			"why": openapi.Obj{"type": "object", "required": []string{"code"}, "description": "The same reason in parts, to word it in another language (absent for results counted before it was kept); the codes and parts are documented in package tally",
				"properties": openapi.Obj{"code": enum(WhyCodes...), "kind": enum(BallotKinds...),
					"rank": integer, "round": integer, "score": integer, "votes": integer, "capped": integer,
					"cost": str, "left": str, "budget": str, "stopped": str, "threshold": str, "each": str, "held": str, "raised": str, "load": str, "leftover": str,
					"stops_here": openapi.Obj{"type": "boolean"}, "withdrawn": openapi.Obj{"type": "boolean"}}},
		}}},
		"turnout": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"area_name", "channel", "ballots"}, "properties": openapi.Obj{
			"area_id": uuid, "area_name": str, "channel": enum("online", "code", "paper"), "ballots": integer,
		}}},
		"ballots": integer, "spent_pence": integer,
	}}
}

// tallyCommand is commons tally: the count of a Pabulib file, without a database.
var tallyCommand = capability.Command{
	Name: "tally", Args: "[flags]", Summary: "count a participatory budgeting election (.pb file)", Offline: true,
	Run: func(_ context.Context, _ *capability.Env, args []string, stdout, stderr io.Writer) error {
		switch code := tallycmd.Run(args, stdout, stderr); code {
		case 0:
			return nil
		case 2:
			return capability.ErrUsage
		default:
			return capability.ExitStatus(code)
		}
	},
}
