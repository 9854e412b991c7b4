package events

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/actor"
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

func (h *Handlers) renderRegister(w http.ResponseWriter, r *http.Request, status int, e Event, f *web.Form) error {
	areas, err := h.Svc.Identity.Areas(r.Context(), 1000, 0)
	if err != nil {
		return err
	}
	p := &registerPage{page: page{h.Kit.NewPage(r, "events.register.title", "title", e.Title)}, Event: e, Form: f, Areas: areas,
		Sectors: identity.Sectors, Chosen: map[string]bool{}}
	for _, s := range f.Values["sessions"] {
		p.Chosen[s] = true
	}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/register", p)
	return nil
}

// RegisterForm shows the registration form; ?invitation= carries an invitation's token.
func (h *Handlers) RegisterForm(w http.ResponseWriter, r *http.Request) error {
	id, e, err := h.viewableEvent(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	token := r.URL.Query().Get("invitation")
	f.Values.Set("invitation", token)
	if u := web.CurrentUser(r); u != nil {
		f.Values.Set("name", u.Name)
		f.Values.Set("email", u.Email)
	}
	// The invitation is for one address: it is filled in, as no other is accepted.
	if email := h.Svc.InvitedEmail(r.Context(), id, token); email != "" {
		f.Values.Set("email", email)
	}
	return h.renderRegister(w, r, http.StatusOK, e, f)
}

func registrationInput(f *web.Form) RegistrationInput {
	return RegistrationInput{Name: f.Get("name"), Email: f.Get("email"), OrganisationName: f.Get("organisation_name"), Sector: f.Get("sector"),
		AreaID: f.Get("area_id"), AccessNeeds: f.Get("access_needs"), DietaryNeeds: f.Get("dietary_needs"), SessionIDs: f.Values["sessions"],
		Invitation: f.Get("invitation")}
}

// Register takes a place, or a place on the waitlist.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) error {
	id, e, err := h.viewableEvent(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	reg, err := registerFrom(h, r, id, f)
	if err != nil {
		if f.Take(err, registrationFields...) {
			return h.renderRegister(w, r, http.StatusUnprocessableEntity, e, f)
		}
		return err
	}
	waiting := false
	for _, c := range reg.Sessions {
		waiting = waiting || c.Status == Waitlisted
	}
	switch {
	case reg.Status != Confirmed:
		h.Kit.Flash(w, "events.flash.waitlisted")
	case waiting:
		h.Kit.Flash(w, "events.flash.confirmed_session_waiting")
	default:
		h.Kit.Flash(w, "events.flash.confirmed")
	}
	web.Redirect(w, r, "/events/"+id)
	return nil
}

type cancelPage struct {
	page
	Event        Event
	Registration Registration
	Token        string
}

// CancelForm asks to confirm giving up a place.
func (h *Handlers) CancelForm(w http.ResponseWriter, r *http.Request) error {
	id, e, err := h.viewableEvent(r)
	if err != nil {
		return err
	}
	reg, err := h.Svc.CancelInfo(r.Context(), id, r.PathValue("token"))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "events/cancel", &cancelPage{page: page{h.Kit.NewPage(r, "events.cancel.title", "title", e.Title)},
		Event: e, Registration: reg, Token: r.PathValue("token")})
	return nil
}

// Cancel gives up a place.
func (h *Handlers) Cancel(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, func(ctx context.Context, _ *actor.Actor, id string) error {
		return h.Svc.Cancel(ctx, id, r.PathValue("token"))
	}, "events.flash.cancelled", "/events/{id}")
}

type registrationsPage struct {
	page
	Event         Event
	Registrations []Registration
	Counts        map[string]int
	Sessions      map[string]string
	WalkIn        *web.Form
	Invite        *web.Form
	Message       *web.Form
	Audiences     []string
	Invitations   []Invitation
	InviteBad     []string        // addresses that could not be used, each as typed
	InviteSent    int             // invitations sent by the form that reported them
	Selected      map[string]bool // people ticked for a message
	Areas         []identity.Area
	Sectors       []string
	Blank         []int
}

// forms are the three forms of the registrations page; the one that was sent carries its
// values and errors.
type forms struct {
	walkIn, invite, message *web.Form
	bad                     []string
	sent                    int
}

func (h *Handlers) renderRegistrations(w http.ResponseWriter, r *http.Request, status int, name string, fs forms) error {
	walkIn, invite := fs.walkIn, fs.invite
	if walkIn == nil {
		walkIn = web.EmptyForm()
		walkIn.Values.Set("sector", "resident")
	}
	if invite == nil {
		invite = web.EmptyForm()
	}
	message := fs.message
	if message == nil {
		message = web.EmptyForm()
		message.Values.Set("to", ToConfirmed)
	}
	e, u, err := h.organised(r)
	if err != nil {
		return err
	}
	id := e.ID
	regs, err := h.Svc.Registrations(r.Context(), u, id)
	if err != nil {
		return err
	}
	areas, err := h.Svc.Identity.Areas(r.Context(), 1000, 0)
	if err != nil {
		return err
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
	invitations, err := h.Svc.Invitations(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &registrationsPage{page: page{h.Kit.NewPage(r, title, "title", e.Title)}, Event: e, Registrations: regs, Counts: map[string]int{},
		WalkIn: walkIn, Invite: invite, Message: message, Audiences: Audiences, Invitations: invitations, InviteBad: fs.bad, InviteSent: fs.sent,
		Areas: areas, Sectors: identity.Sectors, Blank: blank, Selected: map[string]bool{}}
	for _, id := range message.Values["registration"] {
		p.Selected[id] = true
	}
	for _, reg := range regs {
		p.Counts[reg.Status]++
		if reg.CheckedInAt != nil {
			p.Counts["checked_in"]++
		}
	}
	switch {
	case !walkIn.Valid():
		p.Errors = walkIn
	case !invite.Valid():
		p.Errors = invite
	default:
		p.Errors = message
	}
	h.Kit.Render(w, r, status, name, p)
	return nil
}

// Registrations lists who is coming, with check-in, walk-ins, messages and invitations
// (organisers).
func (h *Handlers) Registrations(w http.ResponseWriter, r *http.Request) error {
	return h.renderRegistrations(w, r, http.StatusOK, "events/registrations", forms{})
}

// SignInSheet is a printable list of confirmed places.
func (h *Handlers) SignInSheet(w http.ResponseWriter, r *http.Request) error {
	return h.renderRegistrations(w, r, http.StatusOK, "events/sign_in_sheet", forms{})
}

// CheckIn marks someone as arrived (or not, with undo=yes).
func (h *Handlers) CheckIn(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := web.IDs(r, "id", "registration")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.CheckIn(r.Context(), web.CurrentUser(r), id, rid, f.Get("undo") == "yes"); err != nil {
		return err
	}
	h.Kit.Flash(w, "events.flash.checked_in")
	web.Redirect(w, r, "/events/"+id+"/registrations#reg-"+rid)
	return nil
}

// AddWalkIn registers someone at the door.
func (h *Handlers) AddWalkIn(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	reg, err := h.Svc.AddWalkIn(r.Context(), web.CurrentUser(r), id, registrationInput(f))
	return h.Kit.Saved(w, r, f, err, registrationFields, "events.flash.walk_in", "/events/"+id+"/registrations#reg-"+reg.ID, func() error {
		return h.renderRegistrations(w, r, http.StatusUnprocessableEntity, "events/registrations", forms{walkIn: f})
	})
}

// Invite sends invitations by email.
func (h *Handlers) Invite(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	sent, bad, err := h.Svc.Invite(r.Context(), web.CurrentUser(r), web.Lang(r), id, f.Raw("emails"))
	if err != nil {
		if f.Take(err, "emails") {
			return h.renderRegistrations(w, r, http.StatusUnprocessableEntity, "events/registrations", forms{invite: f})
		}
		return err
	}
	if len(bad) > 0 {
		// The good addresses have been invited; the box keeps only the ones to correct.
		f.Values.Set("emails", strings.Join(bad, "\n"))
		f.Fail("emails", "events.err.invite_bad")
		return h.renderRegistrations(w, r, http.StatusUnprocessableEntity, "events/registrations", forms{invite: f, bad: bad, sent: sent})
	}
	h.Kit.Flash(w, "events.flash.invited")
	web.Redirect(w, r, "/events/"+id+"/registrations#invitations")
	return nil
}

type feedbackPage struct {
	page
	Event    Event
	Form     *web.Form
	Open     bool
	Ratings  []string
	NeedCode bool // no code came with the link and the signed-in person is not registered
}

// FeedbackForm asks how the event went; ?code= carries the person's feedback code.
func (h *Handlers) FeedbackForm(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("code", NormaliseCode(r.URL.Query().Get("code")))
	return h.renderFeedback(w, r, http.StatusOK, f)
}

func (h *Handlers) renderFeedback(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, e, err := h.viewableEvent(r)
	if err != nil {
		return err
	}
	p := &feedbackPage{page: page{h.Kit.NewPage(r, "events.feedback.title", "title", e.Title)}, Event: e, Form: f, Ratings: []string{"5", "4", "3", "2", "1"},
		Open: !h.Svc.DB.Now(r.Context()).Before(e.StartsAt) && !e.Cancelled(), NeedCode: true}
	if f.Get("code") == "" && f.Error("code") == "" {
		if _, found, err := h.Svc.Attendee(r.Context(), web.CurrentUser(r), id, ""); err == nil && found {
			p.NeedCode = false
		}
	}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/feedback", p)
	return nil
}

// Feedback records an attendee's answer (once per attendee: a second answer replaces the first).
func (h *Handlers) Feedback(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	err = h.Svc.limit(r.Context(), web.ClientAddr(r))
	updated := false
	if err == nil {
		updated, err = h.Svc.GiveFeedback(r.Context(), web.CurrentUser(r), id, FeedbackInput{Code: f.Get("code"), Rating: f.Get("rating"), Comment: f.Get("comment")})
	}
	if err != nil {
		if f.Take(err, "code", "rating", "comment") {
			return h.renderFeedback(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	if updated {
		h.Kit.Flash(w, "events.flash.feedback_updated")
	} else {
		h.Kit.Flash(w, "events.flash.feedback")
	}
	web.Redirect(w, r, "/events/"+id)
	return nil
}

// RegistrationsCSV is the registrations list as CSV, for organisers (it holds people's needs).
func (h *Handlers) RegistrationsCSV(w http.ResponseWriter, r *http.Request) error {
	e, u, err := h.organised(r)
	if err != nil {
		return err
	}
	id := e.ID
	regs, err := h.Svc.Registrations(r.Context(), u, id)
	if err != nil {
		return err
	}
	csvout.Download(w, e.Title+" registrations.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"name", "email", "organisation", "sector", "area", "status", "walk_in", "checked_in_at", "access_needs", "dietary_needs",
		"registered_at", "sessions", "sessions_waiting", "feedback_code"})
	for _, reg := range regs {
		checked := ""
		if reg.CheckedInAt != nil {
			checked = reg.CheckedInAt.Format(time.RFC3339)
		}
		email := reg.Email
		if !reg.Mailable() {
			email = ""
		}
		var in, waiting []string
		for _, c := range reg.Sessions {
			if c.Status == Confirmed {
				in = append(in, c.Times()+" "+c.Title)
			} else {
				waiting = append(waiting, c.Times()+" "+c.Title)
			}
		}
		_ = cw.Row([]string{reg.Name, email, reg.OrganisationName, reg.Sector, reg.AreaName, reg.Status, strconv.FormatBool(reg.WalkIn), checked,
			reg.AccessNeeds, reg.DietaryNeeds, reg.CreatedAt.Format(time.RFC3339), strings.Join(in, "; "), strings.Join(waiting, "; "), reg.FeedbackCode})
	}
	_ = cw.Flush()
	return nil
}

func registerFrom(h *Handlers, r *http.Request, id string, f *web.Form) (Registration, error) {
	if err := h.Svc.limit(r.Context(), web.ClientAddr(r)); err != nil {
		return Registration{}, err
	}
	return h.Svc.Register(r.Context(), web.Lang(r), id, registrationInput(f))
}
