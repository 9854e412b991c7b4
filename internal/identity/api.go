package identity

import (
	"net/http"
	"net/url"
	"strconv"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// API serves identity's part of the JSON API under /api/v1.
type API struct {
	Kit *web.Kit
	Svc *Service
}

// Paging reads limit (1–200, default 50) and offset (≥ 0) from the query; bad values are a
// problem+json 422.
func Paging(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	limit, offset = 50, 0
	if s := q.Get("limit"); s != "" {
		n, e := strconv.Atoi(s)
		if e != nil || n < 1 || n > 200 {
			return 0, 0, errs.FieldErrors(map[string]string{"limit": "api.err.limit"})
		}
		limit = n
	}
	if s := q.Get("offset"); s != "" {
		n, e := strconv.Atoi(s)
		if e != nil || n < 0 {
			return 0, 0, errs.FieldErrors(map[string]string{"offset": "api.err.offset"})
		}
		offset = n
	}
	return limit, offset, nil
}

// ListBody is the envelope of every list in the API.
type ListBody[T any] struct {
	Items  []T    `json:"items"`
	Limit  int    `json:"limit"`
	Offset int    `json:"offset"`
	Next   string `json:"next,omitempty"`
}

// List fetches limit+1 items to know whether there is a next page.
func List[T any](r *http.Request, items []T, limit, offset int) ListBody[T] {
	b := ListBody[T]{Items: items, Limit: limit, Offset: offset}
	if b.Items == nil {
		b.Items = []T{}
	}
	if len(items) > limit {
		b.Items = items[:limit]
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(offset+limit))
		q.Set("limit", strconv.Itoa(limit))
		b.Next = (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	return b
}

// Areas lists areas.
func (a *API) Areas(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := Paging(r)
	if err != nil {
		return err
	}
	areas, err := a.Svc.Areas(r.Context(), limit+1, offset)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, List(r, areas, limit, offset))
	return nil
}

// Area returns one area.
func (a *API) Area(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	ar, err := a.Svc.Area(r.Context(), id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ar)
	return nil
}

// Organisations lists organisations, optionally by ?sector=.
func (a *API) Organisations(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := Paging(r)
	if err != nil {
		return err
	}
	sector := r.URL.Query().Get("sector")
	if sector != "" {
		ok := false
		for _, s := range Sectors {
			ok = ok || s == sector
		}
		if !ok {
			return errs.FieldErrors(map[string]string{"sector": "org.err.sector"})
		}
	}
	orgs, err := a.Svc.Organisations(r.Context(), sector, limit+1, offset)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, List(r, orgs, limit, offset))
	return nil
}

// Organisation returns one organisation.
func (a *API) Organisation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.Svc.Organisation(r.Context(), id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, o)
	return nil
}

// Me is the account the token belongs to.
func (a *API) Me(w http.ResponseWriter, r *http.Request) error {
	acc, err := a.Svc.Account(r.Context(), web.CurrentUser(r).ID)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, acc)
	return nil
}
