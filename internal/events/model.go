package events

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/platform/errs"
)

// London is where events happen and how their times are shown; they are stored in UTC.
var London = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Session kinds.
var Kinds = []string{"plenary", "workshop", "fishbowl", "panel"}

// Registration statuses.
const (
	Confirmed  = "confirmed"
	Waitlisted = "waitlisted"
	Cancelled  = "cancelled"
)

// Event is a gathering with a venue and/or an online link.
type Event struct {
	ID               string     `json:"id"`
	Title            string     `json:"title"`
	Description      string     `json:"description"`
	DescriptionHTML  string     `json:"-"`
	OrganisationID   string     `json:"organisation_id"`
	OrganisationName string     `json:"organisation_name"`
	Venue            string     `json:"venue"`
	Address          string     `json:"address"`
	Latitude         *float64   `json:"latitude"`
	Longitude        *float64   `json:"longitude"`
	AccessInfo       string     `json:"access_info"`
	OnlineURL        string     `json:"online_url"`
	StartsAt         time.Time  `json:"starts_at"`
	EndsAt           time.Time  `json:"ends_at"`
	Capacity         int        `json:"capacity"`
	Registered       int        `json:"registered"`
	InvitationOnly   bool       `json:"invitation_only"`
	SummaryPublished *time.Time `json:"summary_published_at"`
	CancelledAt      *time.Time `json:"cancelled_at"`
	CancelMessage    string     `json:"cancel_message,omitempty"`
	// Draft: only its organisers see it until they publish it.
	Draft     bool      `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Sequence  int       `json:"-"`
	Sessions  []Session `json:"sessions"`
}

// Full reports whether every place is taken.
func (e Event) Full() bool { return e.Registered >= e.Capacity }

// Cancelled reports whether the organisers called the event off.
func (e Event) Cancelled() bool { return e.CancelledAt != nil }

// Session is the event's session with the id, if it has one.
func (e Event) Session(id string) (Session, bool) {
	for _, s := range e.Sessions {
		if s.ID == id {
			return s, true
		}
	}
	return Session{}, false
}

// Places is how many places are left.
func (e Event) Places() int { return max(0, e.Capacity-e.Registered) }

// Local is a time as shown: Europe/London.
func Local(t time.Time) time.Time { return t.In(London) }

// Session is one part of an event's programme.
type Session struct {
	ID           string    `json:"id"`
	EventID      string    `json:"-"`
	Title        string    `json:"title"`
	Kind         string    `json:"kind"`
	Track        string    `json:"track"`
	Room         string    `json:"room"`
	Facilitators string    `json:"facilitators"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
	Capacity     int       `json:"capacity"` // 0: no limit of its own
	Taken        int       `json:"taken"`
	Waiting      int       `json:"waiting"` // people with a place at the event waiting for one here
}

// Full reports whether a session with its own capacity has no place left.
func (s Session) Full() bool { return s.Capacity > 0 && s.Taken >= s.Capacity }

// Left is how many of the session's own places are free (0 for a session without a limit).
func (s Session) Left() int { return max(0, s.Capacity-s.Taken) }

// Overlaps reports whether two sessions share any time: a person can be in only one of them.
func (s Session) Overlaps(o Session) bool {
	return s.StartsAt.Before(o.EndsAt) && o.StartsAt.Before(s.EndsAt)
}

// Registration is one person's place (or place in the queue) at an event.
type Registration struct {
	ID               string
	EventID          string
	Name             string
	Email            string
	OrganisationName string
	Sector           string
	AreaID           string
	AreaName         string
	AccessNeeds      string
	DietaryNeeds     string
	Status           string
	WalkIn           bool
	CreatedAt        time.Time
	CheckedInAt      *time.Time
	Language         string // en or cy: what mail to the person is written in
	FeedbackCode     string // lets the person (a walk-in too) give feedback once
	RemovedReason    string // set when an organiser removed the place
	SessionIDs       []string
	Sessions         []Choice // the sessions chosen, each with a place or waiting for one
}

// Choice is a session a person chose: Status is Confirmed (they hold one of its places) or
// Waitlisted (they wait for one).
type Choice struct {
	Session
	Status string
}

// Mailable reports whether the person gave an address mail can reach (walk-ins need not).
func (r Registration) Mailable() bool { return mailable(r.Email) }

func mailable(email string) bool { return email != "" && !strings.HasSuffix(email, "@"+walkInDomain) }

// walkInDomain is the reserved domain of the addresses made up for walk-ins without one.
const walkInDomain = "walk-in.invalid"

// Group is a discussion group or table at an event.
type Group struct {
	ID          string
	EventID     string
	Name        string
	Facilitator string
	Notes       []Note
}

// Note is one point a group wrote down.
type Note struct {
	ID      string `json:"id"`
	GroupID string `json:"group_id"`
	Group   string `json:"group"`
	Body    string `json:"body"`
}

// Short is the start of the note, to name it where the whole note would be too long.
func (n Note) Short() string {
	r := []rune(n.Body)
	if len(r) <= 60 {
		return n.Body
	}
	return strings.TrimSpace(string(r[:57])) + "…"
}

// Theme is an emerging theme: proposed by package themes, then renamed, merged, split by
// organisers, and published in the event's summary.
type Theme struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	Phrases []string `json:"phrases"`
	Notes   []Note   `json:"notes"`
}

// Feedback is one answer to the after-event form.
type Feedback struct {
	Rating    int
	Comment   string
	CreatedAt time.Time
}

// EventInput is what the event form sends.
type EventInput struct {
	Title, Description, OrganisationID, Venue, Address, Latitude, Longitude, AccessInfo, OnlineURL string
	StartDate, StartTime, EndDate, EndTime, Capacity                                               string
	InvitationOnly                                                                                 bool
}

// eventFields is the form's order, for the error summary.
var eventFields = []string{"title", "description", "organisation_id", "start_date", "start_time", "end_date", "end_time", "venue", "address", "latitude", "longitude", "access_info", "online_url", "capacity"}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// parseLocal reads a date and a time typed in London time.
func parseLocal(date, clock string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(date)+" "+strings.TrimSpace(clock), London)
	return t.UTC(), err == nil
}

// checked is an EventInput made into values.
type checked struct {
	start, end time.Time
	lat, lon   *float64
	capacity   int
}

// Validate checks the input and returns the values it holds.
func (in *EventInput) Validate() (checked, error) {
	var c checked
	f := map[string]string{}
	in.Title = strings.TrimSpace(in.Title)
	switch {
	case in.Title == "":
		f["title"] = "events.err.title_missing"
	case tooLong(in.Title, 200):
		f["title"] = "events.err.title_long"
	}
	if tooLong(in.Description, 20000) {
		f["description"] = "events.err.description_long"
	}
	if in.OrganisationID == "" {
		f["organisation_id"] = "events.err.organisation_missing"
	}
	var ok bool
	if c.start, ok = parseLocal(in.StartDate, in.StartTime); !ok {
		f["start_date"] = "events.err.start"
	}
	if strings.TrimSpace(in.EndDate) == "" {
		in.EndDate = in.StartDate
	}
	if c.end, ok = parseLocal(in.EndDate, in.EndTime); !ok {
		f["end_time"] = "events.err.end"
	} else if f["start_date"] == "" && !c.end.After(c.start) {
		f["end_time"] = "events.err.end_before_start"
	}
	in.Venue, in.Address, in.OnlineURL = strings.TrimSpace(in.Venue), strings.TrimSpace(in.Address), strings.TrimSpace(in.OnlineURL)
	if in.Venue == "" && in.OnlineURL == "" {
		f["venue"] = "events.err.where_missing"
	}
	if tooLong(in.Venue, 200) || tooLong(in.Address, 500) || tooLong(in.AccessInfo, 2000) {
		f["venue"] = "events.err.where_long"
	}
	if in.OnlineURL != "" {
		if u, err := url.Parse(in.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || tooLong(in.OnlineURL, 500) {
			f["online_url"] = "events.err.online_url"
		}
	}
	lat, lon := strings.TrimSpace(in.Latitude), strings.TrimSpace(in.Longitude)
	if lat != "" || lon != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		if err1 != nil || err2 != nil || !(la >= -90 && la <= 90) || !(lo >= -180 && lo <= 180) {
			f["latitude"] = "events.err.point"
		} else {
			c.lat, c.lon = &la, &lo
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(in.Capacity))
	if err != nil || n < 1 || n > 100000 {
		f["capacity"] = "events.err.capacity"
	}
	c.capacity = n
	if len(f) > 0 {
		return c, errs.FieldErrors(f)
	}
	return c, nil
}

// SessionInput is what the programme form sends. Date is the session's day (2006-01-02), needed
// only when the event runs over several days; empty is the event's first day.
type SessionInput struct {
	Title, Kind, Track, Room, Facilitators, Date, StartTime, EndTime, Capacity string
}

var sessionFields = []string{"session_title", "kind", "track", "room", "facilitators", "session_date", "session_start", "session_end", "session_capacity"}

// Validate checks a session against its event: it must start and end within the event's times.
func (in *SessionInput) Validate(e Event) (start, end time.Time, capacity int, err error) {
	f := map[string]string{}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || tooLong(in.Title, 200) {
		f["session_title"] = "events.err.session_title"
	}
	known := false
	for _, k := range Kinds {
		known = known || k == in.Kind
	}
	if !known {
		f["kind"] = "events.err.kind"
	}
	if tooLong(in.Track, 100) || tooLong(in.Room, 100) || tooLong(in.Facilitators, 300) {
		f["track"] = "events.err.session_long"
	}
	day := Local(e.StartsAt).Format("2006-01-02")
	if d := strings.TrimSpace(in.Date); d != "" {
		day = d
	}
	var ok bool
	if start, ok = parseLocal(day, in.StartTime); !ok {
		f["session_start"] = "events.err.session_time"
		if strings.TrimSpace(in.Date) != "" {
			f["session_date"] = "events.err.session_date"
		}
	}
	if end, ok = parseLocal(day, in.EndTime); !ok {
		f["session_end"] = "events.err.session_time"
	} else if f["session_start"] == "" && !end.After(start) {
		f["session_end"] = "events.err.end_before_start"
	}
	if f["session_start"] == "" && f["session_end"] == "" && (start.Before(e.StartsAt) || end.After(e.EndsAt)) {
		f["session_start"] = "events.err.session_outside"
	}
	capacity = 0
	if c := strings.TrimSpace(in.Capacity); c != "" {
		n, cerr := strconv.Atoi(c)
		if cerr != nil || n < 0 || n > 100000 {
			f["session_capacity"] = "events.err.capacity"
		}
		capacity = n
	}
	if len(f) > 0 {
		return start, end, capacity, errs.FieldErrors(f)
	}
	return start, end, capacity, nil
}

// RegistrationInput is what the registration form (or an organiser adding a walk-in) sends.
type RegistrationInput struct {
	Name, Email, OrganisationName, Sector, AreaID, AccessNeeds, DietaryNeeds string
	SessionIDs                                                               []string
	Invitation                                                               string // token from an invitation
}

var registrationFields = []string{"name", "email", "organisation_name", "sector", "area_id", "access_needs", "dietary_needs", "sessions"}

// Validate checks a registration.
func (in *RegistrationInput) Validate() error {
	f := map[string]string{}
	in.Name = strings.TrimSpace(in.Name)
	in.Email = identity.NormaliseEmail(in.Email)
	if in.Name == "" || tooLong(in.Name, 200) {
		f["name"] = "events.err.name"
	}
	if !identity.ValidEmail(in.Email) {
		f["email"] = "events.err.email"
	}
	if tooLong(in.OrganisationName, 200) {
		f["organisation_name"] = "events.err.organisation_name"
	}
	known := false
	for _, s := range identity.Sectors {
		known = known || s == in.Sector
	}
	if !known {
		f["sector"] = "events.err.sector"
	}
	if tooLong(in.AccessNeeds, 2000) || tooLong(in.DietaryNeeds, 2000) {
		f["access_needs"] = "events.err.needs_long"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}
