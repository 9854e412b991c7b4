package volunteering

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

type orgPage struct {
	page
	Org       identity.Organisation
	Opps      []Opportunity
	Gaps      []Shift
	Checks    []Check
	SeeChecks bool
	Settings  Settings
	Logged    []Hours
	People    []Person
	Form      *web.Form
}

func (h *Handlers) org(r *http.Request) (identity.Organisation, error) {
	id, err := web.ID(r, "org")
	if err != nil {
		return identity.Organisation{}, err
	}
	o, err := h.Svc.Identity.Organisation(r.Context(), id)
	if err != nil {
		return o, err
	}
	if !Coordinates(web.CurrentUser(r), o.ID) {
		return o, errForbidden
	}
	return o, nil
}

// Organisation is a coordinator's overview: the organisation's opportunities and the rota's gaps.
func (h *Handlers) Organisation(w http.ResponseWriter, r *http.Request) error {
	org, err := h.org(r)
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	p := &orgPage{page: h.page(r, "volunteering.org.title", "org", org.Name), Org: org, SeeChecks: SeesChecks(u, org.ID)}
	if p.Opps, err = listOpportunities(r.Context(), h.Svc.DB, Search{OrgID: org.ID, Closed: true}, 500); err != nil {
		return errs.Wrap(err, "opportunities")
	}
	if p.Gaps, err = h.Svc.Gaps(r.Context(), u, org.ID); err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/organisation", p)
	return nil
}

// Coordinating lists the organisations the signed-in person coordinates.
func (h *Handlers) Coordinating(w http.ResponseWriter, r *http.Request) error {
	orgs, err := h.Svc.CoordinatorOrgs(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	if len(orgs) == 1 {
		web.Redirect(w, r, "/volunteering/organisations/"+orgs[0].ID)
		return nil
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/coordinating", &struct {
		page
		Orgs []identity.Organisation
	}{h.page(r, "volunteering.coordinating.title"), orgs})
	return nil
}

func (h *Handlers) renderChecks(w http.ResponseWriter, r *http.Request, org identity.Organisation, status int, f *web.Form) error {
	u := web.CurrentUser(r)
	p := &orgPage{page: h.page(r, "volunteering.checks.title", "org", org.Name), Org: org, SeeChecks: true, Form: f}
	var err error
	if p.Checks, err = h.Svc.Checks(r.Context(), u, org.ID); err != nil {
		return err
	}
	if p.Settings, err = h.Svc.Settings(r.Context(), org.ID); err != nil {
		return err
	}
	if p.People, err = h.Svc.People(r.Context(), u, org.ID); err != nil {
		return err
	}
	if f == nil {
		p.Form = web.EmptyForm()
	} else {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "volunteering/checks", p)
	return nil
}

// Checks is the organisation's check records, for its own coordinators only.
func (h *Handlers) Checks(w http.ResponseWriter, r *http.Request) error {
	org, err := h.org(r)
	if err != nil {
		return err
	}
	if !SeesChecks(web.CurrentUser(r), org.ID) {
		return errForbidden
	}
	return h.renderChecks(w, r, org, http.StatusOK, nil)
}

// RecordCheck records a volunteer's check.
func (h *Handlers) RecordCheck(w http.ResponseWriter, r *http.Request) error {
	org, err := h.org(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := CheckInput{Person: personInput(f), Kind: f.Get("kind"), Workforce: f.Get("workforce"), Reference: f.Get("reference"),
		IssuedOn: f.Get("issued_on"), ExpiresOn: f.Get("expires_on"), UpdateService: f.Get("update_service") == "yes"}
	_, err = h.Svc.RecordCheck(r.Context(), web.CurrentUser(r), org.ID, in)
	return h.Kit.Saved(w, r, f, err, []string{"person_id", "name", "email", "kind", "workforce", "reference", "issued_on", "expires_on"}, "volunteering.flash.check_recorded", "/volunteering/organisations/"+org.ID+"/checks", func() error {
		return h.renderChecks(w, r, org, http.StatusUnprocessableEntity, f)
	})
}

// DeleteCheck removes a check record.
func (h *Handlers) DeleteCheck(w http.ResponseWriter, r *http.Request) error {
	org, err := h.org(r)
	if err != nil {
		return err
	}
	id, err := web.ID(r, "check")
	if err != nil {
		return err
	}
	if err := h.Svc.DeleteCheck(r.Context(), web.CurrentUser(r), org.ID, id); err != nil {
		return err
	}
	h.Kit.Flash(w, "volunteering.flash.check_deleted")
	web.Redirect(w, r, "/volunteering/organisations/"+org.ID+"/checks")
	return nil
}

// SaveSettings saves the retention of check records.
func (h *Handlers) SaveSettings(w http.ResponseWriter, r *http.Request) error {
	org, err := h.org(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	err = h.Svc.SaveSettings(r.Context(), web.CurrentUser(r), org.ID, f.Get("retention"))
	return h.Kit.Saved(w, r, f, err, []string{"retention"}, "volunteering.flash.settings_saved", "/volunteering/organisations/"+org.ID+"/checks", func() error {
		return h.renderChecks(w, r, org, http.StatusUnprocessableEntity, f)
	})
}

func (h *Handlers) renderHours(w http.ResponseWriter, r *http.Request, org identity.Organisation, status int, f *web.Form) error {
	u := web.CurrentUser(r)
	p := &orgPage{page: h.page(r, "volunteering.org_hours.title", "org", org.Name), Org: org, Form: f}
	var err error
	if p.Logged, err = h.Svc.OrgHours(r.Context(), u, org.ID); err != nil {
		return err
	}
	if p.People, err = h.Svc.People(r.Context(), u, org.ID); err != nil {
		return err
	}
	if p.Opps, err = listOpportunities(r.Context(), h.Svc.DB, Search{OrgID: org.ID, Closed: true}, 500); err != nil {
		return errs.Wrap(err, "opportunities")
	}
	if f == nil {
		p.Form = web.EmptyForm()
		p.Form.Values.Set("day", Local(h.Svc.DB.Clock().Now()).Format("2006-01-02"))
	} else {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "volunteering/org_hours", p)
	return nil
}

// OrgHours lists hours to confirm and lets a coordinator log hours for someone.
func (h *Handlers) OrgHours(w http.ResponseWriter, r *http.Request) error {
	org, err := h.org(r)
	if err != nil {
		return err
	}
	return h.renderHours(w, r, org, http.StatusOK, nil)
}

// LogHoursFor records hours on someone's behalf.
func (h *Handlers) LogHoursFor(w http.ResponseWriter, r *http.Request) error {
	org, err := h.org(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := HoursInput{OpportunityID: f.Get("opportunity_id"), Day: f.Get("day"), Hours: f.Get("hours"), Minutes: f.Get("minutes"), Note: f.Get("note")}
	if in.OpportunityID == "" {
		f.Fail("opportunity_id", "volunteering.err.opportunity")
		return h.renderHours(w, r, org, http.StatusUnprocessableEntity, f)
	}
	_, err = h.Svc.LogHoursFor(r.Context(), web.CurrentUser(r), in, personInput(f))
	return h.Kit.Saved(w, r, f, err, []string{"person_id", "name", "email", "opportunity_id", "day", "hours", "note"}, "volunteering.flash.hours_logged_for", "/volunteering/organisations/"+org.ID+"/hours", func() error {
		return h.renderHours(w, r, org, http.StatusUnprocessableEntity, f)
	})
}

// ConfirmHours confirms or rejects logged hours.
func (h *Handlers) ConfirmHours(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "hours")
	if err != nil {
		return err
	}
	hs, err := queryHours(r.Context(), h.Svc.DB, `WHERE h.id = $1`, id)
	if err != nil || len(hs) == 0 {
		return errNotFound
	}
	f := web.NewForm(r)
	accept := f.Get("decision") != "reject"
	if err := h.Svc.Confirm(r.Context(), web.CurrentUser(r), id, accept); err != nil {
		return err
	}
	if accept {
		h.Kit.Flash(w, "volunteering.flash.hours_confirmed")
	} else {
		h.Kit.Flash(w, "volunteering.flash.hours_rejected")
	}
	web.Redirect(w, r, "/volunteering/organisations/"+hs[0].OrganisationID+"/hours")
	return nil
}

// TeamHours records a team day's hours for its group.
func (h *Handlers) TeamHours(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "shift")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	hrs, err := h.Svc.LogTeamHours(r.Context(), web.CurrentUser(r), id, f.Get("people"))
	if err != nil {
		return plain(err)
	}
	h.Kit.Flash(w, "volunteering.flash.team_hours")
	web.Redirect(w, r, "/volunteering/opportunities/"+hrs.OpportunityID+"/manage#shift-"+id)
	return nil
}
