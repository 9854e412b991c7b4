package identity

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

// Admin serves the admin pages: areas, organisations, people's roles and the audit log.
type Admin struct {
	Kit *web.Kit
	Svc *Service
	DB  *db.DB
}

type adminHome struct{ web.Page }

// Home links to the admin pages.
func (a *Admin) Home(w http.ResponseWriter, r *http.Request) error {
	a.Kit.Render(w, r, http.StatusOK, "identity/admin_home", &adminHome{a.Kit.NewPage(r, "admin.title")})
	return nil
}

type areasPage struct {
	web.Page
	Areas []Area
	Form  *web.Form
	Area  Area // when editing
}

func (a *Admin) renderAreas(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	areas, err := a.Svc.Areas(r.Context(), 1000, 0)
	if err != nil {
		return err
	}
	p := &areasPage{Page: a.Kit.NewPage(r, "admin.areas.title"), Areas: areas, Form: f}
	p.Errors = f
	a.Kit.Render(w, r, status, "identity/admin_areas", p)
	return nil
}

// Areas lists areas with a form to add one.
func (a *Admin) Areas(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("kind", "ward")
	return a.renderAreas(w, r, http.StatusOK, f)
}

func areaInput(f *web.Form) AreaInput {
	return AreaInput{Name: f.Get("name"), Kind: f.Get("kind"), PostcodeDistricts: f.Get("postcode_districts"), Boundary: f.Get("boundary")}
}

var areaFields = []string{"name", "kind", "postcode_districts", "boundary"}

// CreateArea adds an area.
func (a *Admin) CreateArea(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	if _, err := a.Svc.SaveArea(r.Context(), web.CurrentUser(r), "", areaInput(f)); err != nil {
		if f.Take(err, areaFields...) {
			return a.renderAreas(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	a.Kit.Flash(w, "admin.areas.saved")
	web.Redirect(w, r, "/admin/areas")
	return nil
}

func (a *Admin) renderArea(w http.ResponseWriter, r *http.Request, status int, ar Area, f *web.Form) error {
	p := &areasPage{Page: a.Kit.NewPage(r, "admin.area.title", "name", ar.Name), Area: ar, Form: f}
	p.Errors = f
	a.Kit.Render(w, r, status, "identity/admin_area", p)
	return nil
}

// EditArea shows an area's form.
func (a *Admin) EditArea(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	ar, err := a.Svc.Area(r.Context(), id)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("name", ar.Name)
	f.Values.Set("kind", ar.Kind)
	f.Values.Set("postcode_districts", strings.Join(ar.PostcodeDistricts, " "))
	f.Values.Set("boundary", string(ar.Boundary))
	return a.renderArea(w, r, http.StatusOK, ar, f)
}

// UpdateArea saves an area.
func (a *Admin) UpdateArea(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if _, err := a.Svc.SaveArea(r.Context(), web.CurrentUser(r), id, areaInput(f)); err != nil {
		if f.Take(err, areaFields...) {
			ar, gerr := a.Svc.Area(r.Context(), id)
			if gerr != nil {
				return gerr
			}
			return a.renderArea(w, r, http.StatusUnprocessableEntity, ar, f)
		}
		return err
	}
	a.Kit.Flash(w, "admin.areas.saved")
	web.Redirect(w, r, "/admin/areas")
	return nil
}

// DeleteArea removes an area.
func (a *Admin) DeleteArea(w http.ResponseWriter, r *http.Request) error {
	return a.Kit.Act(w, r, a.Svc.DeleteArea, "admin.areas.deleted", "/admin/areas")
}

type orgsPage struct {
	web.Page
	Orgs    []Organisation
	Areas   []Area
	Sectors []string
	Sector  string
	Form    *web.Form
	Org     Organisation
	Members []Member
	Member  *web.Form
}

func (a *Admin) orgsPage(r *http.Request, title string, f *web.Form, args ...any) (*orgsPage, error) {
	areas, err := a.Svc.Areas(r.Context(), 1000, 0)
	if err != nil {
		return nil, err
	}
	p := &orgsPage{Page: a.Kit.NewPage(r, title, args...), Areas: areas, Sectors: Sectors, Form: f, Member: web.EmptyForm()}
	p.Errors = f
	return p, nil
}

func (a *Admin) renderOrgs(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p, err := a.orgsPage(r, "admin.orgs.title", f)
	if err != nil {
		return err
	}
	p.Sector = r.URL.Query().Get("sector")
	if p.Orgs, err = a.Svc.Organisations(r.Context(), p.Sector, 1000, 0); err != nil {
		return err
	}
	a.Kit.Render(w, r, status, "identity/admin_orgs", p)
	return nil
}

// Organisations lists organisations, by sector if asked, with a form to add one.
func (a *Admin) Organisations(w http.ResponseWriter, r *http.Request) error {
	return a.renderOrgs(w, r, http.StatusOK, web.EmptyForm())
}

func orgInput(f *web.Form) OrganisationInput {
	return OrganisationInput{Name: f.Get("name"), Sector: f.Get("sector"), Description: f.Get("description"), Website: f.Get("website"), AreaID: f.Get("area_id")}
}

var orgFields = []string{"name", "sector", "area_id", "description", "website"}

// CreateOrganisation adds an organisation.
func (a *Admin) CreateOrganisation(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	o, err := a.Svc.SaveOrganisation(r.Context(), web.CurrentUser(r), "", orgInput(f))
	if err != nil {
		if f.Take(err, orgFields...) {
			return a.renderOrgs(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	a.Kit.Flash(w, "admin.orgs.saved")
	web.Redirect(w, r, "/admin/organisations/"+o.ID)
	return nil
}

func (a *Admin) renderOrg(w http.ResponseWriter, r *http.Request, status int, id string, f, member *web.Form) error {
	o, err := a.Svc.Organisation(r.Context(), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		f.Values.Set("name", o.Name)
		f.Values.Set("sector", o.Sector)
		f.Values.Set("description", o.Description)
		f.Values.Set("website", o.Website)
		f.Values.Set("area_id", o.AreaID)
	}
	p, err := a.orgsPage(r, "admin.org.title", f, "name", o.Name)
	if err != nil {
		return err
	}
	p.Org = o
	if member != nil {
		p.Member = member
		p.Errors = member
	}
	if p.Members, err = a.Svc.Members(r.Context(), id); err != nil {
		return err
	}
	a.Kit.Render(w, r, status, "identity/admin_org", p)
	return nil
}

// EditOrganisation shows an organisation's form and members.
func (a *Admin) EditOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	return a.renderOrg(w, r, http.StatusOK, id, nil, nil)
}

// UpdateOrganisation saves an organisation.
func (a *Admin) UpdateOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if _, err := a.Svc.SaveOrganisation(r.Context(), web.CurrentUser(r), id, orgInput(f)); err != nil {
		if f.Take(err, orgFields...) {
			return a.renderOrg(w, r, http.StatusUnprocessableEntity, id, f, nil)
		}
		return err
	}
	a.Kit.Flash(w, "admin.orgs.saved")
	web.Redirect(w, r, "/admin/organisations/"+id)
	return nil
}

// DeleteOrganisation removes an organisation.
func (a *Admin) DeleteOrganisation(w http.ResponseWriter, r *http.Request) error {
	return a.Kit.Act(w, r, a.Svc.DeleteOrganisation, "admin.orgs.deleted", "/admin/organisations")
}

// AddMember adds a person (by email) to an organisation.
func (a *Admin) AddMember(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := a.Svc.AddMember(r.Context(), web.CurrentUser(r), id, f.Get("email")); err != nil {
		if f.Take(err, "email") {
			return a.renderOrg(w, r, http.StatusUnprocessableEntity, id, nil, f)
		}
		return err
	}
	a.Kit.Flash(w, "admin.orgs.member_added")
	web.Redirect(w, r, "/admin/organisations/"+id)
	return nil
}

// RemoveMember takes a person out of an organisation.
func (a *Admin) RemoveMember(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	account, err := web.ID(r, "account")
	if err != nil {
		return err
	}
	if err := a.Svc.RemoveMember(r.Context(), web.CurrentUser(r), id, account); err != nil {
		return err
	}
	a.Kit.Flash(w, "admin.orgs.member_removed")
	web.Redirect(w, r, "/admin/organisations/"+id)
	return nil
}

type accountsPage struct {
	web.Page
	Q        string
	Accounts []AccountSummary
	Account  Account
	Roles    []string
}

// Accounts searches people.
func (a *Admin) Accounts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	list, err := a.Svc.FindAccounts(r.Context(), web.CurrentUser(r), q, 200, 0)
	if err != nil {
		return err
	}
	a.Kit.Render(w, r, http.StatusOK, "identity/admin_accounts", &accountsPage{Page: a.Kit.NewPage(r, "admin.accounts.title"), Q: q, Accounts: list})
	return nil
}

// SetRole grants or revokes one role.
func (a *Admin) SetRole(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	grant := f.Get("action") == "grant"
	if !grant && f.Get("action") != "revoke" {
		return errs.E(errs.Invalid, "role.err.unknown")
	}
	if err := a.Svc.SetRole(r.Context(), web.CurrentUser(r), id, f.Get("role"), grant); err != nil {
		return err
	}
	if grant {
		a.Kit.Flash(w, "admin.account.granted")
	} else {
		a.Kit.Flash(w, "admin.account.revoked")
	}
	web.Redirect(w, r, "/admin/accounts/"+id)
	return nil
}

type auditPage struct {
	web.Page
	Entries     []audit.Entry
	Filter      audit.Filter
	Since       string
	PageNo      int
	More        bool
	FilterQuery string
	Invalid     bool
}

func auditFilter(r *http.Request) (audit.Filter, string, int, bool) {
	q := r.URL.Query()
	f := audit.Filter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")), Target: strings.TrimSpace(q.Get("target")), Limit: 50}
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	f.Offset = (page - 1) * f.Limit
	since := strings.TrimSpace(q.Get("since"))
	invalid := false
	if since != "" {
		t, err := time.Parse("2006-01-02", since)
		if err != nil {
			invalid = true
		} else {
			f.Since = t
		}
	}
	return f, since, page, invalid
}

// Audit shows the audit log, filtered.
func (a *Admin) Audit(w http.ResponseWriter, r *http.Request) error {
	f, since, page, invalid := auditFilter(r)
	entries, more, err := audit.List(r.Context(), a.DB, f)
	if err == nil {
		err = nameTargets(r.Context(), a.DB, entries)
	}
	if err != nil {
		return errs.Wrap(err, "audit")
	}
	q := r.URL.Query()
	q.Del("page")
	p := &auditPage{Page: a.Kit.NewPage(r, "admin.audit.title"), Entries: entries, Filter: f, Since: since, PageNo: page, More: more, FilterQuery: q.Encode(), Invalid: invalid}
	if invalid {
		p.Errors = web.EmptyForm()
		p.Errors.Fail("since", "admin.audit.err.since")
	}
	a.Kit.Render(w, r, http.StatusOK, "identity/admin_audit", p)
	return nil
}

// AuditCSV downloads the filtered audit log as CSV.
func (a *Admin) AuditCSV(w http.ResponseWriter, r *http.Request) error {
	f, _, _, invalid := auditFilter(r)
	if invalid {
		return errs.E(errs.Invalid, "admin.audit.err.since")
	}
	f.Limit, f.Offset = 500, 0
	csvout.Download(w, "audit-log.csv")
	cw := csvout.NewWriter(w, csvout.Options{BOM: true})
	_ = cw.Header([]string{"at", "actor_id", "actor_name", "action", "target_type", "target_id", "detail"})
	for {
		entries, more, err := audit.List(r.Context(), a.DB, f)
		if err != nil {
			web.Log(r).Error("audit csv", "err", err)
			return nil
		}
		for _, e := range entries {
			_ = cw.Row([]string{e.At.Format(time.RFC3339), e.ActorID, e.ActorName, e.Action, e.TargetType, e.TargetID, e.Detail})
		}
		if !more {
			break
		}
		f.Offset += f.Limit
	}
	if err := cw.Flush(); err != nil {
		web.Log(r).Error("audit csv", "err", err)
	}
	return nil
}

// PrevPage and NextPage number the audit log's pages.
func (p *auditPage) PrevPage() int { return p.PageNo - 1 }

// NextPage is the page after this one.
func (p *auditPage) NextPage() int { return p.PageNo + 1 }
