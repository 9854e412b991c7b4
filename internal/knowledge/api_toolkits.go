package knowledge

import (
	"net/http"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

// APIToolkit is a published toolkit as open data: its introduction (Markdown) and its
// documents in order.
type APIToolkit struct {
	ID          string        `json:"id"`
	URL         string        `json:"url"`
	Licence     string        `json:"licence"`
	Title       APIText       `json:"title"`
	Intro       APIText       `json:"intro"`
	Documents   []APIDocument `json:"documents"`
	UpdatedAt   time.Time     `json:"updated_at"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
}

// APIDocument is a document of a toolkit, with its newest file and its versions.
type APIDocument struct {
	ID             string       `json:"id"`
	URL            string       `json:"url"`
	Title          APIText      `json:"title"`
	Description    APIText      `json:"description"`
	Accessible     bool         `json:"accessible"`
	Alternative    APIText      `json:"alternative"`
	AlternativeURL string       `json:"alternative_url,omitempty"`
	Versions       []APIVersion `json:"versions"`
}

// APIVersion is one version of a document's file.
type APIVersion struct {
	ID          string    `json:"id"`
	Number      int       `json:"number"`
	Download    string    `json:"download"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	SHA256      string    `json:"sha256"`
	Note        string    `json:"note"`
	CreatedAt   time.Time `json:"created_at"`
}

// APIToolkits lists the published toolkits with their documents, newest first.
func (h *Handlers) APIToolkits(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	ks, err := h.Svc.Toolkits(r.Context(), nil, false)
	if err != nil {
		return err
	}
	out := []APIToolkit{}
	for i := offset; i < len(ks) && i <= offset+limit; i++ {
		out = append(out, h.Svc.apiToolkit(ks[i]))
	}
	web.JSON(w, http.StatusOK, identity.List(r, out, limit, offset))
	return nil
}

// APIToolkit is one published toolkit.
func (h *Handlers) APIToolkit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	k, err := h.Svc.OneToolkit(r.Context(), nil, id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, h.Svc.apiToolkit(k))
	return nil
}

func toolkitsOpenAPI(paths, schemas openapi.Obj) {
	str := openapi.String
	paths["/toolkits"] = openapi.Obj{"get": openapi.Obj{"operationId": "listToolkits",
		"summary":    "Toolkits: every published toolkit with its documents in order, newest first",
		"parameters": openapi.Paging, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of toolkits", openapi.ListOf("Toolkit")), "422": openapi.Problem}}}
	paths["/toolkits/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getToolkit",
		"summary":    "One published toolkit: its introduction and its documents, each with its versions' files",
		"parameters": []openapi.Obj{openapi.IDParam},
		"responses":  openapi.Obj{"200": openapi.JSONResponse("The toolkit", openapi.Ref("Toolkit")), "404": openapi.Problem}}}
	text := openapi.Obj{"type": "object", "required": []string{"en", "cy"}, "properties": openapi.Obj{"en": str, "cy": str}}
	schemas["ToolkitDocumentVersion"] = openapi.Obj{"type": "object",
		"required": []string{"id", "number", "download", "filename", "content_type", "size", "sha256", "note", "created_at"},
		"properties": openapi.Obj{"id": openapi.UUID, "number": openapi.Obj{"type": "integer", "minimum": 1}, "download": str, "filename": str, "content_type": str,
			"size": openapi.Integer, "sha256": str, "note": str, "created_at": openapi.Timestamp}}
	schemas["ToolkitDocument"] = openapi.Obj{"type": "object",
		"required": []string{"id", "url", "title", "description", "accessible", "alternative", "versions"},
		"properties": openapi.Obj{"id": openapi.UUID, "url": str, "title": text, "description": text,
			"accessible":  openapi.Obj{"type": "boolean", "description": "the file itself is accessible; otherwise an alternative is given"},
			"alternative": text, "alternative_url": str,
			"versions": openapi.Obj{"type": "array", "description": "newest first", "items": openapi.Ref("ToolkitDocumentVersion")}}}
	schemas["Toolkit"] = openapi.Obj{"type": "object",
		"required": []string{"id", "url", "licence", "title", "intro", "documents", "updated_at"},
		"properties": openapi.Obj{"id": openapi.UUID, "url": str, "licence": str, "title": text, "intro": text,
			"documents":  openapi.Obj{"type": "array", "items": openapi.Ref("ToolkitDocument")},
			"updated_at": openapi.Timestamp, "published_at": openapi.Timestamp}}
}
