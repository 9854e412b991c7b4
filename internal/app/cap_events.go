package app

import (
	"context"
	"io/fs"
	"time"

	"commons/internal/events"
	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
)

// The events capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// eventsCap holds the events capability's services once Build has wired them.
type eventsCap struct {
	Svc *events.Service
}

// eventsMigrations are applied after the platform's and identity's, in this order.
func eventsMigrations() []db.Migrations { return []db.Migrations{events.Migrations} }

// eventsMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func eventsMessages() []fs.FS { return []fs.FS{events.Messages} }

// eventsTemplates are the capability's template folders, by name.
func eventsTemplates() map[string]fs.FS { return map[string]fs.FS{"events": events.Templates} }

// eventsNav is the capability's service navigation.
func eventsNav() []web.NavLink { return []web.NavLink{{Key: "events.nav", Href: "/events"}} }

// wireEvents builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireEvents(bundle *i18n.Bundle) error {
	s.Events.Svc = events.NewService(events.Deps{DB: s.DB, Outbox: s.Outbox, Identity: s.Identity, T: bundle.T,
		BaseURL: s.Config.BaseURL, PlaceName: s.Config.PlaceName,
		// Registrations and feedback per network address: enough for a family or an office.
		PublicLimit: &ratelimit.Limiter{DB: s.DB, Limit: 30, Window: time.Hour}})
	return nil
}

// eventsRoutes is the capability's part of the route table. Organiser pages are SignedIn: the
// service lets through officers, admins and members of the organising organisation.
func (s *Server) eventsRoutes() []Route {
	h := &events.Handlers{Kit: s.Kit, Svc: s.Events.Svc, TileURL: s.Config.MapTileURL}
	api := &events.API{Kit: s.Kit, Svc: s.Events.Svc}
	return []Route{
		{"GET /events", Public, h.List},
		{"GET /events.ics", Public, h.Feed}, // ?organisation={id}: one organisation's events
		{"GET /events/calendar", Public, h.Month},
		{"GET /events/map.js", Public, h.MapScript},
		{"GET /events/new", SignedIn, h.New},
		{"POST /events", SignedIn, h.Create},
		{"GET /events/{id}", Public, h.Show}, // also {id}.ics, the event's calendar file
		{"GET /events/{id}/edit", SignedIn, h.Edit},
		{"POST /events/{id}/edit", SignedIn, h.Update},
		{"POST /events/{id}/sessions", SignedIn, h.AddSession},
		{"POST /events/{id}/sessions/{session}/delete", SignedIn, h.DeleteSession},
		{"GET /events/{id}/register", Public, h.RegisterForm},
		{"POST /events/{id}/register", Public, h.Register},
		{"GET /events/{id}/cancel/{token}", Public, h.CancelForm},
		{"POST /events/{id}/cancel/{token}", Public, h.Cancel},
		{"GET /events/{id}/registrations", SignedIn, h.Registrations},
		{"GET /events/{id}/registrations.csv", SignedIn, h.RegistrationsCSV},
		{"POST /events/{id}/registrations/{registration}/check-in", SignedIn, h.CheckIn},
		{"POST /events/{id}/walk-ins", SignedIn, h.AddWalkIn},
		{"POST /events/{id}/invitations", SignedIn, h.Invite},
		{"GET /events/{id}/sign-in-sheet", SignedIn, h.SignInSheet},
		{"GET /events/{id}/insights", SignedIn, h.Insights},
		{"GET /events/{id}/insights.csv", SignedIn, h.InsightsCSV},
		{"GET /events/{id}/groups", SignedIn, h.Groups},
		{"POST /events/{id}/groups", SignedIn, h.AddGroup},
		{"POST /events/{id}/notes", SignedIn, h.AddNotes},
		{"GET /events/{id}/notes.csv", SignedIn, h.NotesCSV},
		{"GET /events/{id}/themes", SignedIn, h.Themes},
		{"POST /events/{id}/themes/propose", SignedIn, h.ProposeThemes},
		{"POST /events/{id}/themes/merge", SignedIn, h.MergeThemes},
		{"POST /events/{id}/themes/publish", SignedIn, h.PublishThemes},
		{"POST /events/{id}/themes/{theme}", SignedIn, h.RenameTheme},
		{"POST /events/{id}/themes/{theme}/split", SignedIn, h.SplitTheme},
		{"GET /events/{id}/summary", Public, h.Summary},
		{"GET /events/{id}/feedback", Public, h.FeedbackForm},
		{"POST /events/{id}/feedback", Public, h.Feedback},

		{"GET /api/v1/events", Public, api.List},
		{"GET /api/v1/events/{id}", Public, api.Get},
		{"GET /api/v1/events/{id}/summary", Public, api.Summary},
		{"GET /api/v1/events/{id}/insights", SignedIn, api.Insights},
	}
}

// eventsOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) eventsOpenAPI(paths, schemas obj) {
	uuid := obj{"type": "string", "format": "uuid"}
	ts := obj{"type": "string", "format": "date-time"}
	str := obj{"type": "string"}
	integer := obj{"type": "integer"}
	paths["/events"] = obj{"get": obj{"operationId": "listEvents", "summary": "Upcoming events, soonest first", "parameters": pagingParams,
		"responses": obj{"200": jsonResponse("A page of events", listOf("Event")), "422": problemResponse}}}
	paths["/events/{id}"] = obj{"get": obj{"operationId": "getEvent", "summary": "One event with its programme", "parameters": []obj{idParam},
		"responses": obj{"200": jsonResponse("The event", ref("Event")), "404": problemResponse}}}
	paths["/events/{id}/summary"] = obj{"get": obj{"operationId": "getEventSummary", "summary": "An event's published emerging themes, each with its supporting notes",
		"parameters": []obj{idParam},
		"responses":  obj{"200": jsonResponse("The themes", obj{"type": "object", "required": []string{"themes"}, "properties": obj{"themes": obj{"type": "array", "items": ref("EventTheme")}}}), "404": problemResponse}}}
	paths["/events/{id}/insights"] = obj{"get": obj{"operationId": "getEventInsights", "summary": "Registrations and attendance by sector, area and session (organisers)",
		"parameters": []obj{idParam}, "security": []obj{{"token": []string{}}},
		"responses": obj{"200": jsonResponse("The insights", ref("EventInsights")), "401": problemResponse, "403": problemResponse, "404": problemResponse}}}
	session := obj{"type": "object", "properties": obj{"id": uuid, "title": str, "kind": obj{"type": "string", "enum": events.Kinds},
		"track": str, "room": str, "facilitators": str, "starts_at": ts, "ends_at": ts,
		"capacity": obj{"type": "integer", "description": "0 when the session has no limit of its own"}, "taken": integer}}
	schemas["Event"] = obj{"type": "object", "required": []string{"id", "title", "organisation_id", "starts_at", "ends_at", "capacity"}, "properties": obj{
		"id": uuid, "title": str, "description": obj{"type": "string", "description": "Markdown"}, "organisation_id": uuid, "organisation_name": str,
		"venue": str, "address": str, "latitude": obj{"type": []string{"number", "null"}}, "longitude": obj{"type": []string{"number", "null"}},
		"access_info": str, "online_url": str, "starts_at": ts, "ends_at": ts, "capacity": integer, "registered": integer,
		"invitation_only": obj{"type": "boolean"}, "summary_published_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
		"created_at": ts, "updated_at": ts, "sessions": obj{"type": "array", "items": session}}}
	note := obj{"type": "object", "properties": obj{"id": uuid, "group_id": uuid, "group": str, "body": str}}
	schemas["EventTheme"] = obj{"type": "object", "properties": obj{"id": uuid, "label": str,
		"phrases": obj{"type": "array", "items": str}, "notes": obj{"type": "array", "items": note}}}
	tally := obj{"type": "array", "items": obj{"type": "object", "properties": obj{"key": str, "label": str, "registered": integer, "attended": integer}}}
	schemas["EventInsights"] = obj{"type": "object", "properties": obj{"registered": integer, "attended": integer, "waitlisted": integer,
		"cancelled": integer, "walk_ins": integer, "by_sector": tally, "by_area": tally, "by_session": tally,
		"feedback": obj{"type": "object", "properties": obj{"count": integer, "average_rating": obj{"type": "number"}}}}}
}

// eventsDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) eventsDemo(ctx context.Context) error { return s.Events.Svc.LoadDemo(ctx) }

// eventsWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) eventsWorkers() []func(ctx context.Context) { return nil }
