package mentoring

import (
	"context"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

// Capability is peer support as the composition root sees it.
func Capability() capability.Capability {
	return capability.Capability{
		Name: "mentoring", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:   []web.NavLink{{Key: "mentoring.nav", Href: "/mentoring"}},
		Build: build,
	}
}

func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, Identity: id, T: env.T, BaseURL: env.Config.BaseURL, Log: env.Log})
	return &capability.Parts{
		Routes:   routes(env, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Workers:  []func(context.Context){func(ctx context.Context) { svc.Run(ctx, time.Minute) }},
		Account:  svc.accountHooks(),
		Services: []any{svc},
		// The asset map may come later in the slice, or not at all.
		Connect: capability.Connect(&svc.Places, &svc.Finder, &svc.Locator),
	}, nil
}

func routes(env *capability.Env, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, TileURL: env.Config.MapTileURL}
	api := &API{Svc: svc}
	var t capability.Table
	t.Public("GET /mentoring", h.Home)
	t.Public("GET /mentoring/map.js", h.MapScript)
	t.SignedIn("GET /mentoring/organisations/{org}", h.Organisation)
	t.SignedIn("GET /mentoring/organisations/{org}/profile", h.ProfileForm)
	t.SignedIn("POST /mentoring/organisations/{org}/profile", h.SaveProfile)
	t.SignedIn("POST /mentoring/organisations/{org}/offers", h.SaveOffer)
	t.SignedIn("POST /mentoring/organisations/{org}/needs", h.AddNeed)
	t.SignedIn("POST /mentoring/offers/{offer}/delete", h.DeleteOffer)
	t.SignedIn("GET /mentoring/needs/{need}", h.Need)
	t.SignedIn("POST /mentoring/needs/{need}/propose", h.Propose)
	t.SignedIn("POST /mentoring/needs/{need}/close", h.CloseNeed)
	t.SignedIn("GET /mentoring/relationships/{id}", h.Relationship)
	t.SignedIn("POST /mentoring/relationships/{id}/accept", h.Accept())
	t.SignedIn("POST /mentoring/relationships/{id}/decline", h.Decline())
	t.SignedIn("POST /mentoring/relationships/{id}/meeting", h.Meeting())
	t.SignedIn("POST /mentoring/relationships/{id}/checkins", h.CheckInForm())
	t.SignedIn("POST /mentoring/relationships/{id}/close", h.CloseForm())
	t.SignedIn("POST /mentoring/relationships/{id}/case-consent", h.CaseConsentForm())
	t.SignedIn("POST /mentoring/relationships/{id}/end", h.EndForm())
	// Coordinators: the service checks the role (admins, and the accounts admins name).
	t.SignedIn("GET /mentoring/coordinate", h.Coordinate)
	t.SignedIn("GET /mentoring/coordinate/map.geojson", h.MapGeoJSON)
	t.SignedIn("GET /mentoring/coordinate/proposals", h.Proposals)
	t.SignedIn("GET /mentoring/topics", h.TopicsPage)
	t.SignedIn("POST /mentoring/topics", h.AddTopic)
	t.SignedIn("POST /mentoring/topics/{topic}", h.UpdateTopic)
	t.Admin("GET /mentoring/coordinators", h.CoordinatorsPage)
	t.Admin("POST /mentoring/coordinators", h.AddCoordinator)
	t.Admin("POST /mentoring/coordinators/{account}/remove", h.RemoveCoordinator)

	t.SignedIn("GET /api/v1/mentoring/topics", api.Topics)
	t.SignedIn("GET /api/v1/mentoring/organisations", api.Organisations)
	t.SignedIn("GET /api/v1/mentoring/needs", api.Needs)
	t.SignedIn("GET /api/v1/mentoring/relationships", api.Relationships)
	t.SignedIn("GET /api/v1/mentoring/relationships/{id}", api.Relationship)
	return t.Routes
}

func openAPI(paths, schemas openapi.Obj) {
	str, integer, boolean, uuid, ts := openapi.String, openapi.Integer, openapi.Boolean, openapi.UUID, openapi.Timestamp
	num := openapi.Obj{"type": "number"}
	coord := "Coordinators of peer support only (admins and the accounts admins name); a token needs the admin scope."
	list := func(op, summary, schema string, params []openapi.Obj) openapi.Obj {
		return openapi.Obj{"get": openapi.Obj{"operationId": op, "summary": summary, "description": coord, "parameters": params,
			"security": openapi.Token, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of "+schema, openapi.ListOf(schema)),
				"401": openapi.Problem, "403": openapi.Problem, "422": openapi.Problem}}}
	}
	stage := openapi.Obj{"name": "stage", "in": "query", "schema": openapi.Obj{"type": "string", "enum": Stages}}
	paths["/mentoring/topics"] = list("listMentoringTopics", "The shared list of topics organisations offer and need help with", "MentoringTopic", openapi.Paging)
	paths["/mentoring/organisations"] = list("listMentoringOrganisations", "Organisations taking part, with their profiles, offers and needs", "MentoringOrganisation", openapi.Paging)
	paths["/mentoring/needs"] = list("listMentoringNeeds", "Open needs, each with its best candidates and the programme-wide proposal, with reasons", "MentoringNeed", openapi.Paging)
	paths["/mentoring/relationships"] = list("listMentoringRelationships", "Mentoring relationships, most recently changed first", "MentoringRelationship", append([]openapi.Obj{stage}, openapi.Paging...))
	paths["/mentoring/relationships/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getMentoringRelationship", "summary": "One mentoring relationship",
		"description": coord, "parameters": []openapi.Obj{openapi.IDParam}, "security": openapi.Token,
		"responses": openapi.Obj{"200": openapi.JSONResponse("The relationship", openapi.Ref("MentoringRelationship")),
			"401": openapi.Problem, "403": openapi.Problem, "404": openapi.Problem}}}
	reason := openapi.Obj{"type": "object", "required": []string{"code", "text"}, "properties": openapi.Obj{
		"code": openapi.Obj{"type": "string", "enum": []string{"offers", "also_offers", "distance", "far_online", "same_area", "same_kind",
			"same_sector", "same_place_kind", "load", "common_time", "no_common_time"}},
		"text":  openapi.Obj{"type": "string", "description": "The reason in the request's language"},
		"topic": str, "topics": openapi.Obj{"type": "array", "items": str}, "kind": str, "n": integer, "of": integer, "km": num}}
	candidate := openapi.Obj{"type": "object", "required": []string{"organisation_id", "score", "reasons"}, "properties": openapi.Obj{
		"organisation_id": uuid, "organisation": str, "score": openapi.Obj{"type": "number", "minimum": 0, "maximum": 1},
		"distance_km": openapi.Obj{"type": []string{"number", "null"}}, "reasons": openapi.Obj{"type": "array", "items": reason}}}
	schemas["MentoringTopic"] = openapi.Obj{"type": "object", "required": []string{"id", "name_en", "name_cy"}, "properties": openapi.Obj{
		"id": uuid, "name_en": str, "name_cy": str, "position": integer, "retired": boolean}}
	topicRef := openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "topic_id": uuid, "level": integer, "detail": str, "status": str}}
	schemas["MentoringOrganisation"] = openapi.Obj{"type": "object", "required": []string{"id", "name", "kind"}, "properties": openapi.Obj{
		"id": uuid, "name": str, "sector": str, "area_id": str, "kind": openapi.Obj{"type": "string", "enum": Kinds},
		"place_id": str, "place_name": str, "postcode": str, "latitude": openapi.Obj{"type": []string{"number", "null"}},
		"longitude": openapi.Obj{"type": []string{"number", "null"}}, "travel_km": integer, "online": boolean,
		"slots": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "string", "enum": Slots}}, "availability": str,
		"capacity": integer, "mentoring_now": integer,
		"offers": openapi.Obj{"type": "array", "items": topicRef}, "needs": openapi.Obj{"type": "array", "items": topicRef}}}
	schemas["MentoringNeed"] = openapi.Obj{"type": "object", "required": []string{"id", "organisation_id", "topic_id", "candidates"}, "properties": openapi.Obj{
		"id": uuid, "organisation_id": uuid, "organisation": str, "topic_id": uuid, "topic": str, "detail": str, "created_at": ts,
		"candidates": openapi.Obj{"type": "array", "items": candidate},
		"proposed":   openapi.Obj{"oneOf": []openapi.Obj{candidate, {"type": "null"}}, "description": "The mentor the programme-wide assignment gives this need"}}}
	checkin := openapi.Obj{"type": "object", "properties": openapi.Obj{"milestone": integer, "organisation_id": uuid,
		"going": openapi.Obj{"type": "string", "enum": Goings}, "note": str, "assisted": boolean, "created_at": ts}}
	nullTS := openapi.Obj{"type": []string{"string", "null"}, "format": "date-time"}
	schemas["MentoringRelationship"] = openapi.Obj{"type": "object", "required": []string{"id", "topic_id", "mentor_organisation_id", "mentee_organisation_id", "stage"},
		"properties": openapi.Obj{"id": uuid, "need_id": str, "topic_id": uuid, "topic": str,
			"mentor_organisation_id": uuid, "mentor_organisation": str, "mentee_organisation_id": uuid, "mentee_organisation": str,
			"stage": openapi.Obj{"type": "string", "enum": Stages}, "score": num, "reasons": openapi.Obj{"type": "array", "items": reason},
			"proposed_by":        openapi.Obj{"type": "string", "enum": []string{"mentor", "mentee", "coordinator"}},
			"mentor_accepted_at": nullTS, "mentee_accepted_at": nullTS,
			"first_meeting_on": openapi.Obj{"type": "string", "format": "date"}, "checkin_3_due": openapi.Obj{"type": "string", "format": "date"},
			"checkin_6_due": openapi.Obj{"type": "string", "format": "date"}, "overdue_checkins": openapi.Obj{"type": "array", "items": integer},
			"outcome": openapi.Obj{"type": "string", "enum": append([]string{""}, Outcomes...)}, "helped": str,
			"ended_by_organisation_id": str, "finished_at": nullTS, "created_at": ts, "updated_at": ts,
			"checkins": openapi.Obj{"type": "array", "items": checkin}}}
}
