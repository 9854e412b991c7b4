package campaigns

import (
	"time"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
)

// Capability is community organising as the composition root sees it.
func Capability() capability.Capability {
	return capability.Capability{
		Name: "campaigns", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:   []web.NavLink{{Key: "campaigns.nav", Href: "/campaigns"}},
		Build: build,
	}
}

func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, Identity: id, T: env.T, BaseURL: env.Config.BaseURL, Log: env.Log,
		// Supports, signatures and erasure requests per network address: enough for a library's
		// public computers on a busy afternoon.
		PublicLimit: &ratelimit.Limiter{DB: env.DB, Limit: 60, Window: time.Hour}})
	return &capability.Parts{
		Routes:   routes(env, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Account:  svc.accountHooks(),
		Services: []any{svc},
		// Events and the asset map may come later in the slice, or not at all.
		Connect: capability.Connect(&svc.Events, &svc.Places, &svc.Finder),
	}, nil
}

func routes(env *capability.Env, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc}
	api := &API{Svc: svc}
	var t capability.Table
	t.Public("GET /campaigns", h.List)
	t.Public("GET /campaigns.json", h.JSON)
	t.Public("GET /campaigns.csv", h.CSV)
	t.Public("GET /campaigns/petitions.csv", h.PetitionsCSV)
	t.SignedIn("GET /campaigns/new", h.New)
	t.SignedIn("POST /campaigns", h.Create)
	t.Public("GET /campaigns/{id}", h.Campaign)
	t.Public("POST /campaigns/{id}/support", h.Support)
	t.Public("GET /campaigns/{id}/confirm/{token}", h.ConfirmSupportForm)
	t.Public("POST /campaigns/{id}/confirm/{token}", h.ConfirmSupport)
	t.Public("GET /campaigns/{id}/erase", h.EraseForm)
	t.Public("POST /campaigns/{id}/erase", h.Erase)
	t.Public("GET /campaigns/{id}/erase/{token}", h.ConfirmEraseForm)
	t.Public("POST /campaigns/{id}/erase/{token}", h.ConfirmErase)
	t.Public("GET /campaigns/{id}/petitions/{petition}", h.Petition)
	t.Public("POST /campaigns/{id}/petitions/{petition}/sign", h.Sign)
	t.Public("GET /campaigns/{id}/petitions/{petition}/confirm/{token}", h.ConfirmSignatureForm)
	t.Public("POST /campaigns/{id}/petitions/{petition}/confirm/{token}", h.ConfirmSignature)
	// The team's pages: the service checks the team.
	t.SignedIn("GET /campaigns/{id}/manage", h.Manage)
	t.SignedIn("POST /campaigns/{id}/manage", h.Update())
	t.SignedIn("POST /campaigns/{id}/team", h.AddMember())
	t.SignedIn("POST /campaigns/{id}/team/remove", h.RemoveMember())
	t.SignedIn("POST /campaigns/{id}/team/name", h.ShowName())
	t.SignedIn("GET /campaigns/{id}/supporters", h.SupportersPage)
	t.SignedIn("POST /campaigns/{id}/supporters", h.AddSupporter)
	t.SignedIn("GET /campaigns/{id}/conversations", h.ConversationsPage)
	t.SignedIn("POST /campaigns/{id}/conversations", h.LogConversation)
	t.SignedIn("POST /campaigns/{id}/conversations/{conversation}/erase", h.EraseConversation)
	t.SignedIn("GET /campaigns/{id}/actions", h.ActionsPage)
	t.SignedIn("POST /campaigns/{id}/actions", h.AddAction)
	t.SignedIn("POST /campaigns/{id}/actions/{action}", h.RecordResult)
	t.SignedIn("GET /campaigns/{id}/petitions/new", h.NewPetition)
	t.SignedIn("POST /campaigns/{id}/petitions", h.CreatePetition)
	t.SignedIn("GET /campaigns/{id}/petitions/{petition}/manage", h.ManagePetition)
	t.SignedIn("POST /campaigns/{id}/petitions/{petition}/signatures", h.AddSignature())
	t.SignedIn("POST /campaigns/{id}/petitions/{petition}/deliver", h.Deliver())
	t.SignedIn("POST /campaigns/{id}/petitions/{petition}/answer", h.AnswerForm())

	// Place-based social action applications; coordinators are checked by the service.
	t.Public("GET /social-action", h.ApplyForm)
	t.SignedIn("POST /social-action", h.Apply)
	t.SignedIn("GET /social-action/applications", h.Applications)
	t.SignedIn("GET /social-action/applications/{id}", h.Application)
	t.SignedIn("POST /social-action/applications/{id}/messages", h.Message())
	t.SignedIn("POST /social-action/applications/{id}/decide", h.Decide())
	t.SignedIn("POST /social-action/applications/{id}/links", h.AddLink)
	t.SignedIn("POST /social-action/applications/{id}/links/remove", h.RemoveLink)
	t.SignedIn("GET /social-action/form", h.FormEditor)
	t.SignedIn("POST /social-action/form/questions", h.AddQuestion())
	t.SignedIn("POST /social-action/form/questions/remove", h.RemoveQuestion())
	t.SignedIn("POST /social-action/form/intro", h.SaveIntro())
	t.SignedIn("POST /social-action/form/publish", h.PublishForm())
	t.Admin("GET /social-action/coordinators", h.CoordinatorsPage)
	t.Admin("POST /social-action/coordinators", h.AddCoordinator)
	t.Admin("POST /social-action/coordinators/{account}/remove", h.RemoveCoordinator)

	t.Public("GET /api/v1/campaigns", api.List)
	t.Public("GET /api/v1/campaigns/{id}", api.Get)
	t.Public("GET /api/v1/campaigns/{id}/petitions", api.Petitions)
	t.Public("GET /api/v1/campaigns/{id}/actions", api.Actions)
	t.SignedIn("GET /api/v1/social-action/applications", api.Applications)
	return t.Routes
}

func openAPI(paths, schemas openapi.Obj) {
	str, integer, uuid, ts, boolean := openapi.String, openapi.Integer, openapi.UUID, openapi.Timestamp, openapi.Boolean
	date := openapi.Obj{"type": "string", "format": "date"}
	dateOrEmpty := openapi.Obj{"type": "string", "description": "YYYY-MM-DD, or empty"}
	nullInt := openapi.Obj{"type": []string{"integer", "null"}}
	paths["/campaigns"] = openapi.Obj{"get": openapi.Obj{"operationId": "listCampaigns", "summary": "Published campaigns with their petitions' counts and their actions (no supporter's personal data)",
		"parameters": openapi.Paging, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of campaigns", openapi.ListOf("Campaign")), "422": openapi.Problem}}}
	paths["/campaigns/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getCampaign", "summary": "One published campaign",
		"parameters": []openapi.Obj{openapi.IDParam}, "responses": openapi.Obj{"200": openapi.JSONResponse("The campaign", openapi.Ref("Campaign")), "404": openapi.Problem}}}
	paths["/campaigns/{id}/petitions"] = openapi.Obj{"get": openapi.Obj{"operationId": "listCampaignPetitions", "summary": "A campaign's petitions with their running counts, deliveries and answers",
		"parameters": append([]openapi.Obj{openapi.IDParam}, openapi.Paging...),
		"responses":  openapi.Obj{"200": openapi.JSONResponse("A page of petitions", openapi.ListOf("Petition")), "404": openapi.Problem, "422": openapi.Problem}}}
	paths["/campaigns/{id}/actions"] = openapi.Obj{"get": openapi.Obj{"operationId": "listCampaignActions", "summary": "A campaign's actions with their dates, turnout and outcomes",
		"parameters": append([]openapi.Obj{openapi.IDParam}, openapi.Paging...),
		"responses":  openapi.Obj{"200": openapi.JSONResponse("A page of actions", openapi.ListOf("CampaignAction")), "404": openapi.Problem, "422": openapi.Problem}}}
	paths["/social-action/applications"] = openapi.Obj{"get": openapi.Obj{"operationId": "listSocialActionApplications",
		"summary":     "Place-based social action applications with their answers, decisions and links",
		"description": "Coordinators only (admins and the accounts admins name); a token needs the admin scope.",
		"parameters":  openapi.Paging, "security": openapi.Token,
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of applications", openapi.ListOf("SocialActionApplication")),
			"401": openapi.Problem, "403": openapi.Problem, "422": openapi.Problem}}}
	schemas["Petition"] = openapi.Obj{"type": "object", "required": []string{"id", "campaign_id", "title", "status", "signatures"}, "properties": openapi.Obj{
		"id": uuid, "campaign_id": uuid, "title": str, "ask": str, "target": str, "closes_on": dateOrEmpty,
		"status":       openapi.Obj{"type": "string", "enum": []string{"open", "closed", "delivered", "answered"}},
		"signatures":   openapi.Obj{"type": "integer", "description": "Confirmed signatures, counted as they are confirmed"},
		"delivered_on": dateOrEmpty, "delivered_to": str, "delivered_count": integer, "answer": str, "answered_on": dateOrEmpty,
		"created_at": ts, "url": str}}
	schemas["CampaignAction"] = openapi.Obj{"type": "object", "required": []string{"id", "kind", "title", "happens_on"}, "properties": openapi.Obj{
		"id": uuid, "kind": openapi.Obj{"type": "string", "enum": ActionKinds}, "title": str, "happens_on": date, "target": str,
		"turnout": nullInt, "outcome": str, "event_url": str}}
	schemas["Campaign"] = openapi.Obj{"type": "object", "required": []string{"id", "title", "stage", "supporters", "petitions", "actions"}, "properties": openapi.Obj{
		"id": uuid, "url": str, "title": str, "aim": str, "issue": str, "area_id": str, "area": str, "organisation_id": str, "organisation": str,
		"stage":      openapi.Obj{"type": "string", "enum": Stages},
		"supporters": openapi.Obj{"type": "integer", "description": "Confirmed supporters"}, "created_at": ts, "updated_at": ts,
		"petitions": openapi.Obj{"type": "array", "items": openapi.Ref("Petition")}, "actions": openapi.Obj{"type": "array", "items": openapi.Ref("CampaignAction")}}}
	link := openapi.Obj{"type": "object", "properties": openapi.Obj{"kind": openapi.Obj{"type": "string", "enum": []string{"place", "area", "campaign"}},
		"id": str, "label": str}}
	schemas["SocialActionApplication"] = openapi.Obj{"type": "object", "required": []string{"id", "group_name", "status"}, "properties": openapi.Obj{
		"id": uuid, "form_id": uuid, "form_version": integer, "group_name": str, "organisation_id": str, "area_id": str, "area": str, "place": str,
		"wants_development_support": boolean, "answers": openapi.Obj{"type": "object", "additionalProperties": str},
		"status":              openapi.Obj{"type": "string", "enum": []string{"submitted", "questions", "approved", "declined"}},
		"development_support": boolean, "decision_note": str, "decided_at": openapi.Obj{"type": []string{"string", "null"}, "format": "date-time"},
		"assisted": boolean, "created_at": ts, "updated_at": ts, "links": openapi.Obj{"type": "array", "items": link}}}
}
