package assets

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"commons/internal/assets/geo"
	"commons/internal/assets/hours"
	"commons/internal/assets/record"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// Open Referral UK 3.0 (the UK profile of HSDS 3.0), read-only under /openreferral/. Published
// assets are services; organisations are organizations; an asset's place is a location with
// its address and accessibility; the six asset categories are the terms of one taxonomy.
// People's skills are never in this feed, nor who added or checked an entry.

// ORUK is the Open Referral UK feed.
type ORUK struct {
	Svc     *Service
	Kit     *web.Kit
	BaseURL string
	Place   string
}

type obj = map[string]any

// stableID derives a fixed UUID (version 5 layout) for things the feed needs an id for but
// the database does not store: taxonomy terms, locations, schedules, addresses.
func stableID(parts ...string) string {
	h := sha1.Sum([]byte("commons-oruk:" + strings.Join(parts, ":")))
	b := h[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

var taxonomyID = stableID("taxonomy", "asset-categories")

func termID(category string) string { return stableID("term", category) }

func (o *ORUK) term(lang, category string) obj {
	return obj{"id": termID(category), "name": o.Svc.T(lang, "assets.category."+category), "description": o.Svc.T(lang, "assets.category."+category+".hint"),
		"taxonomy_id": taxonomyID, "taxonomy": "Commons asset categories", "term": category}
}

func (o *ORUK) taxonomy(lang string, withTerms bool) obj {
	t := obj{"id": taxonomyID, "name": "Commons asset categories", "description": o.Svc.T(lang, "assets.oruk.taxonomy_description"),
		"uri": o.BaseURL + "/openreferral/taxonomies/" + taxonomyID, "version": "1"}
	if withTerms {
		var terms []obj
		for _, c := range record.Categories {
			terms = append(terms, o.term(lang, c))
		}
		t["taxonomy_terms"] = terms
	}
	return t
}

func setIf(m obj, k, v string) {
	if v != "" {
		m[k] = v
	}
}

func (o *ORUK) location(a Asset) (obj, bool) {
	p, hasPoint := a.Point()
	if !hasPoint && (a.Address == "" || a.Postcode == "") {
		return nil, false
	}
	locID := stableID("location", a.ID)
	loc := obj{"id": locID, "location_type": "physical", "name": a.Name}
	if hasPoint {
		loc["latitude"], loc["longitude"] = p.Lat, p.Lon
	}
	if a.Address != "" && a.Postcode != "" {
		city := a.AreaName
		if city == "" {
			city = o.Place
		}
		loc["addresses"] = []obj{{"id": stableID("address", a.ID), "location_id": locID, "address_1": a.Address, "city": city,
			"state_province": o.Place, "postal_code": a.Postcode, "country": "GB", "address_type": "physical"}}
	}
	if a.Accessibility != "" || a.StepFree {
		acc := obj{"id": stableID("accessibility", a.ID), "location_id": locID}
		setIf(acc, "description", a.Accessibility)
		if a.StepFree {
			acc["details"] = "Step-free access"
		}
		loc["accessibility"] = []obj{acc}
	}
	return loc, true
}

func (o *ORUK) schedules(a Asset) []obj {
	w, err := hours.Parse(a.OpeningHours)
	if err != nil || !w.Known() || w.Always {
		return nil
	}
	days := []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}
	var out []obj
	for i, s := range w.Spans {
		var by []string
		for d := 1; d <= 7; d++ {
			if s.Days[d%7] {
				by = append(by, days[d%7])
			}
		}
		c := s.Close % (24 * 60)
		out = append(out, obj{"id": stableID("schedule", a.ID, strconv.Itoa(i)), "service_id": a.ID, "freq": "WEEKLY",
			"byday": strings.Join(by, ","), "opens_at": fmt.Sprintf("%02d:%02d", s.Open/60, s.Open%60),
			"closes_at": fmt.Sprintf("%02d:%02d", c/60, c%60), "attending_type": "in_person"})
	}
	return out
}

func (o *ORUK) service(lang string, a Asset, full bool) obj {
	s := obj{"id": a.ID, "name": a.Name, "description": a.Description, "status": "active",
		"assured_date": a.LastCheckedAt.Format("2006-01-02"), "last_modified": a.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z")}
	setIf(s, "organization_id", a.OrganisationID)
	if record.ValidWebsite(a.Website) {
		s["url"] = a.Website
	}
	if record.ValidEmail(a.ContactEmail) {
		s["email"] = a.ContactEmail
	}
	s["attributes"] = []obj{{"id": stableID("attribute", a.ID), "link_id": a.ID, "link_type": "service", "taxonomy_term_id": termID(a.Category),
		"taxonomy_term": o.term(lang, a.Category)}}
	if !full {
		return s
	}
	if loc, ok := o.location(a); ok {
		s["service_at_locations"] = []obj{{"id": stableID("sal", a.ID), "service_id": a.ID, "location_id": loc["id"], "location": loc}}
	}
	if sch := o.schedules(a); len(sch) > 0 {
		s["schedules"] = sch
	}
	if a.OrganisationID != "" {
		s["organization"] = obj{"id": a.OrganisationID, "name": a.OrganisationName, "description": a.OrganisationName}
	}
	return s
}

// paging reads page and per_page (default 50, at most 500).
func paging(r *http.Request) (page, perPage int, err error) {
	q := r.URL.Query()
	page, perPage = 1, 50
	if s := q.Get("page"); s != "" {
		if page, err = strconv.Atoi(s); err != nil || page < 1 {
			return 0, 0, errs.FieldErrors(map[string]string{"page": "assets.oruk.err.page"})
		}
	}
	if s := q.Get("per_page"); s != "" {
		if perPage, err = strconv.Atoi(s); err != nil || perPage < 1 || perPage > 500 {
			return 0, 0, errs.FieldErrors(map[string]string{"per_page": "assets.oruk.err.per_page"})
		}
	}
	return page, perPage, nil
}

func pageBody(total, page, perPage int, contents []obj) obj {
	if contents == nil {
		contents = []obj{}
	}
	pages := int(math.Ceil(float64(total) / float64(perPage)))
	return obj{"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
		"first_page": page == 1, "last_page": page >= pages, "empty": len(contents) == 0, "contents": contents}
}

func (o *ORUK) send(w http.ResponseWriter, v any) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	web.JSON(w, http.StatusOK, v)
}

// fail lets any site read the error the adapter answers with, as it may read the lists.
func (o *ORUK) fail(w http.ResponseWriter, err error) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	return err
}

// Root is the API details.
func (o *ORUK) Root(w http.ResponseWriter, r *http.Request) error {
	o.send(w, obj{"version": "3.0", "profile": "https://openreferraluk.org/", "openapi_url": "https://openreferraluk.org/specifications/3.0/openapi.json"})
	return nil
}

// serviceFilter reads the standard's filters on services.
func (o *ORUK) serviceFilter(r *http.Request) (Filter, bool, error) {
	q := r.URL.Query()
	f := Filter{Q: q.Get("search")}
	if t := q.Get("taxonomy_term_id"); t != "" {
		f.Category = "-" // matches nothing unless a term is ours
		for _, c := range record.Categories {
			if termID(c) == t {
				f.Category = c
			}
		}
	}
	if t := q.Get("taxonomy_id"); t != "" && t != taxonomyID {
		return f, false, nil
	}
	if org := q.Get("organization_id"); org != "" {
		if !ids.Valid(org) {
			return f, false, nil
		}
		f.OrgID = org
	}
	if m := q.Get("modified_after"); m != "" {
		t, err := time.Parse(time.RFC3339, m)
		if err != nil {
			if t, err = time.Parse("2006-01-02", m); err != nil {
				return f, false, errs.FieldErrors(map[string]string{"modified_after": "assets.oruk.err.modified_after"})
			}
		}
		f.Modified = t.UTC()
	}
	if pc := q.Get("postcode"); pc != "" {
		p, ok := geo.Locate(pc)
		if !ok {
			return f, false, nil
		}
		f.Near = &p
	}
	return f, true, nil
}

func (o *ORUK) list(ctx context.Context, r *http.Request, f Filter, page, perPage int) ([]Asset, int, error) {
	total, err := o.Svc.Count(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	f.Limit, f.Offset = perPage, (page-1)*perPage
	as, err := o.Svc.Search(ctx, nil, f)
	if len(as) > perPage {
		as = as[:perPage]
	}
	return as, total, err
}

// Services is the paged list of services.
func (o *ORUK) Services(w http.ResponseWriter, r *http.Request) error {
	page, perPage, err := paging(r)
	if err != nil {
		return o.fail(w, err)
	}
	f, any, err := o.serviceFilter(r)
	if err != nil {
		return o.fail(w, err)
	}
	var out []obj
	total := 0
	if any {
		as, n, err := o.list(r.Context(), r, f, page, perPage)
		if err != nil {
			return o.fail(w, err)
		}
		total = n
		full := r.URL.Query().Get("full") == "true"
		for _, a := range as {
			if r.URL.Query().Get("minimal") == "true" {
				out = append(out, obj{"id": a.ID, "name": a.Name, "status": "active", "last_modified": a.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z")})
				continue
			}
			out = append(out, o.service(web.Lang(r), a, full))
		}
	}
	o.send(w, pageBody(total, page, perPage, out))
	return nil
}

// Service is one service, fully nested.
func (o *ORUK) Service(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	a, err := o.Svc.Asset(r.Context(), nil, id)
	if err != nil {
		return o.fail(w, err)
	}
	o.send(w, o.service(web.Lang(r), a, true))
	return nil
}

// ServiceAtLocations pairs each located service with its location; postcode orders by distance
// and proximity (metres) keeps those within reach of it.
func (o *ORUK) ServiceAtLocations(w http.ResponseWriter, r *http.Request) error {
	page, perPage, err := paging(r)
	if err != nil {
		return o.fail(w, err)
	}
	f, any, err := o.serviceFilter(r)
	if err != nil {
		return o.fail(w, err)
	}
	var out []obj
	total := 0
	if any {
		if prox := r.URL.Query().Get("proximity"); prox != "" && f.Near != nil {
			m, err := strconv.ParseFloat(prox, 64)
			if err != nil || m <= 0 {
				return o.fail(w, errs.FieldErrors(map[string]string{"proximity": "assets.oruk.err.proximity"}))
			}
			dLat := m / 111320
			dLon := dLat / math.Max(geo.LonScale(f.Near.Lat), 0.01)
			f.BBox = &geo.BBox{West: f.Near.Lon - dLon, South: f.Near.Lat - dLat, East: f.Near.Lon + dLon, North: f.Near.Lat + dLat}
		}
		as, n, err := o.list(r.Context(), r, f, page, perPage)
		if err != nil {
			return o.fail(w, err)
		}
		total = n
		for _, a := range as {
			loc, ok := o.location(a)
			if !ok {
				continue
			}
			out = append(out, obj{"id": stableID("sal", a.ID), "service_id": a.ID, "location_id": loc["id"], "location": loc})
		}
	}
	o.send(w, pageBody(total, page, perPage, out))
	return nil
}

// Organizations lists the organisations that own published assets.
func (o *ORUK) Organizations(w http.ResponseWriter, r *http.Request) error {
	page, perPage, err := paging(r)
	if err != nil {
		return o.fail(w, err)
	}
	orgs, total, err := o.Svc.oruKOrgs(r.Context(), "", r.URL.Query().Get("search"), perPage, (page-1)*perPage)
	if err != nil {
		return o.fail(w, err)
	}
	o.send(w, pageBody(total, page, perPage, orgs))
	return nil
}

// Organization is one organisation with its services.
func (o *ORUK) Organization(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	orgs, _, err := o.Svc.oruKOrgs(r.Context(), id, "", 1, 0)
	if err != nil {
		return o.fail(w, err)
	}
	if len(orgs) == 0 {
		return o.fail(w, errs.E(errs.NotFound, "error.not_found"))
	}
	as, err := o.Svc.Search(r.Context(), nil, Filter{OrgID: id, Limit: 1000})
	if err != nil {
		return o.fail(w, err)
	}
	services := []obj{}
	for _, a := range as {
		services = append(services, o.service(web.Lang(r), a, false))
	}
	orgs[0]["services"] = services
	o.send(w, orgs[0])
	return nil
}

// Taxonomies is the one taxonomy: the asset categories.
func (o *ORUK) Taxonomies(w http.ResponseWriter, r *http.Request) error {
	o.send(w, pageBody(1, 1, 50, []obj{o.taxonomy(web.Lang(r), false)}))
	return nil
}

// Taxonomy is the categories' taxonomy by id.
func (o *ORUK) Taxonomy(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("id") != taxonomyID {
		return o.fail(w, errs.E(errs.NotFound, "error.not_found"))
	}
	o.send(w, o.taxonomy(web.Lang(r), true))
	return nil
}

// TaxonomyTerms lists the categories as terms.
func (o *ORUK) TaxonomyTerms(w http.ResponseWriter, r *http.Request) error {
	var terms []obj
	if t := r.URL.Query().Get("taxonomy_id"); t == "" || t == taxonomyID {
		for _, c := range record.Categories {
			terms = append(terms, o.term(web.Lang(r), c))
		}
	}
	o.send(w, pageBody(len(terms), 1, 50, terms))
	return nil
}

// TaxonomyTerm is one category.
func (o *ORUK) TaxonomyTerm(w http.ResponseWriter, r *http.Request) error {
	for _, c := range record.Categories {
		if termID(c) == r.PathValue("id") {
			o.send(w, o.term(web.Lang(r), c))
			return nil
		}
	}
	return o.fail(w, errs.E(errs.NotFound, "error.not_found"))
}
