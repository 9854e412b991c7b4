package app

import (
	"net/http"

	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

type obj = openapi.Obj

var (
	ref             = openapi.Ref
	listOf          = openapi.ListOf
	jsonResponse    = openapi.JSONResponse
	problemResponse = openapi.Problem
	pagingParams    = openapi.Paging
	idParam         = openapi.IDParam
)

// OpenAPIDocument is the OpenAPI 3.1 description of /api/v1.
func (s *Server) OpenAPIDocument() obj {
	uuid := obj{"type": "string", "format": "uuid"}
	ts := obj{"type": "string", "format": "date-time"}
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":       s.Config.PlaceName + " – Commons API",
			"version":     "1",
			"description": "Open data about the place's areas and organisations, and personal access with a token made on the account page.",
			"license":     obj{"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
		},
		"servers": []obj{{"url": s.Config.BaseURL + "/api/v1"}},
		"paths": obj{
			"/areas": obj{"get": obj{"operationId": "listAreas", "summary": "Areas (wards and localities), by name", "parameters": pagingParams,
				"responses": obj{"200": jsonResponse("A page of areas", listOf("Area")), "422": problemResponse}}},
			"/areas/{id}": obj{"get": obj{"operationId": "getArea", "summary": "One area", "parameters": []obj{idParam},
				"responses": obj{"200": jsonResponse("The area", ref("Area")), "404": problemResponse}}},
			"/organisations": obj{"get": obj{"operationId": "listOrganisations", "summary": "Organisations, by name",
				"parameters": append([]obj{{"name": "sector", "in": "query", "schema": obj{"type": "string", "enum": []string{"public", "vcf", "private", "resident"}}}}, pagingParams...),
				"responses":  obj{"200": jsonResponse("A page of organisations", listOf("Organisation")), "422": problemResponse}}},
			"/organisations/{id}": obj{"get": obj{"operationId": "getOrganisation", "summary": "One organisation", "parameters": []obj{idParam},
				"responses": obj{"200": jsonResponse("The organisation", ref("Organisation")), "404": problemResponse}}},
			"/me": obj{"get": obj{"operationId": "getMe", "summary": "The account a token belongs to", "security": []obj{{"token": []string{}}},
				"responses": obj{"200": jsonResponse("The account", ref("Account")), "401": problemResponse}}},
			"/me/data": obj{"get": obj{"operationId": "getMyData", "summary": "Everything Commons holds about the token's person: the account, then each capability's records under its name (the data download of the account page)",
				"security":  []obj{{"token": []string{}}},
				"responses": obj{"200": jsonResponse("Everything held about the person", obj{"type": "object", "required": []string{"exported_at", "account"}, "additionalProperties": true, "properties": obj{"exported_at": ts, "account": ref("Account")}}), "401": problemResponse}}},
		},
		"components": obj{
			"securitySchemes": obj{"token": obj{"type": "http", "scheme": "bearer", "description": "A personal API token from /account/tokens, made with the scopes it needs: read (GET and HEAD), write (POST, PUT, PATCH and DELETE under /api/v1) and admin (the person's officer, moderator and admin roles; without it a token acts with the resident and member roles only). A request beyond the token's scopes is answered 403 with WWW-Authenticate: Bearer error=\"insufficient_scope\". A token never works on the site's HTML forms."}},
			"schemas": obj{
				"Area": obj{"type": "object", "required": []string{"id", "name", "kind", "postcode_districts", "created_at"}, "properties": obj{
					"id": uuid, "name": obj{"type": "string"}, "kind": obj{"type": "string", "enum": []string{"ward", "locality"}},
					"postcode_districts": obj{"type": "array", "items": obj{"type": "string", "pattern": "^[A-Z]{1,2}[0-9][0-9A-Z]?$"}},
					"boundary":           obj{"type": "object", "description": "GeoJSON Polygon, MultiPolygon or Feature (RFC 7946)"},
					"created_at":         ts,
				}},
				"Organisation": obj{"type": "object", "required": []string{"id", "name", "sector", "description", "website", "created_at", "members"}, "properties": obj{
					"id": uuid, "name": obj{"type": "string"},
					"sector":      obj{"type": "string", "enum": []string{"public", "vcf", "private", "resident"}},
					"description": obj{"type": "string"}, "website": obj{"type": "string"},
					"area_id": uuid, "created_at": ts, "members": obj{"type": "integer", "minimum": 0},
				}},
				"Account": obj{"type": "object", "required": []string{"id", "name", "email", "roles", "created_at"}, "properties": obj{
					"id": uuid, "name": obj{"type": "string"}, "email": obj{"type": "string", "format": "email"},
					"email_confirmed_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
					"created_at":         ts,
					"roles":              obj{"type": "array", "items": obj{"type": "string", "enum": []string{"resident", "member", "officer", "moderator", "admin"}}},
					"language":           obj{"type": "string", "enum": []string{"en", "cy"}, "description": "The language mail sent later is written in"},
				}},
				"Problem": obj{"type": "object", "required": []string{"type", "title", "status"}, "properties": obj{
					"type": obj{"type": "string"}, "title": obj{"type": "string"}, "status": obj{"type": "integer"},
					"detail": obj{"type": "string"}, "code": obj{"type": "string"}, "request_id": obj{"type": "string"},
					"errors": obj{"type": "object", "additionalProperties": obj{"type": "string"}},
				}},
			},
		},
	}
	paths, schemas := doc["paths"].(obj), doc["components"].(obj)["schemas"].(obj)
	for _, b := range s.caps {
		if b.OpenAPI != nil {
			b.OpenAPI(paths, schemas)
		}
	}
	return doc
}

// OpenAPI serves the document.
func (s *Server) OpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	web.JSON(w, http.StatusOK, s.OpenAPIDocument())
	return nil
}
