package assets

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// APIList lists assets as JSON, with the page's filters (q, category, tag, area, open_now,
// step_free, postcode, within, near, bbox) and limit/offset paging.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	flt, ok := h.exportFilter(w, r)
	if !ok {
		return
	}
	flt.Limit, flt.Offset = limit, offset
	as, err := h.Svc.Search(r.Context(), web.CurrentUser(r), flt)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, identity.List(r, as, limit, offset))
}

// APIAsset is one asset as JSON.
func (h *Handlers) APIAsset(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	a, err := h.Svc.Asset(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, a)
}

// PostcodeBody is a postcode's point as /api/v1/postcodes/{postcode} gives it.
type PostcodeBody struct {
	Postcode  string  `json:"postcode"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Exact     bool    `json:"exact"` // false: the middle of the postcode's district
}

// APIPostcode is where a postcode is, from the postcode file the council loaded (the asset
// form's map uses it to put the pin at a typed postcode).
func (h *Handlers) APIPostcode(w http.ResponseWriter, r *http.Request) error {
	loc, ok, err := h.Svc.Locate(r.Context(), r.PathValue("postcode"))
	if err != nil {
		return err
	}
	if !ok {
		return errs.E(errs.NotFound, "assets.search.err.postcode")
	}
	web.JSON(w, http.StatusOK, PostcodeBody{Postcode: loc.Postcode, Latitude: loc.Point.Lat, Longitude: loc.Point.Lon, Exact: loc.Exact})
	return nil
}
