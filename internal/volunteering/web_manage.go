package volunteering

import (
	"html/template"
	"net/http"
	"strings"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

type managePage struct {
	page
	Opp       Opportunity
	Rota      []RotaShift
	Apps      []Application
	ShiftForm *web.Form
	RoleID    string
	People    []Person
	Offers    []Match
}

// Manage is a coordinator's page for one opportunity: its rota with gaps, applications to
// decide, shifts to add and people to sign up on their behalf.
func (h *Handlers) Manage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	return h.renderManage(w, r, id, http.StatusOK, nil, "")
}

func (h *Handlers) renderManage(w http.ResponseWriter, r *http.Request, id string, status int, sf *web.Form, roleID string) error {
	o, err := h.Svc.Opportunity(r.Context(), id)
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	p := &managePage{page: h.page(r, "volunteering.manage.title", "title", o.Title), Opp: o, ShiftForm: sf, RoleID: roleID}
	if p.Rota, err = h.Svc.Rota(r.Context(), u, o); err != nil {
		return err
	}
	if p.Apps, err = h.Svc.Applications(r.Context(), u, o); err != nil {
		return err
	}
	if p.People, err = h.Svc.People(r.Context(), u, o.OrganisationID); err != nil {
		return err
	}
	if o.Kind == Team {
		if p.Offers, err = h.Svc.Offers(r.Context(), u, o); err != nil {
			return err
		}
	}
	if p.ShiftForm == nil {
		p.ShiftForm = web.EmptyForm()
		p.ShiftForm.Values.Set("min", "1")
		p.ShiftForm.Values.Set("max", "4")
		p.ShiftForm.Values.Set("count", "8")
	} else {
		p.Errors = sf
	}
	h.Kit.Render(w, r, status, "volunteering/manage", p)
	return nil
}

// AddShifts adds a shift or a rota of them to a role.
func (h *Handlers) AddShifts(w http.ResponseWriter, r *http.Request) error {
	roleID, err := web.ID(r, "role")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := ShiftInput{Date: f.Get("date"), Start: f.Get("start"), End: f.Get("end"), Min: f.Get("min"), Max: f.Get("max"),
		Lead: f.Get("lead"), Repeat: f.Get("repeat"), Count: f.Get("count")}
	ss, err := h.Svc.AddShifts(r.Context(), web.CurrentUser(r), roleID, in)
	if err != nil {
		role, _, rerr := h.Svc.Role(r.Context(), roleID)
		if rerr != nil || !f.Take(err, "date", "start", "end", "min", "max", "lead", "repeat", "count") {
			return err
		}
		return h.renderManage(w, r, role.OpportunityID, http.StatusUnprocessableEntity, f, roleID)
	}
	h.Kit.Flash(w, "volunteering.flash.shifts_added")
	web.Redirect(w, r, "/volunteering/opportunities/"+ss[0].OpportunityID+"/manage#rota")
	return nil
}

// shift is the shift in the path; with coordinator set, only its organisation's coordinators
// may reach it.
func (h *Handlers) shift(r *http.Request, coordinator bool) (Shift, error) {
	id, err := web.ID(r, "shift")
	if err != nil {
		return Shift{}, err
	}
	sh, err := shiftByID(r.Context(), h.Svc.DB, id)
	if err != nil {
		return Shift{}, err
	}
	if coordinator && !Coordinates(web.CurrentUser(r), sh.OrganisationID) {
		return Shift{}, errForbidden
	}
	return sh, nil
}

// CancelShift calls a shift off.
func (h *Handlers) CancelShift(w http.ResponseWriter, r *http.Request) error {
	sh, err := h.shift(r, false)
	if err != nil {
		return err
	}
	id := sh.ID
	if err := h.Svc.CancelShift(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	h.Kit.Flash(w, "volunteering.flash.shift_cancelled")
	web.Redirect(w, r, "/volunteering/opportunities/"+sh.OpportunityID+"/manage#rota")
	return nil
}

// Apply applies to a role.
func (h *Handlers) Apply(w http.ResponseWriter, r *http.Request) error {
	roleID, err := web.ID(r, "role")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	app, err := h.Svc.Apply(r.Context(), web.CurrentUser(r), roleID, f.Get("message"), f.Get("age_confirmed") == "yes")
	if err != nil {
		return plain(err)
	}
	key := "volunteering.flash.applied"
	if app.Status == "accepted" {
		key = "volunteering.flash.accepted"
	}
	h.Kit.Flash(w, key)
	web.Redirect(w, r, "/volunteering/opportunities/"+app.OppID+"#role-"+roleID)
	return nil
}

func personInput(f *web.Form) PersonInput {
	return PersonInput{PersonID: f.Get("person_id"), Name: f.Get("name"), Email: f.Get("email"), Phone: f.Get("phone")}
}

// Decide accepts or declines an application.
func (h *Handlers) Decide(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "app")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	apps, err := queryApplications(r.Context(), h.Svc.DB, `WHERE a.id = $1`, id)
	if err != nil || len(apps) == 0 {
		return errNotFound
	}
	accept := f.Get("decision") == "accept"
	if err := h.Svc.Decide(r.Context(), web.CurrentUser(r), id, accept); err != nil {
		return err
	}
	if accept {
		h.Kit.Flash(w, "volunteering.flash.app_accepted")
	} else {
		h.Kit.Flash(w, "volunteering.flash.app_declined")
	}
	web.Redirect(w, r, "/volunteering/opportunities/"+apps[0].OppID+"/manage#applications")
	return nil
}

// SignUp takes a place on a shift, or joins its waiting list.
func (h *Handlers) SignUp(w http.ResponseWriter, r *http.Request) error {
	sh, err := h.shift(r, false)
	if err != nil {
		return err
	}
	id := sh.ID
	g, err := h.Svc.SignUp(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return plain(err)
	}
	if g.Status == "confirmed" {
		h.Kit.Flash(w, "volunteering.flash.signed_up")
	} else {
		h.Kit.Flash(w, "volunteering.flash.waiting")
	}
	web.Redirect(w, r, "/volunteering/opportunities/"+sh.OpportunityID+"#shift-"+sh.ID)
	return nil
}

// SignUpFor signs someone up on their behalf.
func (h *Handlers) SignUpFor(w http.ResponseWriter, r *http.Request) error {
	sh, err := h.shift(r, false)
	if err != nil {
		return err
	}
	id := sh.ID
	f := web.NewForm(r)
	if _, err := h.Svc.SignUpFor(r.Context(), web.CurrentUser(r), id, personInput(f)); err != nil {
		return plain(err)
	}
	h.Kit.Flash(w, "volunteering.flash.signed_up_for")
	web.Redirect(w, r, "/volunteering/opportunities/"+sh.OpportunityID+"/manage#shift-"+id)
	return nil
}

// CancelSignup gives up a place (the person's own, or by a coordinator).
func (h *Handlers) CancelSignup(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "signup")
	if err != nil {
		return err
	}
	gs, err := querySignups(r.Context(), h.Svc.DB, `WHERE g.id = $1`, id)
	if err != nil || len(gs) == 0 {
		return errNotFound
	}
	if err := h.Svc.CancelSignup(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	h.Kit.Flash(w, "volunteering.flash.cancelled")
	back := strings.TrimSpace(r.PostFormValue("back"))
	if back == "" || !strings.HasPrefix(back, "/volunteering") || strings.HasPrefix(back, "//") {
		back = "/volunteering/me"
	}
	web.Redirect(w, r, back)
	return nil
}

type cantPage struct {
	page
	Signup Signup
	Token  string
	Done   bool
}

// CantForm is the page a reminder's "I can't make it" link opens: one button. (Following the
// link itself changes nothing, because mail programs open links to scan them.)
func (h *Handlers) CantForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	g, err := h.Svc.CantMakeIt(r.Context(), token)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			h.Kit.Render(w, r, http.StatusNotFound, "volunteering/cant", &cantPage{page: h.page(r, "volunteering.cant.title"), Done: true})
			return nil
		}
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/cant", &cantPage{page: h.page(r, "volunteering.cant.title"), Signup: g, Token: token})
	return nil
}

// Cant frees the place.
func (h *Handlers) Cant(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if err := h.Svc.CancelByLink(r.Context(), token); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	h.Kit.Flash(w, "volunteering.flash.cant")
	web.Redirect(w, r, "/volunteering/cant/"+token)
	return nil
}

type qrPage struct {
	page
	Shift Shift
	URL   string
	QR    template.HTML
	Rota  []Signup
}

// CheckInCode is the coordinator's screen with the shift's check-in code: a QR code of the
// check-in address, and the address itself for anyone who cannot scan.
func (h *Handlers) CheckInCode(w http.ResponseWriter, r *http.Request) error {
	sh, err := h.shift(r, true)
	if err != nil {
		return err
	}
	p := &qrPage{page: h.page(r, "volunteering.qr.title"), Shift: sh, URL: h.Svc.BaseURL + "/volunteering/check-in/" + sh.CheckinToken}
	if p.QR, err = QRSVG(p.URL, p.T("volunteering.qr.label", "role", sh.RoleTitle)); err != nil {
		return errs.Wrap(err, "qr")
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/qr", p)
	return nil
}

type checkInPage struct {
	page
	Shift  Shift
	Signup *Signup
	Token  string
	Done   bool
}

// CheckInForm is the page the QR code opens on a volunteer's phone.
func (h *Handlers) CheckInForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	sh, g, err := h.Svc.CheckInInfo(r.Context(), web.CurrentUser(r), token)
	if err != nil {
		return err
	}
	p := &checkInPage{page: h.page(r, "volunteering.checkin.title"), Shift: sh, Signup: g, Token: token, Done: g != nil && g.CheckedInAt != nil}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/checkin", p)
	return nil
}

// CheckIn checks the person in.
func (h *Handlers) CheckIn(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if _, err := h.Svc.CheckIn(r.Context(), web.CurrentUser(r), token); err != nil {
		return plain(err)
	}
	h.Kit.Flash(w, "volunteering.flash.checked_in")
	web.Redirect(w, r, "/volunteering/check-in/"+token)
	return nil
}

type registerPage struct {
	page
	Shift   Shift
	Signups []Signup
}

// RegisterForm is the ticked list for a tablet at the door.
func (h *Handlers) RegisterForm(w http.ResponseWriter, r *http.Request) error {
	sh, err := h.shift(r, true)
	if err != nil {
		return err
	}
	id := sh.ID
	gs, err := querySignups(r.Context(), h.Svc.DB, `WHERE g.shift_id = $1 AND g.status = 'confirmed' ORDER BY p.name`, id)
	if err != nil {
		return errs.Wrap(err, "register")
	}
	h.Kit.Render(w, r, http.StatusOK, "volunteering/register", &registerPage{page: h.page(r, "volunteering.register.title"), Shift: sh, Signups: gs})
	return nil
}

// Register records the ticked list.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "shift")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if _, err := h.Svc.Register(r.Context(), web.CurrentUser(r), id, f.Values["present"]); err != nil {
		return err
	}
	h.Kit.Flash(w, "volunteering.flash.registered")
	web.Redirect(w, r, "/volunteering/shifts/"+id+"/register")
	return nil
}

// plain turns a form error with one field into an error whose message is that field's, for
// actions answered with a page that says what went wrong rather than a form.
func plain(err error) error {
	e := errs.As(err)
	if e.Code == errs.Invalid && len(e.Fields) > 0 {
		for _, k := range e.Fields {
			return errs.E(errs.Invalid, k)
		}
	}
	return err
}
