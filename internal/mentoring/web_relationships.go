package mentoring

import (
	"net/http"
	"strconv"

	"commons/internal/platform/web"
)

// relPage is one relationship with what each side may do next.
type relPage struct {
	page
	Rel     Relationship
	History []LogEntry
	// Sides are the organisations the reader may act for; Assisting when they act on an
	// organisation's behalf as a coordinator (the forms then ask which).
	Sides     []string
	Assisting bool
	Today     string
	Form      *web.Form
	// CaseAgreed are the organisations that agreed a closed relationship may be written up as
	// a case study (hub.go).
	CaseAgreed map[string]bool
}

// OrgName is one of the two organisations' names.
func (p *relPage) OrgName(id string) string { return orgName(p.Rel, id) }

// CanAccept reports whether the side has yet to accept.
func (p *relPage) CanAccept(org string) bool {
	if p.Rel.Stage != StageProposed {
		return false
	}
	if org == p.Rel.MentorOrgID {
		return p.Rel.MentorAccepted == nil
	}
	return p.Rel.MenteeAccepted == nil
}

// CheckinOpen reports whether the side may make the milestone's check-in now.
func (p *relPage) CheckinOpen(m int, org string) bool {
	due := p.Rel.Due(m)
	return p.Rel.Stage == StageUnderway && due != "" && p.Today >= dayMinus(due, CheckinWindow) && !p.Rel.CheckedIn(m, org)
}

// AnyCheckinOpen reports whether some side the reader acts for has a check-in to make.
func (p *relPage) AnyCheckinOpen() bool {
	for _, m := range Milestones {
		for _, o := range p.Sides {
			if p.CheckinOpen(m, o) {
				return true
			}
		}
	}
	return false
}

// Milestones are the check-ins.
func (p *relPage) Milestones() []int { return Milestones }

// IsOverdue reports whether the milestone is overdue.
func (p *relPage) IsOverdue(m int) bool {
	for _, o := range p.Rel.Overdue {
		if o == m {
			return true
		}
	}
	return false
}

func (h *Handlers) relPage(r *http.Request, id string, f *web.Form) (*relPage, error) {
	u := web.CurrentUser(r)
	rel, err := h.Svc.Relationship(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	p, err := h.page(r, "mentoring.rel.title")
	if err != nil {
		return nil, err
	}
	rp := &relPage{page: p, Rel: rel, Form: f, Today: today(h.Svc.DB.Clock().Now())}
	rp.TitleArgs = []any{"topic", rp.TopicName(rel.TopicID)}
	if rp.Form == nil {
		rp.Form = web.EmptyForm()
	}
	rp.Sides = actingAs(u, rel)
	if len(rp.Sides) == 0 && rp.Coordinator {
		rp.Sides, rp.Assisting = []string{rel.MentorOrgID, rel.MenteeOrgID}, true
	}
	if rp.History, err = h.Svc.History(r.Context(), u, id); err != nil {
		return nil, err
	}
	if rp.CaseAgreed, err = h.Svc.CaseConsents(r.Context(), id); err != nil {
		return nil, err
	}
	return rp, nil
}

// Relationship shows a relationship to both organisations and coordinators.
func (h *Handlers) Relationship(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	rp, err := h.relPage(r, id, nil)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "mentoring/relationship", rp)
}

// relAction runs one of the relationship's forms: on a form error the page comes back with it.
func (h *Handlers) relAction(flash string, fields []string, run func(r *http.Request, id string, f *web.Form) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		f := web.NewForm(r)
		return h.Kit.Saved(w, r, f, run(r, id, f), fields, flash, "/mentoring/relationships/"+id, func() error {
			rp, err := h.relPage(r, id, f)
			if err != nil {
				return err
			}
			rp.Errors = f
			return h.render(w, r, http.StatusUnprocessableEntity, "mentoring/relationship", rp)
		})
	}
}

func (h *Handlers) Accept() web.HandlerFunc {
	return h.relAction("mentoring.flash.accepted", []string{"org"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Accept(r.Context(), web.CurrentUser(r), id, f.Get("org"))
	})
}

func (h *Handlers) Decline() web.HandlerFunc {
	return h.relAction("mentoring.flash.declined", []string{"org"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Decline(r.Context(), web.CurrentUser(r), id, f.Get("org"))
	})
}

func (h *Handlers) Meeting() web.HandlerFunc {
	return h.relAction("mentoring.flash.met", []string{"org", "met_on"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.RecordMeeting(r.Context(), web.CurrentUser(r), id, f.Get("org"), f.Get("met_on"))
	})
}

func (h *Handlers) CheckInForm() web.HandlerFunc {
	return h.relAction("mentoring.flash.checked_in", []string{"org", "milestone", "going", "checkin_note"}, func(r *http.Request, id string, f *web.Form) error {
		m, _ := strconv.Atoi(f.Get("milestone"))
		return h.Svc.CheckIn(r.Context(), web.CurrentUser(r), id, f.Get("org"), m, f.Get("going"), f.Get("checkin_note"))
	})
}

func (h *Handlers) CloseForm() web.HandlerFunc {
	return h.relAction("mentoring.flash.closed", []string{"org", "outcome", "helped"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.Close(r.Context(), web.CurrentUser(r), id, f.Get("org"), f.Get("outcome"), f.Get("helped"))
	})
}

// CaseConsentForm records one organisation's agreement (or its withdrawal) that a closed
// relationship may be written up as a case study.
func (h *Handlers) CaseConsentForm() web.HandlerFunc {
	return h.relAction("mentoring.flash.case_consent", []string{"org"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.AgreeCaseStudy(r.Context(), web.CurrentUser(r), id, f.Get("org"), f.Get("agree") == "yes")
	})
}

func (h *Handlers) EndForm() web.HandlerFunc {
	return h.relAction("mentoring.flash.ended", []string{"org", "end_note"}, func(r *http.Request, id string, f *web.Form) error {
		return h.Svc.End(r.Context(), web.CurrentUser(r), id, f.Get("org"), f.Get("end_note"))
	})
}
