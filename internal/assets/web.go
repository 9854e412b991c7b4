package assets

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"commons/internal/assets/geo"
	"commons/internal/assets/record"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the capability's tables.
var Migrations = db.Embedded("assets", migrationsFS)

// Handlers serve the asset map's pages.
type Handlers struct {
	Kit     *web.Kit
	Svc     *Service
	TileURL string // the map's tile server, {z}/{x}/{y} template
}

// PerPage is how many assets a page of the list shows.
const PerPage = 20

// Radii are the distances (in miles) the search offers around a postcode.
var Radii = []string{"0.5", "1", "2", "5", "10"}

// search is a search as the page read it: the filter, its form, and where a postcode put it.
type search struct {
	Filter
	form     *web.Form
	location *Location
}

// searchForm reads the search from the query string; problems (an unknown postcode, a bad
// point) are put on the form and that part of the search is left out.
func (h *Handlers) searchForm(r *http.Request) (search, error) {
	q := r.URL.Query()
	f := web.EmptyForm()
	for _, k := range []string{"q", "category", "tag", "area", "postcode", "within", "near", "bbox", "open_now", "step_free"} {
		f.Values.Set(k, strings.TrimSpace(q.Get(k)))
	}
	flt := Filter{Q: f.Get("q"), Tag: f.Get("tag"), OpenNow: f.Get("open_now") != "", StepFree: f.Get("step_free") != ""}
	out := search{form: f}
	if c := f.Get("category"); contains(record.Categories, c) {
		flt.Category = c
	} else if c != "" {
		f.Fail("category", "assets.search.err.category")
	}
	if a := f.Get("area"); ids.Valid(a) {
		flt.AreaID = a
	} else if a != "" {
		f.Fail("area", "assets.search.err.area")
	}
	if pc := f.Get("postcode"); pc != "" {
		loc, ok, err := h.Svc.Locate(r.Context(), pc)
		switch {
		case err != nil:
			return out, err
		case ok:
			flt.Near, out.location = &loc.Point, &loc
		default:
			f.Fail("postcode", "assets.search.err.postcode")
		}
	}
	if n := f.Get("near"); n != "" && flt.Near == nil {
		if p, ok := geo.ParsePoint(n); ok {
			flt.Near = &p
		} else {
			f.Fail("near", "assets.search.err.near")
		}
	}
	if w := f.Get("within"); w != "" {
		miles, err := strconv.ParseFloat(w, 64)
		switch {
		case err != nil || !(miles > 0 && miles <= 50):
			f.Fail("within", "assets.search.err.within")
		case flt.Near == nil:
			if f.Error("postcode") == "" {
				f.Fail("postcode", "assets.search.err.within_postcode")
			}
		default:
			flt.WithinKm = miles * geo.KmPerMile
		}
	}
	if b := f.Get("bbox"); b != "" {
		if box, ok := geo.ParseBBox(b); ok {
			flt.BBox = &box
		} else {
			f.Fail("bbox", "assets.search.err.bbox")
		}
	}
	out.Filter = flt
	return out, nil
}

// searchQuery is the query string of a search without paging, for the download links.
func searchQuery(f *web.Form) string {
	v := url.Values{}
	for k, vs := range f.Values {
		if len(vs) > 0 && vs[0] != "" && f.Error(k) == "" {
			v.Set(k, vs[0])
		}
	}
	return v.Encode()
}

// CountCap is as far as the list page counts the matches: past it the page says "more than
// 1,000 assets", so a search for a common word costs no more than one for a rare word.
const CountCap = 1000

type listPage struct {
	web.Page
	Form       *web.Form
	Categories []string
	Areas      []Choice
	Assets     []Asset
	Total      int  // -1: not counted ("open now")
	TotalMore  bool // more than Total (the count stops at CountCap)
	PageNo     int
	PrevURL    string
	NextURL    string
	Search     string // the search's query string, for the downloads
	CSVURL     string
	GeoJSONURL string
	APIURL     string
	TileURL    string
	Officer    bool
	Radii      []string
	Location   *Location // where a postcode put the search
	Failed     bool      // part of the search could not be used and was left out
}

func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// List is the map and the list of assets, with search and filters; it works without JavaScript.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	sr, err := h.searchForm(r)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	flt, f := sr.Filter, sr.form
	p := &listPage{Page: h.Kit.NewPage(r, "assets.title"), Form: f, Categories: record.Categories, TileURL: h.TileURL,
		PageNo: pageNumber(r), Officer: isOfficer(web.CurrentUser(r)), Radii: Radii, Location: sr.location, Failed: !f.Valid()}
	p.Errors = f
	ctx := r.Context()
	if p.Areas, err = h.Svc.Areas(ctx); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	flt.Limit, flt.Offset = PerPage, (p.PageNo-1)*PerPage
	if p.Assets, err = h.Svc.Search(ctx, web.CurrentUser(r), flt); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if !flt.OpenNow {
		if p.Total, err = h.Svc.CountUpTo(ctx, flt, CountCap); err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		if p.Total > CountCap {
			p.Total, p.TotalMore = CountCap, true
		}
	} else {
		p.Total = -1
	}
	p.Search = searchQuery(f)
	p.CSVURL, p.GeoJSONURL, p.APIURL = "/assets.csv?"+p.Search, "/assets.geojson?"+p.Search, "/api/v1/assets?"+p.Search
	page := func(n int) string {
		v, _ := url.ParseQuery(p.Search)
		v.Set("page", strconv.Itoa(n))
		return "/assets?" + v.Encode()
	}
	if len(p.Assets) > PerPage {
		p.Assets = p.Assets[:PerPage]
		p.NextURL = page(p.PageNo + 1)
	}
	if p.PageNo > 1 {
		p.PrevURL = page(p.PageNo - 1)
	}
	h.Kit.Render(w, r, http.StatusOK, "assets/list", p)
}

type assetPage struct {
	web.Page
	Item      Asset
	History   []Change
	CanEdit   bool
	CanVerify bool
	Open      bool
	Known     bool
	Stale     bool
}

// Show is one asset with its history.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	u := web.CurrentUser(r)
	a, err := h.Svc.Asset(r.Context(), u, id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	hist, err := h.Svc.History(r.Context(), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	p := &assetPage{Page: h.Kit.NewPage(r, "assets.asset.title", "name", a.Name), Item: a, History: hist,
		CanEdit: CanEdit(u, a), CanVerify: isOfficer(u) && (a.Status == StatusSuggested || a.VerifiedAt == nil || h.Svc.Stale(r.Context(), a)),
		Stale: h.Svc.Stale(r.Context(), a)}
	p.Open, p.Known = h.Svc.OpenNow(r.Context(), a)
	h.Kit.Render(w, r, http.StatusOK, "assets/asset", p)
}

type formPage struct {
	web.Page
	Form       *web.Form
	Item       Asset
	Categories []string
	Ownerships []string
	Areas      []Choice
	Orgs       []Choice
	Officer    bool
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, a Asset, f *web.Form) {
	title := "assets.new.title"
	if a.ID != "" {
		title = "assets.edit.title"
	}
	u := web.CurrentUser(r)
	p := &formPage{Page: h.Kit.NewPage(r, title, "name", a.Name), Form: f, Item: a, Categories: record.Categories,
		Ownerships: record.Ownerships, Officer: isOfficer(u)}
	p.Errors = f
	var err error
	if p.Areas, err = h.Svc.Areas(r.Context()); err == nil {
		p.Orgs, err = h.Svc.Organisations(r.Context(), u)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if a.OrganisationID != "" && !choiceHas(p.Orgs, a.OrganisationID) {
		p.Orgs = append(p.Orgs, Choice{a.OrganisationID, a.OrganisationName})
	}
	h.Kit.Render(w, r, status, "assets/form", p)
}

func choiceHas(cs []Choice, id string) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

func inputFrom(f *web.Form) record.Input {
	var in record.Input
	for _, name := range record.Fields {
		*in.Get(name) = f.Get(name)
	}
	return in
}

// FormValues fills a form from an asset, for editing.
func formValues(a Asset) *web.Form {
	f := web.EmptyForm()
	set := f.Values.Set
	set("name", a.Name)
	set("description", a.Description)
	set("category", a.Category)
	set("tags", strings.Join(a.Tags, ", "))
	set("area", a.AreaID)
	set("address", a.Address)
	set("postcode", a.Postcode)
	if a.Lat != nil {
		set("latitude", strconv.FormatFloat(*a.Lat, 'f', -1, 64))
		set("longitude", strconv.FormatFloat(*a.Lon, 'f', -1, 64))
	}
	set("opening_hours", a.OpeningHours)
	set("contact_name", a.ContactName)
	set("contact_email", a.ContactEmail)
	set("contact_phone", a.ContactPhone)
	set("website", a.Website)
	set("accessibility", a.Accessibility)
	if a.StepFree {
		set("step_free", "yes")
	}
	set("ownership", a.Ownership)
	set("facilities", a.Facilities)
	if a.Capacity != nil {
		set("capacity", strconv.Itoa(*a.Capacity))
	}
	set("services", a.Services)
	set("organisation", a.OrganisationID)
	return f
}

// New is the form to suggest (or, for officers and organisations, add) an asset.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	f := web.EmptyForm()
	f.Values.Set("category", r.URL.Query().Get("category"))
	f.Values.Set("ownership", "community")
	h.renderForm(w, r, http.StatusOK, Asset{}, f)
}

// Create saves a new asset.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(r)
	a, err := h.Svc.Create(r.Context(), web.CurrentUser(r), inputFrom(f))
	if err != nil {
		if f.Take(err, record.Fields...) {
			h.renderForm(w, r, http.StatusUnprocessableEntity, Asset{}, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	if a.Status == StatusSuggested {
		h.Kit.Flash(w, "assets.flash.suggested")
	} else {
		h.Kit.Flash(w, "assets.flash.saved")
	}
	web.Redirect(w, r, "/assets/"+a.ID)
}

// Edit is the form to change an asset.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	a, err := h.Svc.editable(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, a, formValues(a))
}

// Update saves changes to an asset.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	f := web.NewForm(r)
	u := web.CurrentUser(r)
	if _, err := h.Svc.Update(r.Context(), u, id, inputFrom(f)); err != nil {
		if f.Take(err, record.Fields...) {
			a, gerr := h.Svc.editable(r.Context(), u, id)
			if gerr != nil {
				h.Kit.Error(w, r, gerr)
				return
			}
			h.renderForm(w, r, http.StatusUnprocessableEntity, a, f)
			return
		}
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "assets.flash.saved")
	web.Redirect(w, r, "/assets/"+id)
}

// Verify is an officer confirming an asset.
func (h *Handlers) Verify(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	if err := h.Svc.Verify(r.Context(), web.CurrentUser(r), id); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "assets.flash.verified")
	web.Redirect(w, r, "/assets/"+id)
}

// Checked records that an owner checked the asset is still right.
func (h *Handlers) Checked(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	if err := h.Svc.MarkChecked(r.Context(), web.CurrentUser(r), id); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "assets.flash.checked")
	web.Redirect(w, r, "/assets/"+id)
}

type reviewPage struct {
	web.Page
	Assets []Asset
}

// Review lists suggestions waiting for an officer.
func (h *Handlers) Review(w http.ResponseWriter, r *http.Request) {
	as, err := h.Svc.Search(r.Context(), web.CurrentUser(r), Filter{Status: StatusSuggested, Limit: 500})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "assets/review", &reviewPage{Page: h.Kit.NewPage(r, "assets.review.title"), Assets: as})
}

func fieldErrors(f *web.Form) error {
	m := map[string]string{}
	for _, k := range f.Order {
		m[k] = f.Errors[k]
	}
	return errs.FieldErrors(m)
}
