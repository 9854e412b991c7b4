package assets

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/web"
)

// APIList lists assets as JSON, with the page's filters (q, category, tag, area, open_now,
// step_free, postcode, near, bbox) and limit/offset paging.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	flt, f := h.searchForm(r)
	if !f.Valid() {
		h.Kit.Error(w, r, fieldErrors(f))
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
