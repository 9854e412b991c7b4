package ownership

import (
	"net/http"
	"strconv"
	"strings"

	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/formats/geojson"
	"commons/internal/platform/web"
)

// registerPage is a public register as a page.
type registerPage struct {
	page
	Register Register
	Entries  []Entry
	Q        string
}

// RegisterPage shows a public register.
func (h *Handlers) RegisterPage(reg Register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query().Get("q")
		entries, err := h.Svc.Entries(r.Context(), reg, q)
		if err != nil {
			return err
		}
		p := registerPage{page: h.page(r, "ownership.register."+string(reg)+".title"), Register: reg, Entries: entries, Q: strings.TrimSpace(q)}
		h.Kit.Render(w, r, http.StatusOK, "ownership/register", &p)
		return nil
	}
}

// ACVCSV is a list of assets of community value (or of unsuccessful nominations) in the fields
// of planning.data.gov.uk's asset-of-community-value dataset.
func (h *Handlers) ACVCSV(reg Register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		entries, err := h.Svc.Entries(r.Context(), reg, "")
		if err != nil {
			return err
		}
		name := "asset-of-community-value.csv"
		if reg == RegisterUnsuccessful {
			name = "asset-of-community-value-unsuccessful.csv"
		}
		csvout.Download(w, name)
		cw := csvout.NewWriter(w, csvout.Options{})
		if err := cw.Header(ACVFields); err != nil {
			return err
		}
		for _, e := range entries {
			rec := h.Svc.ACVRecord(e)
			row := make([]string, len(ACVFields))
			for i, f := range ACVFields {
				row[i] = csvout.Cell(rec[f])
			}
			if err := cw.Row(row); err != nil {
				return err
			}
		}
		return cw.Flush()
	}
}

// ACVGeoJSON is the same list as GeoJSON: each entry's boundary (or point) with the dataset's
// fields as properties (point as WKT, as in the CSV).
func (h *Handlers) ACVGeoJSON(reg Register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		entries, err := h.Svc.Entries(r.Context(), reg, "")
		if err != nil {
			return err
		}
		fc := geojson.FeatureCollection{Features: []geojson.Feature{}}
		for _, e := range entries {
			rec := h.Svc.ACVRecord(e)
			props := map[string]any{}
			for _, f := range ACVFields {
				if f != "geometry" {
					props[f] = rec[f]
				}
			}
			fc.Features = append(fc.Features, geojson.Feature{ID: e.Reference, Geometry: caseGeometry(e.Boundary, e.Lat, e.Lng), Properties: props})
		}
		w.Header().Set("Content-Type", geojson.ContentType)
		return geojson.Encode(w, fc)
	}
}

// transferFields are the columns of the asset transfer register.
var transferFields = []string{"reference", "scheme", "name", "address", "postcode", "uprn", "latitude", "longitude", "body", "request_type",
	"received_on", "validated_on", "status", "decision", "decided_on", "outcome", "url"}

func (h *Handlers) transferRecord(e Entry) map[string]string {
	r := map[string]string{"reference": e.Reference, "scheme": e.Kind, "name": e.Name, "address": e.Address, "postcode": e.Postcode,
		"uprn": e.UPRN, "body": e.Group.Name, "request_type": e.RequestType, "received_on": e.ReceivedOn.String(),
		"validated_on": e.ValidatedOn.String(), "status": e.Status, "decision": e.Decision, "decided_on": e.DecidedOn.String(),
		"outcome": e.Outcome, "url": h.Svc.BaseURL + "/ownership/cases/" + e.ID}
	if e.Lat != nil && e.Lng != nil {
		r["latitude"], r["longitude"] = strconv.FormatFloat(*e.Lat, 'f', 6, 64), strconv.FormatFloat(*e.Lng, 'f', 6, 64)
	}
	return r
}

// TransfersCSV is the asset transfer request register as CSV. It names the community bodies,
// never a person.
func (h *Handlers) TransfersCSV(w http.ResponseWriter, r *http.Request) error {
	entries, err := h.Svc.Entries(r.Context(), RegisterTransfers, "")
	if err != nil {
		return err
	}
	csvout.Download(w, "asset-transfer-requests.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	if err := cw.Header(transferFields); err != nil {
		return err
	}
	for _, e := range entries {
		rec := h.transferRecord(e)
		row := make([]string, len(transferFields))
		for i, f := range transferFields {
			row[i] = csvout.Cell(rec[f])
		}
		if err := cw.Row(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// TransfersGeoJSON is the asset transfer request register as GeoJSON.
func (h *Handlers) TransfersGeoJSON(w http.ResponseWriter, r *http.Request) error {
	entries, err := h.Svc.Entries(r.Context(), RegisterTransfers, "")
	if err != nil {
		return err
	}
	fc := geojson.FeatureCollection{Features: []geojson.Feature{}}
	for _, e := range entries {
		props := map[string]any{}
		for k, v := range h.transferRecord(e) {
			if k != "latitude" && k != "longitude" {
				props[k] = v
			}
		}
		fc.Features = append(fc.Features, geojson.Feature{ID: e.Reference, Geometry: caseGeometry(e.Boundary, e.Lat, e.Lng), Properties: props})
	}
	w.Header().Set("Content-Type", geojson.ContentType)
	return geojson.Encode(w, fc)
}

// Land is Scotland's register of land the authority owns or leases (2015 Act s.94).
func (h *Handlers) Land(w http.ResponseWriter, r *http.Request) error {
	if !h.Svc.Runs(KindATR) {
		return errNotFound
	}
	land, err := h.Svc.LandRegister(r.Context())
	if err != nil {
		return err
	}
	p := struct {
		page
		Land    []Land
		Officer bool
	}{page: h.page(r, "ownership.land.title"), Land: land, Officer: IsOfficer(web.CurrentUser(r))}
	h.Kit.Render(w, r, http.StatusOK, "ownership/land", &p)
	return nil
}

var landFields = []string{"id", "name", "description", "address", "postcode", "uprn", "tenure", "latitude", "longitude", "asset_url"}

func (h *Handlers) landRecord(l Land) map[string]string {
	r := map[string]string{"id": l.ID, "name": l.Name, "description": l.Description, "address": l.Address, "postcode": l.Postcode,
		"uprn": l.UPRN, "tenure": l.Tenure}
	if l.AssetID != "" {
		r["asset_url"] = h.Svc.BaseURL + "/assets/" + l.AssetID
	}
	if l.Lat != nil && l.Lng != nil {
		r["latitude"], r["longitude"] = strconv.FormatFloat(*l.Lat, 'f', 6, 64), strconv.FormatFloat(*l.Lng, 'f', 6, 64)
	}
	return r
}

// LandCSV is the register of land as CSV.
func (h *Handlers) LandCSV(w http.ResponseWriter, r *http.Request) error {
	if !h.Svc.Runs(KindATR) {
		return errNotFound
	}
	land, err := h.Svc.LandRegister(r.Context())
	if err != nil {
		return err
	}
	csvout.Download(w, "register-of-land.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	if err := cw.Header(landFields); err != nil {
		return err
	}
	for _, l := range land {
		rec := h.landRecord(l)
		row := make([]string, len(landFields))
		for i, f := range landFields {
			row[i] = csvout.Cell(rec[f])
		}
		if err := cw.Row(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// LandGeoJSON is the register of land as GeoJSON.
func (h *Handlers) LandGeoJSON(w http.ResponseWriter, r *http.Request) error {
	if !h.Svc.Runs(KindATR) {
		return errNotFound
	}
	land, err := h.Svc.LandRegister(r.Context())
	if err != nil {
		return err
	}
	fc := geojson.FeatureCollection{Features: []geojson.Feature{}}
	for _, l := range land {
		props := map[string]any{}
		for k, v := range h.landRecord(l) {
			if k != "latitude" && k != "longitude" && k != "id" {
				props[k] = v
			}
		}
		fc.Features = append(fc.Features, geojson.Feature{ID: l.ID, Geometry: caseGeometry(l.Boundary, l.Lat, l.Lng), Properties: props})
	}
	w.Header().Set("Content-Type", geojson.ContentType)
	return geojson.Encode(w, fc)
}

// LandForm adds or edits an entry of the register of land.
func (h *Handlers) LandForm(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	if r.PathValue("id") != "" {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		land, err := h.Svc.LandRegister(r.Context())
		if err != nil {
			return err
		}
		found := false
		for _, l := range land {
			if l.ID == id {
				found = true
				f.Values.Set("id", l.ID)
				f.Values.Set("asset_id", l.AssetID)
				f.Values.Set("name", l.Name)
				f.Values.Set("description", l.Description)
				f.Values.Set("address", l.Address)
				f.Values.Set("postcode", l.Postcode)
				f.Values.Set("uprn", l.UPRN)
				f.Values.Set("boundary", l.Boundary)
				f.Values.Set("tenure", l.Tenure)
				if l.Lat != nil && l.Lng != nil {
					f.Values.Set("lat", strconv.FormatFloat(*l.Lat, 'f', -1, 64))
					f.Values.Set("lng", strconv.FormatFloat(*l.Lng, 'f', -1, 64))
				}
			}
		}
		if !found {
			return errNotFound
		}
	} else if a := r.URL.Query().Get("asset"); a != "" {
		f.Values.Set("asset_id", a)
	}
	return h.renderLandForm(w, r, http.StatusOK, f)
}

func (h *Handlers) renderLandForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := struct {
		page
		Form *web.Form
	}{page: h.page(r, "ownership.land.form_title"), Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "ownership/land_form", &p)
	return nil
}

// SaveLand stores an entry of the register of land.
func (h *Handlers) SaveLand(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in := LandInput{AssetID: f.Get("asset_id"), Name: f.Get("name"), Description: f.Get("description"), Address: f.Get("address"),
		Postcode: f.Get("postcode"), UPRN: f.Get("uprn"), Boundary: f.Get("boundary"), Lat: f.Get("lat"), Lng: f.Get("lng"), Tenure: f.Get("tenure")}
	if r.PathValue("id") != "" {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		in.ID = id
		f.Values.Set("id", id)
	}
	if _, err := h.Svc.SaveLand(r.Context(), web.CurrentUser(r), in); err != nil {
		if f.Take(err, "asset_id", "name", "address", "postcode", "uprn", "boundary", "lat", "tenure") {
			return h.renderLandForm(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "ownership.flash.land")
	web.Redirect(w, r, "/ownership/land")
	return nil
}

// DeleteLand removes an entry of the register of land.
func (h *Handlers) DeleteLand(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.DeleteLand, "ownership.flash.land_deleted", "/ownership/land")
}
