package coproduction

// Meetings between meetings: a meeting's time, place and online link; its agenda and papers;
// notices to members by mail (with a calendar entry); minutes drafted, then approved at a later
// meeting; decisions.

import (
	"bytes"
	"commons/internal/platform/actor"
	"context"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/ical"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
	mailpkg "commons/internal/platform/mail"
)

// MeetingInput is a meeting as typed: its day, start and finish times (London), where it is held,
// its online link, its agenda (one item a line) and, when written at once, its minutes.
type MeetingInput struct{ HeldOn, Starts, Ends, Place, Online, Agenda, Minutes string }

// meetingTimes checks a meeting's day, times, place and link.
func (in *MeetingInput) check(f map[string]string) (day time.Time, starts, ends *time.Time) {
	day, ok := progress.ParseDate(in.HeldOn)
	if !ok {
		f["held_on"] = "coproduction.err.date"
	}
	at := func(field, s string) *time.Time {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		h, m, ok := progress.ParseClock(s)
		if !ok {
			f[field] = "coproduction.err.clock"
			return nil
		}
		t := time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, london).UTC()
		return &t
	}
	starts, ends = at("starts", in.Starts), at("ends", in.Ends)
	if ends != nil && starts == nil && f["starts"] == "" {
		f["starts"] = "coproduction.err.starts_missing"
	}
	if ends != nil && starts != nil && !ends.After(*starts) {
		f["ends"] = "coproduction.err.ends_before"
	}
	in.Place = text(f, "place", in.Place, false, 500, "coproduction.err.place")
	in.Online = strings.TrimSpace(in.Online)
	if in.Online != "" {
		u, err := url.Parse(in.Online)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.Online) > 1000 || strings.ContainsAny(in.Online, " \n\r\t") {
			f["online"] = "coproduction.err.online"
		}
	}
	in.Agenda = text(f, "agenda", in.Agenda, true, 10000, "coproduction.err.agenda")
	in.Minutes = text(f, "minutes", in.Minutes, false, 50000, "coproduction.err.minutes")
	return day, starts, ends
}

// AddMeeting records a meeting with its time, place, agenda (and minutes, once written).
func (s *Service) AddMeeting(ctx context.Context, actor *actor.Actor, boardID string, in MeetingInput) (string, error) {
	f := map[string]string{}
	day, starts, ends := in.check(f)
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	id := ids.New()
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		state := "none"
		if in.Minutes != "" {
			state = "draft"
		}
		err := insertMeeting(ctx, s.DB, id, boardID, day.Format(time.DateOnly), nullTime(starts), nullTime(ends), in.Place, in.Online, in.Agenda, in.Minutes, state, s.DB.Now(ctx))
		return err
	})
	return id, err
}

// UpdateMeeting changes a meeting's day, times, place, link and agenda (a new notice can then be
// sent, which calendars read as a change of the same entry).
func (s *Service) UpdateMeeting(ctx context.Context, actor *actor.Actor, boardID, meetingID string, in MeetingInput) error {
	in.Minutes = ""
	f := map[string]string{}
	day, starts, ends := in.check(f)
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		n, err := updateMeeting(ctx, s.DB, day.Format(time.DateOnly), nullTime(starts), nullTime(ends), in.Place, in.Online, in.Agenda, meetingID, boardID)
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotFound
		}
		return s.record(ctx, actor, "coproduction.meeting.edit", "coproduction_meeting", meetingID, day.Format(time.DateOnly))
	})
}

func (s *Service) meetingOf(ctx context.Context, boardID, meetingID string) (Meeting, error) {
	m, err := meetingByID(ctx, s.DB, boardID, meetingID)
	if err != nil {
		return m, s.DB.Err(err, "error.not_found")
	}
	return m, nil
}

// SaveMinutes writes a meeting's draft minutes; once approved they cannot be changed.
func (s *Service) SaveMinutes(ctx context.Context, actor *actor.Actor, boardID, meetingID, minutes string) error {
	f := map[string]string{}
	minutes = text(f, "minutes", minutes, true, 50000, "coproduction.err.minutes")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.managedMeeting(ctx, actor, boardID, meetingID)
		if err != nil {
			return err
		}
		if m.MinutesState == "approved" {
			return errs.FieldErrors(map[string]string{"minutes": "coproduction.err.minutes_approved"})
		}
		err = saveMinutesDraft(ctx, s.DB, minutes, meetingID)
		return err
	})
}

// ApproveMinutes records that a meeting's draft minutes were approved at a later meeting of the
// same board (approvedIn); they are then the record and cannot be changed.
func (s *Service) ApproveMinutes(ctx context.Context, actor *actor.Actor, boardID, meetingID, approvedIn string) error {
	if !ids.Valid(approvedIn) {
		return errs.FieldErrors(map[string]string{"approved_in": "coproduction.err.approve_meeting"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.managedMeeting(ctx, actor, boardID, meetingID)
		if err != nil {
			return err
		}
		later, err := meetingByID(ctx, s.DB, boardID, approvedIn)
		if err != nil || !later.When().After(m.When()) {
			return errs.FieldErrors(map[string]string{"approved_in": "coproduction.err.approve_meeting"})
		}
		switch m.MinutesState {
		case "none":
			return errs.FieldErrors(map[string]string{"approved_in": "coproduction.err.approve_no_minutes"})
		case "approved":
			return errs.FieldErrors(map[string]string{"approved_in": "coproduction.err.minutes_approved"})
		}
		n, err := approveMinutes(ctx, s.DB, s.DB.Now(ctx), approvedIn, meetingID)
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.FieldErrors(map[string]string{"approved_in": "coproduction.err.minutes_approved"})
		}
		return s.record(ctx, actor, "coproduction.minutes.approve", "coproduction_meeting", meetingID, approvedIn)
	})
}

// AddDecision records a decision taken at a meeting.
func (s *Service) AddDecision(ctx context.Context, actor *actor.Actor, boardID, meetingID, decision string) error {
	f := map[string]string{}
	decision = text(f, "decision", decision, true, 2000, "coproduction.err.decision_text")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.managedMeeting(ctx, actor, boardID, meetingID); err != nil {
			return err
		}
		err := insertDecision(ctx, s.DB, ids.New(), meetingID, decision, s.DB.Now(ctx))
		return err
	})
}

// MaxPaper is the largest paper accepted: every request is held to 1 MiB, so a paper and its
// form fit in one.
const MaxPaper = 900 << 10

// paperTypes are the files a paper may be, by the type sniffed from its bytes; office documents
// are zip files, told apart by their name.
var paperTypes = map[string]string{
	"application/pdf": "application/pdf", "image/png": "image/png", "image/jpeg": "image/jpeg",
	"text/plain; charset=utf-8": "text/plain; charset=utf-8",
}

var officeTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".odp":  "application/vnd.oasis.opendocument.presentation",
}

// PaperInput is an uploaded paper: its title, the file's name and its bytes (nil: no file chosen).
type PaperInput struct {
	Title, Filename string
	Data            []byte
}

// PaperType checks an upload's size and kind and returns its content type and a safe file name.
func PaperType(name string, data []byte) (contentType, filename string, err error) {
	switch {
	case data == nil:
		return "", "", errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_missing"})
	case len(data) == 0:
		return "", "", errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_empty"})
	case len(data) > MaxPaper:
		return "", "", errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_large"})
	}
	filename = SafeFilename(name)
	sniffed := http.DetectContentType(data)
	ext := strings.ToLower(path.Ext(filename))
	if ct, ok := paperTypes[sniffed]; ok {
		if ct == "text/plain; charset=utf-8" && ext != ".txt" && ext != ".csv" {
			return "", "", errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_type"})
		}
		return ct, filename, nil
	}
	if ct, ok := officeTypes[ext]; ok && sniffed == "application/zip" {
		return ct, filename, nil
	}
	return "", "", errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_type"})
}

// SafeFilename keeps the last part of an uploaded file's name, without control characters,
// quotes or path separators, at most 100 characters; "paper" when nothing is left.
func SafeFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	var b strings.Builder
	for _, r := range name {
		if unicode.IsControl(r) || r == '"' || r == '/' || r == '\\' || r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r) {
			continue
		}
		b.WriteRune(r)
	}
	out := strings.TrimSpace(b.String())
	for utf8.RuneCountInString(out) > 100 {
		ext := path.Ext(out)
		if len(ext) > 10 {
			ext = ""
		}
		rs := []rune(strings.TrimSuffix(out, ext))
		out = string(rs[:100-utf8.RuneCountInString(ext)]) + ext
	}
	if out == "" || out == "." || out == ".." {
		return "paper"
	}
	return out
}

// AddPaper adds a paper to a meeting.
func (s *Service) AddPaper(ctx context.Context, actor *actor.Actor, boardID, meetingID string, in PaperInput) error {
	f := map[string]string{}
	in.Title = text(f, "paper_title", in.Title, true, 200, "coproduction.err.paper_title")
	ct, filename, err := PaperType(in.Filename, in.Data)
	if err != nil {
		for k, v := range errs.As(err).Fields {
			f[k] = v
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.managedMeeting(ctx, actor, boardID, meetingID); err != nil {
			return err
		}
		err := insertPaper(ctx, s.DB, ids.New(), meetingID, in.Title, filename, ct, len(in.Data), in.Data, actor.ID, s.DB.Now(ctx))
		return err
	})
}

// Paper returns a paper with its bytes; papers are public, like the board's meetings.
func (s *Service) Paper(ctx context.Context, boardID, meetingID, paperID string) (Paper, []byte, error) {
	p, data, err := paperData(ctx, s.DB, boardID, meetingID, paperID)
	if err != nil {
		return p, nil, s.DB.Err(err, "error.not_found")
	}
	return p, data, nil
}

// DeletePaper removes a paper from a meeting.
func (s *Service) DeletePaper(ctx context.Context, actor *actor.Actor, boardID, meetingID, paperID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		p, _, err := s.Paper(ctx, boardID, meetingID, paperID)
		if err != nil {
			return err
		}
		if err := deletePaper(ctx, s.DB, paperID); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.paper.delete", "coproduction_meeting", meetingID, p.Title)
	})
}

// Notice is what sending a meeting's notice did: how many members it was mailed to, and the seats
// it could not reach by mail (to be told another way; the chair and officers see how).
type Notice struct {
	Sent      int
	Unreached []BoardMember
}

// recipient is one person a board writes to.
type recipient struct{ email, lang string }

// seatRecipient is where a seat's mail goes: its person's account, or the contact address an
// officer gave for a person without one. Organisations' seats have no address here.
func (s *Service) seatRecipient(ctx context.Context, m BoardMember) (recipient, bool, error) {
	if m.AccountID != "" {
		r, err := queryContact(ctx, s.DB, m.AccountID)
		return r, err == nil, err
	}
	if m.ContactEmail != "" {
		return recipient{m.ContactEmail, m.Language}, true, nil
	}
	return recipient{}, false, nil
}

// NoticeRecipients lists who a notice would reach and who it would not, for the confirmation.
func (s *Service) NoticeRecipients(ctx context.Context, actor *actor.Actor, boardID string) (Notice, error) {
	if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
		return Notice{}, err
	}
	ms, err := queryMembers(ctx, s.DB, "m.board_id = $1", boardID)
	if err != nil {
		return Notice{}, err
	}
	var n Notice
	seen := map[string]bool{}
	for _, m := range ms {
		r, ok, err := s.seatRecipient(ctx, m)
		if err != nil {
			return n, err
		}
		if !ok {
			n.Unreached = append(n.Unreached, m)
		} else if !seen[r.email] {
			seen[r.email] = true
			n.Sent++
		}
	}
	return n, nil
}

// SendNotice mails the meeting's notice to every member with an address, each in their own
// language, with the meeting as a calendar entry; a second notice (after a change) updates the
// same entry in calendars. It returns who was reached and who must be told another way.
func (s *Service) SendNotice(ctx context.Context, actor *actor.Actor, boardID, meetingID string) (Notice, error) {
	var n Notice
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		n = Notice{}
		b, err := s.manageBoard(ctx, actor, boardID)
		if err != nil {
			return err
		}
		m, err := s.meetingOf(ctx, boardID, meetingID)
		if err != nil {
			return err
		}
		ps, err := papersOf(ctx, s.DB, boardID)
		if err != nil {
			return err
		}
		m.Papers = ps[m.ID]
		m.NoticeSequence++
		ms, err := queryMembers(ctx, s.DB, "m.board_id = $1", boardID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, seat := range ms {
			r, ok, err := s.seatRecipient(ctx, seat)
			if err != nil {
				return err
			}
			if !ok {
				n.Unreached = append(n.Unreached, seat)
				continue
			}
			if seen[r.email] {
				continue
			}
			seen[r.email] = true
			if err := s.mailNotice(ctx, r, b, m); err != nil {
				return err
			}
			n.Sent++
		}
		if n.Sent == 0 {
			return errs.FieldErrors(map[string]string{"notice": "coproduction.err.notice_nobody"})
		}
		if err := setNoticeSent(ctx, s.DB, s.DB.Now(ctx), n.Sent, m.NoticeSequence, meetingID); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.meeting.notice", "coproduction_meeting", meetingID, b.Name.String())
	})
	return n, err
}

// When is how a meeting's time reads in a language: "Thursday 7 May 2026 at 18:30".
func (s *Service) when(lang string, m Meeting) string {
	if m.Starts == nil {
		return i18n.Weekday(lang, m.When())
	}
	out := s.T(lang, "coproduction.when", "day", i18n.Weekday(lang, *m.Starts), "time", i18n.Clock(*m.Starts))
	if m.Ends != nil {
		out = s.T(lang, "coproduction.when_until", "when", out, "time", i18n.Clock(*m.Ends))
	}
	return out
}

func (s *Service) mailNotice(ctx context.Context, r recipient, b Board, m Meeting) error {
	lang := langOf(r.lang)
	board := b.Name.For(lang).Text
	link := s.BaseURL + "/boards/" + b.ID + "/meetings/" + m.ID
	var body strings.Builder
	body.WriteString(s.T(lang, "coproduction.mail.notice.intro", "board", board, "when", s.when(lang, m)) + "\n\n")
	if m.Place != "" {
		body.WriteString(s.T(lang, "coproduction.mail.notice.place", "place", m.Place) + "\n")
	}
	if m.Online != "" {
		body.WriteString(s.T(lang, "coproduction.mail.notice.online", "link", m.Online) + "\n")
	}
	body.WriteString("\n" + s.T(lang, "coproduction.mail.notice.agenda") + "\n")
	for i, l := range Lines(m.Agenda) {
		body.WriteString(" " + strconv.Itoa(i+1) + ". " + l + "\n")
	}
	if len(m.Papers) > 0 {
		body.WriteString("\n" + s.T(lang, "coproduction.mail.notice.papers") + "\n")
		for _, p := range m.Papers {
			body.WriteString(" - " + p.Title + ": " + link + "/papers/" + p.ID + "\n")
		}
	}
	body.WriteString("\n" + s.T(lang, "coproduction.mail.notice.outro", "link", link))
	cal, err := s.meetingCalendar(lang, b, m)
	if err != nil {
		return err
	}
	subject := s.T(lang, "coproduction.mail.notice.subject", "board", board, "when", s.when(lang, m))
	if m.NoticeSequence > 1 {
		subject = s.T(lang, "coproduction.mail.notice.subject_changed", "board", board, "when", s.when(lang, m))
	}
	return s.Outbox.EnqueueMessage(ctx, mailpkg.Message{To: []string{r.email}, Subject: subject, Text: body.String(),
		Attachments: []mailpkg.Attachment{{Filename: "meeting.ics", ContentType: ical.ContentType, Data: cal}}})
}

// MeetingCalendar is a meeting as an iCalendar file, in the reader's language.
func (s *Service) MeetingCalendar(ctx context.Context, lang, boardID, meetingID string) ([]byte, error) {
	b, err := boardByID(ctx, s.DB, boardID)
	if err != nil {
		return nil, s.DB.Err(err, "error.not_found")
	}
	m, err := s.meetingOf(ctx, boardID, meetingID)
	if err != nil {
		return nil, err
	}
	return s.meetingCalendar(lang, b, m)
}

func (s *Service) meetingCalendar(lang string, b Board, m Meeting) ([]byte, error) {
	where := m.Place
	if where == "" {
		where = m.Online
	}
	ev := ical.Event{UID: m.ID + "@commons-boards", Summary: b.Name.For(lang).Text, Description: m.Agenda, Location: where,
		URL: s.BaseURL + "/boards/" + b.ID + "/meetings/" + m.ID, Status: ical.StatusConfirmed, Created: m.CreatedAt,
		Stamp: s.DB.Clock().Now(), Sequence: m.NoticeSequence}
	if m.Starts != nil {
		ev.Start = *m.Starts
		if m.Ends != nil {
			ev.End = *m.Ends
		} else {
			ev.End = m.Starts.Add(2 * time.Hour)
		}
	} else {
		day, _ := time.Parse(time.DateOnly, m.HeldOn)
		ev.Start, ev.End, ev.AllDay = day, day.AddDate(0, 0, 1), true
	}
	cal := ical.Calendar{ProdID: "-//" + s.PlaceName + "//Commons boards//EN", Name: b.Name.For(lang).Text, Events: []ical.Event{ev}}
	var buf bytes.Buffer
	err := ical.Encode(&buf, cal)
	return buf.Bytes(), err
}

// managedMeeting is one of a board's meetings, for someone who may manage the board (the chair,
// officers); it runs in the caller's transaction.
func (s *Service) managedMeeting(ctx context.Context, actor *actor.Actor, boardID, meetingID string) (Meeting, error) {
	if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
		return Meeting{}, err
	}
	return s.meetingOf(ctx, boardID, meetingID)
}
