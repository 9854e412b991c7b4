package coproduction

import (
	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

// Capability is the coproduction capability as the composition root sees it: its tables, messages,
// templates, navigation, routes with who may reach each, OpenAPI paths and demo (see package
// capability).
func Capability() capability.Capability {
	return capability.Capability{
		Name: "coproduction", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:   []web.NavLink{{Key: "nav.coproduction.projects", Href: "/projects"}, {Key: "nav.coproduction.boards", Href: "/boards"}},
		Build: build,
	}
}

// build wires the capability over the ready platform.
func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := &Service{DB: env.DB}
	return &capability.Parts{
		Routes:   routes(env, id, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Services: []any{svc},
		Account:  accountHooks(svc, id),
	}, nil
}

// routes is the capability's part of the route table.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, Identity: id}
	api := &API{Kit: env.Kit, Svc: svc}
	var t capability.Table
	t.Public("GET /projects", web.Std(h.Projects))
	t.Public("GET /projects.csv", web.Std(h.PortfolioCSV))
	t.Public("GET /projects/portfolio", web.Std(h.Portfolio))
	t.Public("GET /projects/reflections", web.Std(h.Reflections))
	t.SignedIn("GET /projects/new", web.Std(h.ProposeForm))
	t.SignedIn("POST /projects", web.Std(h.Propose))
	t.Public("GET /projects/{id}", web.Std(h.Project))
	t.Public("GET /projects/{id}/measurements.csv", web.Std(h.MeasurementsCSV))
	t.Public("GET /projects/{id}/case-study", web.Std(h.CaseStudy))
	t.SignedIn("POST /projects/{id}/participants", web.Std(h.AddParticipant))
	t.Officer("POST /projects/{id}/assess", web.Std(h.Assess))
	t.Officer("POST /projects/{id}/decision", web.Std(h.Decide))
	t.SignedIn("POST /projects/{id}/stage", web.Std(h.MoveStage))
	t.SignedIn("POST /projects/{id}/resources", web.Std(h.SaveResources))
	t.SignedIn("POST /projects/{id}/outcomes", web.Std(h.AddOutcome))
	t.SignedIn("POST /projects/{id}/measurements", web.Std(h.AddMeasurement))
	t.SignedIn("POST /projects/{id}/reflections", web.Std(h.AddReflection))
	t.SignedIn("POST /projects/{id}/publish", web.Std(h.Publish))
	t.SignedIn("GET /projects/{id}/edit", web.Std(h.EditProject))
	t.SignedIn("POST /projects/{id}/edit", web.Std(h.UpdateProject))
	t.SignedIn("GET /projects/{id}/reflections/{reflection}/edit", web.Std(h.EditReflection))
	t.SignedIn("POST /projects/{id}/reflections/{reflection}/edit", web.Std(h.UpdateReflection))
	t.SignedIn("GET /projects/{id}/reflections/{reflection}/delete", web.Std(h.DeleteReflectionForm))
	t.SignedIn("POST /projects/{id}/reflections/{reflection}/delete", web.Std(h.DeleteReflection))
	t.Officer("GET /project-criteria", web.Std(h.Criteria))
	t.Officer("POST /project-criteria", web.Std(h.AddCriterion))
	t.Officer("GET /project-criteria/{id}", web.Std(h.EditCriterion))
	t.Officer("POST /project-criteria/{id}", web.Std(h.UpdateCriterion))

	t.Public("GET /boards", web.Std(h.Boards))
	t.Officer("POST /boards", web.Std(h.CreateBoard))
	t.Public("GET /boards/{id}", web.Std(h.Board))
	t.SignedIn("POST /boards/{id}/members", web.Std(h.AddMember))
	t.SignedIn("GET /boards/{id}/members/{member}/remove", web.Std(h.RemoveMemberForm))
	t.SignedIn("POST /boards/{id}/members/{member}/remove", web.Std(h.RemoveMember))
	t.SignedIn("GET /boards/{id}/chair/change", web.Std(h.ChairForm))
	t.SignedIn("POST /boards/{id}/chair/change", web.Std(h.ChangeChair))
	t.SignedIn("POST /boards/{id}/meetings", web.Std(h.AddMeeting))
	t.Public("GET /boards/{id}/meetings/{meeting}", web.Std(h.Meeting))
	t.SignedIn("POST /boards/{id}/meetings/{meeting}", web.Std(h.SaveMinutes))
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/decisions", web.Std(h.AddDecision))
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/actions", web.Std(h.AddAction))
	t.SignedIn("POST /boards/{id}/actions/{action}/done", web.Std(h.CompleteAction))
	t.Public("GET /boards/people/{id}", web.Std(h.PersonSeats))
	t.Public("GET /boards/organisations/{id}", web.Std(h.OrganisationSeats))

	t.Officer("GET /engagements", web.Std(h.Engagements))
	t.Officer("GET /engagements.csv", web.Std(h.EngagementsCSV))
	t.Officer("POST /engagements", web.Std(h.CreateEngagement))
	t.Officer("GET /engagements/{id}", web.Std(h.Engagement))
	t.Officer("POST /engagements/{id}", web.Std(h.AssessEngagement))

	t.Public("GET /api/v1/projects", web.Std(api.Projects))
	t.Public("GET /api/v1/projects/{id}", web.Std(api.Project))
	t.Public("GET /api/v1/projects/{id}/measurements", web.Std(api.Measurements))
	t.Public("GET /api/v1/boards", web.Std(api.Boards))
	t.Public("GET /api/v1/boards/{id}", web.Std(api.Board))
	return t.Routes
}

// openAPI adds the capability's paths and schemas to the OpenAPI document.
func openAPI(paths, schemas openapi.Obj) {
	uuid := openapi.Obj{"type": "string", "format": "uuid"}
	ts := openapi.Obj{"type": "string", "format": "date-time"}
	nullTS := openapi.Obj{"type": []string{"string", "null"}, "format": "date-time"}
	date := openapi.Obj{"type": "string", "format": "date"}
	str := openapi.Obj{"type": "string"}
	integer := openapi.Obj{"type": "integer"}
	nonNeg := openapi.Obj{"type": "integer", "minimum": 0}
	number := openapi.Obj{"type": "number"}
	stages := openapi.Obj{"type": "string", "enum": StageNames}
	levels := openapi.Obj{"type": "string", "enum": LevelNames}
	optional := []openapi.Obj{{"token": []string{}}, {}}

	paths["/projects"] = openapi.Obj{"get": openapi.Obj{"operationId": "listProjects", "summary": "Co-production projects the caller may see, newest first",
		"parameters": openapi.Paging, "security": optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of projects", openapi.ListOf("Project")), "422": openapi.Problem}}}
	paths["/projects/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getProject", "summary": "One project with its stages and outcomes (404 when private to the caller)",
		"parameters": []openapi.Obj{openapi.IDParam}, "security": optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("The project", openapi.Ref("ProjectDetail")), "404": openapi.Problem}}}
	paths["/projects/{id}/measurements"] = openapi.Obj{"get": openapi.Obj{"operationId": "listProjectMeasurements", "summary": "Every measurement of a project's outcome indicators, in date order",
		"parameters": []openapi.Obj{openapi.IDParam}, "security": optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("The measurements", openapi.Obj{"type": "object", "required": []string{"items"}, "properties": openapi.Obj{"items": openapi.Obj{"type": "array", "items": openapi.Ref("Measurement")}}}), "404": openapi.Problem}}}
	paths["/boards"] = openapi.Obj{"get": openapi.Obj{"operationId": "listBoards", "summary": "Stakeholder boards, partnerships and steering groups, by name", "parameters": openapi.Paging,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of boards", openapi.ListOf("Board")), "422": openapi.Problem}}}
	paths["/boards/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getBoard", "summary": "One board with its seats, meetings, decisions and actions", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The board", openapi.Ref("BoardDetail")), "404": openapi.Problem}}}

	projectProps := openapi.Obj{
		"id": uuid, "title": str, "problem": str, "affected": str, "service_area": str, "lead": str,
		"organisation_id": uuid, "organisation": str, "stage": stages, "level": levels,
		"suitability_percent": openapi.Obj{"type": []string{"integer", "null"}, "minimum": 0, "maximum": 100},
		"decision":            openapi.Obj{"type": "string", "enum": []string{"", "go", "not_yet", "not_suitable"}},
		"decision_reasons":    str, "decided_at": nullTS, "published": openapi.Obj{"type": "boolean"}, "case_study": str,
		"budget_planned_pence": nonNeg, "budget_spent_pence": nonNeg, "staff_hours_planned": nonNeg, "staff_hours_spent": nonNeg,
		"volunteer_hours_planned": nonNeg, "volunteer_hours_spent": nonNeg,
		"recognition":              openapi.Obj{"type": "array", "items": openapi.Obj{"type": "string", "enum": Recognitions}},
		"outcome_progress_percent": openapi.Obj{"type": []string{"integer", "null"}, "description": "Mean progress of the outcomes from baseline (0) to target (100)"},
		"created_at":               ts, "updated_at": ts,
	}
	projectRequired := []string{"id", "title", "problem", "affected", "service_area", "lead", "stage", "level", "decision", "published",
		"budget_planned_pence", "budget_spent_pence", "staff_hours_planned", "staff_hours_spent", "volunteer_hours_planned", "volunteer_hours_spent", "recognition"}
	schemas["Project"] = openapi.Obj{"type": "object", "required": projectRequired, "properties": projectProps}
	detail := openapi.Obj{}
	for k, v := range projectProps {
		detail[k] = v
	}
	detail["participants"] = openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"kind"}, "properties": openapi.Obj{
		"kind": openapi.Obj{"type": "string", "enum": []string{"resident", "staff", "partner"}}, "organisation": str}}}
	detail["stages"] = openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"stage", "level", "entered_at"}, "properties": openapi.Obj{
		"stage": stages, "level": levels, "note": str, "entered_at": ts}}}
	detail["outcomes"] = openapi.Obj{"type": "array", "items": openapi.Ref("Outcome")}
	schemas["ProjectDetail"] = openapi.Obj{"type": "object", "required": append(append([]string{}, projectRequired...), "participants", "stages", "outcomes"), "properties": detail}
	schemas["Outcome"] = openapi.Obj{"type": "object", "required": []string{"id", "project_id", "name", "indicator", "unit", "baseline", "target", "direction", "measurements"}, "properties": openapi.Obj{
		"id": uuid, "project_id": uuid, "name": str, "indicator": str, "unit": str, "baseline": number, "target": number,
		"direction": openapi.Obj{"type": "string", "enum": []string{"up", "down"}}, "measurements": openapi.Obj{"type": "array", "items": openapi.Ref("Measurement")}}}
	schemas["Measurement"] = openapi.Obj{"type": "object", "required": []string{"id", "outcome_id", "measured_on", "value"}, "properties": openapi.Obj{
		"id": uuid, "outcome_id": uuid, "measured_on": date, "value": number, "note": str, "created_at": ts}}
	boardProps := openapi.Obj{"id": uuid, "name": str, "kind": openapi.Obj{"type": "string", "enum": BoardKinds}, "purpose": str, "chair": str,
		"members": integer, "created_at": ts}
	schemas["Board"] = openapi.Obj{"type": "object", "required": []string{"id", "name", "kind", "purpose", "chair", "members"}, "properties": boardProps}
	bd := openapi.Obj{}
	for k, v := range boardProps {
		bd[k] = v
	}
	bd["seats"] = openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "board_id", "role"}, "properties": openapi.Obj{
		"id": uuid, "board_id": uuid, "board_name": str, "account_id": uuid, "name": str, "organisation_id": uuid, "organisation": str,
		"sector": str, "role": str, "joined_at": ts}}}
	bd["meetings"] = openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "held_on", "agenda", "minutes", "decisions"}, "properties": openapi.Obj{
		"id": uuid, "board_id": uuid, "held_on": date, "agenda": str, "minutes": str, "created_at": ts,
		"decisions": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "text"}, "properties": openapi.Obj{
			"id": uuid, "meeting_id": uuid, "text": str, "created_at": ts}}}}}}
	bd["actions"] = openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "text", "owner", "due_on", "done_at"}, "properties": openapi.Obj{
		"id": uuid, "board_id": uuid, "meeting_id": uuid, "text": str, "owner": str, "due_on": date, "done_at": nullTS, "created_at": ts}}}
	schemas["BoardDetail"] = openapi.Obj{"type": "object", "required": []string{"id", "name", "kind", "seats", "meetings", "actions"}, "properties": bd}
}
