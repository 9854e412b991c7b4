package assets

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/formats/geojson"
	"commons/internal/platform/web"
)

func urlEscape(s string) string { return url.QueryEscape(s) }

// MaxExport is the most assets one download holds.
const MaxExport = 20000

// exportFilter is the page's search for a download; problems in it are a 422.
func (h *Handlers) exportFilter(r *http.Request) (Filter, error) {
	sr, err := h.searchForm(r)
	if err != nil {
		return sr.Filter, err
	}
	if !sr.form.Valid() {
		return sr.Filter, fieldErrors(sr.form)
	}
	flt := sr.Filter
	flt.Limit = MaxExport
	return flt, nil
}

// CSVHeader are the columns of /assets.csv; the import reads the same columns.
var CSVHeader = []string{"id", "name", "description", "category", "tags", "area", "address", "postcode", "latitude", "longitude",
	"opening_hours", "contact_name", "contact_email", "contact_phone", "website", "accessibility", "step_free", "ownership",
	"facilities", "capacity", "services", "organisation", "last_checked", "verified"}

func fstr(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// CSV downloads the search as CSV.
func (h *Handlers) CSV(w http.ResponseWriter, r *http.Request) error {
	flt, err := h.exportFilter(r)
	if err != nil {
		return err
	}
	as, err := h.Svc.Search(r.Context(), web.CurrentUser(r), flt)
	if err != nil {
		return err
	}
	csvout.Download(w, "assets.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header(CSVHeader)
	for _, a := range as {
		capacity := ""
		if a.Capacity != nil {
			capacity = strconv.Itoa(*a.Capacity)
		}
		yn := map[bool]string{true: "yes", false: "no"}
		verified := ""
		if a.VerifiedAt != nil {
			verified = a.VerifiedAt.Format("2006-01-02")
		}
		_ = cw.Row([]string{a.ID, a.Name, a.Description, a.Category, strings.Join(a.Tags, ", "), a.AreaName, a.Address, a.Postcode,
			fstr(a.Lat), fstr(a.Lon), a.OpeningHours, a.ContactName, a.ContactEmail, a.ContactPhone, a.Website, a.Accessibility,
			yn[a.StepFree], a.Ownership, a.Facilities, capacity, a.Services, a.OrganisationName, a.LastCheckedAt.Format("2006-01-02"), verified})
	}
	_ = cw.Flush()
	return nil
}

// GeoJSON downloads the search as an RFC 7946 FeatureCollection of the assets with a location.
func (h *Handlers) GeoJSON(w http.ResponseWriter, r *http.Request) error {
	flt, err := h.exportFilter(r)
	if err != nil {
		return err
	}
	var as []Asset
	if flt.BBox != nil && flt.Near == nil {
		// A map window: at most MapWindowLimit, with only the fields below.
		if as, err = h.Svc.MapWindow(r.Context(), web.CurrentUser(r), flt); len(as) > MapWindowLimit {
			as = as[:MapWindowLimit]
		}
	} else {
		as, err = h.Svc.Search(r.Context(), web.CurrentUser(r), flt)
	}
	if err != nil {
		return err
	}
	fc := geojson.FeatureCollection{Features: []geojson.Feature{}}
	for _, a := range as {
		p, ok := a.Point()
		if !ok {
			continue
		}
		g := geojson.NewPoint(p.Lon, p.Lat)
		props := map[string]any{"name": a.Name, "category": a.Category, "url": "/assets/" + a.ID, "tags": a.Tags,
			"step_free": a.StepFree, "address": a.Address, "postcode": a.Postcode}
		if a.DistanceKm != nil {
			props["distance_km"] = *a.DistanceKm
		}
		fc.Features = append(fc.Features, geojson.Feature{ID: a.ID, Geometry: &g, Properties: props})
	}
	w.Header().Set("Content-Type", geojson.ContentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if err := geojson.Encode(w, fc); err != nil {
		web.Log(r).Error("geojson", "err", err)
	}
	return nil
}
