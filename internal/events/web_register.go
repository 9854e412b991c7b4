package events

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type registerPage struct {
	page
	Event   Event
	Form    *web.Form
	Areas   []identity.Area
	Sectors []string
	Chosen  map[string]bool
}

func (h *Handlers) renderRegister(w http.ResponseWriter, r *http.Request, status int, e Event, f *web.Form) {
	areas, err := h.Svc.Identity.Areas(r.Context(), 1000, 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := &registerPage{page: page{h.Kit.NewPage(r, "events.register.title", "title", e.Title)}, Event: e, Form: f, Areas: areas,
		Sectors: identity.Sectors, Chosen: map[string]bool{}}
	for _, s := range f.Values["sessions"] {
		p.Chosen[s] = true
	}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/register", p)
}

// RegisterForm shows the registration form; ?invitation= carries an invitation's token.
func (h *Handlers) RegisterForm(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	e, err := h.Svc.Event(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := web.EmptyForm()
	f.Values.Set("invitation", r.URL.Query().Get("invitation"))
	if u := web.CurrentUser(r); u != nil {
		f.Values.Set("name", u.Name)
		f.Values.Set("email", u.Email)
	}
	h.renderRegister(w, r, http.StatusOK, e, f)
}

func registrationInput(f *web.Form) RegistrationInput {
	return RegistrationInput{Name: f.Get("name"), Email: f.Get("email"), OrganisationName: f.Get("organisation_name"), Sector: f.Get("sector"),
		AreaID: f.Get("area_id"), AccessNeeds: f.Get("access_needs"), DietaryNeeds: f.Get("dietary_needs"), SessionIDs: f.Values["sessions"],
		Invitation: f.Get("invitation")}
}

// Register takes a place, or a place on the waitlist.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	e, err := h.Svc.Event(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := web.NewForm(r)
	reg, err := registerFrom(h, r, id, f)
	if err != nil {
		if f.Take(err, registrationFields...) {
			h.renderRegister(w, r, http.StatusUnprocessableEntity, e, f)
			return
		}
		h.fail(w, r, err)
		return
	}
	if reg.Status == Confirmed {
		h.Kit.Flash(w, "events.flash.confirmed")
	} else {
		h.Kit.Flash(w, "events.flash.waitlisted")
	}
	web.Redirect(w, r, "/events/"+id)
}

type cancelPage struct {
	page
	Event        Event
	Registration Registration
	Token        string
}

// CancelForm asks to confirm giving up a place.
func (h *Handlers) CancelForm(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	e, err := h.Svc.Event(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	reg, err := h.Svc.CancelInfo(r.Context(), id, r.PathValue("token"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "events/cancel", &cancelPage{page: page{h.Kit.NewPage(r, "events.cancel.title", "title", e.Title)},
		Event: e, Registration: reg, Token: r.PathValue("token")})
}

// Cancel gives up a place.
func (h *Handlers) Cancel(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	if err := h.Svc.Cancel(r.Context(), web.Lang(r), id, r.PathValue("token")); err != nil {
		h.fail(w, r, err)
		return
	}
	h.Kit.Flash(w, "events.flash.cancelled")
	web.Redirect(w, r, "/events/"+id)
}

type registrationsPage struct {
	page
	Event         Event
	Registrations []Registration
	Counts        map[string]int
	Sessions      map[string]string
	WalkIn        *web.Form
	Invite        *web.Form
	Areas         []identity.Area
	Sectors       []string
	Blank         []int
}

func (h *Handlers) renderRegistrations(w http.ResponseWriter, r *http.Request, status int, name string, walkIn, invite *web.Form) {
	e, u, ok := h.organised(w, r)
	if !ok {
		return
	}
	id := e.ID
	regs, err := h.Svc.Registrations(r.Context(), u, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	areas, err := h.Svc.Identity.Areas(r.Context(), 1000, 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var blank []int
	title := "events.registrations.title"
	if name == "events/sign_in_sheet" {
		title = "events.sheet.title"
		var confirmed []Registration
		for _, reg := range regs {
			if reg.Status == Confirmed {
				confirmed = append(confirmed, reg)
			}
		}
		regs = confirmed
		blank = make([]int, 10)
	}
	p := &registrationsPage{page: page{h.Kit.NewPage(r, title, "title", e.Title)}, Event: e, Registrations: regs, Counts: map[string]int{},
		WalkIn: walkIn, Invite: invite, Areas: areas, Sectors: identity.Sectors, Blank: blank}
	for _, reg := range regs {
		p.Counts[reg.Status]++
		if reg.CheckedInAt != nil {
			p.Counts["checked_in"]++
		}
	}
	if walkIn.Valid() {
		p.Errors = invite
	} else {
		p.Errors = walkIn
	}
	h.Kit.Render(w, r, status, name, p)
}

// Registrations lists who is coming, with check-in, walk-ins and invitations (organisers).
func (h *Handlers) Registrations(w http.ResponseWriter, r *http.Request) {
	wf := web.EmptyForm()
	wf.Values.Set("sector", "resident")
	h.renderRegistrations(w, r, http.StatusOK, "events/registrations", wf, web.EmptyForm())
}

// SignInSheet is a printable list of confirmed places.
func (h *Handlers) SignInSheet(w http.ResponseWriter, r *http.Request) {
	h.renderRegistrations(w, r, http.StatusOK, "events/sign_in_sheet", web.EmptyForm(), web.EmptyForm())
}

// CheckIn marks someone as arrived (or not, with undo=yes).
func (h *Handlers) CheckIn(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	rid, ok := h.Kit.PathID(w, r, "registration")
	if !ok {
		return
	}
	f := web.NewForm(r)
	if err := h.Svc.CheckIn(r.Context(), web.CurrentUser(r), id, rid, f.Get("undo") == "yes"); err != nil {
		h.fail(w, r, err)
		return
	}
	h.Kit.Flash(w, "events.flash.checked_in")
	web.Redirect(w, r, "/events/"+id+"/registrations#reg-"+rid)
}

// AddWalkIn registers someone at the door.
func (h *Handlers) AddWalkIn(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	if err := h.Svc.AddWalkIn(r.Context(), web.CurrentUser(r), id, registrationInput(f)); err != nil {
		if f.Take(err, registrationFields...) {
			h.renderRegistrations(w, r, http.StatusUnprocessableEntity, "events/registrations", f, web.EmptyForm())
			return
		}
		h.fail(w, r, err)
		return
	}
	h.Kit.Flash(w, "events.flash.walk_in")
	web.Redirect(w, r, "/events/"+id+"/registrations")
}

// Invite sends invitations by email.
func (h *Handlers) Invite(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	if _, err := h.Svc.Invite(r.Context(), web.CurrentUser(r), web.Lang(r), id, f.Raw("emails")); err != nil {
		if f.Take(err, "emails") {
			wf := web.EmptyForm()
			wf.Values.Set("sector", "resident")
			h.renderRegistrations(w, r, http.StatusUnprocessableEntity, "events/registrations", wf, f)
			return
		}
		h.fail(w, r, err)
		return
	}
	h.Kit.Flash(w, "events.flash.invited")
	web.Redirect(w, r, "/events/"+id+"/registrations")
}

type feedbackPage struct {
	page
	Event   Event
	Form    *web.Form
	Open    bool
	Ratings []string
}

// FeedbackForm asks how the event went.
func (h *Handlers) FeedbackForm(w http.ResponseWriter, r *http.Request) {
	h.renderFeedback(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) renderFeedback(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	e, err := h.Svc.Event(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := &feedbackPage{page: page{h.Kit.NewPage(r, "events.feedback.title", "title", e.Title)}, Event: e, Form: f, Ratings: []string{"5", "4", "3", "2", "1"},
		Open: !h.Svc.DB.Now(r.Context()).Before(e.StartsAt)}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/feedback", p)
}

// Feedback records an answer.
func (h *Handlers) Feedback(w http.ResponseWriter, r *http.Request) {
	id, ok := h.eventID(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	err := h.Svc.limit(r.Context(), web.ClientAddr(r))
	if err == nil {
		err = h.Svc.GiveFeedback(r.Context(), id, f.Get("rating"), f.Get("comment"))
	}
	if err != nil {
		if f.Take(err, "rating", "comment") {
			h.renderFeedback(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.fail(w, r, err)
		return
	}
	h.Kit.Flash(w, "events.flash.feedback")
	web.Redirect(w, r, "/events/"+id)
}

// RegistrationsCSV is the registrations list as CSV, for organisers (it holds people's needs).
func (h *Handlers) RegistrationsCSV(w http.ResponseWriter, r *http.Request) {
	e, u, ok := h.organised(w, r)
	if !ok {
		return
	}
	id := e.ID
	regs, err := h.Svc.Registrations(r.Context(), u, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	csvout.Download(w, e.Title+" registrations.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"name", "email", "organisation", "sector", "area", "status", "walk_in", "checked_in_at", "access_needs", "dietary_needs", "registered_at"})
	for _, reg := range regs {
		checked := ""
		if reg.CheckedInAt != nil {
			checked = reg.CheckedInAt.Format(time.RFC3339)
		}
		email := reg.Email
		if strings.HasSuffix(email, "@walk-in.invalid") {
			email = ""
		}
		_ = cw.Row([]string{reg.Name, email, reg.OrganisationName, reg.Sector, reg.AreaName, reg.Status, strconv.FormatBool(reg.WalkIn), checked,
			reg.AccessNeeds, reg.DietaryNeeds, reg.CreatedAt.Format(time.RFC3339)})
	}
	_ = cw.Flush()
}

func registerFrom(h *Handlers, r *http.Request, id string, f *web.Form) (Registration, error) {
	if err := h.Svc.limit(r.Context(), web.ClientAddr(r)); err != nil {
		return Registration{}, err
	}
	return h.Svc.Register(r.Context(), web.Lang(r), id, registrationInput(f))
}
