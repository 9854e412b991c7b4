package coproduction

import (
	"net/http"
	"strings"

	"commons/internal/platform/web"
)

// SendApologies records the signed-in member's apologies for a meeting, or takes them back.
func (h *Handlers) SendApologies(w http.ResponseWriter, r *http.Request) error {
	if r.FormValue("withdraw") != "" {
		return h.boardPost(w, r, true, "apologies", "coproduction.apologies.withdrawn", []string{"note"}, func(id, mid string, f *web.Form) (string, error) {
			return "/boards/" + id + "/meetings/" + mid + "#attendance", h.Svc.WithdrawApologies(r.Context(), web.CurrentUser(r), id, mid)
		})
	}
	return h.boardPost(w, r, true, "apologies", "coproduction.apologies.sent", []string{"note"}, func(id, mid string, f *web.Form) (string, error) {
		return "/boards/" + id + "/meetings/" + mid + "#attendance", h.Svc.SendApologies(r.Context(), web.CurrentUser(r), id, mid, f.Get("note"))
	})
}

// RecordAttendance records who came to a meeting (the chair or an officer): a status_<seat> field
// for each seat and how apologies given to them reached them.
func (h *Handlers) RecordAttendance(w http.ResponseWriter, r *http.Request) error {
	fields := []string{"how"}
	if err := r.ParseForm(); err == nil {
		for k := range r.PostForm {
			if strings.HasPrefix(k, "status_") {
				fields = append(fields, k)
			}
		}
	}
	return h.boardPost(w, r, true, "attendance", "coproduction.attendance.saved", fields, func(id, mid string, f *web.Form) (string, error) {
		in := AttendanceInput{Status: map[string]string{}, How: f.Get("how")}
		for _, k := range fields[1:] {
			in.Status[strings.TrimPrefix(k, "status_")] = f.Get(k)
		}
		return "/boards/" + id + "/meetings/" + mid + "#attendance", h.Svc.RecordAttendance(r.Context(), web.CurrentUser(r), id, mid, in)
	})
}

// attendee is one seat as recorded at a meeting.
type attendee struct {
	Seat BoardMember
	A    Attendance
}

// attendanceGroup is the seats recorded with one status.
type attendanceGroup struct {
	Status string
	Seats  []attendee
}

// AttendanceGroups is the meeting's attendance by status, in the order of AttendanceStatuses.
func (p *boardPage) AttendanceGroups() []attendanceGroup {
	seats := map[string]BoardMember{}
	for _, m := range p.V.Members {
		seats[m.ID] = m
	}
	var out []attendanceGroup
	for _, st := range AttendanceStatuses {
		g := attendanceGroup{Status: st}
		for _, a := range p.M.Attendance {
			if seat, ok := seats[a.MemberID]; ok && a.Status == st {
				g.Seats = append(g.Seats, attendee{seat, a})
			}
		}
		if len(g.Seats) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// MyAttendance is what is recorded of the viewer's own seat at the meeting, if anything.
func (p *boardPage) MyAttendance() *Attendance {
	if p.Seat == nil {
		return nil
	}
	for _, a := range p.M.Attendance {
		if a.MemberID == p.Seat.ID {
			return &a
		}
	}
	return nil
}

// Upcoming reports whether the meeting has not yet been held (apologies may still be sent).
func (p *boardPage) Upcoming() bool { return p.M.HeldOn >= p.V.Today }

// AttendanceStatuses are the statuses the chair's form offers.
func (p *boardPage) AttendanceStatuses() []string { return AttendanceStatuses }

// attendanceValues fills the chair's form with what is recorded.
func attendanceValues(f *web.Form, m Meeting) {
	for _, a := range m.Attendance {
		f.Values.Set("status_"+a.MemberID, a.Status)
	}
	f.Values.Set("how", "meeting")
}
