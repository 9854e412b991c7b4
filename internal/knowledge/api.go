package knowledge

import (
	"net/http"
	"slices"
	"strconv"
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
	lic := h.Svc.licence()
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
	casesOpenAPI(paths, schemas)
	mediaOpenAPI(paths, schemas)
	coursesOpenAPI(paths, schemas)
	toolkitsOpenAPI(paths, schemas)
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

// APICase is a published case study as open data. Long texts are Markdown.
type APICase struct {
	ID          string     `json:"id"`
	URL         string     `json:"url"`
	Status      string     `json:"status"`
	Licence     string     `json:"licence"`
	Title       APIText    `json:"title"`
	Summary     APIText    `json:"summary"`
	Story       APIText    `json:"story"`
	Outcomes    APIText    `json:"outcomes"`
	Learning    APIText    `json:"learning"`
	Place       string     `json:"place"`
	Year        int        `json:"year"`
	Methods     []string   `json:"methods"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	// What it involved and, for a case drafted from finished work, its figures and source.
	Organisations []string    `json:"organisations"`
	Areas         []string    `json:"areas"`
	Assets        []string    `json:"assets"`
	Figures       []APIFigure `json:"figures"`
	Source        *APISource  `json:"source,omitempty"`
}

// APICases lists the published case studies, newest first, by method and year.
func (h *Handlers) APICases(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := CaseFilter{Method: q.Get("method"), Organisation: q.Get("organisation"), Area: q.Get("area")}
	if y := q.Get("year"); y != "" {
		if f.Year, err = strconv.Atoi(y); err != nil || f.Year < 1900 || f.Year > 2200 {
			return errs.FieldErrors(map[string]string{"year": "knowledge.err.year"})
		}
	}
	cs, err := h.Svc.Cases(r.Context(), f)
	if err != nil {
		return err
	}
	out := []APICase{}
	for i := offset; i < len(cs) && i <= offset+limit; i++ {
		out = append(out, h.Svc.apiCase(cs[i]))
	}
	web.JSON(w, http.StatusOK, identity.List(r, out, limit, offset))
	return nil
}

// APICase is one published case study.
func (h *Handlers) APICase(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.Svc.Case(r.Context(), nil, id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, h.Svc.apiCase(c))
	return nil
}

func casesOpenAPI(paths, schemas openapi.Obj) {
	str := openapi.String
	params := append([]openapi.Obj{}, openapi.Paging...)
	params = append(params,
		openapi.Obj{"name": "method", "in": "query", "description": "a method's id: the cases that used it", "schema": openapi.UUID},
		openapi.Obj{"name": "organisation", "in": "query", "description": "an organisation's id: the cases that involved it", "schema": openapi.UUID},
		openapi.Obj{"name": "area", "in": "query", "description": "an area's id: the cases that involved it", "schema": openapi.UUID},
		openapi.Obj{"name": "year", "in": "query", "schema": openapi.Obj{"type": "integer", "minimum": 1900, "maximum": 2200}})
	paths["/cases"] = openapi.Obj{"get": openapi.Obj{"operationId": "listCases",
		"summary":    "Case studies: every published one, newest first, under the library's open licence",
		"parameters": params, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of case studies", openapi.ListOf("CaseStudy")), "422": openapi.Problem}}}
	paths["/cases/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getCase",
		"summary":    "One published case study: what happened, what came of it, what was learned, and the methods it used",
		"parameters": []openapi.Obj{openapi.IDParam},
		"responses":  openapi.Obj{"200": openapi.JSONResponse("The case study", openapi.Ref("CaseStudy")), "404": openapi.Problem}}}
	text := openapi.Obj{"type": "object", "required": []string{"en", "cy"}, "properties": openapi.Obj{"en": str, "cy": str}}
	schemas["CaseStudy"] = openapi.Obj{"type": "object",
		"required": []string{"id", "url", "status", "licence", "title", "summary", "story", "place", "year", "methods", "updated_at"},
		"properties": openapi.Obj{"id": openapi.UUID, "url": str, "status": openapi.Obj{"type": "string", "enum": []string{CaseDraft, CasePublished}},
			"licence": str, "title": text, "summary": text, "story": text, "outcomes": text, "learning": text, "place": str,
			"year": openapi.Integer, "methods": openapi.Obj{"type": "array", "items": openapi.UUID, "description": "ids of the methods it used"},
			"updated_at": openapi.Timestamp, "published_at": openapi.Timestamp,
			"organisations": openapi.Obj{"type": "array", "items": openapi.UUID, "description": "ids of the organisations it involved"},
			"areas":         openapi.Obj{"type": "array", "items": openapi.UUID, "description": "ids of the areas it involved"},
			"assets":        openapi.Obj{"type": "array", "items": openapi.UUID, "description": "ids of the places (community assets) it involved"},
			"figures":       openapi.Ref("CaseFigures"), "source": openapi.Ref("CaseSource")}}
	caseOpenAPI(schemas)
}

// APIMedia is a published film or recording as open data: where it is hosted, and its
// transcript (Markdown).
type APIMedia struct {
	ID          string     `json:"id"`
	URL         string     `json:"url"`
	Status      string     `json:"status"`
	Kind        string     `json:"kind"`
	Licence     string     `json:"licence"`
	Title       APIText    `json:"title"`
	Description APIText    `json:"description"`
	HostedAt    string     `json:"hosted_at"`
	Minutes     int        `json:"minutes"`
	Captions    bool       `json:"captions"`
	Transcript  APIText    `json:"transcript"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	File        *APIFile   `json:"file,omitempty"`
}

// APIFile is an uploaded recording: where to fetch it and what it is.
type APIFile struct {
	Download    string `json:"download"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"`
}

// APIMediaList lists the published films and recordings, newest first, by kind and words.
func (h *Handlers) APIMediaList(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := MediaFilter{Kind: q.Get("kind"), Words: q.Get("q")}
	if f.Kind != "" && !slices.Contains(MediaKinds, f.Kind) {
		return errs.FieldErrors(map[string]string{"kind": "knowledge.err.media_kind"})
	}
	if len(f.Words) > 200 {
		return errs.FieldErrors(map[string]string{"q": "knowledge.err.words_long"})
	}
	ms, err := h.Svc.MediaList(r.Context(), f)
	if err != nil {
		return err
	}
	out := []APIMedia{}
	for i := offset; i < len(ms) && i <= offset+limit; i++ {
		out = append(out, h.Svc.apiMedia(ms[i]))
	}
	web.JSON(w, http.StatusOK, identity.List(r, out, limit, offset))
	return nil
}

// APIMedia is one published film or recording.
func (h *Handlers) APIMedia(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	m, err := h.Svc.OneMedia(r.Context(), nil, id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, h.Svc.apiMedia(m))
	return nil
}

func mediaOpenAPI(paths, schemas openapi.Obj) {
	str := openapi.String
	params := append([]openapi.Obj{}, openapi.Paging...)
	params = append(params,
		openapi.Obj{"name": "kind", "in": "query", "schema": openapi.Obj{"type": "string", "enum": MediaKinds}},
		openapi.Obj{"name": "q", "in": "query", "description": "words in the title, description or transcript", "schema": openapi.Obj{"type": "string", "maxLength": 200}})
	paths["/media"] = openapi.Obj{"get": openapi.Obj{"operationId": "listMedia",
		"summary":    "Films and recordings: every published one (each with captions at its host or a transcript), newest first",
		"parameters": params, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of films and recordings", openapi.ListOf("Media")), "422": openapi.Problem}}}
	paths["/media/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getMedia",
		"summary":    "One published film or recording, with where it is hosted and its transcript",
		"parameters": []openapi.Obj{openapi.IDParam},
		"responses":  openapi.Obj{"200": openapi.JSONResponse("The film or recording", openapi.Ref("Media")), "404": openapi.Problem}}}
	text := openapi.Obj{"type": "object", "required": []string{"en", "cy"}, "properties": openapi.Obj{"en": str, "cy": str}}
	schemas["Media"] = openapi.Obj{"type": "object",
		"required": []string{"id", "url", "status", "kind", "licence", "title", "description", "hosted_at", "minutes", "captions", "transcript", "updated_at"},
		"properties": openapi.Obj{"id": openapi.UUID, "url": str, "status": openapi.Obj{"type": "string", "enum": []string{CaseDraft, CasePublished}},
			"kind": openapi.Obj{"type": "string", "enum": MediaKinds}, "licence": str, "title": text, "description": text,
			"hosted_at": openapi.Obj{"type": "string", "description": "where the film or recording is hosted (https); empty for an uploaded recording"},
			"file": openapi.Obj{"type": "object", "description": "an uploaded recording", "required": []string{"download", "filename", "content_type", "size", "sha256"},
				"properties": openapi.Obj{"download": str, "filename": str, "content_type": str, "size": openapi.Integer, "sha256": str}},
			"minutes": openapi.Integer, "captions": openapi.Boolean, "transcript": text,
			"updated_at": openapi.Timestamp, "published_at": openapi.Timestamp}}
}
