package knowledge

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
	"commons/internal/platform/openapi"
	"commons/internal/platform/search"
	"commons/internal/platform/web"
)

// searchPerPage is how many results a page of the search shows.
const searchPerPage = 20

func searchRoutes(env *capability.Env, svc *Service, sx *Search) []capability.Route {
	h := &searchHandlers{Kit: env.Kit, Svc: svc, Search: sx}
	var t capability.Table
	t.Public("GET /search", h.Page)
	t.Public("GET /api/v1/search", h.API)
	return t.Routes
}

func (s *Search) job() capability.Job {
	return capability.Job{Name: "search_index", Every: searchFresh, Kick: s.kick, Run: s.Refresh}
}

type searchHandlers struct {
	Kit    *web.Kit
	Svc    *Service
	Search *Search
}

// searchArgs are a search's parameters as read from a request, checked.
type searchArgs struct {
	Q, Kind, Area string
	Page          int
	Cut           bool
	Errors        map[string]string
}

func (h *searchHandlers) args(ctx context.Context, q url.Values) (searchArgs, map[string]string, error) {
	a := searchArgs{Q: q.Get("q"), Kind: q.Get("kind"), Area: q.Get("area"), Page: 1, Errors: map[string]string{}}
	a.Q, a.Cut = search.Cut(a.Q)
	if a.Kind != "" && !slices.Contains(SearchKinds, a.Kind) {
		a.Errors["kind"] = "search.err.kind"
		a.Kind = ""
	}
	areas, err := h.areas(ctx)
	if err != nil {
		return a, nil, err
	}
	if a.Area != "" {
		if _, ok := areas[a.Area]; !ok {
			a.Errors["area"] = "search.err.area"
			a.Area = ""
		}
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1000 {
			a.Errors["page"] = "search.err.page"
		} else {
			a.Page = n
		}
	}
	return a, areas, nil
}

// areas are the borough's areas by id, for the filter and for naming a result's area.
func (h *searchHandlers) areas(ctx context.Context) (map[string]string, error) {
	as, err := h.Svc.Identity.Areas(ctx, 500, 0)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, a := range as {
		out[a.ID] = a.Name
	}
	return out, nil
}

type searchResult struct {
	Kind, URL, Lang string
	SnippetLang     string
	Title, Snippet  template.HTML
	Area            string
}

type searchKind struct {
	Kind  string
	Count int
	URL   string
	On    bool
}

type searchPage struct {
	page
	Form         *web.Form
	Q            string
	Kind, Area   string
	Cut          bool
	Searched     bool
	Total        int
	Results      []searchResult
	Kinds        []searchKind
	Areas        []searchOption
	KindOptions  []searchOption
	Prev, Next   string
	PageN, Pages int
}

// Start is the number of the page's first result, for the ordered list.
func (p *searchPage) Start() int { return (p.PageN-1)*searchPerPage + 1 }

// Page is the search across Commons (GET /search?q=&kind=&area=&page=).
func (h *searchHandlers) Page(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := &searchPage{page: page{h.Kit.NewPage(r, "search.title")}, Form: &web.Form{Values: q, Errors: map[string]string{}}}
	a, areas, err := h.args(r.Context(), q)
	if err != nil {
		return err
	}
	p.Q, p.Kind, p.Area, p.Cut, p.PageN = a.Q, a.Kind, a.Area, a.Cut, a.Page
	for k, v := range a.Errors {
		p.Form.Errors[k] = v
	}
	for id, name := range areas {
		p.Areas = append(p.Areas, searchOption{Value: id, Label: name})
	}
	slices.SortFunc(p.Areas, func(x, y searchOption) int {
		if x.Label < y.Label {
			return -1
		}
		if x.Label > y.Label {
			return 1
		}
		return 0
	})
	for _, k := range SearchKinds {
		p.KindOptions = append(p.KindOptions, searchOption{Value: k, Label: p.T("search.kind." + k)})
	}
	if search.QueryWords(a.Q) > 0 {
		p.Searched = true
		query := search.Query{Text: a.Q, AreaID: a.Area, Limit: searchPerPage, Offset: (a.Page - 1) * searchPerPage}
		if a.Kind != "" {
			query.Kinds = []string{a.Kind}
		}
		res, err := h.Search.Find(r.Context(), web.CurrentUser(r), query)
		if err != nil {
			return err
		}
		p.Total = res.Total
		for _, hit := range res.Hits {
			p.Results = append(p.Results, p.result(hit, a.Q, areas))
		}
		link := func(kind string, pg int) string {
			v := url.Values{"q": {a.Q}}
			if kind != "" {
				v.Set("kind", kind)
			}
			if a.Area != "" {
				v.Set("area", a.Area)
			}
			if pg > 1 {
				v.Set("page", strconv.Itoa(pg))
			}
			return "/search?" + v.Encode()
		}
		all := 0
		for _, k := range SearchKinds {
			all += res.ByKind[k]
		}
		if all > 0 {
			p.Kinds = append(p.Kinds, searchKind{Kind: "", Count: all, URL: link("", 1), On: a.Kind == ""})
			for _, k := range SearchKinds {
				if n := res.ByKind[k]; n > 0 || k == a.Kind {
					p.Kinds = append(p.Kinds, searchKind{Kind: k, Count: n, URL: link(k, 1), On: k == a.Kind})
				}
			}
		}
		p.Pages = (res.Total + searchPerPage - 1) / searchPerPage
		if a.Page > 1 {
			p.Prev = link(a.Kind, a.Page-1)
		}
		if a.Page < p.Pages {
			p.Next = link(a.Kind, a.Page+1)
		}
	}
	status := http.StatusOK
	if len(p.Form.Errors) > 0 {
		p.Errors = p.Form
		status = http.StatusUnprocessableEntity
	}
	h.Kit.Render(w, r, status, "knowledge/search", p)
	return nil
}

// result is a hit as the page shows it: in the reader's language where it has one, marked
// with its language where it has not, the words searched for marked.
func (p *searchPage) result(hit search.Hit, q string, areas map[string]string) searchResult {
	t := p.Pick(Text{En: hit.Title, Cy: hit.TitleCy})
	s := p.Pick(Text{En: hit.Summary, Cy: hit.SummaryCy})
	r := searchResult{Kind: hit.Kind, URL: hit.URL, Title: search.Highlight(t.Text, q), Snippet: search.Highlight(s.Text, q), Area: areas[hit.AreaID]}
	if t.Fallback {
		r.Lang = t.Lang
	}
	if s.Fallback {
		r.SnippetLang = s.Lang
	}
	return r
}

// APISearchHit is one result of the search API.
type APISearchHit struct {
	Kind    string  `json:"kind"`
	ID      string  `json:"id"`
	URL     string  `json:"url"`
	Title   APIText `json:"title"`
	Summary APIText `json:"summary"`
	AreaID  string  `json:"area_id,omitempty"`
}

// APISearchBody is a page of the search API's results.
type APISearchBody struct {
	Query  string         `json:"query"`
	Cut    bool           `json:"cut"`
	Total  int            `json:"total"`
	ByKind map[string]int `json:"by_kind"`
	Items  []APISearchHit `json:"items"`
	Limit  int            `json:"limit"`
	Offset int            `json:"offset"`
	Next   string         `json:"next,omitempty"`
}

// API is GET /api/v1/search: the same search, as JSON, for the reader the request carries.
func (h *searchHandlers) API(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a, _, err := h.args(r.Context(), q)
	if err != nil {
		return err
	}
	limit, offset := searchPerPage, 0
	if s := q.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > 100 {
			a.Errors["limit"] = "search.err.limit"
		} else {
			limit = n
		}
	}
	if s := q.Get("offset"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 0 || n > 10000 {
			a.Errors["offset"] = "search.err.offset"
		} else {
			offset = n
		}
	}
	if len(a.Errors) > 0 {
		return errs.FieldErrors(a.Errors)
	}
	body := APISearchBody{Query: a.Q, Cut: a.Cut, ByKind: map[string]int{}, Items: []APISearchHit{}, Limit: limit, Offset: offset}
	if search.QueryWords(a.Q) > 0 {
		query := search.Query{Text: a.Q, AreaID: a.Area, Limit: limit, Offset: offset}
		if a.Kind != "" {
			query.Kinds = []string{a.Kind}
		}
		res, err := h.Search.Find(r.Context(), web.CurrentUser(r), query)
		if err != nil {
			return err
		}
		body.Total, body.ByKind = res.Total, res.ByKind
		for _, hit := range res.Hits {
			body.Items = append(body.Items, APISearchHit{Kind: hit.Kind, ID: hit.ID, URL: h.Svc.BaseURL + hit.URL,
				Title: APIText{En: hit.Title, Cy: hit.TitleCy}, Summary: APIText{En: hit.Summary, Cy: hit.SummaryCy}, AreaID: hit.AreaID})
		}
		if offset+limit < res.Total {
			v := url.Values{}
			for k, vs := range q {
				v[k] = vs
			}
			v.Set("q", a.Q)
			v.Set("offset", strconv.Itoa(offset+limit))
			v.Set("limit", strconv.Itoa(limit))
			body.Next = "/api/v1/search?" + v.Encode()
		}
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

func searchOpenAPI(paths, schemas openapi.Obj) {
	str, integer := openapi.String, openapi.Integer
	kinds := openapi.Obj{"type": "string", "enum": SearchKinds}
	paths["/search"] = openapi.Obj{"get": openapi.Obj{"operationId": "search",
		"summary": "One search across Commons (methods, case studies, films, guides, groups and their public discussions, assets, events, " +
			"budget ideas and projects, volunteering opportunities, campaigns), stemmed in English and Welsh; only what the caller may see. " +
			"Every word must match; only the first 8 words and 200 characters are used.",
		"parameters": []openapi.Obj{
			{"name": "q", "in": "query", "required": true, "schema": openapi.Obj{"type": "string", "maxLength": 2000}},
			{"name": "kind", "in": "query", "schema": kinds},
			{"name": "area", "in": "query", "schema": openapi.UUID},
			{"name": "limit", "in": "query", "schema": openapi.Obj{"type": "integer", "minimum": 1, "maximum": 100}},
			{"name": "offset", "in": "query", "schema": openapi.Obj{"type": "integer", "minimum": 0, "maximum": 10000}},
		},
		"responses": openapi.Obj{"200": openapi.JSONResponse("A page of results", openapi.Ref("SearchResults")), "422": openapi.Problem}}}
	text := openapi.Obj{"type": "object", "required": []string{"en", "cy"}, "properties": openapi.Obj{"en": str, "cy": str}}
	schemas["SearchHit"] = openapi.Obj{"type": "object", "required": []string{"kind", "id", "url", "title", "summary"},
		"properties": openapi.Obj{"kind": kinds, "id": str, "url": str, "title": text, "summary": text, "area_id": str}}
	schemas["SearchResults"] = openapi.Obj{"type": "object", "required": []string{"query", "cut", "total", "by_kind", "items", "limit", "offset"},
		"properties": openapi.Obj{"query": str, "cut": openapi.Obj{"type": "boolean"}, "total": integer,
			"by_kind": openapi.Obj{"type": "object", "additionalProperties": integer},
			"items":   openapi.Obj{"type": "array", "items": openapi.Ref("SearchHit")},
			"limit":   integer, "offset": integer, "next": str}}
}

type searchOption struct{ Value, Label string }
