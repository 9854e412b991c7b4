package assets

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/web"
)

// APIList lists assets as JSON, with the page's filters (q, category, tag, area, open_now,
// step_free, postcode, within, near, bbox) and limit/offset paging.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	flt, err := h.exportFilter(r)
	if err != nil {
		return err
	}
	flt.Limit, flt.Offset = limit, offset
	as, err := h.Svc.Search(r.Context(), web.CurrentUser(r), flt)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, identity.List(r, as, limit, offset))
	return nil
}

// APIAsset is one asset as JSON.
func (h *Handlers) APIAsset(w http.ResponseWriter, r *http.Request) error {
	a, err := h.asset(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, a)
	return nil
}

// PostcodeBody is a postcode's point as /api/v1/postcodes/{postcode} gives it.
type PostcodeBody struct {
	Postcode  string  `json:"postcode"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Exact     bool    `json:"exact"` // false: the middle of the postcode's district
}

// APIPostcodes answers where a postcode is (?q=AH3 4XY: its own point from the postcode file
// the council loaded, or the middle of its district; no items when neither is known), or lists
// the loaded postcodes in order, a page at a time. The asset form's map uses it to put the pin
// at a typed postcode.
func (h *Handlers) APIPostcodes(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	var items []PostcodeBody
	if q := r.URL.Query().Get("q"); q != "" {
		loc, ok, err := h.Svc.Locate(r.Context(), q)
		if err != nil {
			return err
		}
		if ok && offset == 0 {
			items = append(items, PostcodeBody{Postcode: loc.Postcode, Latitude: loc.Point.Lat, Longitude: loc.Point.Lon, Exact: loc.Exact})
		}
	} else {
		ps, err := h.Svc.Postcodes(r.Context(), limit+1, offset)
		if err != nil {
			return err
		}
		for _, p := range ps {
			items = append(items, PostcodeBody{Postcode: p.Postcode, Latitude: p.Lat, Longitude: p.Lon, Exact: true})
		}
	}
	web.JSON(w, http.StatusOK, identity.List(r, items, limit, offset))
	return nil
}
