package events

import (
	"commons/internal/platform/actor"
	"embed"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/ical"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the capability's tables.
var Migrations = db.Embedded("events", migrationsFS)

// Handlers serve the events pages.
type Handlers struct {
	Kit *web.Kit
	Svc *Service
	// TileURL is the map tile server ({z}/{x}/{y} template, the map-tile-url setting).
	TileURL string
}

type listPage struct {
	page
	Upcoming  []Event
	Past      []Event
	CanCreate bool
	Drafts    []Event // draft events the viewer organises
}

func fmtTime(t time.Time) string { return i18n.Clock(t) }

// Times is a session's times, in London.
func (s Session) Times() string { return fmtTime(s.StartsAt) + "–" + fmtTime(s.EndsAt) }

// Body is the description as HTML, sanitised when it was saved.
func (e Event) Body() template.HTML { return template.HTML(e.DescriptionHTML) }

// MapURL links to the event's point on OpenStreetMap.
func (e Event) MapURL() string {
	if e.Latitude == nil || e.Longitude == nil {
		return ""
	}
	return "https://www.openstreetmap.org/?mlat=" + ftoa(*e.Latitude) + "&mlon=" + ftoa(*e.Longitude) + "#map=17/" + ftoa(*e.Latitude) + "/" + ftoa(*e.Longitude)
}

// List shows upcoming events and recent past ones.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	up, err := h.Svc.Upcoming(r.Context(), 200, 0)
	if err != nil {
		return err
	}
	past, err := h.Svc.Past(r.Context(), 20)
	if err != nil {
		return err
	}
	drafts, err := h.Svc.Drafts(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "events/list", &listPage{page: page{h.Kit.NewPage(r, "events.title")}, Upcoming: up, Past: past,
		CanCreate: CanCreate(web.CurrentUser(r)), Drafts: drafts})
	return nil
}

// Publish makes a draft event public (its organisers).
func (h *Handlers) Publish(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, h.Svc.Publish, "events.flash.published", "/events/{id}")
}

type monthPage struct {
	page
	Days       []string
	Month      string
	Prev, Next string
	Weeks      [][]day
}

type day struct {
	Date   int
	In     bool
	Events []Event
}

// Month shows one month's events as a calendar grid (?month=2026-12; this month by default).
func (h *Handlers) Month(w http.ResponseWriter, r *http.Request) error {
	now := Local(h.Svc.DB.Now(r.Context()))
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, London)
	if m := r.URL.Query().Get("month"); m != "" {
		t, err := time.ParseInLocation("2006-01", m, London)
		if err != nil || t.Year() < 1900 || t.Year() > 2200 {
			return errs.E(errs.NotFound, "events.not_found")
		}
		first = t
	}
	next := first.AddDate(0, 1, 0)
	evs, err := h.Svc.Between(r.Context(), first.UTC(), next.UTC())
	if err != nil {
		return err
	}
	byDay := map[int][]Event{}
	for _, e := range evs {
		byDay[Local(e.StartsAt).Day()] = append(byDay[Local(e.StartsAt).Day()], e)
	}
	name := i18n.MonthYear(web.Lang(r), first)
	p := &monthPage{page: page{h.Kit.NewPage(r, "events.month.title", "month", name)}, Month: name, Days: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
		Prev: first.AddDate(0, -1, 0).Format("2006-01"), Next: next.Format("2006-01")}
	// Weeks start on Monday.
	start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	for d := start; d.Before(next); {
		var week []day
		for i := 0; i < 7; i++ {
			in := d.Month() == first.Month()
			dd := day{Date: d.Day(), In: in}
			if in {
				dd.Events = byDay[d.Day()]
			}
			week = append(week, dd)
			d = d.AddDate(0, 0, 1)
		}
		p.Weeks = append(p.Weeks, week)
	}
	h.Kit.Render(w, r, http.StatusOK, "events/month", p)
	return nil
}

type eventPage struct {
	page
	Event     Event
	Organiser bool
	Ended     bool
	Started   bool
	Summary   bool
	TileURL   string
	MapScript string
}

// Show shows one event and its programme; /events/{id}.ics is its calendar file.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("id")
	if id, ok := strings.CutSuffix(raw, ".ics"); ok {
		if !ids.Valid(id) {
			return errs.E(errs.NotFound, "events.not_found")
		}
		e, err := h.Svc.Viewable(r.Context(), web.CurrentUser(r), id)
		if err != nil {
			return err
		}
		b, err := h.Svc.EventCalendar(e, e.Sessions)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", ical.ContentType)
		w.Header().Set("Content-Disposition", `inline; filename="event.ics"`)
		_, _ = w.Write(b)
		return nil
	}
	_, e, err := h.viewableEvent(r)
	if err != nil {
		return err
	}
	now := h.Svc.DB.Now(r.Context())
	h.Kit.Render(w, r, http.StatusOK, "events/event", &eventPage{page: page{h.Kit.NewPage(r, "events.event.title", "title", e.Title)}, Event: e,
		Organiser: CanOrganise(web.CurrentUser(r), e), Ended: !e.EndsAt.After(now), Started: !now.Before(e.StartsAt), Summary: e.SummaryPublished != nil,
		TileURL: h.TileURL, MapScript: mapScript.URL})
	return nil
}

func (h *Handlers) calendar(w http.ResponseWriter, r *http.Request, name, file string, evs []Event) error {
	b, err := h.Svc.Calendar(name, evs)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Content-Disposition", `inline; filename="`+file+`.ics"`)
	_, _ = w.Write(b)
	return nil
}

// Feed is every upcoming event as iCalendar (/events.ics), or with ?organisation=ID all of one
// organisation's events, past ones included.
func (h *Handlers) Feed(w http.ResponseWriter, r *http.Request) error {
	if org := r.URL.Query().Get("organisation"); org != "" {
		if !ids.Valid(org) {
			return errs.E(errs.NotFound, "events.not_found")
		}
		o, err := h.Svc.Identity.Organisation(r.Context(), org)
		if err != nil {
			return err
		}
		evs, err := h.Svc.ByOrganisation(r.Context(), org)
		if err != nil {
			return err
		}
		return h.calendar(w, r, o.Name, "organisation-events", evs)
	}
	evs, err := h.Svc.Upcoming(r.Context(), 1000, 0)
	if err != nil {
		return err
	}
	return h.calendar(w, r, h.Svc.PlaceName+" – "+h.Kit.T(r, "events.title"), "events", evs)
}

type formPage struct {
	page
	Form    *web.Form
	Event   Event
	Orgs    []identity.Organisation
	Kinds   []string
	Session *web.Form
}

// MultiDay reports whether the event runs over more than one day, so a session needs its date.
func (e Event) MultiDay() bool {
	return Local(e.StartsAt).Format("2006-01-02") != Local(e.EndsAt).Format("2006-01-02")
}

// Hours is the event's times as the programme form's hint gives them, in UK time.
func (e Event) Hours() string { return fmtTime(e.StartsAt) + "–" + fmtTime(e.EndsAt) }

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, e Event, f, sf *web.Form) error {
	orgs, err := h.Svc.OrganiserOrgs(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	title := "events.new.title"
	if e.ID != "" {
		title = "events.edit.title"
	}
	p := &formPage{page: page{h.Kit.NewPage(r, title, "title", e.Title)}, Form: f, Event: e, Orgs: orgs, Kinds: Kinds, Session: sf}
	if f.Valid() {
		p.Errors = sf
	} else {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "events/form", p)
	return nil
}

// New shows the form for a new event.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	if !CanCreate(web.CurrentUser(r)) {
		return errForbidden
	}
	f := web.EmptyForm()
	f.Values.Set("capacity", "50")
	return h.renderForm(w, r, http.StatusOK, Event{}, f, web.EmptyForm())
}

func eventInput(f *web.Form) EventInput {
	return EventInput{Title: f.Get("title"), Description: f.Raw("description"), OrganisationID: f.Get("organisation_id"),
		Venue: f.Get("venue"), Address: f.Get("address"), Latitude: f.Get("latitude"), Longitude: f.Get("longitude"),
		AccessInfo: f.Get("access_info"), OnlineURL: f.Get("online_url"), StartDate: f.Get("start_date"), StartTime: f.Get("start_time"),
		EndDate: f.Get("end_date"), EndTime: f.Get("end_time"), Capacity: f.Get("capacity"), InvitationOnly: f.Get("invitation_only") == "yes"}
}

// Create saves a new event and opens its programme.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	if !CanCreate(web.CurrentUser(r)) {
		return errForbidden
	}
	f := web.NewForm(r)
	e, err := h.Svc.Save(r.Context(), web.CurrentUser(r), web.Lang(r), "", eventInput(f))
	return h.Kit.Saved(w, r, f, err, eventFields, "events.flash.created", "/events/"+e.ID+"/edit", func() error {
		return h.renderForm(w, r, http.StatusUnprocessableEntity, Event{}, f, web.EmptyForm())
	})
}

func eventForm(e Event) *web.Form {
	f := web.EmptyForm()
	set := f.Values.Set
	set("title", e.Title)
	set("description", e.Description)
	set("organisation_id", e.OrganisationID)
	set("venue", e.Venue)
	set("address", e.Address)
	if e.Latitude != nil && e.Longitude != nil {
		set("latitude", ftoa(*e.Latitude))
		set("longitude", ftoa(*e.Longitude))
	}
	set("access_info", e.AccessInfo)
	set("online_url", e.OnlineURL)
	set("start_date", Local(e.StartsAt).Format("2006-01-02"))
	set("start_time", Local(e.StartsAt).Format("15:04"))
	// A one-day event leaves its end date empty, so moving its date moves its end with it.
	if e.MultiDay() {
		set("end_date", Local(e.EndsAt).Format("2006-01-02"))
	}
	set("end_time", Local(e.EndsAt).Format("15:04"))
	set("capacity", itoa(e.Capacity))
	if e.InvitationOnly {
		set("invitation_only", "yes")
	}
	return f
}

// organised reads the event in the path for one of its organisers: a malformed id or an
// unknown event is not found, someone else's is forbidden.
func (h *Handlers) organised(r *http.Request) (Event, *actor.Actor, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Event{}, nil, err
	}
	u := web.CurrentUser(r)
	e, err := h.Svc.Organised(r.Context(), u, id)
	if err != nil {
		return Event{}, nil, err
	}
	return e, u, nil
}

// Edit shows an event's form and programme.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	e, _, err := h.organised(r)
	if err != nil {
		return err
	}
	sf := web.EmptyForm()
	sf.Values.Set("kind", "workshop")
	return h.renderForm(w, r, http.StatusOK, e, eventForm(e), sf)
}

// Update saves an event.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	e, _, err := h.organised(r)
	if err != nil {
		return err
	}
	id := e.ID
	f := web.NewForm(r)
	if _, err := h.Svc.Save(r.Context(), web.CurrentUser(r), web.Lang(r), id, eventInput(f)); err != nil {
		if f.Take(err, eventFields...) {
			return h.renderForm(w, r, http.StatusUnprocessableEntity, e, f, web.EmptyForm())
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.saved")
	web.Redirect(w, r, "/events/"+id)
	return nil
}

func sessionInput(sf *web.Form) SessionInput {
	return SessionInput{Title: sf.Get("session_title"), Kind: sf.Get("kind"), Track: sf.Get("track"), Room: sf.Get("room"),
		Facilitators: sf.Get("facilitators"), Date: sf.Get("session_date"), StartTime: sf.Get("session_start"), EndTime: sf.Get("session_end"),
		Capacity: sf.Get("session_capacity")}
}

func sessionForm(ss Session) *web.Form {
	f := web.EmptyForm()
	set := f.Values.Set
	set("session_title", ss.Title)
	set("kind", ss.Kind)
	set("track", ss.Track)
	set("room", ss.Room)
	set("facilitators", ss.Facilitators)
	set("session_date", Local(ss.StartsAt).Format("2006-01-02"))
	set("session_start", fmtTime(ss.StartsAt))
	set("session_end", fmtTime(ss.EndsAt))
	if ss.Capacity > 0 {
		set("session_capacity", itoa(ss.Capacity))
	}
	return f
}

type sessionPage struct {
	page
	Event   Event
	Item    Session
	Session *web.Form
	Kinds   []string
}

// EditSession is the form to change one session.
func (h *Handlers) EditSession(w http.ResponseWriter, r *http.Request) error {
	return h.renderSession(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderSession(w http.ResponseWriter, r *http.Request, status int, sf *web.Form) error {
	id, sid, err := web.IDs(r, "id", "session")
	if err != nil {
		return err
	}
	e, err := h.Svc.Organised(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	ss, ok := e.Session(sid)
	if !ok {
		return errNotFound
	}
	if sf == nil {
		sf = sessionForm(ss)
	}
	p := &sessionPage{page: page{h.Kit.NewPage(r, "events.session.edit_title", "session", ss.Title)}, Event: e, Item: ss, Session: sf, Kinds: Kinds}
	p.Errors = sf
	h.Kit.Render(w, r, status, "events/session", p)
	return nil
}

// UpdateSession saves a changed session.
func (h *Handlers) UpdateSession(w http.ResponseWriter, r *http.Request) error {
	id, sid, err := web.IDs(r, "id", "session")
	if err != nil {
		return err
	}
	sf := web.NewForm(r)
	if err := h.Svc.UpdateSession(r.Context(), web.CurrentUser(r), id, sid, sessionInput(sf)); err != nil {
		if sf.Take(err, sessionFields...) {
			return h.renderSession(w, r, http.StatusUnprocessableEntity, sf)
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.session_saved")
	web.Redirect(w, r, "/events/"+id+"/edit#programme")
	return nil
}

// AddSession adds a session to the programme.
func (h *Handlers) AddSession(w http.ResponseWriter, r *http.Request) error {
	e, u, err := h.organised(r)
	if err != nil {
		return err
	}
	id := e.ID
	sf := web.NewForm(r)
	in := sessionInput(sf)
	if _, err := h.Svc.AddSession(r.Context(), u, id, in); err != nil {
		if sf.Take(err, sessionFields...) {
			return h.renderForm(w, r, http.StatusUnprocessableEntity, e, eventForm(e), sf)
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.session_added")
	web.Redirect(w, r, "/events/"+id+"/edit#programme")
	return nil
}

// DeleteSession removes a session.
func (h *Handlers) DeleteSession(w http.ResponseWriter, r *http.Request) error {
	id, sid, err := web.IDs(r, "id", "session")
	if err != nil {
		return err
	}
	if err := h.Svc.DeleteSession(r.Context(), web.CurrentUser(r), id, sid); err != nil {
		return err
	}
	h.Kit.Flash(w, "events.flash.session_deleted")
	web.Redirect(w, r, "/events/"+id+"/edit#programme")
	return nil
}

// readUpload reads an uploaded file of at most max bytes, or "" when none was sent.
func readUpload(r *http.Request, field string, max int64) ([]byte, string, error) {
	file, hdr, err := r.FormFile(field)
	if err != nil {
		return nil, "", nil
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, max+1))
	if err != nil || int64(len(b)) > max {
		return nil, "", errs.FieldErrors(map[string]string{field: "events.err.file_big"})
	}
	return b, hdr.Filename, nil
}

// viewableEvent is the path's event, as the signed-in person (or a visitor) may see it, with its id.
func (h *Handlers) viewableEvent(r *http.Request) (string, Event, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return "", Event{}, err
	}
	e, err := h.Svc.Viewable(r.Context(), web.CurrentUser(r), id)
	return id, e, err
}
