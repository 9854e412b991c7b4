package knowledge

import (
	"net/http"
	"slices"
	"time"

	"commons/internal/identity"
	"commons/internal/knowledge/finder"
	"commons/internal/platform/errs"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

// DefaultLicence is the open licence the library is published under when none is configured.
const DefaultLicence = "https://creativecommons.org/licenses/by/4.0/"

// APIText is a text in English and Welsh; either may be empty.
type APIText struct {
	En string `json:"en"`
	Cy string `json:"cy"`
}

func apiText(t Text) APIText { return APIText(t) }

// APIMethod is a published method as open data. Long texts are Markdown.
type APIMethod struct {
	ID            string    `json:"id"`
	Slug          string    `json:"slug"`
	URL           string    `json:"url"`
	Version       int       `json:"version"`
	PublishedAt   time.Time `json:"published_at"`
	Licence       string    `json:"licence"`
	Title         APIText   `json:"title"`
	Summary       APIText   `json:"summary"`
	IAP2          string    `json:"iap2"`
	Duration      string    `json:"duration"`
	Cost          string    `json:"cost"`
	PeopleMin     int       `json:"people_min"`
	PeopleMax     int       `json:"people_max"`
	Setting       string    `json:"setting"`
	Purposes      []string  `json:"purposes"`
	Templates     []string  `json:"templates"`
	When          APIText   `json:"when"`
	WhenNot       APIText   `json:"when_not"`
	Needs         APIText   `json:"needs"`
	Steps         APIText   `json:"steps"`
	Resources     APIText   `json:"resources"`
	Accessibility APIText   `json:"accessibility"`
}

func (h *Handlers) apiMethod(m Method) APIMethod {
	lic := h.Svc.Licence
	if lic == "" {
		lic = DefaultLicence
	}
	out := APIMethod{ID: m.ID, Slug: m.Slug, URL: h.Svc.BaseURL + "/methods/" + m.ID, Version: m.V.Number, Licence: lic,
		Title: apiText(m.V.Title), Summary: apiText(m.V.Summary), IAP2: m.V.IAP2, Duration: m.V.Duration, Cost: m.V.Cost,
		PeopleMin: m.V.PeopleMin, PeopleMax: m.V.PeopleMax, Setting: m.V.Setting, Purposes: m.V.Purposes, Templates: m.V.Templates,
		When: apiText(m.V.When), WhenNot: apiText(m.V.WhenNot), Needs: apiText(m.V.Needs), Steps: apiText(m.V.Steps),
		Resources: apiText(m.V.Resources), Accessibility: apiText(m.V.Accessibility)}
	if m.PublishedAt != nil {
		out.PublishedAt = m.PublishedAt.UTC()
	}
	if out.Purposes == nil {
		out.Purposes = []string{}
	}
	if out.Templates == nil {
		out.Templates = []string{}
	}
	return out
}

// APIMethods lists the published methods, by title, filtered as the library's page filters.
func (h *Handlers) APIMethods(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := MethodFilter{IAP2: q.Get("iap2"), Purpose: q.Get("purpose"), Setting: q.Get("setting")}
	bad := map[string]string{}
	if f.IAP2 != "" && !slices.Contains(finder.Depths, f.IAP2) {
		bad["iap2"] = "knowledge.err.iap2"
	}
	if f.Purpose != "" && !slices.Contains(finder.Purposes, f.Purpose) {
		bad["purpose"] = "knowledge.err.purpose"
	}
	if f.Setting != "" && !slices.Contains(Settings, f.Setting) {
		bad["setting"] = "knowledge.err.setting"
	}
	if len(bad) > 0 {
		return errs.FieldErrors(bad)
	}
	ms, err := h.Svc.Methods(r.Context(), f)
	if err != nil {
		return err
	}
	out := []APIMethod{}
	for i := offset; i < len(ms) && i <= offset+limit; i++ {
		out = append(out, h.apiMethod(ms[i]))
	}
	web.JSON(w, http.StatusOK, identity.List(r, out, limit, offset))
	return nil
}

// APIMethod is one published method.
func (h *Handlers) APIMethod(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	m, err := h.Svc.Method(r.Context(), nil, id, "")
	if err != nil {
		return err
	}
	if m.PublishedVersionID == "" || m.ID != id {
		return notFound()
	}
	web.JSON(w, http.StatusOK, h.apiMethod(m))
	return nil
}

func openAPI(paths, schemas openapi.Obj) {
	str, integer, ts := openapi.String, openapi.Integer, openapi.Timestamp
	enum := func(vs []string) openapi.Obj { return openapi.Obj{"type": "string", "enum": vs} }
	params := append([]openapi.Obj{}, openapi.Paging...)
	params = append(params,
		openapi.Obj{"name": "iap2", "in": "query", "schema": enum(finder.Depths)},
		openapi.Obj{"name": "purpose", "in": "query", "schema": enum(finder.Purposes)},
		openapi.Obj{"name": "setting", "in": "query", "schema": enum(Settings)})
	paths["/methods"] = openapi.Obj{"get": openapi.Obj{"operationId": "listMethods",
		"summary":    "The methods library: every published method, by title, under the library's open licence",
		"parameters": params, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of methods", openapi.ListOf("Method")), "422": openapi.Problem}}}
	paths["/methods/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getMethod",
		"summary":    "One published method: when to use it and not, the depth of participation (IAP2), time, cost, people, steps, resources and accessibility",
		"parameters": []openapi.Obj{openapi.IDParam},
		"responses":  openapi.Obj{"200": openapi.JSONResponse("The method", openapi.Ref("Method")), "404": openapi.Problem}}}
	text := openapi.Obj{"type": "object", "required": []string{"en", "cy"}, "properties": openapi.Obj{"en": str, "cy": str}}
	list := openapi.Obj{"type": "array", "items": str}
	schemas["Method"] = openapi.Obj{"type": "object",
		"required": []string{"id", "slug", "url", "version", "published_at", "licence", "title", "summary", "iap2", "duration", "cost",
			"people_min", "people_max", "setting", "purposes", "templates", "steps"},
		"properties": openapi.Obj{"id": openapi.UUID, "slug": str, "url": str, "version": openapi.Obj{"type": "integer", "minimum": 1},
			"published_at": ts, "licence": str, "title": text, "summary": text,
			"iap2": enum(finder.Depths), "duration": enum(finder.Durations), "cost": enum(finder.Costs),
			"people_min": integer, "people_max": integer, "setting": enum(Settings), "purposes": list,
			"templates": openapi.Obj{"type": "array", "items": str, "description": "keys of the templates that start work from the method"},
			"when":      text, "when_not": text, "needs": text, "steps": text, "resources": text, "accessibility": text}}
}
