package app

import (
	"context"
	"io/fs"

	"commons/internal/coproduction"
	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

// The coproduction capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// coproductionCap holds the coproduction capability's services once Build has wired them.
type coproductionCap struct {
	Svc *coproduction.Service
}

// coproductionMigrations are applied after the platform's and identity's, in this order.
func coproductionMigrations() []db.Migrations { return []db.Migrations{coproduction.Migrations} }

// coproductionMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func coproductionMessages() []fs.FS { return []fs.FS{coproduction.Messages} }

// coproductionTemplates are the capability's template folders, by name.
func coproductionTemplates() map[string]fs.FS {
	return map[string]fs.FS{"coproduction": coproduction.Templates}
}

// coproductionNav is the capability's service navigation.
func coproductionNav() []web.NavLink {
	return []web.NavLink{{Key: "nav.coproduction.projects", Href: "/projects"}, {Key: "nav.coproduction.boards", Href: "/boards"}}
}

// wireCoproduction builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireCoproduction(bundle *i18n.Bundle) error {
	_ = bundle
	s.Coproduction.Svc = &coproduction.Service{DB: s.DB}
	return nil
}

// coproductionRoutes is the capability's part of the route table. Projects, boards and their
// pages are public routes whose service decides what each visitor sees (a private project is a
// 404 to anyone not taking part); changes need a signed-in person whom the service checks is the
// project's lead or a participant, the board's chair, or an officer.
func (s *Server) coproductionRoutes() []Route {
	h := &coproduction.Handlers{Kit: s.Kit, Svc: s.Coproduction.Svc, Identity: s.Identity}
	api := &coproduction.API{Kit: s.Kit, Svc: s.Coproduction.Svc}
	return []Route{
		{"GET /projects", Public, h.Projects},
		{"GET /projects.csv", Public, h.PortfolioCSV},
		{"GET /projects/portfolio", Public, h.Portfolio},
		{"GET /projects/reflections", Public, h.Reflections},
		{"GET /projects/new", SignedIn, h.ProposeForm},
		{"POST /projects", SignedIn, h.Propose},
		{"GET /projects/{id}", Public, h.Project},
		{"GET /projects/{id}/measurements.csv", Public, h.MeasurementsCSV},
		{"GET /projects/{id}/case-study", Public, h.CaseStudy},
		{"POST /projects/{id}/participants", SignedIn, h.AddParticipant},
		{"POST /projects/{id}/assess", Officer, h.Assess},
		{"POST /projects/{id}/decision", Officer, h.Decide},
		{"POST /projects/{id}/stage", SignedIn, h.MoveStage},
		{"POST /projects/{id}/resources", SignedIn, h.SaveResources},
		{"POST /projects/{id}/outcomes", SignedIn, h.AddOutcome},
		{"POST /projects/{id}/measurements", SignedIn, h.AddMeasurement},
		{"POST /projects/{id}/reflections", SignedIn, h.AddReflection},
		{"POST /projects/{id}/publish", SignedIn, h.Publish},
		{"GET /projects/{id}/edit", SignedIn, h.EditProject},
		{"POST /projects/{id}/edit", SignedIn, h.UpdateProject},
		{"GET /projects/{id}/reflections/{reflection}/edit", SignedIn, h.EditReflection},
		{"POST /projects/{id}/reflections/{reflection}/edit", SignedIn, h.UpdateReflection},
		{"GET /projects/{id}/reflections/{reflection}/delete", SignedIn, h.DeleteReflectionForm},
		{"POST /projects/{id}/reflections/{reflection}/delete", SignedIn, h.DeleteReflection},
		{"GET /project-criteria", Officer, h.Criteria},
		{"POST /project-criteria", Officer, h.AddCriterion},
		{"GET /project-criteria/{id}", Officer, h.EditCriterion},
		{"POST /project-criteria/{id}", Officer, h.UpdateCriterion},

		{"GET /boards", Public, h.Boards},
		{"POST /boards", Officer, h.CreateBoard},
		{"GET /boards/{id}", Public, h.Board},
		{"POST /boards/{id}/members", SignedIn, h.AddMember},
		{"GET /boards/{id}/members/{member}/remove", SignedIn, h.RemoveMemberForm},
		{"POST /boards/{id}/members/{member}/remove", SignedIn, h.RemoveMember},
		{"GET /boards/{id}/chair/change", SignedIn, h.ChairForm},
		{"POST /boards/{id}/chair/change", SignedIn, h.ChangeChair},
		{"POST /boards/{id}/meetings", SignedIn, h.AddMeeting},
		{"GET /boards/{id}/meetings/{meeting}", Public, h.Meeting},
		{"POST /boards/{id}/meetings/{meeting}", SignedIn, h.SaveMinutes},
		{"POST /boards/{id}/meetings/{meeting}/decisions", SignedIn, h.AddDecision},
		{"POST /boards/{id}/meetings/{meeting}/actions", SignedIn, h.AddAction},
		{"POST /boards/{id}/actions/{action}/done", SignedIn, h.CompleteAction},
		{"GET /boards/people/{id}", Public, h.PersonSeats},
		{"GET /boards/organisations/{id}", Public, h.OrganisationSeats},

		{"GET /engagements", Officer, h.Engagements},
		{"GET /engagements.csv", Officer, h.EngagementsCSV},
		{"POST /engagements", Officer, h.CreateEngagement},
		{"GET /engagements/{id}", Officer, h.Engagement},
		{"POST /engagements/{id}", Officer, h.AssessEngagement},

		{"GET /api/v1/projects", Public, api.Projects},
		{"GET /api/v1/projects/{id}", Public, api.Project},
		{"GET /api/v1/projects/{id}/measurements", Public, api.Measurements},
		{"GET /api/v1/boards", Public, api.Boards},
		{"GET /api/v1/boards/{id}", Public, api.Board},
	}
}

// coproductionOpenAPI adds the capability's paths and schemas to the OpenAPI document.
// Each visitor sees what the pages would show them: published projects to the public, and the
// projects a token's owner leads or takes part in (all of them for officers).
func (s *Server) coproductionOpenAPI(paths, schemas obj) {
	uuid := obj{"type": "string", "format": "uuid"}
	ts := obj{"type": "string", "format": "date-time"}
	nullTS := obj{"type": []string{"string", "null"}, "format": "date-time"}
	date := obj{"type": "string", "format": "date"}
	str := obj{"type": "string"}
	integer := obj{"type": "integer"}
	nonNeg := obj{"type": "integer", "minimum": 0}
	number := obj{"type": "number"}
	stages := obj{"type": "string", "enum": coproduction.StageNames}
	levels := obj{"type": "string", "enum": coproduction.LevelNames}
	optional := []obj{{"token": []string{}}, {}}

	paths["/projects"] = obj{"get": obj{"operationId": "listProjects", "summary": "Co-production projects the caller may see, newest first",
		"parameters": pagingParams, "security": optional,
		"responses": obj{"200": jsonResponse("A page of projects", listOf("Project")), "422": problemResponse}}}
	paths["/projects/{id}"] = obj{"get": obj{"operationId": "getProject", "summary": "One project with its stages and outcomes (404 when private to the caller)",
		"parameters": []obj{idParam}, "security": optional,
		"responses": obj{"200": jsonResponse("The project", ref("ProjectDetail")), "404": problemResponse}}}
	paths["/projects/{id}/measurements"] = obj{"get": obj{"operationId": "listProjectMeasurements", "summary": "Every measurement of a project's outcome indicators, in date order",
		"parameters": []obj{idParam}, "security": optional,
		"responses": obj{"200": jsonResponse("The measurements", obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": ref("Measurement")}}}), "404": problemResponse}}}
	paths["/boards"] = obj{"get": obj{"operationId": "listBoards", "summary": "Stakeholder boards, partnerships and steering groups, by name", "parameters": pagingParams,
		"responses": obj{"200": jsonResponse("A page of boards", listOf("Board")), "422": problemResponse}}}
	paths["/boards/{id}"] = obj{"get": obj{"operationId": "getBoard", "summary": "One board with its seats, meetings, decisions and actions", "parameters": []obj{idParam},
		"responses": obj{"200": jsonResponse("The board", ref("BoardDetail")), "404": problemResponse}}}

	projectProps := obj{
		"id": uuid, "title": str, "problem": str, "affected": str, "service_area": str, "lead": str,
		"organisation_id": uuid, "organisation": str, "stage": stages, "level": levels,
		"suitability_percent": obj{"type": []string{"integer", "null"}, "minimum": 0, "maximum": 100},
		"decision":            obj{"type": "string", "enum": []string{"", "go", "not_yet", "not_suitable"}},
		"decision_reasons":    str, "decided_at": nullTS, "published": obj{"type": "boolean"}, "case_study": str,
		"budget_planned_pence": nonNeg, "budget_spent_pence": nonNeg, "staff_hours_planned": nonNeg, "staff_hours_spent": nonNeg,
		"volunteer_hours_planned": nonNeg, "volunteer_hours_spent": nonNeg,
		"recognition":              obj{"type": "array", "items": obj{"type": "string", "enum": coproduction.Recognitions}},
		"outcome_progress_percent": obj{"type": []string{"integer", "null"}, "description": "Mean progress of the outcomes from baseline (0) to target (100)"},
		"created_at":               ts, "updated_at": ts,
	}
	projectRequired := []string{"id", "title", "problem", "affected", "service_area", "lead", "stage", "level", "decision", "published",
		"budget_planned_pence", "budget_spent_pence", "staff_hours_planned", "staff_hours_spent", "volunteer_hours_planned", "volunteer_hours_spent", "recognition"}
	schemas["Project"] = obj{"type": "object", "required": projectRequired, "properties": projectProps}
	detail := obj{}
	for k, v := range projectProps {
		detail[k] = v
	}
	detail["participants"] = obj{"type": "array", "items": obj{"type": "object", "required": []string{"kind"}, "properties": obj{
		"kind": obj{"type": "string", "enum": []string{"resident", "staff", "partner"}}, "organisation": str}}}
	detail["stages"] = obj{"type": "array", "items": obj{"type": "object", "required": []string{"stage", "level", "entered_at"}, "properties": obj{
		"stage": stages, "level": levels, "note": str, "entered_at": ts}}}
	detail["outcomes"] = obj{"type": "array", "items": ref("Outcome")}
	schemas["ProjectDetail"] = obj{"type": "object", "required": append(append([]string{}, projectRequired...), "participants", "stages", "outcomes"), "properties": detail}
	schemas["Outcome"] = obj{"type": "object", "required": []string{"id", "project_id", "name", "indicator", "unit", "baseline", "target", "direction", "measurements"}, "properties": obj{
		"id": uuid, "project_id": uuid, "name": str, "indicator": str, "unit": str, "baseline": number, "target": number,
		"direction": obj{"type": "string", "enum": []string{"up", "down"}}, "measurements": obj{"type": "array", "items": ref("Measurement")}}}
	schemas["Measurement"] = obj{"type": "object", "required": []string{"id", "outcome_id", "measured_on", "value"}, "properties": obj{
		"id": uuid, "outcome_id": uuid, "measured_on": date, "value": number, "note": str, "created_at": ts}}
	boardProps := obj{"id": uuid, "name": str, "kind": obj{"type": "string", "enum": coproduction.BoardKinds}, "purpose": str, "chair": str,
		"members": integer, "created_at": ts}
	schemas["Board"] = obj{"type": "object", "required": []string{"id", "name", "kind", "purpose", "chair", "members"}, "properties": boardProps}
	bd := obj{}
	for k, v := range boardProps {
		bd[k] = v
	}
	bd["seats"] = obj{"type": "array", "items": obj{"type": "object", "required": []string{"id", "board_id", "role"}, "properties": obj{
		"id": uuid, "board_id": uuid, "board_name": str, "account_id": uuid, "name": str, "organisation_id": uuid, "organisation": str,
		"sector": str, "role": str, "joined_at": ts}}}
	bd["meetings"] = obj{"type": "array", "items": obj{"type": "object", "required": []string{"id", "held_on", "agenda", "minutes", "decisions"}, "properties": obj{
		"id": uuid, "board_id": uuid, "held_on": date, "agenda": str, "minutes": str, "created_at": ts,
		"decisions": obj{"type": "array", "items": obj{"type": "object", "required": []string{"id", "text"}, "properties": obj{
			"id": uuid, "meeting_id": uuid, "text": str, "created_at": ts}}}}}}
	bd["actions"] = obj{"type": "array", "items": obj{"type": "object", "required": []string{"id", "text", "owner", "due_on", "done_at"}, "properties": obj{
		"id": uuid, "board_id": uuid, "meeting_id": uuid, "text": str, "owner": str, "due_on": date, "done_at": nullTS, "created_at": ts}}}
	schemas["BoardDetail"] = obj{"type": "object", "required": []string{"id", "name", "kind", "seats", "meetings", "actions"}, "properties": bd}
}

// coproductionDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) coproductionDemo(ctx context.Context) error {
	return s.Coproduction.Svc.LoadDemo(ctx)
}

// coproductionWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) coproductionWorkers() []func(ctx context.Context) { return nil }
