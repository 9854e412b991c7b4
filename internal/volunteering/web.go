package volunteering

import (
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
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
var Migrations = db.Embedded("volunteering", migrationsFS)

// Handlers serve the volunteering pages.
type Handlers struct {
	Kit *web.Kit
	Svc *Service
	// TileURL is the map tile server ({z}/{x}/{y} template); the list works without it.
	TileURL string
}

// page is what every volunteering page embeds: the shell's Page and helpers for dates in the
// page's language and the standard's terms.
type page struct{ web.Page }

func (h *Handlers) page(r *http.Request, titleKey string, args ...any) page {
	return page{h.Kit.NewPage(r, titleKey, args...)}
}

// Option is one choice of a select.
type Option struct{ Value, Label string }

// Checked reports whether a multi-valued form field holds v.
func (p *page) Checked(f *web.Form, name, v string) bool {
	return f != nil && slices.Contains(f.Values[name], v)
}

// Lists the templates range over.
func (p *page) Causes() []string             { return Causes }
func (p *page) Skills() []string             { return Skills }
func (p *page) AccessibilityTerms() []string { return AccessibilityTerms }
func (p *page) Rewards() []string            { return Rewards }
func (p *page) Kinds() []string              { return Kinds }
func (p *page) Days() []string               { return Days }
func (p *page) Parts() []string              { return Parts }
func (p *page) Slots() []string              { return Slots() }

// CheckOptions are the checks a role may need, for a select.
func (p *page) CheckOptions() []Option {
	var out []Option
	for _, c := range CheckKinds {
		out = append(out, Option{c, p.T("volunteering.check." + c)})
	}
	return out
}

// Term is a taxonomy term's label.
func (p *page) Term(t string) string { return p.T("volunteering.term." + t) }

// TermList is several terms' labels, joined.
func (p *page) TermList(ts Terms, prefix string) string {
	var out []string
	for _, t := range ts {
		out = append(out, p.T(prefix+t))
	}
	return strings.Join(out, ", ")
}

var weekdayKeys = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Day is "Monday 5 January 2026" (or "Dydd Llun 5 Ionawr 2026") in UK time.
func (p *page) Day(t time.Time) string { return dayName(p.T, t) }

func dayName(tr func(string, ...any) string, t time.Time) string {
	lt := Local(t)
	return tr("volunteering.day."+weekdayKeys[lt.Weekday()]) + " " + strconv.Itoa(lt.Day()) + " " +
		tr("volunteering.month."+strconv.Itoa(int(lt.Month()))) + " " + strconv.Itoa(lt.Year())
}

// Clock is a time of day in UK time, 24-hour.
func (p *page) Clock(t time.Time) string { return Local(t).Format("15:04") }

// Hours is minutes as hours and minutes ("2 h 30 min" / "2 awr 30 mun").
func (p *page) Hours(minutes int) string { return hoursText(p.T, minutes) }

func hoursText(tr func(string, ...any) string, minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return tr("volunteering.minutes", "n", m)
	case m == 0:
		return tr("volunteering.hours", "n", h)
	}
	return tr("volunteering.hours_minutes", "h", h, "m", m)
}

// Km is a distance in kilometres to one decimal place.
func (p *page) Km(d *float64) string {
	if d == nil {
		return ""
	}
	return p.T("volunteering.km", "n", strconv.FormatFloat(*d, 'f', 1, 64))
}

// formOf turns an opportunity back into its form, for the edit page.
func formOf(o Opportunity) *web.Form {
	v := url.Values{"title": {o.Title}, "description": {o.Description}, "kind": {o.Kind}, "organisation_id": {o.OrganisationID},
		"causes": o.Causes, "usual_slots": o.UsualSlots, "venue": {o.Venue}, "address": {o.Address}, "postcode": {o.Postcode},
		"area_id": {o.AreaID}, "place_id": {o.PlaceID}, "place_q": {o.Venue}, "team_min": {strconv.Itoa(o.TeamMin)}, "team_max": {strconv.Itoa(o.TeamMax)},
		"status": {o.Status}}
	switch {
	case o.FromHome:
		v.Set("where", "home")
	case o.PlaceID != "":
		v.Set("where", "place")
	default:
		v.Set("where", "address")
	}
	if o.HasPoint() {
		v.Set("latitude", strconv.FormatFloat(*o.Latitude, 'f', -1, 64))
		v.Set("longitude", strconv.FormatFloat(*o.Longitude, 'f', -1, 64))
	}
	return &web.Form{Values: v, Errors: map[string]string{}}
}

func roleFormOf(r Role, prefix string, v url.Values) {
	v.Set(prefix+"title", r.Title)
	v.Set(prefix+"description", r.Description)
	v.Set(prefix+"commitment", r.Commitment)
	v[prefix+"skills"] = r.Skills
	v[prefix+"accessibility"] = r.Accessibility
	v[prefix+"rewards"] = r.Rewards
	v.Set(prefix+"accessibility_note", r.AccessibilityNote)
	if r.MinAge > 0 {
		v.Set(prefix+"min_age", strconv.Itoa(r.MinAge))
	}
	v.Set(prefix+"check_needed", r.CheckNeeded)
	if r.AutoAccept {
		v.Set(prefix+"auto_accept", "yes")
	}
	if r.Minutes > 0 {
		v.Set(prefix+"minutes", strconv.Itoa(r.Minutes))
	}
}

func roleInput(f *web.Form, prefix string) RoleInput {
	return RoleInput{Title: f.Get(prefix + "title"), Description: f.Get(prefix + "description"), Commitment: f.Get(prefix + "commitment"),
		Skills: f.Values[prefix+"skills"], Accessibility: f.Values[prefix+"accessibility"], Rewards: f.Values[prefix+"rewards"],
		AccessibilityNote: f.Get(prefix + "accessibility_note"), MinAge: f.Get(prefix + "min_age"), CheckNeeded: f.Get(prefix + "check_needed"),
		AutoAccept: f.Get(prefix+"auto_accept") == "yes", Minutes: f.Get(prefix + "minutes")}
}

func opportunityInput(f *web.Form) OpportunityInput {
	return OpportunityInput{OrganisationID: f.Get("organisation_id"), Title: f.Get("title"), Description: f.Get("description"),
		Kind: f.Get("kind"), Causes: f.Values["causes"], Where: f.Get("where"), PlaceID: f.Get("place_id"), Venue: f.Get("venue"),
		Address: f.Get("address"), Postcode: f.Get("postcode"), Latitude: f.Get("latitude"), Longitude: f.Get("longitude"),
		AreaID: f.Get("area_id"), UsualSlots: f.Values["usual_slots"], TeamMin: f.Get("team_min"), TeamMax: f.Get("team_max"),
		Role: roleInput(f, "role_")}
}

// oppFields is the order of the opportunity form's fields, for the error summary.
var oppFields = []string{"organisation_id", "title", "description", "kind", "causes", "where", "place_q", "place_id", "venue", "address",
	"postcode", "latitude", "area_id", "usual_slots", "team_min", "role_title", "role_description", "role_commitment", "role_minutes",
	"role_check_needed", "role_auto_accept", "role_min_age", "role_rewards", "role_accessibility", "role_accessibility_note", "role_skills"}

var roleFields = []string{"title", "description", "commitment", "minutes", "check_needed", "auto_accept", "min_age", "rewards",
	"accessibility", "accessibility_note", "skills"}

type listPage struct {
	page
	Form      *web.Form
	Result    SearchResult
	Areas     []Option
	CanPost   bool
	TileURL   string
	MapScript string
	DataURL   string
	Filtered  bool
}

// searchFrom reads the list's filters from the query.
func searchFrom(q url.Values) Search {
	s := Search{Q: strings.TrimSpace(q.Get("q")), Cause: q.Get("cause"), Kind: q.Get("kind"), AreaID: q.Get("area_id"),
		Postcode: NormalisePostcode(q.Get("postcode")), Day: q.Get("day"), Part: q.Get("part"),
		FromHome: q.Get("from_home") == "yes", NoChecks: q.Get("no_checks") == "yes", Under18: q.Get("under_18") == "yes"}
	if !contains(Causes, s.Cause) {
		s.Cause = ""
	}
	if !contains(Kinds, s.Kind) {
		s.Kind = ""
	}
	if !contains(Days, s.Day) {
		s.Day = ""
	}
	if !contains(Parts, s.Part) {
		s.Part = ""
	}
	if w, err := strconv.ParseFloat(q.Get("within"), 64); err == nil && w > 0 && w <= 200 {
		s.Within = w
	}
	return s
}

func (h *Handlers) areaOptions(r *http.Request, p *page) ([]Option, error) {
	areas, err := h.Svc.Identity.Areas(r.Context(), 1000, 0)
	if err != nil {
		return nil, err
	}
	out := []Option{{"", p.T("volunteering.any_area")}}
	for _, a := range areas {
		out = append(out, Option{a.ID, a.Name})
	}
	return out, nil
}

// List is the searchable list of opportunities, with a map drawn over the same search when
// JavaScript runs.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	s := searchFrom(q)
	res, err := h.Svc.Search(r.Context(), s)
	if err != nil {
		return err
	}
	p := &listPage{page: h.page(r, "volunteering.title"), Result: res, TileURL: h.TileURL, MapScript: mapScript.URL,
		Form: &web.Form{Values: q, Errors: map[string]string{}}}
	p.Filtered = r.URL.RawQuery != ""
	if p.Areas, err = h.areaOptions(r, &p.page); err != nil {
		return err
	}
	u := web.CurrentUser(r)
	p.CanPost = u != nil && (len(u.Orgs) > 0 || u.Has(identity.RoleAdmin))
	p.DataURL = "/volunteering.geojson"
	if r.URL.RawQuery != "" {
		p.DataURL += "?" + r.URL.RawQuery
	}
	if s.Postcode != "" && !ValidPostcode(s.Postcode) {
		p.Form.Fail("postcode", "volunteering.err.postcode")
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/list", p)
	return nil
}

type oppPage struct {
	page
	Opp        Opportunity
	Coordinate bool
	TileURL    string
	MapScript  string
	Shifts     map[string][]Shift // by role
	Mine       map[string]string  // role → my application's status
	MySignups  map[string]Signup  // shift → my sign-up
}

// Show is one opportunity with its roles and their coming shifts.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.Svc.Opportunity(r.Context(), id)
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	p := &oppPage{page: h.page(r, "volunteering.opportunity.title", "title", o.Title), Opp: o, Coordinate: Coordinates(u, o.OrganisationID),
		TileURL: h.TileURL, MapScript: mapScript.URL, Shifts: map[string][]Shift{}, Mine: map[string]string{}, MySignups: map[string]Signup{}}
	if err := h.Svc.fillShowing(r.Context(), u, &o, p.Shifts, p.Mine, p.MySignups); err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/opportunity", p)
	return nil
}

type formPage struct {
	page
	Form  *web.Form
	Opp   Opportunity
	Orgs  []Option
	Areas []Option
	New   bool
	Maps  bool // the asset map can be asked for places
	// PlaceChoices are the asset map's places matching the name typed, when there were several.
	PlaceChoices []place.Place
}

// resolvePlace turns the name of a place typed on the form into an asset of the map: one match
// is taken, several are offered to choose from (without JavaScript, on the form again), none is
// an error. It reports whether the form may go on to the service.
func (h *Handlers) resolvePlace(r *http.Request, f *web.Form) ([]place.Place, bool, error) {
	if f.Get("where") != "place" || h.Svc.Finder == nil || ids.Valid(f.Get("place_id")) {
		return nil, true, nil
	}
	q := f.Get("place_q")
	if q == "" {
		f.Fail("place_q", "volunteering.err.place")
		return nil, false, nil
	}
	ps, err := h.Svc.Finder.FindPlaces(r.Context(), q, 8)
	if err != nil {
		return nil, false, err
	}
	var exact []place.Place
	for _, p := range ps {
		if strings.EqualFold(strings.TrimSpace(p.Name), q) {
			exact = append(exact, p)
		}
	}
	if len(exact) == 1 { // the name as typed wins over places that only match by address
		ps = exact
	}
	switch len(ps) {
	case 0:
		f.Fail("place_q", "volunteering.err.place_none")
		return nil, false, nil
	case 1:
		f.Values.Set("place_id", ps[0].ID)
		return nil, true, nil
	}
	f.Fail("place_q", "volunteering.err.place_choose")
	return ps, false, nil
}

func (h *Handlers) formPage(r *http.Request, f *web.Form, o Opportunity) (*formPage, error) {
	title := "volunteering.new.title"
	if o.ID != "" {
		title = "volunteering.edit.title"
	}
	p := &formPage{page: h.page(r, title), Form: f, Opp: o, New: o.ID == "", Maps: h.Svc.Places != nil}
	orgs, err := h.Svc.CoordinatorOrgs(r.Context(), web.CurrentUser(r))
	if err != nil {
		return nil, err
	}
	p.Orgs = []Option{{"", p.T("volunteering.f.choose")}}
	for _, o := range orgs {
		p.Orgs = append(p.Orgs, Option{o.ID, o.Name})
	}
	if p.Areas, err = h.areaOptions(r, &p.page); err != nil {
		return nil, err
	}
	p.Areas[0].Label = p.T("volunteering.f.no_area")
	return p, nil
}

// formAgain shows the opportunity form again (422) with what was typed, its errors and, when
// the place typed matched several, the places to choose from.
func (h *Handlers) formAgain(w http.ResponseWriter, r *http.Request, f *web.Form, o Opportunity, choices []place.Place) error {
	p, err := h.formPage(r, f, o)
	if err != nil {
		return err
	}
	p.Errors, p.PlaceChoices = f, choices
	h.Kit.Render(w, r, http.StatusUnprocessableEntity, "volunteering/form", p)
	return nil
}

// New is the form to post an opportunity with its first role.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("where", "address")
	f.Values.Set("role_check_needed", CheckNone)
	p, err := h.formPage(r, f, Opportunity{})
	if err != nil {
		return err
	}
	if len(p.Orgs) == 1 {
		return errs.E(errs.Forbidden, "volunteering.err.no_organisation")
	}
	if len(p.Orgs) == 2 {
		f.Values.Set("organisation_id", p.Orgs[1].Value)
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/form", p)
	return nil
}

// Create posts an opportunity.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	choices, ok, err := h.resolvePlace(r, f)
	if err != nil {
		return err
	}
	if !ok {
		return h.formAgain(w, r, f, Opportunity{}, choices)
	}
	o, err := h.Svc.CreateOpportunity(r.Context(), web.CurrentUser(r), opportunityInput(f))
	return h.Kit.Saved(w, r, f, err, oppFields, "volunteering.flash.created", "/volunteering/opportunities/"+o.ID+"/manage", func() error {
		return h.formAgain(w, r, f, Opportunity{}, nil)
	})
}

// Edit is the form to change an opportunity.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.Svc.Opportunity(r.Context(), id)
	if err != nil {
		return err
	}
	if !Coordinates(web.CurrentUser(r), o.OrganisationID) {
		return errForbidden
	}
	p, err := h.formPage(r, formOf(o), o)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/form", p)
	return nil
}

// Update saves the opportunity form.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	choices, ok, err := h.resolvePlace(r, f)
	if err != nil {
		return err
	}
	if !ok {
		o, err := h.Svc.Opportunity(r.Context(), id)
		if err != nil {
			return err
		}
		return h.formAgain(w, r, f, o, choices)
	}
	o, err := h.Svc.UpdateOpportunity(r.Context(), web.CurrentUser(r), id, opportunityInput(f), f.Get("status"))
	return h.Kit.Saved(w, r, f, err, oppFields, "volunteering.flash.saved", "/volunteering/opportunities/"+o.ID+"/manage", func() error {
		return h.formAgain(w, r, f, o, nil)
	})
}

type roleFormPage struct {
	page
	Form *web.Form
	Opp  Opportunity
	Role Role
}

func (h *Handlers) roleContext(r *http.Request) (Opportunity, Role, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Opportunity{}, Role{}, err
	}
	o, err := h.Svc.Opportunity(r.Context(), id)
	if err != nil {
		return o, Role{}, err
	}
	if !Coordinates(web.CurrentUser(r), o.OrganisationID) {
		return o, Role{}, errForbidden
	}
	var role Role
	if r.PathValue("role") != "" {
		rid, err := web.ID(r, "role")
		if err != nil {
			return o, role, err
		}
		for _, x := range o.Roles {
			if x.ID == rid {
				role = x
			}
		}
		if role.ID == "" {
			return o, role, errNotFound
		}
	}
	return o, role, nil
}

// RoleForm adds or changes a role.
func (h *Handlers) RoleForm(w http.ResponseWriter, r *http.Request) error {
	o, role, err := h.roleContext(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("check_needed", CheckNone)
	title := "volunteering.role.new"
	if role.ID != "" {
		roleFormOf(role, "", f.Values)
		title = "volunteering.role.edit"
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/role_form", &roleFormPage{page: h.page(r, title), Form: f, Opp: o, Role: role})
	return nil
}

// SaveRole saves the role form.
func (h *Handlers) SaveRole(w http.ResponseWriter, r *http.Request) error {
	o, role, err := h.roleContext(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.SaveRole(r.Context(), web.CurrentUser(r), o.ID, role.ID, roleInput(f, ""))
	return h.Kit.Saved(w, r, f, err, roleFields, "volunteering.flash.role_saved", "/volunteering/opportunities/"+o.ID+"/manage", func() error {
		title := "volunteering.role.new"
		if role.ID != "" {
			title = "volunteering.role.edit"
		}
		p := &roleFormPage{page: h.page(r, title), Form: f, Opp: o, Role: role}
		p.Errors = f
		h.Kit.Render(w, r, http.StatusUnprocessableEntity, "volunteering/role_form", p)
		return nil
	})
}

// WithinOptions are the distances the list offers, in kilometres.
func (p *page) WithinOptions() []string { return []string{"10", "2", "5", "25"} }

// OnlyFilters are the list's yes-or-no filters.
func (p *page) OnlyFilters() []string { return []string{"from_home", "no_checks", "under_18"} }

// WhereOptions are the kinds of place an opportunity may have.
func (p *page) WhereOptions() []string { return []string{"address", "place", "home"} }

// StatusOptions are an opportunity's states.
func (p *page) StatusOptions() []string { return []string{"open", "closed"} }

// RepeatOptions are how a run of shifts repeats.
func (p *page) RepeatOptions() []string { return []string{"none", "weekly", "monthly"} }

// RecordedCheckOptions are the checks a coordinator may record, for a select.
func (p *page) RecordedCheckOptions() []Option {
	out := []Option{{"", p.T("volunteering.f.choose")}}
	for _, c := range RecordedCheckKinds {
		out = append(out, Option{c, p.T("volunteering.check." + c)})
	}
	return out
}

// WorkforceOptions are the workforces a check may cover.
func (p *page) WorkforceOptions() []Option {
	out := []Option{{"", p.T("volunteering.workforce.none")}}
	for _, w := range Workforces[1:] {
		out = append(out, Option{w, p.T("volunteering.workforce." + w)})
	}
	return out
}

// Date is a day stored as YYYY-MM-DD written out in the page's language ("26 December 2026",
// "26 Rhagfyr 2026"); anything else is shown as it is.
func (p *page) Date(day string) string {
	t, err := time.ParseInLocation("2006-01-02", day, London)
	if err != nil {
		return day
	}
	return strconv.Itoa(t.Day()) + " " + p.T("volunteering.month."+strconv.Itoa(int(t.Month()))) + " " + strconv.Itoa(t.Year())
}

// WhereNoMap are the kinds of place when the asset map cannot be asked.
func (p *page) WhereNoMap() []string { return []string{"address", "home"} }
