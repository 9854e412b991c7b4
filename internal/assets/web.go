package assets

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"commons/internal/assets/geo"
	"commons/internal/assets/hours"
	"commons/internal/assets/record"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/place"
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
	if words, cut := SearchWords(flt.Q); cut {
		flt.Q = strings.Join(words, " ") // what a search uses; the list page says so
	}
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
		if len(vs) > 0 && vs[0] != "" && (f.Error(k) == "" || k == "q") {
			v.Set(k, vs[0])
		}
	}
	return v.Encode()
}

// CountCap is as far as the list page counts the matches: past it the page says "more than
// 1,000 assets", so a search for a common word costs no more than one for a rare word.
const CountCap = 1000

// CategoryLabel is a category as the search page names it, in the page's language.
type CategoryLabel struct{ Key, Name, Letter string }

// categoryLabels names every category once per page, for the search's choices and the map's
// legend, rather than the template translating each name three times.
func categoryLabels(p *web.Page) []CategoryLabel {
	out := make([]CategoryLabel, len(record.Categories))
	for i, c := range record.Categories {
		out[i] = CategoryLabel{Key: c, Name: p.T("assets.category." + c), Letter: p.T("assets.category." + c + ".letter")}
	}
	return out
}

type listPage struct {
	web.Page
	Form       *web.Form
	Categories []CategoryLabel
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
	MapScript  string
	Centre     string  // "lat,lon" where the map starts before the assets are drawn
	RadiusKm   float64 // the radius searched, drawn on the map
	InWindow   bool    // the list holds only the map's window (bbox)
	AllURL     string  // the same search without the window
}

func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// List is the map and the list of assets, with search and filters; it works without JavaScript.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	sr, err := h.searchForm(r)
	if err != nil {
		return err
	}
	flt, f := sr.Filter, sr.form
	if _, cut := SearchWords(f.Get("q")); cut {
		f.Fail("q", "assets.search.err.too_long")
		f.Values.Set("q", flt.Q) // the box shows the words searched for
	}
	p := &listPage{Page: h.Kit.NewPage(r, "assets.title"), Form: f, TileURL: h.TileURL,
		PageNo: pageNumber(r), Officer: isOfficer(web.CurrentUser(r)), Radii: Radii, Location: sr.location, Failed: !f.Valid()}
	p.Categories = categoryLabels(&p.Page)
	p.Errors = f
	ctx := r.Context()
	if p.Areas, err = h.Svc.Areas(ctx); err != nil {
		return err
	}
	flt.Limit, flt.Offset, flt.Summary = PerPage, (p.PageNo-1)*PerPage, true
	if p.Assets, err = h.Svc.Search(ctx, web.CurrentUser(r), flt); err != nil {
		return err
	}
	if !flt.OpenNow {
		if p.Total, err = h.Svc.CountUpTo(ctx, flt, CountCap); err != nil {
			return err
		}
		if p.Total > CountCap {
			p.Total, p.TotalMore = CountCap, true
		}
	} else {
		p.Total = -1
	}
	p.MapScript, p.RadiusKm = mapScript.URL, flt.WithinKm
	if flt.Near != nil {
		p.Centre = strconv.FormatFloat(flt.Near.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(flt.Near.Lon, 'f', 6, 64)
	} else if c, ok, err := h.Svc.MapCentre(ctx); err == nil && ok {
		p.Centre = strconv.FormatFloat(c.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(c.Lon, 'f', 6, 64)
	}
	if flt.BBox != nil {
		p.InWindow = true
		v := r.URL.Query()
		v.Del("bbox")
		v.Del("page")
		p.AllURL = "/assets?" + v.Encode()
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
	return nil
}

type assetPage struct {
	web.Page
	Item       Asset
	History    []Change
	CanEdit    bool
	CanVerify  bool
	CanSuggest bool // signed out too: the link asks them to sign in
	Pending    []Correction
	Open       bool
	Known      bool
	Stale      bool
	Days       []OpeningDay
	AtPlace    []place.Mention // what other capabilities hold at this place
}

// OpeningDay is one day of an asset's opening times as the asset page shows them.
type OpeningDay struct {
	Key   string // mo ... su
	Times []string
}

// OpeningDays are the asset's opening times day by day, Monday first.
func (a Asset) OpeningDays() []OpeningDay {
	w, err := hours.Parse(a.OpeningHours)
	if err != nil || !w.Known() || w.Always {
		return nil
	}
	var out []OpeningDay
	for i, rs := range w.ByDay() {
		d := OpeningDay{Key: dayKeys[i]}
		for _, r := range rs {
			d.Times = append(d.Times, r.Times())
		}
		out = append(out, d)
	}
	return out
}

// AlwaysOpen reports whether the asset is open all the time.
func (a Asset) AlwaysOpen() bool { return strings.TrimSpace(a.OpeningHours) == "24/7" }

// asset is the asset the request's path names, as the person asking may see it.
func (h *Handlers) asset(r *http.Request) (Asset, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Asset{}, err
	}
	return h.Svc.Asset(r.Context(), web.CurrentUser(r), id)
}

// Show is one asset with its history.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	a, err := h.asset(r)
	if err != nil {
		return err
	}
	id, u := a.ID, web.CurrentUser(r)
	hist, err := h.Svc.History(r.Context(), id)
	if err != nil {
		return err
	}
	p := &assetPage{Page: h.Kit.NewPage(r, "assets.asset.title", "name", a.Name), Item: a, History: hist,
		CanEdit: CanEdit(u, a), CanVerify: isOfficer(u) && (a.Status == StatusSuggested || a.VerifiedAt == nil || h.Svc.Stale(r.Context(), a)),
		Stale: h.Svc.Stale(r.Context(), a), CanSuggest: (u == nil || CanSuggest(u, a)) && a.Status == StatusPublished, Days: a.OpeningDays()}
	if p.CanEdit {
		if p.Pending, err = h.Svc.PendingCorrections(r.Context(), u, a.ID); err != nil {
			return err
		}
	}
	if p.AtPlace, err = h.Svc.AtPlace(r.Context(), a.ID, p.Lang, u); err != nil {
		return err
	}
	p.Open, p.Known = h.Svc.OpenNow(r.Context(), a)
	h.Kit.Render(w, r, http.StatusOK, "assets/asset", p)
	return nil
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
	Days       []dayForm // opening times, day by day
	Correction bool      // the form suggests a correction instead of saving
	TileURL    string    // the map for dropping a pin, when JavaScript runs
	MapScript  string
}

// dayKeys name the days in the form, Monday first.
var dayKeys = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}

// dayForm is one day of the opening-times form: its openings, at least two pairs of boxes.
type dayForm struct {
	Key   string
	Pairs []int // 1, 2, ...: the form's hours_KEY_openN and hours_KEY_closeN
	Rest  []int // the openings after the first, behind "open again later"
	More  bool  // a second opening is filled in, so its boxes show at once
}

// openingPairs is how many openings a day offers at least.
const openingPairs = 2

// dayForms lays out the opening-times boxes for the values in the form.
func dayForms(f *web.Form) []dayForm {
	out := make([]dayForm, len(dayKeys))
	for i, d := range dayKeys {
		n := openingPairs
		for f.Get(hoursField(d, "open", n+1)) != "" || f.Get(hoursField(d, "close", n+1)) != "" {
			n++
		}
		out[i] = dayForm{Key: d, More: f.Get(hoursField(d, "open", 2)) != "" || f.Get(hoursField(d, "close", 2)) != ""}
		for k := 1; k <= n; k++ {
			out[i].Pairs = append(out[i].Pairs, k)
			if k > 1 {
				out[i].Rest = append(out[i].Rest, k)
			}
		}
	}
	return out
}

func hoursField(day, which string, n int) string {
	return "hours_" + day + "_" + which + strconv.Itoa(n)
}

// hoursFromForm reads the day-by-day opening times into the text the asset stores ("Mo-Fr
// 09:00-17:00; Sa 10:00-12:00", or 24/7). A day left empty is closed; no times at all means
// they are not known. Each box pair with a problem is named.
func hoursFromForm(f *web.Form) (string, map[string]string) {
	if f.Get("hours_always") == "yes" {
		return "24/7", nil
	}
	var days [7][]hours.Range
	problems := map[string]string{}
	for i, d := range dayKeys {
		for n := 1; ; n++ {
			open, close := hoursField(d, "open", n), hoursField(d, "close", n)
			if _, sent := f.Values[open]; !sent && n > openingPairs {
				break
			}
			o, c := f.Get(open), f.Get(close)
			if o == "" && c == "" {
				continue
			}
			r, err := hours.NewRange(o, c)
			if err != nil {
				problems[open] = "assets.err.hours_day"
				continue
			}
			days[i] = append(days[i], r)
		}
	}
	w := hours.FromDays(days)
	if len(problems) == 0 && len(w.String()) > record.MaxShort {
		problems["hours_mo_open1"] = "assets.err.hours_long"
	}
	return w.String(), problems
}

// hoursToForm fills the opening-times boxes from the stored text.
func hoursToForm(f *web.Form, text string) {
	w, err := hours.Parse(text)
	if err != nil {
		return
	}
	if w.Always {
		f.Values.Set("hours_always", "yes")
		return
	}
	for i, rs := range w.ByDay() {
		for n, r := range rs {
			f.Values.Set(hoursField(dayKeys[i], "open", n+1), hours.Clock(r.Open))
			f.Values.Set(hoursField(dayKeys[i], "close", n+1), hours.Clock(r.Close))
		}
	}
}

// failHours puts the opening times' problems on the form in the page's order.
func failHours(f *web.Form, problems map[string]string) {
	for _, d := range dayKeys {
		for n := 1; n <= len(problems)+openingPairs+8; n++ {
			if k, ok := problems[hoursField(d, "open", n)]; ok {
				f.Fail(hoursField(d, "open", n), k)
			}
		}
	}
	for k, v := range problems { // any not named by a day
		f.Fail(k, v)
	}
}

// formInput reads the asset form: the fields, with the opening times from the day-by-day boxes.
func formInput(f *web.Form) (record.Input, map[string]string) {
	in := inputFrom(f)
	var problems map[string]string
	in.OpeningHours, problems = hoursFromForm(f)
	return in, problems
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, a Asset, f *web.Form) error {
	title := "assets.new.title"
	if a.ID != "" {
		title = "assets.edit.title"
	}
	u := web.CurrentUser(r)
	p := &formPage{Page: h.Kit.NewPage(r, title, "name", a.Name), Form: f, Item: a, Categories: record.Categories,
		Ownerships: record.Ownerships, Officer: isOfficer(u), Days: dayForms(f), TileURL: h.TileURL, MapScript: mapScript.URL}
	p.Errors = f
	var err error
	if p.Areas, err = h.Svc.Areas(r.Context()); err == nil {
		p.Orgs, err = h.Svc.Organisations(r.Context(), u)
	}
	if err != nil {
		return err
	}
	if a.OrganisationID != "" && !choiceHas(p.Orgs, a.OrganisationID) {
		p.Orgs = append(p.Orgs, Choice{a.OrganisationID, a.OrganisationName})
	}
	h.Kit.Render(w, r, status, "assets/form", p)
	return nil
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
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("category", r.URL.Query().Get("category"))
	f.Values.Set("ownership", "community")
	return h.renderForm(w, r, http.StatusOK, Asset{}, f)
}

// Create saves a new asset.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in, hp := formInput(f)
	var a Asset
	var err error
	if len(hp) > 0 {
		// The other fields' problems are shown with the opening times'; nothing is saved.
		err = h.Svc.Validate(r.Context(), web.CurrentUser(r), in, "")
		failHours(f, hp)
	} else {
		a, err = h.Svc.Create(r.Context(), web.CurrentUser(r), in)
	}
	if err != nil && !f.Take(err, record.Fields...) {
		return err
	}
	if !f.Valid() {
		return h.renderForm(w, r, http.StatusUnprocessableEntity, Asset{}, f)
	}
	if a.Status == StatusSuggested {
		h.Kit.Flash(w, "assets.flash.suggested")
	} else {
		h.Kit.Flash(w, "assets.flash.saved")
	}
	web.Redirect(w, r, "/assets/"+a.ID)
	return nil
}

// Edit is the form to change an asset.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.Svc.editable(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	f := formValues(a)
	hoursToForm(f, a.OpeningHours)
	return h.renderForm(w, r, http.StatusOK, a, f)
}

// Update saves changes to an asset.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	u := web.CurrentUser(r)
	in, hp := formInput(f)
	if len(hp) > 0 {
		err = h.Svc.Validate(r.Context(), u, in, id)
		failHours(f, hp)
	} else {
		_, err = h.Svc.Update(r.Context(), u, id, in)
	}
	if err != nil && !f.Take(err, record.Fields...) {
		return err
	}
	if !f.Valid() {
		a, gerr := h.Svc.editable(r.Context(), u, id)
		if gerr != nil {
			return gerr
		}
		return h.renderForm(w, r, http.StatusUnprocessableEntity, a, f)
	}
	h.Kit.Flash(w, "assets.flash.saved")
	web.Redirect(w, r, "/assets/"+id)
	return nil
}

// Verify is an officer confirming an asset.
func (h *Handlers) Verify(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.Verify, "assets.flash.verified", "/assets/{id}")
}

// Checked records that an owner checked the asset is still right.
func (h *Handlers) Checked(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.MarkChecked, "assets.flash.checked", "/assets/{id}")
}

type reviewPage struct {
	web.Page
	Assets []Asset
}

// Review lists suggestions waiting for an officer.
func (h *Handlers) Review(w http.ResponseWriter, r *http.Request) error {
	as, err := h.Svc.Search(r.Context(), web.CurrentUser(r), Filter{Status: StatusSuggested, Limit: 500})
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "assets/review", &reviewPage{Page: h.Kit.NewPage(r, "assets.review.title"), Assets: as})
	return nil
}

func fieldErrors(f *web.Form) error {
	m := map[string]string{}
	for _, k := range f.Order {
		m[k] = f.Errors[k]
	}
	return errs.FieldErrors(m)
}
