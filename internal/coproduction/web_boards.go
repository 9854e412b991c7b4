package coproduction

import (
	"context"
	"fmt"
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/i18n"
	"commons/internal/platform/web"
)

type boardsPage struct {
	web.Page
	shared
	Boards    []Board
	Form      *web.Form
	CanCreate bool
}

// Boards lists the boards; officers also get the form to set one up.
func (h *Handlers) Boards(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("kind", "stakeholder")
	return h.renderBoards(w, r, http.StatusOK, f)
}

func (h *Handlers) renderBoards(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	bs, err := h.Svc.Boards(r.Context(), web.CurrentUser(r), BoardFilter{})
	if err != nil {
		return err
	}
	p := &boardsPage{Page: h.Kit.NewPage(r, "coproduction.boards.title"), Boards: bs, Form: f, CanCreate: isOfficer(web.CurrentUser(r))}
	p.Errors = f
	h.Kit.Render(w, r, status, "coproduction/boards", p)
	return nil
}

// CreateBoard sets up a board.
func (h *Handlers) CreateBoard(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	id, err := h.Svc.CreateBoard(r.Context(), web.CurrentUser(r), BoardInput{Name: f.Get("name"), NameCy: f.Get("name_cy"), Kind: f.Get("kind"),
		Purpose: f.Get("purpose"), PurposeCy: f.Get("purpose_cy"), ChairEmail: f.Get("chair_email")})
	return h.Kit.Saved(w, r, f, err, []string{"name", "name_cy", "kind", "purpose", "purpose_cy", "chair_email"}, "coproduction.board.created", "/boards/"+id, func() error {
		return h.renderBoards(w, r, http.StatusUnprocessableEntity, f)
	})
}

type boardPage struct {
	web.Page
	shared
	V       BoardView
	M       Meeting
	Actions []Action
	Orgs    []identity.Organisation
	Forms   map[string]*web.Form
	// Earlier is the meeting before this one whose draft minutes may be approved here.
	Earlier *Meeting
	// Later are the meetings after this one, where its draft minutes may be approved.
	Later []Meeting
	// Seat is the viewer's own seat on the board, if any.
	Seat *BoardMember
	Hows []string
}

// Form returns one of the page's forms.
func (p *boardPage) Form(name string) *web.Form {
	if f, ok := p.Forms[name]; ok {
		return f
	}
	return web.EmptyForm()
}

// Open are the board's actions not yet done; Done those done.
func (p *boardPage) Open(as []Action) (out []Action) {
	for _, a := range as {
		if a.DoneAt == nil {
			out = append(out, a)
		}
	}
	return out
}

func (h *Handlers) renderBoard(w http.ResponseWriter, r *http.Request, status int, id, meetingID, formName string, f *web.Form) error {
	actor := web.CurrentUser(r)
	v, err := h.Svc.Board(r.Context(), actor, id)
	if err != nil {
		return err
	}
	p := &boardPage{V: v, Forms: map[string]*web.Form{}, Hows: DoneHows}
	for i := range v.Members {
		if actor != nil && v.Members[i].AccountID == actor.ID {
			p.Seat = &v.Members[i]
			break
		}
	}
	tmpl := "coproduction/board"
	if meetingID != "" {
		m, ok := v.Meeting(meetingID)
		if !ok {
			return errNotFound
		}
		p.M = m
		for _, a := range v.Actions {
			if a.MeetingID == m.ID {
				p.Actions = append(p.Actions, a)
			}
		}
		for i := range v.Meetings { // newest first
			o := v.Meetings[i]
			if o.When().Before(m.When()) && p.Earlier == nil {
				if o.MinutesState == "draft" {
					p.Earlier = &v.Meetings[i]
				}
				break
			}
		}
		for _, o := range v.Meetings {
			if o.When().After(m.When()) {
				p.Later = append([]Meeting{o}, p.Later...)
			}
		}
		mf := web.EmptyForm()
		mf.Values.Set("minutes", m.Minutes)
		p.Forms["minutes"] = mf
		ef := web.EmptyForm()
		meetingValues(ef, m)
		p.Forms["edit"] = ef
		af := web.EmptyForm()
		if len(p.Later) > 0 {
			af.Values.Set("approved_in", p.Later[0].ID)
		}
		p.Forms["approve"] = af
		atf := web.EmptyForm()
		attendanceValues(atf, m)
		p.Forms["attendance"] = atf
		if mine := p.MyAttendance(); mine != nil && mine.Status == "apologies" {
			apf := web.EmptyForm()
			apf.Values.Set("note", mine.Note)
			p.Forms["apologies"] = apf
		}
		p.Page = h.Kit.NewPage(r, "coproduction.meeting.title", "board", v.Name.For(web.Lang(r)).Text, "date", i18n.DayOf(web.Lang(r), m.HeldOn))
		tmpl = "coproduction/meeting"
	} else {
		p.Page = h.Kit.NewPage(r, "coproduction.board.title", "name", v.Name.For(web.Lang(r)).Text)
		if v.CanManage {
			p.Orgs = h.orgs(r)
		}
		sf := web.EmptyForm()
		sf.Values.Set("language", "en")
		p.Forms["members"] = sf
	}
	if formName != "" {
		p.Forms[formName] = f
		p.Errors = f
	}
	h.Kit.Render(w, r, status, tmpl, p)
	return nil
}

// meetingValues fills a form with a meeting's details as typed.
func meetingValues(f *web.Form, m Meeting) {
	f.Values.Set("held_on", m.HeldOn)
	if m.Starts != nil {
		f.Values.Set("starts", m.Starts.In(london).Format("15:04"))
	}
	if m.Ends != nil {
		f.Values.Set("ends", m.Ends.In(london).Format("15:04"))
	}
	f.Values.Set("place", m.Place)
	f.Values.Set("online", m.Online)
	f.Values.Set("agenda", m.Agenda)
}

// Board shows a board: members, meetings and actions.
func (h *Handlers) Board(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	return h.renderBoard(w, r, http.StatusOK, id, "", "", nil)
}

// boardPost runs one of the board or meeting pages' forms.
func (h *Handlers) boardPost(w http.ResponseWriter, r *http.Request, onMeeting bool, formName, flash string, fields []string, do func(id, mid string, f *web.Form) (string, error)) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	mid := ""
	if onMeeting {
		if mid, err = web.ID(r, "meeting"); err != nil {
			return err
		}
	}
	f := web.NewForm(r)
	to, err := do(id, mid, f)
	return h.Kit.Saved(w, r, f, err, fields, flash, to, func() error {
		return h.renderBoard(w, r, http.StatusUnprocessableEntity, id, mid, formName, f)
	})
}

var memberFields = []string{"email", "person_name", "contact_email", "contact_phone", "contact_note", "language", "organisation_id", "role", "role_cy", "named", "consent_how"}

// AddMember gives someone a seat.
func (h *Handlers) AddMember(w http.ResponseWriter, r *http.Request) error {
	return h.boardPost(w, r, false, "members", "coproduction.member.added", memberFields, func(id, _ string, f *web.Form) (string, error) {
		err := h.Svc.AddMember(r.Context(), web.CurrentUser(r), id, MemberInput{Email: f.Get("email"), OrganisationID: f.Get("organisation_id"),
			Role: f.Get("role"), RoleCy: f.Get("role_cy"), PersonName: f.Get("person_name"), ContactEmail: f.Get("contact_email"),
			ContactPhone: f.Get("contact_phone"), ContactNote: f.Get("contact_note"), Language: f.Get("language"),
			Named: f.Get("named") == "yes", ConsentHow: f.Get("consent_how")})
		return "/boards/" + id + "#members", err
	})
}

// SetNamed records whether a seat's person may be named publicly.
func (h *Handlers) SetNamed(w http.ResponseWriter, r *http.Request) error {
	sid, err := web.ID(r, "member")
	if err != nil {
		return err
	}
	return h.boardPost(w, r, false, "named", "coproduction.member.named_saved", []string{"named", "consent_how"}, func(id, _ string, f *web.Form) (string, error) {
		return "/boards/" + id + "#members", h.Svc.SetNamed(r.Context(), web.CurrentUser(r), id, sid, f.Get("named") == "yes", f.Get("consent_how"))
	})
}

var meetingFields = []string{"held_on", "starts", "ends", "place", "online", "agenda", "minutes"}

func meetingInput(f *web.Form) MeetingInput {
	return MeetingInput{HeldOn: f.Get("held_on"), Starts: f.Get("starts"), Ends: f.Get("ends"), Place: f.Get("place"),
		Online: f.Get("online"), Agenda: f.Get("agenda"), Minutes: f.Get("minutes")}
}

// AddMeeting records a meeting.
func (h *Handlers) AddMeeting(w http.ResponseWriter, r *http.Request) error {
	return h.boardPost(w, r, false, "meeting", "coproduction.meeting.added", meetingFields, func(id, _ string, f *web.Form) (string, error) {
		mid, err := h.Svc.AddMeeting(r.Context(), web.CurrentUser(r), id, meetingInput(f))
		return "/boards/" + id + "/meetings/" + mid, err
	})
}

type seatsPage struct {
	web.Page
	shared
	Seats
}

// PersonSeats shows the boards a person sits on.
func (h *Handlers) PersonSeats(w http.ResponseWriter, r *http.Request) error {
	return h.seats(w, r, h.Svc.PersonSeats)
}

// OrganisationSeats shows the boards an organisation sits on.
func (h *Handlers) OrganisationSeats(w http.ResponseWriter, r *http.Request) error {
	return h.seats(w, r, h.Svc.OrganisationSeats)
}

// seats shows the boards the path's person or organisation sits on, as of reads them.
func (h *Handlers) seats(w http.ResponseWriter, r *http.Request, of func(context.Context, *actor.Actor, string) (Seats, error)) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	st, err := of(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "coproduction/seats", &seatsPage{Page: h.Kit.NewPage(r, "coproduction.seats.title", "name", st.Name), Seats: st})
	return nil
}

// meetingWhen is how a meeting's time reads on a page: "Thursday 7 May 2026 at 18:00 to 19:30".
func meetingWhen(p *web.Page, m Meeting) string {
	if m.Starts == nil {
		return p.Weekday(m.When())
	}
	out := p.T("coproduction.when", "day", p.Weekday(*m.Starts), "time", p.Clock(*m.Starts))
	if m.Ends != nil {
		out = p.T("coproduction.when_until", "when", out, "time", p.Clock(*m.Ends))
	}
	return out
}

// MeetingWhen is a meeting's time in the page's language.
func (p *boardPage) MeetingWhen(m Meeting) string { return meetingWhen(&p.Page, m) }

// MeetingWhen is a meeting's time in the page's language.
func (p *minePage) MeetingWhen(m Meeting) string { return meetingWhen(&p.Page, m) }

// Size is a file's size for people: "312 KB".
func (p *boardPage) Size(n int) string {
	if n < 1024*1024 {
		return p.T("coproduction.size_kb", "n", (n+1023)/1024)
	}
	return p.T("coproduction.size_mb", "n", fmt.Sprintf("%.1f", float64(n)/(1024*1024)))
}

// ApprovedIn is the meeting at which this meeting's minutes were approved.
func (p *boardPage) ApprovedIn() *Meeting {
	for i := range p.V.Meetings {
		if p.V.Meetings[i].ID == p.M.MinutesApprovedIn {
			return &p.V.Meetings[i]
		}
	}
	return nil
}
