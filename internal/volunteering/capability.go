package volunteering

import (
	"context"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

// Capability is volunteering as the composition root sees it.
func Capability() capability.Capability {
	return capability.Capability{
		Name: "volunteering", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav: []web.NavLink{{Key: "volunteering.nav", Href: "/volunteering"}},
		// The "I can't make it" page is reached from a mail and needs no session; its form still
		// carries a CSRF token, so nothing is exempt.
		Build: build,
	}
}

func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, Identity: id, T: env.T, BaseURL: env.Config.BaseURL,
		PlaceName: env.Config.PlaceName, Log: env.Log})
	return &capability.Parts{
		Routes:   routes(env, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Workers:  []func(context.Context){func(ctx context.Context) { svc.Run(ctx, time.Minute) }},
		Account:  svc.accountHooks(),
		Services: []any{svc},
		// The asset map and the time bank may come later in the slice, or not at all.
		Connect: capability.Connect(&svc.Locator, &svc.Places, &svc.Finder, &svc.Credit),
	}, nil
}

func routes(env *capability.Env, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, TileURL: env.Config.MapTileURL}
	var t capability.Table
	t.Public("GET /volunteering", h.List)
	t.Public("GET /volunteering.geojson", h.GeoJSON)
	t.Public("GET /volunteering.jsonld", h.JSONLD)
	t.Public("GET /volunteering/map.js", mapScript.Serve)
	t.Public("GET /feeds/volunteering-sessions", h.Feed)
	t.SignedIn("GET /volunteering/new", h.New)
	t.SignedIn("POST /volunteering", h.Create)
	t.SignedIn("GET /volunteering/me", h.Me)
	t.SignedIn("GET /volunteering/me/record", h.Print)
	t.SignedIn("GET /volunteering/me/hours.csv", h.HoursCSV)
	t.SignedIn("GET /volunteering/me/shifts.ics", h.Calendar)
	t.SignedIn("POST /volunteering/me/hours", h.LogHours)
	t.SignedIn("GET /volunteering/coordinating", h.Coordinating)
	t.Public("GET /volunteering/employers", h.Employers)
	t.SignedIn("GET /volunteering/insights", h.Insights)
	t.SignedIn("GET /volunteering/insights.csv", h.InsightsCSV)
	t.SignedIn("POST /volunteering/pledges", h.CreatePledge)
	t.SignedIn("GET /volunteering/pledges/{pledge}", h.Pledge)
	t.SignedIn("POST /volunteering/pledges/{pledge}/offers", h.Offer)
	t.SignedIn("POST /volunteering/matches/{match}/book", h.BookTeamDay)
	t.Public("GET /volunteering/cant/{token}", h.CantForm)
	t.Public("POST /volunteering/cant/{token}", h.Cant)
	t.SignedIn("GET /volunteering/check-in/{token}", h.CheckInForm)
	t.SignedIn("POST /volunteering/check-in/{token}", h.CheckIn)
	t.Public("GET /volunteering/opportunities/{id}", h.Show)
	t.SignedIn("GET /volunteering/opportunities/{id}/edit", h.Edit)
	t.SignedIn("POST /volunteering/opportunities/{id}/edit", h.Update)
	t.SignedIn("GET /volunteering/opportunities/{id}/manage", h.Manage)
	t.SignedIn("GET /volunteering/opportunities/{id}/roles/new", h.RoleForm)
	t.SignedIn("POST /volunteering/opportunities/{id}/roles", h.SaveRole)
	t.SignedIn("GET /volunteering/opportunities/{id}/roles/{role}/edit", h.RoleForm)
	t.SignedIn("POST /volunteering/opportunities/{id}/roles/{role}/edit", h.SaveRole)
	t.SignedIn("POST /volunteering/roles/{role}/apply", h.Apply)
	t.SignedIn("POST /volunteering/roles/{role}/shifts", h.AddShifts)
	t.SignedIn("POST /volunteering/applications/{app}/decide", h.Decide)
	t.SignedIn("POST /volunteering/shifts/{shift}/sign-up", h.SignUp)
	t.SignedIn("POST /volunteering/shifts/{shift}/sign-up-for", h.SignUpFor)
	t.SignedIn("POST /volunteering/shifts/{shift}/cancel", h.CancelShift)
	t.SignedIn("GET /volunteering/shifts/{shift}/check-in-code", h.CheckInCode)
	t.SignedIn("GET /volunteering/shifts/{shift}/register", h.RegisterForm)
	t.SignedIn("POST /volunteering/shifts/{shift}/register", h.Register)
	t.SignedIn("POST /volunteering/shifts/{shift}/team-hours", h.TeamHours)
	t.SignedIn("POST /volunteering/signups/{signup}/cancel", h.CancelSignup)
	t.SignedIn("POST /volunteering/hours/{hours}/confirm", h.ConfirmHours)
	t.SignedIn("GET /volunteering/organisations/{org}", h.Organisation)
	t.SignedIn("GET /volunteering/organisations/{org}/checks", h.Checks)
	t.SignedIn("POST /volunteering/organisations/{org}/checks", h.RecordCheck)
	t.SignedIn("POST /volunteering/organisations/{org}/checks/{check}/delete", h.DeleteCheck)
	t.SignedIn("POST /volunteering/organisations/{org}/settings", h.SaveSettings)
	t.SignedIn("GET /volunteering/organisations/{org}/hours", h.OrgHours)
	t.SignedIn("POST /volunteering/organisations/{org}/hours", h.LogHoursFor)

	t.Public("GET /api/v1/volunteering/opportunities", h.APIList)
	t.Public("GET /api/v1/volunteering/opportunities/{id}", h.APIGet)
	t.SignedIn("GET /api/v1/volunteering/me/hours", h.APIMyHours)
	return t.Routes
}

func openAPI(paths, schemas openapi.Obj) {
	str, integer, boolean, uuid, ts := openapi.String, openapi.Integer, openapi.Boolean, openapi.UUID, openapi.Timestamp
	terms := openapi.Obj{"type": "array", "items": str}
	filters := append([]openapi.Obj{}, openapi.Paging...)
	for _, name := range []string{"q", "cause", "kind", "area_id", "postcode", "within", "day", "part", "from_home", "no_checks", "under_18"} {
		filters = append(filters, openapi.Obj{"name": name, "in": "query", "schema": str})
	}
	paths["/volunteering/opportunities"] = openapi.Obj{"get": openapi.Obj{"operationId": "listVolunteeringOpportunities",
		"summary": "Open volunteering opportunities with their roles, filtered as on /volunteering", "parameters": filters,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of opportunities", openapi.ListOf("VolunteeringOpportunity")), "422": openapi.Problem}}}
	paths["/volunteering/opportunities/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getVolunteeringOpportunity",
		"summary": "One opportunity with its roles and coming shifts", "parameters": []openapi.Obj{openapi.IDParam},
		"responses": openapi.Obj{"200": openapi.JSONResponse("The opportunity", openapi.Ref("VolunteeringOpportunity")), "404": openapi.Problem}}}
	paths["/volunteering/me/hours"] = openapi.Obj{"get": openapi.Obj{"operationId": "getMyVolunteeringHours",
		"summary": "The signed-in person's volunteering hours", "security": openapi.Token,
		"responses": openapi.Obj{"200": openapi.JSONResponse("Hours", openapi.Obj{"type": "object", "properties": openapi.Obj{
			"confirmed_minutes": integer, "pending_minutes": integer, "items": openapi.Obj{"type": "array", "items": openapi.Ref("VolunteeringHours")}}}),
			"401": openapi.Problem}}}
	role := openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "title": str, "description": str, "commitment": str,
		"skills": terms, "accessibility": terms, "minimum_age": integer, "check_needed": openapi.Obj{"type": "string", "enum": CheckKinds},
		"rewards": terms, "auto_accept": boolean, "minutes": integer}}
	shift := openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "role_id": uuid, "starts_at": ts, "ends_at": ts,
		"min_volunteers": integer, "max_volunteers": integer, "signed_up": integer, "waiting": integer, "team": str,
		"status": openapi.Obj{"type": "string", "enum": []string{"scheduled", "cancelled"}}}}
	schemas["VolunteeringOpportunity"] = openapi.Obj{"type": "object", "required": []string{"id", "title", "organisation_id", "kind", "roles"},
		"properties": openapi.Obj{"id": uuid, "organisation_id": uuid, "organisation_name": str, "title": str,
			"description": openapi.Obj{"type": "string", "description": "Markdown"}, "kind": openapi.Obj{"type": "string", "enum": Kinds},
			"causes": terms, "venue": str, "address": str, "postcode": str, "latitude": openapi.Obj{"type": "number"},
			"longitude": openapi.Obj{"type": "number"}, "area_id": str, "from_home": boolean, "status": str, "slots": terms,
			"distance_km": openapi.Obj{"type": "number"}, "created_at": ts, "updated_at": ts,
			"roles": openapi.Obj{"type": "array", "items": role}, "shifts": openapi.Obj{"type": "array", "items": shift}}}
	schemas["VolunteeringHours"] = openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "organisation_id": uuid,
		"opportunity_id": uuid, "opportunity_title": str, "day": openapi.Obj{"type": "string", "format": "date"}, "minutes": integer,
		"people": integer, "status": openapi.Obj{"type": "string", "enum": []string{"pending", "confirmed", "rejected"}},
		"source": str, "logged_by": str, "assisted": boolean, "credited_to_time_bank": boolean}}
}
