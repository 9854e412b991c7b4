package timebank

import (
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the capability's tables.
var Migrations = db.Embedded("timebank", migrationsFS)

// Handlers serve the time bank pages.
type Handlers struct {
	Kit *web.Kit
	Svc *Service
	ID  *identity.Service
}

// page is what every time bank page embeds: the shell's Page and how minutes, days and
// categories read in the page's language.
type page struct{ web.Page }

func (p *page) t(_ string, key string, args ...any) string { return p.T(key, args...) }

// Hours is minutes in words: "1 hour 30 minutes".
func (p *page) Hours(m int64) string { return Hours(p.t, p.Lang, m) }

// Signed is minutes in words with a sign: "+1 hour", "−30 minutes".
func (p *page) Signed(m int64) string {
	if m > 0 {
		return "+" + Hours(p.t, p.Lang, m)
	}
	return Hours(p.t, p.Lang, m)
}

// Cat is a category's name.
func (p *page) Cat(c string) string {
	if c == "" {
		return ""
	}
	return p.T("timebank.cat." + c)
}

// Day is a yyyy-mm-dd date in words: "5 January 2026", "5 Ionawr 2026".
func (p *page) Day(s string) string { return dayIn(func(k string) string { return p.T(k) }, s) }

// When is a moment as a day and a time in the UK.
func (p *page) When(t time.Time) string {
	lt := t.In(London)
	return p.Day(lt.Format("2006-01-02")) + ", " + lt.Format("15:04")
}

// Month is a yyyy-mm month in words: "January 2026".
func (p *page) Month(s string) string {
	d, err := time.Parse("2006-01", s)
	if err != nil {
		return s
	}
	return p.T("timebank.month."+strconv.Itoa(int(d.Month()))) + " " + strconv.Itoa(d.Year())
}

// Name is a bank's name in the page's language.
func (p *page) Name(b Bank) string { return b.Local(p.Lang) }

// Markdown renders text people wrote (a bank's rules).
func (p *page) Markdown(s string) template.HTML {
	h, err := markdown.Render(s)
	if err != nil {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return h
}

// Categories lists every category, for selects.
func (p *page) Categories() []string { return Categories }

// Channels lists how a broker hears of an exchange.
func (p *page) Channels() []string { return Channels }

// Today is today's date in the UK, for date fields.
func (p *page) Today() string { return today(time.Now()) }

// withForm is a page with a form on it.
type withForm interface{ showErrors(f *web.Form) }

func (p *page) showErrors(f *web.Form) { p.Errors = f }

// renderForm shows a page with a form; unless all is well (200) the form's errors lead it.
func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, name string, p withForm, f *web.Form) error {
	if status != http.StatusOK {
		p.showErrors(f)
	}
	h.Kit.Render(w, r, status, name, p)
	return nil
}

func (h *Handlers) newPage(r *http.Request, title string, args ...any) page {
	return page{h.Kit.NewPage(r, title, args...)}
}

// bankID reads {id}: a malformed id is a 404 before any SQL.
func bankID(r *http.Request) (string, error) { return web.ID(r, "id") }

// viewer reads the bank of the path and who the person is in it.
func (h *Handlers) viewer(r *http.Request) (*Viewer, error) {
	id, err := bankID(r)
	if err != nil {
		return nil, err
	}
	return h.Svc.Viewer(r.Context(), web.CurrentUser(r), id)
}

func (h *Handlers) areas(r *http.Request) ([]identity.Area, error) {
	return h.ID.Areas(r.Context(), 500, 0)
}

func checked(f *web.Form, name string) bool { return f.Get(name) == "yes" }

// key is a fresh idempotency key for a form.
func key() string { return ids.New() }

// thingAction describes the small POST actions on one thing in a bank (a member, an exchange, a
// listing): the path id naming it, where its page is, whether the action reads a form (blank:
// it does not), the form's fields in the error summary's order, and how its page is shown again.
type thingAction struct {
	param, path string
	blank       bool
	fields      []string
	again       func(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error
}

// act runs one action on the thing in the path: back to its page with a flash, or its page
// again (422) with the error on the form.
func (h *Handlers) act(w http.ResponseWriter, r *http.Request, a thingAction, flash string, run func(bank, id string, f *web.Form) error) error {
	bank, err := bankID(r)
	if err != nil {
		return err
	}
	id, err := web.ID(r, a.param)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	if !a.blank {
		f = web.NewForm(r)
	}
	err = run(bank, id, f)
	return h.Kit.Saved(w, r, f, err, a.fields, flash, "/timebanks/"+bank+"/"+a.path+"/"+id, func() error {
		return a.again(w, r, f, err)
	})
}

// failForm puts a user error on a form and says whether to show the form again (422); any
// other error is returned for the adapter.
func failForm(f *web.Form, err error, fields ...string) bool {
	return f.Take(err, fields...)
}

type listPage struct {
	page
	Banks     []Bank
	Mine      map[string][]Member
	CanCreate bool
}

// List shows every time bank in the place, and the person's memberships.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	banks, err := h.Svc.Banks(r.Context())
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	ms, err := h.Svc.Memberships(r.Context(), u)
	if err != nil {
		return err
	}
	mine := map[string][]Member{}
	for _, m := range ms {
		if m.Status == StatusActive || m.Status == StatusPending {
			mine[m.BankID] = append(mine[m.BankID], m)
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "timebank/list", &listPage{page: h.newPage(r, "timebank.title"), Banks: banks, Mine: mine, CanCreate: CanCreate(u)})
	return nil
}

type bankPage struct {
	page
	V      *Viewer
	Area   string
	Stats  BankStats
	Agreed []Agreement
}

// Show is a bank's public page: what it is, its rules, how to join.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	p := &bankPage{page: h.newPage(r, "timebank.bank.title", "name", v.Bank.Local(web.Lang(r))), V: v}
	if v.Bank.AreaID != "" {
		if a, err := h.ID.Area(r.Context(), v.Bank.AreaID); err == nil {
			p.Area = a.Name
		}
	}
	if p.Stats, err = h.Svc.Stats(r.Context(), v.Bank.ID); err != nil {
		return err
	}
	if p.Agreed, err = h.Svc.ActiveAgreements(r.Context(), v.Bank.ID); err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "timebank/bank", p)
	return nil
}

type bankFormPage struct {
	page
	Form  *web.Form
	Bank  Bank
	Areas []identity.Area
}

func bankForm(b Bank) *web.Form {
	f := web.EmptyForm()
	set := f.Values.Set
	set("name", b.Name)
	set("name_cy", b.NameCy)
	set("summary", b.Summary)
	set("summary_cy", b.SummaryCy)
	set("rules", b.Rules)
	set("rules_cy", b.RulesCy)
	set("area_id", b.AreaID)
	set("contact_email", b.ContactEmail)
	set("contact_phone", b.ContactPhone)
	set("join_mode", b.JoinMode)
	if b.MustConfirm {
		set("must_confirm", "yes")
	}
	set("person_limit", HoursText(b.PersonLimit))
	set("organisation_limit", HoursText(b.OrganisationLimit))
	set("pool_limit", HoursText(b.PoolLimit))
	set("joining_credit", HoursText(b.JoiningCredit))
	set("listing_days", strconv.Itoa(b.ListingDays))
	return f
}

func bankInput(f *web.Form) BankInput {
	return BankInput{Name: f.Get("name"), NameCy: f.Get("name_cy"), Summary: f.Get("summary"), SummaryCy: f.Get("summary_cy"),
		Rules: f.Get("rules"), RulesCy: f.Get("rules_cy"), AreaID: f.Get("area_id"), ContactEmail: f.Get("contact_email"),
		ContactPhone: f.Get("contact_phone"), JoinMode: f.Get("join_mode"), MustConfirm: checked(f, "must_confirm"),
		PersonLimit: f.Get("person_limit"), OrganisationLimit: f.Get("organisation_limit"), PoolLimit: f.Get("pool_limit"),
		JoiningCredit: f.Get("joining_credit"), ListingDays: f.Get("listing_days")}
}

var bankFields = []string{"name", "name_cy", "summary", "summary_cy", "rules", "rules_cy", "area_id", "contact_email",
	"contact_phone", "join_mode", "person_limit", "organisation_limit", "pool_limit", "joining_credit", "listing_days"}

func (h *Handlers) renderBankForm(w http.ResponseWriter, r *http.Request, status int, title string, b Bank, f *web.Form) error {
	areas, err := h.areas(r)
	if err != nil {
		return err
	}
	p := &bankFormPage{page: h.newPage(r, title, "name", b.Name), Form: f, Bank: b, Areas: areas}
	return h.renderForm(w, r, status, "timebank/bank_form", p, f)
}

// New is the form to start a time bank, with sensible defaults: the other party confirms,
// members may go ten hours below zero, organisations fifty.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	f := bankForm(Bank{JoinMode: JoinOpen, MustConfirm: true, PersonLimit: -600, OrganisationLimit: -3000, PoolLimit: -6000,
		JoiningCredit: 60, ListingDays: 90})
	f.Values.Set("person_limit", "10")
	f.Values.Set("organisation_limit", "50")
	f.Values.Set("pool_limit", "100")
	f.Values.Set("joining_credit", "1")
	return h.renderBankForm(w, r, http.StatusOK, "timebank.new.title", Bank{}, f)
}

// Create starts a time bank.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	b, err := h.Svc.CreateBank(r.Context(), web.CurrentUser(r), bankInput(f))
	return h.Kit.Saved(w, r, f, err, bankFields, "timebank.flash.created", "/timebanks/"+b.ID+"/manage", func() error {
		return h.renderBankForm(w, r, http.StatusUnprocessableEntity, "timebank.new.title", Bank{}, f)
	})
}

// Settings is a broker's form for the bank's page, rules and limits.
func (h *Handlers) Settings(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	if !v.Broker {
		return errNotBroker
	}
	return h.renderBankForm(w, r, http.StatusOK, "timebank.settings.title", v.Bank, bankForm(v.Bank))
}

// SaveSettings saves them.
func (h *Handlers) SaveSettings(w http.ResponseWriter, r *http.Request) error {
	id, err := bankID(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	b, err := h.Svc.UpdateBank(r.Context(), web.CurrentUser(r), id, bankInput(f))
	return h.Kit.Saved(w, r, f, err, bankFields, "timebank.flash.saved", "/timebanks/"+b.ID+"/manage", func() error {
		old, berr := h.Svc.Bank(r.Context(), id)
		if berr != nil {
			return berr
		}
		return h.renderBankForm(w, r, http.StatusUnprocessableEntity, "timebank.settings.title", old, f)
	})
}

type joinPage struct {
	page
	V     *Viewer
	Form  *web.Form
	Areas []identity.Area
	Orgs  []identity.Organisation
}

func (h *Handlers) renderJoin(w http.ResponseWriter, r *http.Request, status int, v *Viewer, f *web.Form) error {
	areas, err := h.areas(r)
	if err != nil {
		return err
	}
	p := &joinPage{page: h.newPage(r, "timebank.join.title", "name", v.Bank.Local(web.Lang(r))), V: v, Form: f, Areas: areas}
	for _, org := range web.CurrentUser(r).Orgs {
		if o, err := h.ID.Organisation(r.Context(), org); err == nil {
			p.Orgs = append(p.Orgs, o)
		}
	}
	return h.renderForm(w, r, status, "timebank/join", p, f)
}

// JoinForm asks what a new member wants others to know and what they agree to share.
func (h *Handlers) JoinForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	return h.renderJoin(w, r, http.StatusOK, v, web.EmptyForm())
}

// Join makes the person (or their organisation) a member.
func (h *Handlers) Join(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := JoinInput{About: f.Get("about"), AreaID: f.Get("area_id"), ShareEmail: checked(f, "share_email"), PublicName: checked(f, "public_name")}
	if f.Get("as") != "" && f.Get("as") != "self" {
		in.Organisation = f.Get("as")
	}
	if !checked(f, "rules") {
		f.Fail("rules", "timebank.err.agree_rules")
		return h.renderJoin(w, r, http.StatusUnprocessableEntity, v, f)
	}
	m, err := h.Svc.Join(r.Context(), web.CurrentUser(r), v.Bank.ID, in)
	if err != nil {
		if !failForm(f, err, "as", "about", "area_id") {
			return err
		}
		return h.renderJoin(w, r, http.StatusUnprocessableEntity, v, f)
	}
	if m.Status == StatusPending {
		h.Kit.Flash(w, "timebank.flash.join_pending")
	} else {
		h.Kit.Flash(w, "timebank.flash.joined")
	}
	web.Redirect(w, r, "/timebanks/"+v.Bank.ID+"/me")
	return nil
}

type mePage struct {
	page
	V        *Viewer
	Own      []Member
	Listings []Listing
	Waiting  []Exchange
	Recent   []Exchange
	Form     *web.Form
	Areas    []identity.Area
	Pending  bool
}

// Me is a member's page in one bank: balance and limit, exchanges waiting for them, recent
// exchanges, statement, and what they share.
func (h *Handlers) Me(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	return h.renderMe(w, r, http.StatusOK, v, nil)
}

func (h *Handlers) renderMe(w http.ResponseWriter, r *http.Request, status int, v *Viewer, f *web.Form) error {
	if v.Self == nil && len(v.Orgs) == 0 {
		web.Redirect(w, r, "/timebanks/"+v.Bank.ID+"/join")
		return nil
	}
	p := &mePage{page: h.newPage(r, "timebank.me.title", "name", v.Bank.Local(web.Lang(r))), V: v, Own: v.Own()}
	p.Pending = v.Self != nil && v.Self.Status == StatusPending
	var err error
	if p.Waiting, err = h.Svc.Waiting(r.Context(), p.Own); err != nil {
		return err
	}
	if p.Recent, err = h.Svc.Recent(r.Context(), p.Own, 20); err != nil {
		return err
	}
	if p.Listings, err = h.Svc.ListingsOf(r.Context(), p.Own); err != nil {
		return err
	}
	if p.Areas, err = h.areas(r); err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		if v.Self != nil {
			f.Values.Set("about", v.Self.About)
			f.Values.Set("area_id", v.Self.AreaID)
			if v.Self.ShareEmail {
				f.Values.Set("share_email", "yes")
			}
			if v.Self.PublicName {
				f.Values.Set("public_name", "yes")
			}
		}
	} else {
		p.Errors = f
	}
	p.Form = f
	h.Kit.Render(w, r, status, "timebank/me", p)
	return nil
}

// SaveProfile saves what the member shares.
func (h *Handlers) SaveProfile(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	if v.Self == nil {
		return errs.E(errs.NotFound, "timebank.err.member_not_found")
	}
	f := web.NewForm(r)
	err = h.Svc.UpdateProfile(r.Context(), web.CurrentUser(r), v.Bank.ID, v.Self.ID, ProfileInput{About: f.Get("about"),
		AreaID: f.Get("area_id"), ShareEmail: checked(f, "share_email"), PublicName: checked(f, "public_name")})
	return h.Kit.Saved(w, r, f, err, []string{"about", "area_id"}, "timebank.flash.saved", "/timebanks/"+v.Bank.ID+"/me", func() error {
		return h.renderMe(w, r, http.StatusUnprocessableEntity, v, f)
	})
}

// Leave ends a membership (the person's, or an organisation's they act for).
func (h *Handlers) Leave(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	member := f.Get("member")
	if !ids.Valid(member) {
		return errs.E(errs.NotFound, "timebank.err.member_not_found")
	}
	if err := h.Svc.Leave(r.Context(), web.CurrentUser(r), v.Bank.ID, member); err != nil {
		return err
	}
	h.Kit.Flash(w, "timebank.flash.left")
	web.Redirect(w, r, "/timebanks/"+v.Bank.ID)
	return nil
}

type directoryPage struct {
	page
	V       *Viewer
	Members []Member
}

// Directory lists a bank's members for its members.
func (h *Handlers) Directory(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	ms, err := h.Svc.Directory(r.Context(), web.CurrentUser(r), v.Bank.ID)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "timebank/directory", &directoryPage{page: h.newPage(r, "timebank.directory.title", "name", v.Bank.Local(web.Lang(r))), V: v, Members: ms})
	return nil
}

// trimmed returns a query value without surrounding spaces.
func trimmed(r *http.Request, name string) string { return strings.TrimSpace(r.URL.Query().Get(name)) }

// JoinModes, Roles and Directions are the choices of the forms' radios.
func (p *page) JoinModes() []string  { return []string{JoinOpen, JoinApproval} }
func (p *page) Roles() []string      { return []string{AsGiver, AsReceiver} }
func (p *page) Directions() []string { return []string{"pay", "charge"} }

// Next is i+1, for numbering rows from one.
func (p *page) Next(i int) int { return i + 1 }

// KindsAll are the search's choices of kind: everything, offers, requests.
func (p *page) KindsAll() []string { return []string{"", Offer, Request} }

// Below is a limit (zero or below) as the hours an account may go below zero: "10 hours".
func (p *page) Below(floor int64) string { return Hours(p.t, p.Lang, -floor) }
