package coproduction

// Attendance at a board's meetings: members send apologies before a meeting (from the meeting's
// page or their own page); the chair or an officer records who came, in the room or online, and
// apologies given to them by phone or in person, on the member's behalf.

import (
	"commons/internal/platform/actor"
	"context"
	"slices"
	"strconv"
	"time"

	"commons/internal/platform/errs"
	mailpkg "commons/internal/platform/mail"
)

// AttendanceStatuses are what can be recorded of a seat at a meeting.
var AttendanceStatuses = []string{"present", "online", "apologies", "absent"}

// Attendance is what is recorded of one seat at one meeting. The note (an apology's reason) and
// who recorded it are seen by the chair, officers and the seat's holder only.
type Attendance struct {
	MeetingID   string    `json:"-"`
	MemberID    string    `json:"member_id"`
	Status      string    `json:"status"`
	Note        string    `json:"-"`
	RecordedBy  string    `json:"-"`
	RecordedHow string    `json:"-"` // "self" when the holder sent it; else one of DoneHows
	RecordedAt  time.Time `json:"recorded_at"`
}

// mySeat is the actor's own seat on a board (a person's seat held through their account).
func (s *Service) mySeat(ctx context.Context, actor *actor.Actor, boardID string) (BoardMember, error) {
	if actor == nil {
		return BoardMember{}, errForbidden
	}
	ms, err := queryMembers(ctx, s.DB, "m.board_id = $1 AND m.account_id = $2", boardID, actor.ID)
	if err != nil {
		return BoardMember{}, err
	}
	if len(ms) == 0 {
		return BoardMember{}, errForbidden
	}
	return ms[0], nil
}

// SendApologies records that the actor, who holds a seat on the board, cannot come to a meeting
// that has not yet been held, with an optional note for the chair, and tells the chair by mail.
// Sending again replaces the note.
func (s *Service) SendApologies(ctx context.Context, actor *actor.Actor, boardID, meetingID, note string) error {
	f := map[string]string{}
	note = text(f, "note", note, false, 500, "coproduction.err.apologies_note")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		b, err := boardByID(ctx, s.DB, boardID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		m, seat, err := s.apologiesSeat(ctx, actor, boardID, meetingID)
		if err != nil {
			return err
		}
		if err := setAttendance(ctx, s.DB, Attendance{MeetingID: m.ID, MemberID: seat.ID, Status: "apologies", Note: note,
			RecordedBy: actor.ID, RecordedHow: "self"}, s.DB.Now(ctx)); err != nil {
			return err
		}
		if b.ChairID != "" && b.ChairID != actor.ID {
			r, ok, err := s.seatRecipient(ctx, BoardMember{AccountID: b.ChairID})
			if err != nil {
				return err
			}
			if ok {
				lang := langOf(r.lang)
				board := b.Name.For(lang).Text
				body := s.T(lang, "coproduction.mail.apologies.body", "name", actor.Name, "board", board, "when", s.when(lang, m))
				if note != "" {
					body += "\n\n" + s.T(lang, "coproduction.mail.apologies.note", "note", note)
				}
				body += "\n\n" + s.BaseURL + "/boards/" + b.ID + "/meetings/" + m.ID + "#attendance"
				if err := s.Outbox.EnqueueMessage(ctx, mailpkg.Message{To: []string{r.email},
					Subject: s.T(lang, "coproduction.mail.apologies.subject", "name", actor.Name, "board", board, "when", s.when(lang, m)),
					Text:    body}); err != nil {
					return err
				}
			}
		}
		return s.record(ctx, actor, "coproduction.apologies.send", "coproduction_meeting", m.ID, seat.ID)
	})
}

// apologiesSeat is the meeting and the actor's own seat on its board, when the meeting is
// still to come: only then may they send or withdraw apologies.
func (s *Service) apologiesSeat(ctx context.Context, actor *actor.Actor, boardID, meetingID string) (Meeting, BoardMember, error) {
	m, err := s.meetingOf(ctx, boardID, meetingID)
	if err != nil {
		return m, BoardMember{}, err
	}
	seat, err := s.mySeat(ctx, actor, boardID)
	if err != nil {
		return m, seat, err
	}
	if m.HeldOn < s.today(ctx) {
		return m, seat, errs.FieldErrors(map[string]string{"note": "coproduction.err.apologies_past"})
	}
	return m, seat, nil
}

// WithdrawApologies takes back the actor's apologies for a meeting not yet held.
func (s *Service) WithdrawApologies(ctx context.Context, actor *actor.Actor, boardID, meetingID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, seat, err := s.apologiesSeat(ctx, actor, boardID, meetingID)
		if err != nil {
			return err
		}
		gone, err := clearAttendance(ctx, s.DB, m.ID, seat.ID, "apologies")
		if err != nil || !gone {
			return err
		}
		return s.record(ctx, actor, "coproduction.apologies.withdraw", "coproduction_meeting", m.ID, seat.ID)
	})
}

// AttendanceInput is the chair's record of a meeting: a status (or "" for not recorded) for
// seats by id, and how apologies given to them reached them (one of DoneHows).
type AttendanceInput struct {
	Status map[string]string
	How    string
}

// RecordAttendance records who came to a meeting, for the chair or an officer. A seat left out of
// in.Status keeps what it has; "" clears it. A holder whose apologies the chair records on their
// behalf is told by mail, with who recorded them and how.
func (s *Service) RecordAttendance(ctx context.Context, actor *actor.Actor, boardID, meetingID string, in AttendanceInput) error {
	if in.How == "" {
		in.How = "meeting"
	}
	if !slices.Contains(DoneHows, in.How) {
		return errs.FieldErrors(map[string]string{"how": "coproduction.err.done_how"})
	}
	f := map[string]string{}
	for id, st := range in.Status {
		if st != "" && !slices.Contains(AttendanceStatuses, st) {
			f["status_"+id] = "coproduction.err.attendance_status"
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		b, err := s.manageBoard(ctx, actor, boardID)
		if err != nil {
			return err
		}
		m, err := s.meetingOf(ctx, boardID, meetingID)
		if err != nil {
			return err
		}
		seats, err := queryMembers(ctx, s.DB, "m.board_id = $1", boardID)
		if err != nil {
			return err
		}
		changed := 0
		for _, seat := range seats {
			st, ok := in.Status[seat.ID]
			if !ok {
				continue
			}
			was, _, err := attendanceOfSeat(ctx, s.DB, m.ID, seat.ID)
			if err != nil {
				return err
			}
			if st == was {
				continue // keeps who recorded it, and an apology's note
			}
			changed++
			if st == "" {
				if _, err := clearAttendance(ctx, s.DB, m.ID, seat.ID, ""); err != nil {
					return err
				}
				continue
			}
			if err := setAttendance(ctx, s.DB, Attendance{MeetingID: m.ID, MemberID: seat.ID, Status: st,
				RecordedBy: actor.ID, RecordedHow: in.How}, s.DB.Now(ctx)); err != nil {
				return err
			}
			if st == "apologies" && seat.AccountID != actor.ID {
				if err := s.mailApologiesRecorded(ctx, actor, seat, b, m, in.How); err != nil {
					return err
				}
			}
		}
		if changed == 0 {
			return nil
		}
		return s.record(ctx, actor, "coproduction.attendance.record", "coproduction_meeting", m.ID, strconv.Itoa(changed))
	})
}

// mailApologiesRecorded tells a seat's holder that the chair recorded their apologies for them.
func (s *Service) mailApologiesRecorded(ctx context.Context, actor *actor.Actor, seat BoardMember, b Board, m Meeting, how string) error {
	r, ok, err := s.seatRecipient(ctx, seat)
	if err != nil || !ok {
		return err
	}
	lang := langOf(r.lang)
	board := b.Name.For(lang).Text
	body := s.T(lang, "coproduction.mail.apologies_recorded.body", "by", actor.Name, "how", s.T(lang, "coproduction.how."+how),
		"board", board, "when", s.when(lang, m)) + "\n\n" + s.BaseURL + "/boards/" + b.ID + "/meetings/" + m.ID + "#attendance"
	return s.Outbox.EnqueueMessage(ctx, mailpkg.Message{To: []string{r.email},
		Subject: s.T(lang, "coproduction.mail.apologies_recorded.subject", "board", board, "when", s.when(lang, m)), Text: body})
}
