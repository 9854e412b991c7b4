package events

import (
	"context"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
	"time"
)

// Capability is the events capability as the composition root sees it: its tables, messages,
// templates, navigation, routes with who may reach each, OpenAPI paths and demo (see package
// capability).
func Capability() capability.Capability {
	return capability.Capability{
		Name: "events", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:   []web.NavLink{{Key: "events.nav", Href: "/events"}},
		Build: build,
	}
}

// build wires the capability over the ready platform.
func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, Identity: id, T: env.T,
		BaseURL: env.Config.BaseURL, PlaceName: env.Config.PlaceName,
		// Registrations and feedback per network address: enough for a family or an office.
		PublicLimit: &ratelimit.Limiter{DB: env.DB, Limit: 30, Window: time.Hour}})

	return &capability.Parts{
		Routes:   routes(env, id, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Services: []any{svc},
		Account:  accountHooks(svc, id),
		// After an event, the people who came are asked for feedback with their own code.
		Workers: []func(context.Context){func(ctx context.Context) { svc.RunFeedbackRequests(ctx, 10*time.Minute, env.Log) }},
	}, nil
}

// routes is the capability's part of the route table.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, TileURL: env.Config.MapTileURL}
	api := &API{Kit: env.Kit, Svc: svc}
	var t capability.Table
	t.Public("GET /events", h.List)
	t.Public("GET /events.ics", h.Feed) // ?organisation={id}: one organisation's events
	t.Public("GET /events/calendar", h.Month)
	t.Public("GET /events/map.js", mapScript.Serve)
	t.SignedIn("GET /events/new", h.New)
	t.SignedIn("POST /events", h.Create)
	t.Public("GET /events/{id}", h.Show) // also {id}.ics, the event's calendar file
	t.SignedIn("GET /events/{id}/edit", h.Edit)
	t.SignedIn("POST /events/{id}/edit", h.Update)
	t.SignedIn("POST /events/{id}/sessions", h.AddSession)
	t.SignedIn("GET /events/{id}/sessions/{session}/edit", h.EditSession)
	t.SignedIn("POST /events/{id}/sessions/{session}/edit", h.UpdateSession)
	t.SignedIn("POST /events/{id}/sessions/{session}/delete", h.DeleteSession)
	t.SignedIn("POST /events/{id}/publish", h.Publish)
	t.SignedIn("GET /events/{id}/cancel-event", h.CancelEventForm)
	t.SignedIn("POST /events/{id}/cancel-event", h.CancelEvent)
	t.Public("GET /events/{id}/register", h.RegisterForm)
	t.Public("POST /events/{id}/register", h.Register)
	t.Public("GET /events/{id}/cancel/{token}", h.CancelForm)
	t.Public("POST /events/{id}/cancel/{token}", h.Cancel)
	t.SignedIn("GET /events/{id}/registrations", h.Registrations)
	t.SignedIn("GET /events/{id}/registrations.csv", h.RegistrationsCSV)
	t.SignedIn("POST /events/{id}/registrations/{registration}/check-in", h.CheckIn)
	t.SignedIn("GET /events/{id}/registrations/{registration}/remove", h.RemoveForm)
	t.SignedIn("POST /events/{id}/registrations/{registration}/remove", h.Remove)
	t.SignedIn("POST /events/{id}/messages", h.Message)
	t.SignedIn("POST /events/{id}/walk-ins", h.AddWalkIn)
	t.SignedIn("POST /events/{id}/invitations", h.Invite)
	t.SignedIn("GET /events/{id}/sign-in-sheet", h.SignInSheet)
	t.SignedIn("GET /events/{id}/insights", h.Insights)
	t.SignedIn("GET /events/{id}/insights.csv", h.InsightsCSV)
	t.SignedIn("GET /events/{id}/groups", h.Groups)
	t.SignedIn("POST /events/{id}/groups", h.AddGroup)
	t.SignedIn("GET /events/{id}/groups/{group}/edit", h.EditGroup)
	t.SignedIn("POST /events/{id}/groups/{group}/edit", h.UpdateGroup)
	t.SignedIn("POST /events/{id}/groups/{group}/delete", h.DeleteGroup)
	t.SignedIn("POST /events/{id}/notes", h.AddNotes).Body(MaxUpload + web.MaxBody)
	t.SignedIn("GET /events/{id}/notes/{note}/edit", h.EditNote)
	t.SignedIn("POST /events/{id}/notes/{note}/edit", h.UpdateNote)
	t.SignedIn("POST /events/{id}/notes/{note}/delete", h.DeleteNote)
	t.SignedIn("GET /events/{id}/notes.csv", h.NotesCSV)
	t.SignedIn("GET /events/{id}/themes", h.Themes)
	t.SignedIn("POST /events/{id}/themes/propose", h.ProposeThemes)
	t.SignedIn("POST /events/{id}/themes/merge", h.MergeThemes)
	t.SignedIn("POST /events/{id}/themes/publish", h.PublishThemes)
	t.SignedIn("POST /events/{id}/themes/{theme}", h.RenameTheme)
	t.SignedIn("POST /events/{id}/themes/{theme}/split", h.SplitTheme)
	t.Public("GET /events/{id}/summary", h.Summary)
	t.Public("GET /events/{id}/feedback", h.FeedbackForm)
	t.Public("POST /events/{id}/feedback", h.Feedback)

	t.Public("GET /api/v1/events", api.List)
	t.Public("GET /api/v1/events/{id}", api.Get)
	t.Public("GET /api/v1/events/{id}/summary", api.Summary)
	t.SignedIn("GET /api/v1/events/{id}/insights", api.Insights)
	return t.Routes
}

// openAPI adds the capability's paths and schemas to the OpenAPI document.
func openAPI(paths, schemas openapi.Obj) {
	uuid := openapi.Obj{"type": "string", "format": "uuid"}
	ts := openapi.Obj{"type": "string", "format": "date-time"}
	str := openapi.Obj{"type": "string"}
	integer := openapi.Obj{"type": "integer"}
	paths["/events"] = openapi.Obj{"get": openapi.Obj{"operationId": "listEvents", "summary": "Upcoming events, soonest first", "parameters": openapi.Paging,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of events", openapi.ListOf("Event")), "422": openapi.Problem}}}
	paths["/events/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getEvent", "summary": "One event with its programme", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The event", openapi.Ref("Event")), "404": openapi.Problem}}}
	paths["/events/{id}/summary"] = openapi.Obj{"get": openapi.Obj{"operationId": "getEventSummary", "summary": "An event's published emerging themes, each with its supporting notes",
		"parameters": []openapi.Obj{openapi.IDParam},
		"responses":  openapi.Obj{"200": openapi.JSONResponse("The themes", openapi.Obj{"type": "object", "required": []string{"themes"}, "properties": openapi.Obj{"themes": openapi.Obj{"type": "array", "items": openapi.Ref("EventTheme")}}}), "404": openapi.Problem}}}
	paths["/events/{id}/insights"] = openapi.Obj{"get": openapi.Obj{"operationId": "getEventInsights", "summary": "Registrations and attendance by sector, area and session (organisers)",
		"parameters": []openapi.Obj{openapi.IDParam}, "security": []openapi.Obj{{"token": []string{}}},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The insights", openapi.Ref("EventInsights")), "401": openapi.Problem, "403": openapi.Problem, "404": openapi.Problem}}}
	session := openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "title": str, "kind": openapi.Obj{"type": "string", "enum": Kinds},
		"track": str, "room": str, "facilitators": str, "starts_at": ts, "ends_at": ts,
		"capacity": openapi.Obj{"type": "integer", "description": "0 when the session has no limit of its own"}, "taken": integer,
		"waiting": openapi.Obj{"type": "integer", "description": "people with a place at the event waiting for a place in this session"}}}
	schemas["Event"] = openapi.Obj{"type": "object", "required": []string{"id", "title", "organisation_id", "starts_at", "ends_at", "capacity"}, "properties": openapi.Obj{
		"id": uuid, "title": str, "description": openapi.Obj{"type": "string", "description": "Markdown"}, "organisation_id": uuid, "organisation_name": str,
		"venue": str, "address": str, "latitude": openapi.Obj{"type": []string{"number", "null"}}, "longitude": openapi.Obj{"type": []string{"number", "null"}},
		"access_info": str, "online_url": str, "starts_at": ts, "ends_at": ts, "capacity": integer, "registered": integer,
		"invitation_only": openapi.Obj{"type": "boolean"}, "summary_published_at": openapi.Obj{"type": []string{"string", "null"}, "format": "date-time"},
		"cancelled_at":   openapi.Obj{"type": []string{"string", "null"}, "format": "date-time", "description": "when the organisers called the event off"},
		"cancel_message": openapi.Obj{"type": "string", "description": "the organisers' message when they called it off"},
		"created_at":     ts, "updated_at": ts, "sessions": openapi.Obj{"type": "array", "items": session}}}
	note := openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "group_id": uuid, "group": str, "body": str}}
	schemas["EventTheme"] = openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "label": str,
		"phrases": openapi.Obj{"type": "array", "items": str}, "notes": openapi.Obj{"type": "array", "items": note}}}
	tally := openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "properties": openapi.Obj{"key": str, "label": str, "registered": integer, "attended": integer}}}
	schemas["EventInsights"] = openapi.Obj{"type": "object", "properties": openapi.Obj{"registered": integer, "attended": integer, "waitlisted": integer,
		"cancelled": integer, "walk_ins": integer, "by_sector": tally, "by_area": tally, "by_session": tally,
		"feedback": openapi.Obj{"type": "object", "properties": openapi.Obj{"count": integer, "average_rating": openapi.Obj{"type": "number"}}}}}
}
