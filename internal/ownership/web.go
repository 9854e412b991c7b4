package ownership

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"commons/internal/ownership/clock"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/place"
	"commons/internal/platform/web"
)

// Handlers serve the ownership pages.
type Handlers struct {
	Kit *web.Kit
	Svc *Service
}

// page is what every ownership page embeds: the shell's Page and helpers for dates, statuses
// and steps in the page's language.
type page struct {
	web.Page
	svc *Service
}

func (h *Handlers) page(r *http.Request, titleKey string, args ...any) page {
	return page{Page: h.Kit.NewPage(r, titleKey, args...), svc: h.Svc}
}

// Date is a date in the page's language: "30 November 2026".
func (p *page) Date(d clock.Date) string { return i18n.DayOf(p.Lang, d.String()) }

// DayName is a date with its weekday: "Monday 30 November 2026".
func (p *page) DayName(d clock.Date) string {
	if d.IsZero() {
		return ""
	}
	return i18n.WeekdayName(p.Lang, d.Weekday()) + " " + p.Date(d)
}

// StatusOf says where a case stands, with its key date.
func (p *page) StatusOf(e Entry) string { return p.svc.StatusText(p.Lang, e) }

// Done is what a step of the journey did.
func (p *page) Done(e Event) string { return p.svc.StepText(p.Lang, e.Step, e.Outcome) }

// Runs reports whether the council runs a scheme.
func (p *page) Runs(kind string) bool { return p.svc.Runs(kind) }

// Kinds are the kinds of case the council runs.
func (p *page) Kinds() []string {
	var out []string
	for _, k := range Kinds {
		if p.svc.Runs(k) {
			out = append(out, k)
		}
	}
	return out
}

// Plus1 is n+1 (the end of a reporting year, the next position).
func (p *page) Plus1(n int) int { return n + 1 }

// YesNo, Authorities and Tenures are the choices of some forms.
func (p *page) YesNo() []string       { return []string{"yes", "no"} }
func (p *page) Authorities() []string { return []string{"local", "other"} }
func (p *page) Tenures() []string     { return []string{"owned", "leased"} }

// YesNoOf is "yes" or "no".
func (p *page) YesNoOf(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// In reports whether a list holds a value.
func (p *page) In(list []string, v string) bool { return slices.Contains(list, v) }

// RightToBuy reports whether new nominations use the proposed community right to buy.
func (p *page) RightToBuy() bool { return p.svc.RightToBuy }

// Index is the front page of community ownership.
func (h *Handlers) Index(w http.ResponseWriter, r *http.Request) error {
	p := struct {
		page
		Listed, Transfers []Entry
	}{page: h.page(r, "ownership.title")}
	var err error
	if p.Listed, err = h.Svc.Entries(r.Context(), RegisterACV, ""); err != nil {
		return err
	}
	if p.Transfers, err = h.Svc.Entries(r.Context(), RegisterTransfers, ""); err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "ownership/index", &p)
	return nil
}

// Rules lists every timetable's rules with their sources, as the clocks count them.
func (h *Handlers) Rules(w http.ResponseWriter, r *http.Request) error {
	p := struct {
		page
		Timetables []clock.Timetable
		Policy     []clock.Rule
	}{page: h.page(r, "ownership.rules.title")}
	for _, id := range []string{clock.England, clock.CommunityRightToBuy, clock.ScotlandTimetable} {
		p.Timetables = append(p.Timetables, clock.Timetables[id])
	}
	p.Policy = h.Svc.policyRules(r.Context())
	h.Kit.Render(w, r, http.StatusOK, "ownership/rules", &p)
	return nil
}

// formPage is the nomination, request or expression of interest form.
type formPage struct {
	page
	Kind    string
	Form    *web.Form
	Officer bool
	Q       string
	Found   []place.Place
	Chosen  *place.Place
	NoMap   bool // the land is not on the asset map (or there is no map)
	Search  bool // the asset map can be searched
}

// GroupTypes are the group types this form offers.
func (p *formPage) GroupTypes() []string { return GroupTypes[p.Kind] }

// Channels are the ways a case can come in.
func (p *formPage) Channels() []string { return Channels }

// RequestTypes are what a transfer asks for.
func (p *formPage) RequestTypes() []string { return RequestTypes }

// DocumentKinds are the kinds of document.
func (p *formPage) DocumentKinds() []string { return DocumentKinds }

func kindOf(r *http.Request) (string, error) {
	k := r.PathValue("kind")
	if !slices.Contains(Kinds, k) {
		return "", errNotFound
	}
	return k, nil
}

// New shows the form for a new case, after the land is chosen from the asset map (or said to be
// elsewhere).
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	kind, err := kindOf(r)
	if err != nil || !h.Svc.Runs(kind) {
		return errNotFound
	}
	f := web.EmptyForm()
	q := r.URL.Query()
	f.Values.Set("asset_id", q.Get("asset"))
	return h.renderForm(w, r, http.StatusOK, kind, f, q.Get("q"))
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, kind string, f *web.Form, q string) error {
	p := formPage{page: h.page(r, "ownership.new."+kind+".title"), Kind: kind, Form: f, Officer: IsOfficer(web.CurrentUser(r)),
		Q: strings.TrimSpace(q), Search: h.Svc.Finder != nil}
	p.Errors = f
	switch asset := f.Get("asset_id"); {
	case asset == "none" || h.Svc.Places == nil:
		p.NoMap = true
	case asset != "":
		pl, err := h.Svc.Places.Place(r.Context(), asset)
		if err != nil {
			if !errs.Is(err, errs.NotFound) {
				return err
			}
			f.Values.Set("asset_id", "")
		} else {
			p.Chosen = &pl
		}
	}
	if p.Q != "" && h.Svc.Finder != nil && p.Chosen == nil {
		found, err := h.Svc.Finder.FindPlaces(r.Context(), p.Q, 10)
		if err != nil {
			return err
		}
		p.Found = found
	}
	h.Kit.Render(w, r, status, "ownership/new", &p)
	return nil
}

// caseFormFields are the form's fields in page order, for the error summary.
var caseFormFields = []string{"asset_id", "name", "address", "postcode", "uprn", "boundary", "lat", "description", "request_type", "price",
	"reasons", "group_name", "group_type", "group_number", "group_members", "group_connection", "contact_name", "contact_email",
	"owner_name", "owner_email", "occupier_name", "occupier_email", "document_kind", "document", "channel", "received_on", "helped_how", "confirm"}

// Create makes the case and shows it.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	kind, err := kindOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(web.MaxBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return errs.FieldErrors(map[string]string{"document": "ownership.err.document_large"})
	}
	f := web.NewForm(r)
	in := CaseInput{Kind: kind, AssetID: f.Get("asset_id"), Name: f.Get("name"), Description: f.Get("description"), Address: f.Get("address"),
		Postcode: f.Get("postcode"), UPRN: f.Get("uprn"), Boundary: f.Get("boundary"), Lat: f.Get("lat"), Lng: f.Get("lng"),
		Reasons: f.Get("reasons"), Members: f.Get("group_members"),
		Group: Group{Name: f.Get("group_name"), Type: f.Get("group_type"), Number: f.Get("group_number"), Connection: f.Get("group_connection"),
			NoProfit: f.Get("group_no_profit") == "yes"},
		ContactName: f.Get("contact_name"), ContactEmail: f.Get("contact_email"), ContactPhone: f.Get("contact_phone"),
		Owner:       Party{Name: f.Get("owner_name"), Address: f.Get("owner_address"), Email: f.Get("owner_email")},
		Occupier:    Party{Name: f.Get("occupier_name"), Address: f.Get("occupier_address"), Email: f.Get("occupier_email")},
		RequestType: f.Get("request_type"), Price: f.Get("price"), Channel: f.Get("channel"), ReceivedOn: f.Get("received_on"),
		HelpedHow: f.Get("helped_how"), Confirm: f.Get("confirm") == "yes"}
	if in.AssetID == "none" {
		in.AssetID = ""
	}
	up, err := readUpload(r, f.Get("document_kind"))
	if err != nil {
		return err
	}
	c, err := h.Svc.CreateCase(r.Context(), web.CurrentUser(r), web.Lang(r), in, up)
	if err != nil {
		if f.Take(err, caseFormFields...) {
			return h.renderForm(w, r, http.StatusUnprocessableEntity, kind, f, "")
		}
		return err
	}
	h.Kit.Flash(w, createdFlash[kind])
	web.Redirect(w, r, "/ownership/cases/"+c.ID)
	return nil
}

var createdFlash = map[string]string{KindACV: "ownership.flash.created.acv", KindATR: "ownership.flash.created.atr", KindCAT: "ownership.flash.created.cat"}

// readUpload reads the form's "document" file, if one was chosen.
func readUpload(r *http.Request, kind string) (*Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	file, hdr, err := r.FormFile("document")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.FieldErrors(map[string]string{"document": "ownership.err.document_large"})
	}
	defer file.Close()
	if hdr.Size == 0 && hdr.Filename == "" {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(file, MaxDocument+1))
	if err != nil {
		return nil, err
	}
	if kind == "" {
		kind = "evidence"
	}
	return &Upload{Kind: kind, Filename: hdr.Filename, Data: data}, nil
}

// Mine lists the person's own cases: what they nominated or asked for, and land they own.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) error {
	entries, err := h.Svc.Mine(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	p := struct {
		page
		Entries []Entry
	}{page: h.page(r, "ownership.mine.title"), Entries: entries}
	h.Kit.Render(w, r, http.StatusOK, "ownership/mine", &p)
	return nil
}

// casePage is a case's page, with a form for every step the viewer may take.
type casePage struct {
	page
	CaseView
	Forms     []StepForm
	DocForm   *web.Form
	ClockForm *web.Form
	ClockID   string
}

// StepForm is one step's form on a case page; its fields' ids carry the step's prefix, so the
// page's forms never share an id.
type StepForm struct {
	Step   Step
	Prefix string
	Values url.Values
	Errors map[string]string
}

// ID is a field's id on the page.
func (s StepForm) ID(field string) string { return s.Prefix + "-" + field }

// Val is a field's submitted value.
func (s StepForm) Val(field string) string { return s.Values.Get(field) }

// Err is a field's error message key.
func (s StepForm) Err(field string) string { return s.Errors[s.ID(field)] }

// Outcomes are the step's choices.
func (s StepForm) Outcomes() []string { return s.Step.Outcomes }

// CanBid lists the group types that may ask to bid.
func (p *casePage) BidderTypes() []string { return BidderTypes }

// Channels are the ways a step can come in.
func (p *casePage) Channels() []string { return Channels }

// RequestTypes are what a transfer can be.
func (p *casePage) RequestTypes() []string { return RequestTypes }

// DocumentKinds are the kinds of document.
func (p *casePage) DocumentKinds() []string { return DocumentKinds }

// Notices are the printable notices the case has produced so far.
func (p *casePage) Notices() []string {
	var out []string
	for _, e := range p.Events {
		if st, ok := StepByID(e.Step); ok && st.Notice != "" && !slices.Contains(out, st.Notice) {
			if st.Notice == "incomplete" && !p.Involved {
				continue
			}
			out = append(out, st.Notice)
		}
	}
	return out
}

// Score is an application's score against a criterion, as text.
func (p *casePage) Score(id string) string {
	if s, ok := p.Scores[id]; ok {
		return strconv.Itoa(s.Score)
	}
	return ""
}

// StatusLine says where the case stands, with its key date.
func (p *casePage) StatusLine() string {
	return p.svc.StatusText(p.Lang, Entry{Case: p.Case, Clocks: p.Clocks})
}

// Resulting are the decisions a review or appeal can leave.
func (p *casePage) Resulting() []string { return []string{"agreed", "refused"} }

// Show is a case's page.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	v, err := h.pathCase(r)
	if err != nil {
		return err
	}
	return h.renderCase(w, r, http.StatusOK, v, "", nil)
}

func (h *Handlers) renderCase(w http.ResponseWriter, r *http.Request, status int, v CaseView, failed string, f *web.Form) error {
	p := casePage{page: h.page(r, "ownership.case.title", "name", v.Name), CaseView: v}
	for _, st := range v.Next {
		sf := StepForm{Step: st, Prefix: strings.ReplaceAll(st.ID, ".", "-"), Values: url.Values{}, Errors: map[string]string{}}
		if st.ID == failed && f != nil {
			sf.Values, sf.Errors = f.Values, f.Errors
		}
		p.Forms = append(p.Forms, sf)
	}
	switch failed {
	case "document":
		p.DocForm = f
	case "clock":
		p.ClockForm, p.ClockID = f, f.Get("clock_id")
	}
	if f != nil {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "ownership/case", &p)
	return nil
}

// stepFields are a step form's fields in page order.
var stepFields = []string{"outcome", "resulting", "on", "party", "party_type", "loss_on", "amount", "reasons", "request_type", "terms",
	"offer_on", "until", "channel", "helped_how"}

// Step takes a step of a case.
func (h *Handlers) Step(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	stepID := r.PathValue("step")
	f := web.NewForm(r)
	in := StepInput{On: f.Get("on"), Outcome: f.Get("outcome"), Reasons: f.Get("reasons"), Party: f.Get("party"), PartyType: f.Get("party_type"),
		Amount: f.Get("amount"), Terms: f.Get("terms"), OfferOn: f.Get("offer_on"), LossOn: f.Get("loss_on"), Until: f.Get("until"),
		Resulting: f.Get("resulting"), RequestType: f.Get("request_type"), Channel: f.Get("channel"), HelpedHow: f.Get("helped_how"),
		Scores: map[string]Score{}}
	for k, vs := range f.Values {
		if crit, ok := strings.CutPrefix(k, "score-"); ok && len(vs) > 0 {
			n := -1
			if v := strings.TrimSpace(vs[0]); v != "" {
				n = atoiOr(v, -1)
			}
			in.Scores[crit] = Score{Score: n, Note: f.Get("note-" + crit)}
		}
	}
	u := web.CurrentUser(r)
	err = h.Svc.Apply(r.Context(), u, id, stepID, in)
	if err == nil {
		return h.toCase(w, r, id, "ownership.flash.step")
	}
	e := errs.As(err)
	if e.Code != errs.Invalid && e.Code != errs.Conflict {
		return err
	}
	v, verr := h.Svc.Case(r.Context(), u, id)
	if verr != nil {
		return verr
	}
	prefix := strings.ReplaceAll(stepID, ".", "-") + "-"
	pf := &web.Form{Values: f.Values, Errors: map[string]string{}}
	if len(e.Fields) == 0 {
		pf.Fail(prefix+"reasons", e.Key)
	}
	for _, name := range stepFields {
		if key, ok := e.Fields[name]; ok {
			pf.Fail(prefix+name, key)
		}
	}
	for name, key := range e.Fields {
		pf.Fail(prefix+name, key)
	}
	if !slices.ContainsFunc(v.Next, func(s Step) bool { return s.ID == stepID }) {
		// The step cannot be taken now: say so at the top of the page.
		return h.toCase(w, r, id, e.Key)
	}
	return h.renderCase(w, r, http.StatusUnprocessableEntity, v, stepID, pf)
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// AddDocument attaches a document to a case.
func (h *Handlers) AddDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(web.MaxBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return errs.FieldErrors(map[string]string{"document": "ownership.err.document_large"})
	}
	f := web.NewForm(r)
	up, err := readUpload(r, f.Get("document_kind"))
	if err == nil && up == nil {
		err = errs.FieldErrors(map[string]string{"document": "ownership.err.document_empty"})
	}
	if err == nil {
		err = h.Svc.AddDocument(r.Context(), web.CurrentUser(r), id, up)
	}
	if err == nil {
		return h.toCase(w, r, id, "ownership.flash.document")
	}
	if !errs.Is(err, errs.Invalid) {
		return err
	}
	v, verr := h.Svc.Case(r.Context(), web.CurrentUser(r), id)
	if verr != nil {
		return verr
	}
	pf := &web.Form{Values: f.Values, Errors: map[string]string{}}
	pf.Take(err, "document_kind", "document")
	return h.renderCase(w, r, http.StatusUnprocessableEntity, v, "document", pf)
}

// DocumentFile sends a document, if the viewer may see it.
func (h *Handlers) DocumentFile(w http.ResponseWriter, r *http.Request) error {
	id, docID, err := web.IDs(r, "id", "doc")
	if err != nil {
		return err
	}
	d, err := h.Svc.Document(r.Context(), web.CurrentUser(r), id, docID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", d.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(asciiName(d.Filename), `"`, "")+`"; filename*=UTF-8''`+url.PathEscape(d.Filename))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(d.Data)
	return err
}

func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 {
			return '_'
		}
		return r
	}, s)
}

// Publish makes a document public (a redacted copy) or private.
func (h *Handlers) Publish(w http.ResponseWriter, r *http.Request) error {
	id, docID, err := web.IDs(r, "id", "doc")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.PublishDocument(r.Context(), web.CurrentUser(r), id, docID, f.Get("public") == "yes"); err != nil {
		return err
	}
	return h.toCase(w, r, id, "ownership.flash.published")
}

// toCase says what happened at the top of the case's page and goes back to it.
func (h *Handlers) toCase(w http.ResponseWriter, r *http.Request, id, flash string) error {
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, "/ownership/cases/"+id)
	return nil
}

// pathCase is the case the path's id names, as the signed-in person may see it.
func (h *Handlers) pathCase(r *http.Request) (CaseView, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return CaseView{}, err
	}
	return h.Svc.Case(r.Context(), web.CurrentUser(r), id)
}

// Assign gives the case to the signed-in officer.
func (h *Handlers) Assign(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.Assign, "ownership.flash.assigned", "/ownership/cases/{id}")
}

// ChangeClock extends, pauses or resumes a clock.
func (h *Handlers) ChangeClock(w http.ResponseWriter, r *http.Request) error {
	id, clockID, err := web.IDs(r, "id", "clock")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	u := web.CurrentUser(r)
	err = h.Svc.ChangeClock(r.Context(), u, id, clockID, ClockChange{Action: f.Get("action"), On: f.Get("on"), NewDue: f.Get("new_due"), Reason: f.Get("reason")})
	if err == nil {
		return h.toCase(w, r, id, "ownership.flash.clock")
	}
	if !errs.Is(err, errs.Invalid) {
		return err
	}
	v, verr := h.Svc.Case(r.Context(), u, id)
	if verr != nil {
		return verr
	}
	pf := &web.Form{Values: f.Values, Errors: map[string]string{}}
	pf.Values.Set("clock_id", clockID)
	prefix := "clock-" + clockID + "-"
	for name, key := range errs.As(err).Fields {
		pf.Fail(prefix+name, key)
	}
	return h.renderCase(w, r, http.StatusUnprocessableEntity, v, "clock", pf)
}
