package coproduction

import (
	"context"

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
	svc := &Service{DB: env.DB, Outbox: env.Outbox, T: env.T, BaseURL: env.Config.BaseURL, PlaceName: env.Config.PlaceName, Log: env.Log, Names: id}
	return &capability.Parts{
		Routes:   routes(env, id, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Workers:  []func(context.Context){svc.overdueWorker},
		Services: []any{svc},
		Account:  accountHooks(svc, id),
	}, nil
}

// routes is the capability's part of the route table.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, Identity: id}
	api := &API{Kit: env.Kit, Svc: svc}
	var t capability.Table
	t.Public("GET /projects", h.Projects)
	t.Public("GET /projects/coproduction.css", styleSheet.Serve)
	t.Public("GET /projects/coproduction.js", script.Serve)
	t.Public("GET /projects.csv", h.PortfolioCSV)
	t.Public("GET /projects/portfolio", h.Portfolio)
	t.Public("GET /projects/reflections", h.Reflections)
	t.SignedIn("GET /projects/new", h.ProposeForm)
	t.SignedIn("POST /projects", h.Propose)
	t.Public("GET /projects/{id}", h.Project)
	t.Public("GET /projects/{id}/measurements.csv", h.MeasurementsCSV)
	t.Public("GET /projects/{id}/case-study", h.CaseStudy)
	t.SignedIn("POST /projects/{id}/participants", h.AddParticipant)
	t.Officer("POST /projects/{id}/assess", h.Assess)
	t.Officer("POST /projects/{id}/decision", h.Decide)
	t.SignedIn("POST /projects/{id}/stage", h.MoveStage)
	t.SignedIn("POST /projects/{id}/resources", h.SaveResources)
	t.SignedIn("POST /projects/{id}/outcomes", h.AddOutcome)
	t.SignedIn("POST /projects/{id}/measurements", h.AddMeasurement)
	t.SignedIn("POST /projects/{id}/reflections", h.AddReflection)
	t.SignedIn("POST /projects/{id}/publish", h.Publish)
	t.SignedIn("POST /projects/{id}/case-study", h.SaveCaseStudy)
	t.SignedIn("POST /projects/{id}/participants/{participant}/named", h.SetParticipantNamed)
	t.SignedIn("GET /projects/{id}/edit", h.EditProject)
	t.SignedIn("POST /projects/{id}/edit", h.UpdateProject)
	t.SignedIn("GET /projects/{id}/reflections/{reflection}/edit", h.EditReflection)
	t.SignedIn("POST /projects/{id}/reflections/{reflection}/edit", h.UpdateReflection)
	t.SignedIn("GET /projects/{id}/reflections/{reflection}/delete", h.DeleteReflectionForm)
	t.SignedIn("POST /projects/{id}/reflections/{reflection}/delete", h.DeleteReflection)
	t.Officer("GET /project-criteria", h.Criteria)
	t.Officer("POST /project-criteria", h.AddCriterion)
	t.Officer("GET /project-criteria/{id}", h.EditCriterion)
	t.Officer("POST /project-criteria/{id}", h.UpdateCriterion)

	t.Public("GET /boards", h.Boards)
	t.Officer("POST /boards", h.CreateBoard)
	t.SignedIn("GET /boards/my-actions", h.MyActions)
	t.Public("GET /boards/{id}", h.Board)
	t.SignedIn("POST /boards/{id}/members", h.AddMember)
	t.SignedIn("POST /boards/{id}/members/{member}/named", h.SetNamed)
	t.SignedIn("GET /boards/{id}/members/{member}/remove", h.RemoveMemberForm)
	t.SignedIn("POST /boards/{id}/members/{member}/remove", h.RemoveMember)
	t.SignedIn("GET /boards/{id}/chair/change", h.ChairForm)
	t.SignedIn("POST /boards/{id}/chair/change", h.ChangeChair)
	t.SignedIn("POST /boards/{id}/meetings", h.AddMeeting)
	t.Public("GET /boards/{id}/meetings/{meeting}", h.Meeting)
	t.Public("GET /boards/{id}/meetings/{meeting}/calendar.ics", h.MeetingCalendar)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/details", h.UpdateMeeting)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}", h.SaveMinutes)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/minutes/approve", h.ApproveMinutes)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/decisions", h.AddDecision)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/actions", h.AddAction)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/papers", h.AddPaper).Body(MaxPaper + web.MaxBody) // a paper too large gets the form's own message
	t.Public("GET /boards/{id}/meetings/{meeting}/papers/{paper}", h.Paper)
	t.SignedIn("GET /boards/{id}/meetings/{meeting}/papers/{paper}/delete", h.DeletePaperForm)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/papers/{paper}/delete", h.DeletePaper)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/apologies", h.SendApologies)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/attendance", h.RecordAttendance)
	t.SignedIn("GET /boards/{id}/meetings/{meeting}/notice", h.NoticeForm)
	t.SignedIn("POST /boards/{id}/meetings/{meeting}/notice", h.SendNotice)
	t.SignedIn("POST /boards/{id}/actions/{action}/done", h.CompleteAction)
	t.Public("GET /boards/people/{id}", h.PersonSeats)
	t.Public("GET /boards/organisations/{id}", h.OrganisationSeats)

	t.Officer("GET /engagements", h.Engagements)
	t.Officer("GET /engagements.csv", h.EngagementsCSV)
	t.Officer("POST /engagements", h.CreateEngagement)
	t.Officer("GET /engagements/{id}", h.Engagement)
	t.Officer("POST /engagements/{id}", h.AssessEngagement)

	t.Public("GET /api/v1/projects", api.Projects)
	t.Public("GET /api/v1/projects/{id}", api.Project)
	t.Public("GET /api/v1/projects/{id}/measurements", api.Measurements)
	t.SignedIn("POST /api/v1/projects/{id}/measurements", api.AddMeasurement)
	t.Public("GET /api/v1/boards", api.Boards)
	t.Public("GET /api/v1/boards/{id}", api.Board)
	t.Public("GET /api/v1/boards/{id}/actions", api.Actions)
	t.SignedIn("POST /api/v1/boards/{id}/actions", api.AddAction)
	t.Public("GET /api/v1/boards/{id}/actions/{action}", api.Action)
	t.SignedIn("POST /api/v1/boards/{id}/actions/{action}/done", api.CompleteAction)
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
	hours := openapi.Obj{"type": "number", "minimum": 0, "description": "Hours, whole or in part (7.5 is seven and a half)"}
	number := openapi.Obj{"type": "number"}
	boolean := openapi.Obj{"type": "boolean"}
	lang := openapi.Obj{"type": "string", "enum": []string{"en", "cy"}, "description": "The language of the record's texts; translations holds them in the other"}
	translations := openapi.Obj{"type": "object", "description": "The record's texts in the other language, where the council wrote both",
		"additionalProperties": openapi.Obj{"type": "object", "additionalProperties": str}}
	stages := openapi.Obj{"type": "string", "enum": StageNames}
	levels := openapi.Obj{"type": "string", "enum": LevelNames}
	optional := []openapi.Obj{{"token": []string{}}, {}}
	q := func(name, desc string, schema openapi.Obj) openapi.Obj {
		return openapi.Obj{"name": name, "in": "query", "description": desc, "schema": schema}
	}
	withPaging := func(ps ...openapi.Obj) []openapi.Obj {
		return append(append([]openapi.Obj{}, openapi.Paging...), ps...)
	}
	actionID := openapi.Obj{"name": "action", "in": "path", "required": true, "schema": uuid}
	listOf := func(name string) openapi.Obj {
		l := openapi.ListOf(name)
		l["required"] = []string{"items", "total", "limit", "offset"}
		l["properties"].(openapi.Obj)["total"] = openapi.Obj{"type": "integer", "minimum": 0, "description": "How many items match the filters, on every page"}
		return l
	}
	body := func(ref string, example openapi.Obj) openapi.Obj {
		return openapi.Obj{"required": true, "content": openapi.Obj{"application/json": openapi.Obj{"schema": openapi.Ref(ref), "example": example}}}
	}
	writes := openapi.Obj{"401": openapi.Problem, "403": openapi.Problem, "404": openapi.Problem, "422": openapi.Problem}
	with := func(extra openapi.Obj) openapi.Obj {
		out := openapi.Obj{}
		for k, v := range writes {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}

	paths["/projects"] = openapi.Obj{"get": openapi.Obj{"operationId": "listProjects", "summary": "Co-production projects the caller may see, newest first, filtered",
		"parameters": withPaging(q("stage", "Only projects at this stage", stages), q("level", "Only projects at this IAP2 level", levels),
			q("area", "Only projects of this service area (either language, any case)", str), q("published", "Only published (true) or private (false) projects", boolean),
			q("updated_from", "Only projects changed on or after this day (UK)", date), q("updated_to", "Only projects changed on or before this day (UK)", date)),
		"security":  optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of projects", listOf("Project")), "422": openapi.Problem}}}
	paths["/projects/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getProject", "summary": "One project with its stages and outcomes (404 when private to the caller)",
		"parameters": []openapi.Obj{openapi.IDParam}, "security": optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("The project", openapi.Ref("ProjectDetail")), "404": openapi.Problem}}}
	paths["/projects/{id}/measurements"] = openapi.Obj{
		"get": openapi.Obj{"operationId": "listProjectMeasurements", "summary": "A project's measurements, in date order, filtered by outcome and dates",
			"parameters": withPaging(openapi.IDParam, q("outcome", "Only this outcome's measurements", uuid), q("from", "Measured on or after this day", date),
				q("to", "Measured on or before this day", date)), "security": optional,
			"responses": openapi.Obj{"200": openapi.JSONResponse("A page of measurements", listOf("Measurement")), "404": openapi.Problem, "422": openapi.Problem}},
		"post": openapi.Obj{"operationId": "addProjectMeasurement", "summary": "Record a value of one of the project's indicators (the lead, officers and people taking part; a token with the write scope)",
			"parameters": []openapi.Obj{openapi.IDParam}, "security": openapi.Token, "requestBody": body("MeasurementRequest", openapi.Obj{"outcome_id": "8d0f3a52-5b7e-4d43-9a55-3f1c2b6e7a90", "measured_on": "2026-11-30", "value": 19.5, "note": "From the winter survey"}),
			"responses": with(openapi.Obj{"201": openapi.JSONResponse("The measurement", openapi.Ref("Measurement"))})}}
	paths["/boards"] = openapi.Obj{"get": openapi.Obj{"operationId": "listBoards", "summary": "Stakeholder boards, partnerships and steering groups, by name",
		"parameters": withPaging(q("kind", "Only boards of this kind", openapi.Obj{"type": "string", "enum": BoardKinds})), "security": optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of boards", listOf("Board")), "422": openapi.Problem}}}
	paths["/boards/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getBoard", "summary": "One board with its seats, meetings, decisions, papers and actions",
		"parameters": []openapi.Obj{openapi.IDParam}, "security": optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("The board", openapi.Ref("BoardDetail")), "404": openapi.Problem}}}
	paths["/boards/{id}/actions"] = openapi.Obj{
		"get": openapi.Obj{"operationId": "listBoardActions", "summary": "A board's actions, open first, filtered by status and due dates",
			"parameters": withPaging(openapi.IDParam, q("status", "open, done or overdue", openapi.Obj{"type": "string", "enum": []string{"open", "done", "overdue"}}),
				q("due_from", "Due on or after this day", date), q("due_to", "Due on or before this day", date)), "security": optional,
			"responses": openapi.Obj{"200": openapi.JSONResponse("A page of actions", listOf("Action")), "404": openapi.Problem, "422": openapi.Problem}},
		"post": openapi.Obj{"operationId": "addBoardAction", "summary": "Give someone an action (the chair and officers; a token with the write scope, and admin for an officer); its owner is mailed",
			"parameters": []openapi.Obj{openapi.IDParam}, "security": openapi.Token, "requestBody": body("ActionRequest", openapi.Obj{"text": "Book the hall for the budget workshop", "owner": "member@aberhaven.example", "due_on": "2027-01-15"}),
			"responses": with(openapi.Obj{"201": openapi.JSONResponse("The action", openapi.Ref("Action"))})}}
	paths["/boards/{id}/actions/{action}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getBoardAction", "summary": "One of a board's actions",
		"parameters": []openapi.Obj{openapi.IDParam, actionID}, "security": optional,
		"responses": openapi.Obj{"200": openapi.JSONResponse("The action", openapi.Ref("Action")), "404": openapi.Problem}}}
	paths["/boards/{id}/actions/{action}/done"] = openapi.Obj{"post": openapi.Obj{"operationId": "completeBoardAction",
		"summary":    "Mark an action done: its owner, or the chair or an officer for them (then how says how the owner told them)",
		"parameters": []openapi.Obj{openapi.IDParam, actionID}, "security": openapi.Token, "requestBody": body("ActionDoneRequest", openapi.Obj{"how": "phone", "note": "Rang to say the hall is booked"}),
		"responses": with(openapi.Obj{"200": openapi.JSONResponse("The action, done", openapi.Ref("Action"))})}}

	projectProps := openapi.Obj{
		"id": uuid, "title": str, "problem": str, "affected": str, "service_area": str, "language": lang, "translations": translations,
		"lead":            openapi.Obj{"type": "string", "description": "The lead's name, only where they agreed to be named (or the caller takes part)"},
		"organisation_id": uuid, "organisation": str, "stage": stages, "level": levels,
		"suitability_percent": openapi.Obj{"type": []string{"integer", "null"}, "minimum": 0, "maximum": 100},
		"decision":            openapi.Obj{"type": "string", "enum": []string{"", "go", "not_yet", "not_suitable"}},
		"decision_reasons":    str, "decided_at": nullTS, "published": boolean, "case_study": str,
		"case_study_state":     openapi.Obj{"type": "string", "enum": []string{"none", "draft", "published"}},
		"budget_planned_pence": nonNeg, "budget_spent_pence": nonNeg, "staff_hours_planned": hours, "staff_hours_spent": hours,
		"volunteer_hours_planned": hours, "volunteer_hours_spent": hours,
		"recognition":              openapi.Obj{"type": "array", "items": openapi.Obj{"type": "string", "enum": Recognitions}},
		"outcome_progress_percent": openapi.Obj{"type": []string{"integer", "null"}, "description": "Mean progress of the outcomes from baseline (0) to target (100)"},
		"created_at":               ts, "updated_at": ts,
	}
	projectRequired := []string{"id", "title", "problem", "affected", "service_area", "language", "translations", "stage", "level", "decision", "published",
		"case_study_state", "budget_planned_pence", "budget_spent_pence", "staff_hours_planned", "staff_hours_spent", "volunteer_hours_planned",
		"volunteer_hours_spent", "recognition"}
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
	schemas["MeasurementRequest"] = openapi.Obj{"type": "object", "required": []string{"outcome_id", "measured_on", "value"}, "additionalProperties": false, "properties": openapi.Obj{
		"outcome_id": uuid, "measured_on": date, "value": number, "note": openapi.Obj{"type": "string", "maxLength": 1000}}}
	boardProps := openapi.Obj{"id": uuid, "name": str, "kind": openapi.Obj{"type": "string", "enum": BoardKinds}, "purpose": str, "language": lang, "translations": translations,
		"chair":   openapi.Obj{"type": "string", "description": "The chair's name, only where they agreed to be named (or the caller is on the board)"},
		"members": integer, "created_at": ts}
	schemas["Board"] = openapi.Obj{"type": "object", "required": []string{"id", "name", "kind", "purpose", "language", "translations", "chair", "members"}, "properties": boardProps}
	bd := openapi.Obj{}
	for k, v := range boardProps {
		bd[k] = v
	}
	bd["seats"] = openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "board_id", "role", "person"}, "properties": openapi.Obj{
		"id": uuid, "board_id": uuid, "account_id": uuid, "name": openapi.Obj{"type": "string", "description": "Only where the person agreed to be named (or the caller is on the board)"},
		"organisation_id": uuid, "organisation": str, "sector": str, "role": str, "role_en": str, "role_cy": str,
		"person": openapi.Obj{"type": "boolean", "description": "A person holds the seat (with or without an account), not only an organisation"}, "joined_at": ts}}}
	bd["meetings"] = openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "held_on", "agenda", "minutes", "minutes_state", "decisions", "papers"}, "properties": openapi.Obj{
		"id": uuid, "board_id": uuid, "held_on": date, "starts_at": nullTS, "ends_at": nullTS, "place": str, "online_url": str, "agenda": str, "minutes": str,
		"minutes_state":       openapi.Obj{"type": "string", "enum": []string{"none", "draft", "approved"}},
		"minutes_approved_at": nullTS, "minutes_approved_in": uuid, "notice_sent_at": nullTS, "created_at": ts,
		"attendance": openapi.Obj{"type": "array", "description": "What is recorded of each seat (see seats): who came, in the room or online, and apologies",
			"items": openapi.Obj{"type": "object", "required": []string{"member_id", "status"}, "properties": openapi.Obj{
				"member_id": uuid, "status": openapi.Obj{"type": "string", "enum": AttendanceStatuses}, "recorded_at": ts}}},
		"decisions": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "text"}, "properties": openapi.Obj{
			"id": uuid, "meeting_id": uuid, "text": str, "created_at": ts}}},
		"papers": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "required": []string{"id", "title", "filename", "content_type", "size"}, "properties": openapi.Obj{
			"id": uuid, "meeting_id": uuid, "title": str, "filename": str, "content_type": str, "size": nonNeg, "created_at": ts}}}}}}
	bd["actions"] = openapi.Obj{"type": "array", "items": openapi.Ref("Action")}
	schemas["BoardDetail"] = openapi.Obj{"type": "object", "required": []string{"id", "name", "kind", "language", "seats", "meetings", "actions"}, "properties": bd}
	schemas["Action"] = openapi.Obj{"type": "object", "required": []string{"id", "board_id", "text", "owner", "due_on", "done_at", "overdue"}, "properties": openapi.Obj{
		"id": uuid, "board_id": uuid, "meeting_id": uuid, "text": str, "owner_seat_id": uuid,
		"owner":      openapi.Obj{"type": "string", "description": "The owner's name where the caller may see it, else empty (owner_role says whose seat)"},
		"owner_role": str, "due_on": date, "done_at": nullTS, "overdue": boolean,
		"done_how":  openapi.Obj{"type": "string", "enum": DoneHows, "description": "How the owner told the chair or officer who recorded it done"},
		"done_note": str, "created_at": ts}}
	schemas["ActionRequest"] = openapi.Obj{"type": "object", "required": []string{"text", "due_on"}, "additionalProperties": false, "properties": openapi.Obj{
		"text": openapi.Obj{"type": "string", "maxLength": 2000}, "meeting_id": uuid, "due_on": date,
		"owner_seat_id": openapi.Obj{"type": "string", "format": "uuid", "description": "The seat that owns it; or give owner"},
		"owner":         openapi.Obj{"type": "string", "maxLength": 200, "description": "Someone else: an account's email address (they are mailed) or a name"}}}
	schemas["ActionDoneRequest"] = openapi.Obj{"type": "object", "additionalProperties": false, "properties": openapi.Obj{
		"how":  openapi.Obj{"type": "string", "enum": DoneHows, "description": "Needed when someone other than the owner records it"},
		"note": openapi.Obj{"type": "string", "maxLength": 500}}}
}
