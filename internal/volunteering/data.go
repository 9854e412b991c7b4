package volunteering

import (
	"encoding/json"
	"net/http"
	"strconv"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// NS is the Volunteering Data Standard's namespace.
const NS = "https://ns.volunteeringdata.io/"

func iris(ts Terms) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = NS + t
	}
	return out
}

// JSONLD serves /volunteering.jsonld.
func (h *Handlers) JSONLD(w http.ResponseWriter, r *http.Request) error {
	doc, err := h.Svc.Standard(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/ld+json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// API serves /api/v1/volunteering/opportunities: the open opportunities with their roles, as the
// list's filters choose.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset := 50, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return errs.FieldErrors(map[string]string{"limit": "volunteering.err.limit"})
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errs.FieldErrors(map[string]string{"offset": "volunteering.err.limit"})
		}
		offset = n
	}
	res, err := h.Svc.Search(r.Context(), searchFrom(q))
	if err != nil {
		return err
	}
	items := res.Opportunities
	if offset > len(items) {
		items = nil
	} else {
		items = items[offset:]
	}
	body := map[string]any{"limit": limit, "offset": offset}
	if len(items) > limit {
		items = items[:limit]
		nq := r.URL.Query()
		nq.Set("offset", strconv.Itoa(offset+limit))
		nq.Set("limit", strconv.Itoa(limit))
		body["next"] = h.Svc.BaseURL + r.URL.Path + "?" + nq.Encode()
	}
	if items == nil {
		items = []Opportunity{}
	}
	body["items"] = items
	web.JSON(w, http.StatusOK, body)
	return nil
}

// APIGet serves one opportunity with its roles and coming shifts.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.Svc.Opportunity(r.Context(), id)
	if err != nil {
		return err
	}
	ss, err := queryShifts(r.Context(), h.Svc.DB, `WHERE s.opportunity_id = $1 AND s.deleted = 0 AND s.starts_at > $2 ORDER BY s.starts_at LIMIT 200`, o.ID, h.Svc.DB.Now(r.Context()))
	if err != nil {
		return errs.Wrap(err, "shifts")
	}
	if ss == nil {
		ss = []Shift{}
	}
	web.JSON(w, http.StatusOK, struct {
		Opportunity
		Shifts []Shift `json:"shifts"`
	}{o, ss})
	return nil
}

// APIMyHours serves the signed-in person's hours (their own record; no checks).
func (h *Handlers) APIMyHours(w http.ResponseWriter, r *http.Request) error {
	rec, err := h.Svc.MyRecord(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	hs := rec.Hours
	if hs == nil {
		hs = []Hours{}
	}
	web.JSON(w, http.StatusOK, map[string]any{"confirmed_minutes": rec.Confirmed, "pending_minutes": rec.Pending, "items": hs})
	return nil
}
