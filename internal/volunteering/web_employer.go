package volunteering

import (
	"net/http"

	"commons/internal/platform/web"
)

type employersPage struct {
	page
	Needs   []Need
	Pledges []Pledge
	Orgs    []Option
	Form    *web.Form
}

func (h *Handlers) renderEmployers(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	needs, pledges, err := h.Svc.Needs(r.Context())
	if err != nil {
		return err
	}
	p := &employersPage{page: h.page(r, "volunteering.employers.title"), Needs: needs, Pledges: pledges, Form: f}
	orgs, err := h.Svc.CoordinatorOrgs(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	if len(orgs) > 0 {
		p.Orgs = []Option{{"", p.T("volunteering.f.choose")}}
		for _, o := range orgs {
			p.Orgs = append(p.Orgs, Option{o.ID, o.Name})
		}
	}
	if f == nil {
		p.Form = web.EmptyForm()
		if len(orgs) == 1 {
			p.Form.Values.Set("organisation_id", orgs[0].ID)
		}
	} else {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "volunteering/employers", p)
	return nil
}

// Employers is employer-supported volunteering: the team challenges organisations need, with
// the pledges that fit each, and the form for a business to pledge its people's time.
func (h *Handlers) Employers(w http.ResponseWriter, r *http.Request) error {
	return h.renderEmployers(w, r, http.StatusOK, nil)
}

// CreatePledge records a business's pledge.
func (h *Handlers) CreatePledge(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	p, err := h.Svc.CreatePledge(r.Context(), web.CurrentUser(r), PledgeInput{OrganisationID: f.Get("organisation_id"),
		People: f.Get("people"), Days: f.Get("days"), Causes: f.Values["causes"], Note: f.Get("note")})
	return h.Kit.Saved(w, r, f, err, []string{"organisation_id", "people", "days", "causes", "note"}, "volunteering.flash.pledged", "/volunteering/pledges/"+p.ID, func() error {
		return h.renderEmployers(w, r, http.StatusUnprocessableEntity, f)
	})
}

type pledgePage struct {
	page
	View PledgeView
}

// Pledge is a business's view of its pledge: challenges that fit, offers, team days, and the
// hours and causes it has given.
func (h *Handlers) Pledge(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "pledge")
	if err != nil {
		return err
	}
	v, err := h.Svc.ViewPledge(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/pledge", &pledgePage{page: h.page(r, "volunteering.pledge.title", "org", v.Pledge.OrgName), View: v})
	return nil
}

// Offer offers the pledge's team to a challenge.
func (h *Handlers) Offer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "pledge")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.Offer(r.Context(), web.CurrentUser(r), id, f.Get("opportunity_id")); err != nil {
		return plain(err)
	}
	h.Kit.Flash(w, "volunteering.flash.offered")
	web.Redirect(w, r, "/volunteering/pledges/"+id)
	return nil
}

// BookTeamDay books an offered team as a shift.
func (h *Handlers) BookTeamDay(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "match")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	sh, err := h.Svc.BookTeamDay(r.Context(), web.CurrentUser(r), id, ShiftInput{Date: f.Get("date"), Start: f.Get("start"), End: f.Get("end"), Lead: f.Get("lead")})
	if err != nil {
		return plain(err)
	}
	h.Kit.Flash(w, "volunteering.flash.booked")
	web.Redirect(w, r, "/volunteering/opportunities/"+sh.OpportunityID+"/manage#shift-"+sh.ID)
	return nil
}
