package coproduction

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"commons/internal/platform/errs"
	"commons/internal/platform/formats/ical"
	"commons/internal/platform/web"
)

// Meeting shows one meeting: time and place, agenda and papers, minutes, decisions and actions.
func (h *Handlers) Meeting(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := web.IDs(r, "id", "meeting")
	if err != nil {
		return err
	}
	return h.renderBoard(w, r, http.StatusOK, id, mid, "", nil)
}

// UpdateMeeting changes a meeting's day, times, place, link and agenda.
func (h *Handlers) UpdateMeeting(w http.ResponseWriter, r *http.Request) error {
	return h.boardPost(w, r, true, "edit", "coproduction.meeting.changed", meetingFields, func(id, mid string, f *web.Form) (string, error) {
		return "/boards/" + id + "/meetings/" + mid, h.Svc.UpdateMeeting(r.Context(), web.CurrentUser(r), id, mid, meetingInput(f))
	})
}

// SaveMinutes writes a meeting's draft minutes.
func (h *Handlers) SaveMinutes(w http.ResponseWriter, r *http.Request) error {
	return h.boardPost(w, r, true, "minutes", "coproduction.minutes.saved", []string{"minutes"}, func(id, mid string, f *web.Form) (string, error) {
		return "/boards/" + id + "/meetings/" + mid + "#section-minutes", h.Svc.SaveMinutes(r.Context(), web.CurrentUser(r), id, mid, f.Get("minutes"))
	})
}

// ApproveMinutes records a meeting's minutes as approved at a later meeting; the form is on the
// later meeting's page, so that is where a refusal is shown.
func (h *Handlers) ApproveMinutes(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := web.IDs(r, "id", "meeting")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := f.Get("approved_in")
	if err := h.Svc.ApproveMinutes(r.Context(), web.CurrentUser(r), id, mid, in); err != nil {
		if f.Take(err, "approved_in") {
			return h.renderBoard(w, r, http.StatusUnprocessableEntity, id, mid, "approve", f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.minutes.approved")
	back := mid
	if f.Get("back") == "later" {
		back = in
	}
	web.Redirect(w, r, "/boards/"+id+"/meetings/"+back+"#section-minutes")
	return nil
}

// AddDecision records a decision.
func (h *Handlers) AddDecision(w http.ResponseWriter, r *http.Request) error {
	return h.boardPost(w, r, true, "decision", "coproduction.board_decision.added", []string{"decision"}, func(id, mid string, f *web.Form) (string, error) {
		return "/boards/" + id + "/meetings/" + mid + "#decisions", h.Svc.AddDecision(r.Context(), web.CurrentUser(r), id, mid, f.Get("decision"))
	})
}

// AddAction records an action.
func (h *Handlers) AddAction(w http.ResponseWriter, r *http.Request) error {
	return h.boardPost(w, r, true, "action", "coproduction.action.added", []string{"action", "owner_member", "owner", "due_on"}, func(id, mid string, f *web.Form) (string, error) {
		err := h.Svc.AddAction(r.Context(), web.CurrentUser(r), id, mid, ActionInput{Text: f.Get("action"), OwnerMemberID: f.Get("owner_member"), Owner: f.Get("owner"), DueOn: f.Get("due_on")})
		return "/boards/" + id + "/meetings/" + mid + "#actions", err
	})
}

// CompleteAction marks an action done: by its owner, or for them by the chair or an officer.
func (h *Handlers) CompleteAction(w http.ResponseWriter, r *http.Request) error {
	id, aid, err := web.IDs(r, "id", "action")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.CompleteAction(r.Context(), web.CurrentUser(r), id, aid, CompleteInput{How: f.Get("how"), Note: f.Get("note")}); err != nil {
		if f.Take(err, "how", "note") {
			return h.renderBoard(w, r, http.StatusUnprocessableEntity, id, "", "done-"+aid, f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.action.done")
	to := "/boards/" + id + "#actions"
	if f.Get("back") == "mine" {
		to = "/boards/my-actions"
	}
	web.Redirect(w, r, to)
	return nil
}

// AddPaper uploads a paper for a meeting.
func (h *Handlers) AddPaper(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := web.IDs(r, "id", "meeting")
	if err != nil {
		return err
	}
	in, f, err := readPaper(r)
	if err == nil {
		err = h.Svc.AddPaper(r.Context(), web.CurrentUser(r), id, mid, in)
	}
	return h.Kit.Saved(w, r, f, err, []string{"paper_title", "file"}, "coproduction.paper.added", "/boards/"+id+"/meetings/"+mid+"#papers", func() error {
		return h.renderBoard(w, r, http.StatusUnprocessableEntity, id, mid, "paper", f)
	})
}

// readPaper reads the paper form: its title and file.
func readPaper(r *http.Request) (PaperInput, *web.Form, error) {
	if err := r.ParseMultipartForm(MaxPaper + 64<<10); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return PaperInput{}, web.EmptyForm(), errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_large"})
		}
		return PaperInput{}, web.EmptyForm(), errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_missing"})
	}
	f := web.NewForm(r)
	if r.MultipartForm != nil {
		f.Values = url.Values(r.MultipartForm.Value)
	}
	in := PaperInput{Title: f.Get("paper_title")}
	file, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || err == nil && hdr.Size == 0 && hdr.Filename == "" {
		return in, f, nil
	}
	if err != nil {
		return in, f, errs.FieldErrors(map[string]string{"file": "coproduction.err.paper_missing"})
	}
	defer file.Close()
	in.Filename = hdr.Filename
	in.Data, err = io.ReadAll(io.LimitReader(file, MaxPaper+1))
	if in.Data == nil {
		in.Data = []byte{}
	}
	return in, f, err
}

// Paper sends a paper, always as a download.
func (h *Handlers) Paper(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := web.IDs(r, "id", "meeting")
	if err != nil {
		return err
	}
	pid, err := web.ID(r, "paper")
	if err != nil {
		return err
	}
	p, data, err := h.Svc.Paper(r.Context(), id, mid, pid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", p.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", disposition(p.Filename))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(data)
	return nil
}

// disposition is an attachment header with the name both as ASCII and, for other letters, as
// RFC 5987 UTF-8.
func disposition(name string) string {
	ascii := make([]rune, 0, len(name))
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' {
			r = '_'
		}
		ascii = append(ascii, r)
	}
	return `attachment; filename="` + string(ascii) + `"; filename*=UTF-8''` + url.PathEscape(name)
}

// DeletePaperForm asks before a paper is removed.
func (h *Handlers) DeletePaperForm(w http.ResponseWriter, r *http.Request) error {
	id, mid, pid, err := paperIDs(r)
	if err != nil {
		return err
	}
	if _, err := h.Svc.manageBoard(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	p, _, err := h.Svc.Paper(r.Context(), id, mid, pid)
	if err != nil {
		return err
	}
	base := "/boards/" + id + "/meetings/" + mid
	pg := &confirmPage{Page: h.Kit.NewPage(r, "coproduction.paper_delete.title"), Back: base + "#papers", Action: base + "/papers/" + pid + "/delete",
		Button: "coproduction.paper_delete.button", Form: web.EmptyForm()}
	pg.Question = pg.T("coproduction.paper_delete.question", "title", p.Title)
	h.Kit.Render(w, r, http.StatusOK, "coproduction/confirm", pg)
	return nil
}

// DeletePaper removes a paper.
func (h *Handlers) DeletePaper(w http.ResponseWriter, r *http.Request) error {
	id, mid, pid, err := paperIDs(r)
	if err != nil {
		return err
	}
	if err := h.Svc.DeletePaper(r.Context(), web.CurrentUser(r), id, mid, pid); err != nil {
		return err
	}
	h.Kit.Flash(w, "coproduction.paper.deleted")
	web.Redirect(w, r, "/boards/"+id+"/meetings/"+mid+"#papers")
	return nil
}

func paperIDs(r *http.Request) (id, mid, pid string, err error) {
	if id, err = web.ID(r, "id"); err != nil {
		return
	}
	if mid, err = web.ID(r, "meeting"); err != nil {
		return
	}
	pid, err = web.ID(r, "paper")
	return
}

// NoticeForm shows who a meeting's notice will reach, and who must be told another way.
func (h *Handlers) NoticeForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderNotice(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) renderNotice(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, mid, err := web.IDs(r, "id", "meeting")
	if err != nil {
		return err
	}
	actor := web.CurrentUser(r)
	n, err := h.Svc.NoticeRecipients(r.Context(), actor, id)
	if err != nil {
		return err
	}
	v, err := h.Svc.Board(r.Context(), actor, id)
	if err != nil {
		return err
	}
	m, ok := v.Meeting(mid)
	if !ok {
		return errNotFound
	}
	base := "/boards/" + id + "/meetings/" + mid
	pg := &confirmPage{Page: h.Kit.NewPage(r, "coproduction.notice.title"), Back: base, Action: base + "/notice", Button: "coproduction.notice.button",
		Form: f, Notice: &n, Manage: true}
	pg.Errors = f
	pg.Question = pg.N("coproduction.notice.question", n.Sent, "board", v.Name.For(pg.Lang).Text, "when", h.Svc.when(pg.Lang, m))
	h.Kit.Render(w, r, status, "coproduction/confirm", pg)
	return nil
}

// SendNotice mails a meeting's notice to the board's members.
func (h *Handlers) SendNotice(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := web.IDs(r, "id", "meeting")
	if err != nil {
		return err
	}
	if _, err := h.Svc.SendNotice(r.Context(), web.CurrentUser(r), id, mid); err != nil {
		f := web.NewForm(r)
		if f.Take(err, "confirm") {
			return h.renderNotice(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "coproduction.notice.sent")
	web.Redirect(w, r, "/boards/"+id+"/meetings/"+mid)
	return nil
}

// MeetingCalendar is a meeting as a calendar entry.
func (h *Handlers) MeetingCalendar(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := web.IDs(r, "id", "meeting")
	if err != nil {
		return err
	}
	cal, err := h.Svc.MeetingCalendar(r.Context(), web.Lang(r), id, mid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="meeting.ics"`)
	_, _ = w.Write(cal)
	return nil
}

type minePage struct {
	web.Page
	shared
	MyActions
	Hows []string
}

// MyActions is a member's own page: their actions across boards, coming meetings and seats.
func (h *Handlers) MyActions(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Svc.Mine(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "coproduction/my_actions", &minePage{Page: h.Kit.NewPage(r, "coproduction.mine.title"), MyActions: v, Hows: DoneHows})
	return nil
}
