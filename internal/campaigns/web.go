package campaigns

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the capability's tables.
var Migrations = db.Embedded("campaigns", migrationsFS)

// Handlers serve the campaign pages.
type Handlers struct {
	Kit *web.Kit
	Svc *Service
}

// page is what every campaigns page embeds.
type page struct{ web.Page }

func (h *Handlers) page(r *http.Request, titleKey string, args ...any) page {
	return page{h.Kit.NewPage(r, titleKey, args...)}
}

// Option is one choice of a select.
type Option struct{ Value, Label string }

// Lists the templates range over.
func (p *page) Stages() []string        { return Stages }
func (p *page) ActionKinds() []string   { return ActionKinds }
func (p *page) HelpChannels() []string  { return Channels[1:] }
func (p *page) QuestionKinds() []string { return QuestionKinds }

// Day is a YYYY-MM-DD day in the page's language.
func (p *page) Day(s string) string { return p.DayOf(s) }

// When is a time that may be missing, as a short date.
func (p *page) When(t *time.Time) string {
	if t == nil {
		return ""
	}
	return p.DayShort(*t)
}

// Today is today's day, for date inputs' max.
func (p *page) Today() string { return today(time.Now()) }

// Checked reports whether a form field holds v.
func (p *page) Checked(f *web.Form, name, v string) bool {
	return f != nil && slices.Contains(f.Values[name], v)
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	h.Kit.Render(w, r, status, name, data)
	return nil
}

// formPage is a page with a form on it.
type withForm interface{ showErrors(f *web.Form) }

func (p *page) showErrors(f *web.Form) { p.Errors = f }

// renderForm shows a page with a form; unless all is well (200) the form's errors lead it.
func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, name string, p withForm, f *web.Form) error {
	if status != http.StatusOK {
		p.showErrors(f)
	}
	return h.render(w, r, status, name, p)
}

func (h *Handlers) areaOptions(r *http.Request, p *page) ([]Option, error) {
	areas, err := h.Svc.Identity.Areas(r.Context(), 1000, 0)
	if err != nil {
		return nil, err
	}
	out := []Option{{"", p.T("campaigns.no_area")}}
	for _, a := range areas {
		out = append(out, Option{a.ID, a.Name})
	}
	return out, nil
}

func (h *Handlers) orgOptions(r *http.Request, p *page) []Option {
	out := []Option{{"", p.T("campaigns.no_organisation")}}
	u := web.CurrentUser(r)
	if u == nil {
		return out
	}
	for _, id := range u.Orgs {
		if o, err := h.Svc.Identity.Organisation(r.Context(), id); err == nil {
			out = append(out, Option{o.ID, o.Name})
		}
	}
	return out
}

// listPage is every published campaign.
type listPage struct {
	page
	Campaigns []Campaign
	Mine      []Campaign
	Petitions map[string][]Petition
}

// List shows the published campaigns.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.Campaigns(r.Context())
	if err != nil {
		return err
	}
	p := &listPage{page: h.page(r, "campaigns.title"), Campaigns: cs, Petitions: map[string][]Petition{}}
	if p.Mine, err = h.Svc.MyCampaigns(r.Context(), web.CurrentUser(r)); err != nil {
		return err
	}
	for _, c := range cs {
		if p.Petitions[c.ID], err = h.Svc.Petitions(r.Context(), c.ID); err != nil {
			return err
		}
	}
	return h.render(w, r, http.StatusOK, "campaigns/list", p)
}

// formPage is the campaign form (new, and its team's edit).
type formPage struct {
	page
	Form     *web.Form
	Areas    []Option
	Orgs     []Option
	Campaign *Campaign
}

func (h *Handlers) formPage(r *http.Request, titleKey string, f *web.Form, c *Campaign) (*formPage, error) {
	p := &formPage{page: h.page(r, titleKey), Form: f, Campaign: c}
	var err error
	p.Areas, err = h.areaOptions(r, &p.page)
	p.Orgs = h.orgOptions(r, &p.page)
	if c != nil && c.OrganisationID != "" && !slices.ContainsFunc(p.Orgs, func(o Option) bool { return o.Value == c.OrganisationID }) {
		p.Orgs = append(p.Orgs, Option{c.OrganisationID, c.Organisation})
	}
	return p, err
}

// New is the form to start a campaign.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("stage", "starting")
	p, err := h.formPage(r, "campaigns.new.title", f, nil)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "campaigns/new", p)
}

var campaignFields = []string{"title", "aim", "issue", "area_id", "organisation_id", "stage"}

func campaignInput(f *web.Form) CampaignInput {
	return CampaignInput{Title: f.Get("title"), Aim: f.Get("aim"), Issue: f.Get("issue"), AreaID: f.Get("area_id"),
		OrganisationID: f.Get("organisation_id"), Stage: f.Get("stage")}
}

// Create starts a campaign and goes to its team's page.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	c, err := h.Svc.Create(r.Context(), web.CurrentUser(r), campaignInput(f), f.Get("show_name") == "yes")
	return h.Kit.Saved(w, r, f, err, campaignFields, "campaigns.flash.created", "/campaigns/"+c.ID+"/manage", func() error {
		p, perr := h.formPage(r, "campaigns.new.title", f, nil)
		if perr != nil {
			return perr
		}
		p.Errors = f
		return h.render(w, r, http.StatusUnprocessableEntity, "campaigns/new", p)
	})
}

// campaignPage is a campaign's public page.
type campaignPage struct {
	page
	Campaign  Campaign
	Team      []TeamMember // those who agreed to be named
	TeamSize  int
	InTeam    bool
	Petitions []Petition
	Actions   []Action
	Timeline  Timeline
	Form      *web.Form
	Sent      bool
}

func (h *Handlers) campaignPage(r *http.Request, id string, f *web.Form) (*campaignPage, error) {
	u := web.CurrentUser(r)
	c, err := h.Svc.Campaign(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	p := &campaignPage{page: h.page(r, "campaigns.campaign.title", "title", c.Title), Campaign: c, TeamSize: len(c.Team),
		InTeam: h.Svc.InTeam(r.Context(), u, id), Form: f}
	for _, m := range c.Team {
		if m.ShowName {
			p.Team = append(p.Team, m)
		}
	}
	if p.Petitions, err = h.Svc.Petitions(r.Context(), id); err != nil {
		return nil, err
	}
	if p.Actions, err = h.Svc.Actions(r.Context(), id); err != nil {
		return nil, err
	}
	if p.Timeline, err = h.Svc.Timeline(r.Context(), c, p.Lang); err != nil {
		return nil, err
	}
	if p.Form == nil {
		p.Form = web.EmptyForm()
		if u != nil {
			p.Form.Values.Set("name", u.Name)
			p.Form.Values.Set("email", u.Email)
		}
	}
	return p, nil
}

// Campaign is a campaign's public page, with its support form.
func (h *Handlers) Campaign(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.campaignPage(r, id, nil)
	if err != nil {
		return err
	}
	p.Sent = r.URL.Query().Get("sent") == "1"
	return h.render(w, r, http.StatusOK, "campaigns/campaign", p)
}

// Support records support; the person confirms it by mail.
func (h *Handlers) Support(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := PersonInput{Name: f.Get("name"), Email: f.Get("email"), Postcode: f.Get("postcode"), ContactOK: f.Get("contact_ok") == "yes"}
	confirmed, err := h.Svc.Support(r.Context(), web.CurrentUser(r), id, in, web.Lang(r), web.ClientAddr(r))
	if err != nil {
		if !f.Take(err, "name", "email", "postcode") {
			return err
		}
		p, perr := h.campaignPage(r, id, f)
		if perr != nil {
			return perr
		}
		p.Errors = f
		return h.render(w, r, web.Status(errs.CodeOf(err)), "campaigns/campaign", p)
	}
	if confirmed {
		h.Kit.Flash(w, "campaigns.flash.supported")
		web.Redirect(w, r, "/campaigns/"+id+"#support")
		return nil
	}
	web.Redirect(w, r, "/campaigns/"+id+"?sent=1#support")
	return nil
}

// confirmPage asks the person to press a button to confirm (a mail program following the link
// must not confirm on their behalf).
type confirmPage struct {
	page
	Heading, Body string
	Action        string
}

// ConfirmSupportForm shows the confirmation button for a support link.
func (h *Handlers) ConfirmSupportForm(w http.ResponseWriter, r *http.Request) error {
	_, c, err := h.Svc.SupportByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := &confirmPage{page: h.page(r, "campaigns.confirm_support.title"), Body: h.Kit.T(r, "campaigns.confirm_support.body", "title", c.Title),
		Action: r.URL.Path}
	return h.render(w, r, http.StatusOK, "campaigns/confirm", p)
}

// ConfirmSupport confirms support.
func (h *Handlers) ConfirmSupport(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Svc.ConfirmSupport(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	h.Kit.Flash(w, "campaigns.flash.supported")
	web.Redirect(w, r, "/campaigns/"+c.ID)
	return nil
}

// erasePage is the public form to ask for one's record to be erased.
type erasePage struct {
	page
	Campaign Campaign
	Form     *web.Form
	Sent     bool
}

// EraseForm shows the erasure request form.
func (h *Handlers) EraseForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	c, err := campaignByID(r.Context(), h.Svc.DB, id)
	if err != nil {
		return h.Svc.DB.Err(err, "error.not_found")
	}
	p := &erasePage{page: h.page(r, "campaigns.erase.title"), Campaign: c, Form: web.EmptyForm(), Sent: r.URL.Query().Get("sent") == "1"}
	return h.render(w, r, http.StatusOK, "campaigns/erase", p)
}

// Erase takes an erasure request.
func (h *Handlers) Erase(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.RequestErasure(r.Context(), id, f.Get("name"), f.Get("email"), web.Lang(r), web.ClientAddr(r)); err != nil {
		if !f.Take(err, "name", "email") {
			return err
		}
		c, cerr := campaignByID(r.Context(), h.Svc.DB, id)
		if cerr != nil {
			return h.Svc.DB.Err(cerr, "error.not_found")
		}
		p := &erasePage{page: h.page(r, "campaigns.erase.title"), Campaign: c, Form: f}
		p.Errors = f
		return h.render(w, r, web.Status(errs.CodeOf(err)), "campaigns/erase", p)
	}
	web.Redirect(w, r, "/campaigns/"+id+"/erase?sent=1")
	return nil
}

// ConfirmEraseForm shows the confirmation button for an erasure link.
func (h *Handlers) ConfirmEraseForm(w http.ResponseWriter, r *http.Request) error {
	_, c, err := h.Svc.ErasureByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := &confirmPage{page: h.page(r, "campaigns.confirm_erase.title"), Body: h.Kit.T(r, "campaigns.confirm_erase.body", "title", c.Title),
		Action: r.URL.Path}
	return h.render(w, r, http.StatusOK, "campaigns/confirm", p)
}

// ConfirmErase erases.
func (h *Handlers) ConfirmErase(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Svc.ConfirmErasure(r.Context(), r.PathValue("token"), web.Lang(r)); err != nil {
		return err
	}
	p := &confirmPage{page: h.page(r, "campaigns.erased.title"), Body: h.Kit.T(r, "campaigns.erased.body")}
	return h.render(w, r, http.StatusOK, "campaigns/confirm", p)
}

// petitionPage is a petition's public page with its sign form.
type petitionPage struct {
	page
	Campaign Campaign
	Petition Petition
	Open     bool
	Form     *web.Form
	Sent     bool
	InTeam   bool
}

func (h *Handlers) petitionPage(r *http.Request, f *web.Form) (*petitionPage, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	pid, err := web.ID(r, "petition")
	if err != nil {
		return nil, err
	}
	u := web.CurrentUser(r)
	pe, c, err := h.Svc.Petition(r.Context(), u, id, pid)
	if err != nil {
		return nil, err
	}
	p := &petitionPage{page: h.page(r, "campaigns.petition.title", "title", pe.Title), Campaign: c, Petition: pe,
		Open: pe.Open(today(h.Svc.DB.Clock().Now())), Form: f, InTeam: h.Svc.InTeam(r.Context(), u, id)}
	h.Svc.fill(r.Context(), &p.Campaign)
	if p.Form == nil {
		p.Form = web.EmptyForm()
		if u != nil {
			p.Form.Values = url.Values{"name": {u.Name}, "email": {u.Email}}
		}
	}
	return p, nil
}

// Petition is a petition's page.
func (h *Handlers) Petition(w http.ResponseWriter, r *http.Request) error {
	p, err := h.petitionPage(r, nil)
	if err != nil {
		return err
	}
	p.Sent = r.URL.Query().Get("sent") == "1"
	return h.render(w, r, http.StatusOK, "campaigns/petition", p)
}

// Sign records a signature; the signer confirms it by mail.
func (h *Handlers) Sign(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in := PersonInput{Name: f.Get("name"), Email: f.Get("email"), Postcode: f.Get("postcode")}
	id, pid := r.PathValue("id"), r.PathValue("petition")
	if _, err := web.ID(r, "id"); err != nil {
		return err
	}
	if _, err := web.ID(r, "petition"); err != nil {
		return err
	}
	confirmed, err := h.Svc.Sign(r.Context(), web.CurrentUser(r), id, pid, in, web.Lang(r), web.ClientAddr(r))
	if err != nil {
		if !f.Take(err, "name", "email", "postcode") {
			return err
		}
		p, perr := h.petitionPage(r, f)
		if perr != nil {
			return perr
		}
		p.Errors = f
		return h.render(w, r, web.Status(errs.CodeOf(err)), "campaigns/petition", p)
	}
	to := "/campaigns/" + id + "/petitions/" + pid
	if confirmed {
		h.Kit.Flash(w, "campaigns.flash.signed")
		web.Redirect(w, r, to)
		return nil
	}
	web.Redirect(w, r, to+"?sent=1#sign")
	return nil
}

// ConfirmSignatureForm shows the confirmation button for a signature link.
func (h *Handlers) ConfirmSignatureForm(w http.ResponseWriter, r *http.Request) error {
	_, pe, err := h.Svc.SignatureByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := &confirmPage{page: h.page(r, "campaigns.confirm_signature.title"), Body: h.Kit.T(r, "campaigns.confirm_signature.body", "title", pe.Title),
		Action: r.URL.Path}
	return h.render(w, r, http.StatusOK, "campaigns/confirm", p)
}

// ConfirmSignature confirms a signature.
func (h *Handlers) ConfirmSignature(w http.ResponseWriter, r *http.Request) error {
	pe, err := h.Svc.ConfirmSignature(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	h.Kit.Flash(w, "campaigns.flash.signed")
	web.Redirect(w, r, "/campaigns/"+pe.CampaignID+"/petitions/"+pe.ID)
	return nil
}

// TeamNames is the public page's team line: those who agreed by name, the rest counted.
func (p *campaignPage) TeamNames() template.HTML {
	var names []string
	for _, m := range p.Team {
		names = append(names, template.HTMLEscapeString(m.Name))
	}
	others := p.TeamSize - len(p.Team)
	switch {
	case len(names) == 0:
		return template.HTML(template.HTMLEscapeString(p.N("campaigns.team_of", others)))
	case others == 0:
		return template.HTML(joinNames(names))
	}
	return template.HTML(joinNames(names) + " " + template.HTMLEscapeString(p.N("campaigns.and_others", others)))
}

func joinNames(ns []string) string {
	out := ""
	for i, n := range ns {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// Int is a number that may be missing (0 when it is).
func (p *page) Int(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}
