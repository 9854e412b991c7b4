// Package openapi holds the small helpers every capability uses to describe its part of the
// OpenAPI 3.1 document at /api/v1/openapi.json.
package openapi

// Obj is one JSON object of the document.
type Obj = map[string]any

// Ref points at a schema in components.schemas.
func Ref(name string) Obj { return Obj{"$ref": "#/components/schemas/" + name} }

// ListOf is the schema of a page of a list: items, limit, offset and the next page's URL.
func ListOf(name string) Obj {
	return Obj{"type": "object", "required": []string{"items", "limit", "offset"}, "properties": Obj{
		"items":  Obj{"type": "array", "items": Ref(name)},
		"limit":  Obj{"type": "integer", "minimum": 1, "maximum": 200},
		"offset": Obj{"type": "integer", "minimum": 0},
		"next":   Obj{"type": "string", "description": "URL of the next page, absent on the last"},
	}}
}

// JSONResponse is a response with a JSON body of the schema.
func JSONResponse(desc string, schema Obj) Obj {
	return Obj{"description": desc, "content": Obj{"application/json": Obj{"schema": schema}}}
}

// Problem is the response of every error (RFC 9457 problem+json).
var Problem = Obj{"description": "A problem", "content": Obj{"application/problem+json": Obj{"schema": Ref("Problem")}}}

// Paging are the limit and offset parameters of a list.
var Paging = []Obj{
	{"name": "limit", "in": "query", "schema": Obj{"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
	{"name": "offset", "in": "query", "schema": Obj{"type": "integer", "minimum": 0, "default": 0}},
}

// IDParam is the {id} path parameter.
var IDParam = Obj{"name": "id", "in": "path", "required": true, "schema": Obj{"type": "string", "format": "uuid"}}

// Common schema fragments.
var (
	UUID      = Obj{"type": "string", "format": "uuid"}
	Timestamp = Obj{"type": "string", "format": "date-time"}
	String    = Obj{"type": "string"}
	Integer   = Obj{"type": "integer"}
	Boolean   = Obj{"type": "boolean"}
)

// Token is the security requirement of an operation that needs a personal API token.
var Token = []Obj{{"token": []string{}}}
