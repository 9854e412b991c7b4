package network

// Threads and posts: starting, reading, replying, editing, reporting, attachments; and the network's lists as data.

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

type threadFormPage struct {
	web.Page
	Group Group
	Form  *web.Form
}

// NewThreadForm shows the form to start a thread.
func (h *Handlers) NewThreadForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	g, _, err := h.Svc.readable(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("idem", newKey())
	h.Kit.Render(w, r, http.StatusOK, "network/thread_new", &threadFormPage{Page: h.Kit.NewPage(r, "network.thread_new.title"), Group: g, Form: f})
	return nil
}

// readPost reads the post form, with any attachments.
func readPost(r *http.Request) (*web.Form, PostInput, error) {
	var files []File
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(web.MaxBody); err != nil {
			return web.EmptyForm(), PostInput{}, errs.FieldErrors(map[string]string{"files": "network.err.file_big"})
		}
		// file1..file3, each with its description alt1..alt3; "files" (several at once, no
		// descriptions) is still read for programs that send it.
		fields := []string{"files"}
		for i := 1; i <= MaxAttaches; i++ {
			fields = append(fields, "file"+strconv.Itoa(i))
		}
		for _, field := range fields {
			for _, fh := range r.MultipartForm.File[field] {
				if fh.Size == 0 {
					continue
				}
				fl, err := fh.Open()
				if err != nil {
					return web.EmptyForm(), PostInput{}, err
				}
				data, err := io.ReadAll(io.LimitReader(fl, MaxAttach+1))
				fl.Close()
				if err != nil {
					return web.EmptyForm(), PostInput{}, err
				}
				file := File{Name: fh.Filename, Data: data}
				if field != "files" {
					file.Field = "alt" + strings.TrimPrefix(field, "file")
					file.Alt = strings.TrimSpace(r.FormValue(file.Field))
				}
				files = append(files, file)
			}
		}
	}
	f := web.NewForm(r)
	in := PostInput{Title: f.Get("title"), Body: f.Raw("body"), ParentID: f.Get("parent"), QuoteID: f.Get("quote"),
		IdemKey: f.Get("idem"), Honeypot: f.Raw("website"), Files: files}
	return f, in, nil
}

// StartThread starts a thread; a refused post is shown again with what was typed.
func (h *Handlers) StartThread(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	f, in, err := readPost(r)
	var done Posted
	if err == nil {
		done, err = h.Svc.StartThread(r.Context(), u, web.ClientAddr(r), id, in)
	}
	if err != nil {
		if !f.Take(err, "title", "body", "files", "alt1", "alt2", "alt3") {
			return err
		}
		g, _, gerr := h.Svc.readable(r.Context(), u, id)
		if gerr != nil {
			return gerr
		}
		p := threadFormPage{Page: h.Kit.NewPage(r, "network.thread_new.title"), Group: g, Form: f}
		p.Errors = f
		h.Kit.Render(w, r, http.StatusUnprocessableEntity, "network/thread_new", &p)
		return nil
	}
	if done.Held {
		h.Kit.Flash(w, "network.flash.held")
	}
	web.Redirect(w, r, "/groups/"+id+"/threads/"+done.ThreadID)
	return nil
}

type threadPage struct {
	web.Page
	Group   Group
	M       Membership
	Thread  Thread
	Posts   []Post
	Form    *web.Form
	Idem    string
	ReplyTo string
}

// Thread shows a discussion.
func (h *Handlers) Thread(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("parent", r.URL.Query().Get("reply"))
	f.Values.Set("quote", r.URL.Query().Get("quote"))
	return h.thread(w, r, f, http.StatusOK)
}

func (h *Handlers) thread(w http.ResponseWriter, r *http.Request, f *web.Form, status int) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	tid, err := web.ID(r, "thread")
	if err != nil {
		return err
	}
	t, posts, g, m, err := h.Svc.Thread(r.Context(), web.CurrentUser(r), id, tid)
	if err != nil {
		return err
	}
	if f.Get("idem") == "" {
		f.Values.Set("idem", newKey())
	}
	p := threadPage{Page: h.Kit.NewPage(r, "network.thread.title", "title", t.Title), Group: g, M: m, Thread: t, Posts: posts, Form: f, ReplyTo: f.Get("parent")}
	if !f.Valid() {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "network/thread", &p)
	return nil
}

// Reply adds a post to a thread.
func (h *Handlers) Reply(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	tid, err := web.ID(r, "thread")
	if err != nil {
		return err
	}
	f, in, err := readPost(r)
	var done Posted
	if err == nil {
		done, err = h.Svc.Reply(r.Context(), web.CurrentUser(r), web.ClientAddr(r), id, tid, in)
	}
	if err != nil {
		if !f.Take(err, "body", "files", "alt1", "alt2", "alt3") {
			return err
		}
		return h.thread(w, r, f, http.StatusUnprocessableEntity)
	}
	if done.Held {
		h.Kit.Flash(w, "network.flash.held")
	}
	web.Redirect(w, r, "/groups/"+id+"/threads/"+tid+"#post-"+done.PostID)
	return nil
}

// Summary saves a thread's "summary so far".
func (h *Handlers) Summary(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	tid, err := web.ID(r, "thread")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.SetSummary(r.Context(), web.CurrentUser(r), id, tid, f.Raw("summary")); err != nil {
		if !f.Take(err, "summary") {
			return err
		}
		return h.thread(w, r, f, http.StatusUnprocessableEntity)
	}
	h.Kit.Flash(w, "network.flash.summary_saved")
	web.Redirect(w, r, "/groups/"+id+"/threads/"+tid)
	return nil
}

type postPage struct {
	web.Page
	Group Group
	Post  Post
	Edits []Edit
	Form  *web.Form
}

// postIDs are the group's and the post's ids of the path; a malformed one is not found.
func postIDs(r *http.Request) (string, string, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return "", "", err
	}
	pid, err := web.ID(r, "post")
	return id, pid, err
}

func (h *Handlers) postPage(w http.ResponseWriter, r *http.Request, name, title string, f *web.Form, status int) error {
	id, pid, err := postIDs(r)
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	p, edits, err := h.Svc.Post(r.Context(), u, id, pid)
	if err != nil {
		return err
	}
	if name == "network/post_edit" && (u == nil || p.AuthorID != u.ID) {
		return forbidden()
	}
	g, _, _ := h.Svc.Group(r.Context(), u, id)
	if f.Get("body") == "" && name == "network/post_edit" {
		f.Values.Set("body", p.Body)
	}
	page := postPage{Page: h.Kit.NewPage(r, title), Group: g, Post: p, Edits: edits, Form: f}
	if !f.Valid() {
		page.Errors = f
	}
	h.Kit.Render(w, r, status, name, &page)
	return nil
}

// EditForm shows the form to edit one's post.
func (h *Handlers) EditForm(w http.ResponseWriter, r *http.Request) error {
	return h.postPage(w, r, "network/post_edit", "network.edit.title", web.EmptyForm(), http.StatusOK)
}

// Edit saves an edit.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := postIDs(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	p, err := h.Svc.EditPost(r.Context(), web.CurrentUser(r), id, pid, f.Raw("body"))
	if err != nil {
		if !f.Take(err, "body") {
			return err
		}
		return h.postPage(w, r, "network/post_edit", "network.edit.title", f, http.StatusUnprocessableEntity)
	}
	h.Kit.Flash(w, "network.flash.edited")
	web.Redirect(w, r, "/groups/"+id+"/threads/"+p.ThreadID+"#post-"+pid)
	return nil
}

// History shows a post's earlier texts.
func (h *Handlers) History(w http.ResponseWriter, r *http.Request) error {
	return h.postPage(w, r, "network/post_history", "network.history.title", web.EmptyForm(), http.StatusOK)
}

// ReportForm shows the form to report a post.
func (h *Handlers) ReportForm(w http.ResponseWriter, r *http.Request) error {
	return h.postPage(w, r, "network/report", "network.report.title", web.EmptyForm(), http.StatusOK)
}

// Report reports a post to the moderators.
func (h *Handlers) Report(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := postIDs(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.ReportPost(r.Context(), web.CurrentUser(r), id, pid, f.Get("reason")); err != nil {
		if !f.Take(err, "reason") {
			return err
		}
		return h.postPage(w, r, "network/report", "network.report.title", f, http.StatusUnprocessableEntity)
	}
	p, _, err := h.Svc.Post(r.Context(), web.CurrentUser(r), id, pid)
	if err != nil {
		return err
	}
	h.Kit.Flash(w, "network.flash.reported")
	web.Redirect(w, r, "/groups/"+id+"/threads/"+p.ThreadID)
	return nil
}

// Attachment serves an attachment, as a download unless it is an image.
func (h *Handlers) Attachment(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	fid, err := web.ID(r, "file")
	if err != nil {
		return err
	}
	a, data, err := h.Svc.AttachmentData(r.Context(), web.CurrentUser(r), id, fid)
	if err != nil {
		return err
	}
	disp := "attachment"
	if strings.HasPrefix(a.ContentType, "image/") {
		disp = "inline"
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// The name ends as the content is (also for files kept before names were), and is
	// written as RFC 6266 asks, for names in any language.
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": NameForType(a.Filename, a.ContentType)}))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(data)
	return nil
}

// ThreadsJSON is a group's discussions as data, for whoever may read them.
func (h *Handlers) ThreadsJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	ts, err := h.Svc.Threads(r.Context(), web.CurrentUser(r), id, 1000, 0)
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []Thread{}
	}
	web.JSON(w, http.StatusOK, ts)
	return nil
}

// GuideJSON is a guide's chapters as data.
func (h *Handlers) GuideJSON(w http.ResponseWriter, r *http.Request) error {
	id, gid, err := guideIDs(r)
	if err != nil {
		return err
	}
	g, _, _, err := h.Svc.Guide(r.Context(), web.CurrentUser(r), id, gid)
	if err != nil {
		return err
	}
	if g.Chapters == nil {
		g.Chapters = []Chapter{}
	}
	web.JSON(w, http.StatusOK, g)
	return nil
}

// ModerationJSON is the moderators' queue as data.
func (h *Handlers) ModerationJSON(w http.ResponseWriter, r *http.Request) error {
	q, err := h.Svc.ModerationQueue(r.Context())
	if err != nil {
		return err
	}
	type item struct {
		Kind      string `json:"kind"`
		PostID    string `json:"post_id"`
		GroupID   string `json:"group_id"`
		ThreadID  string `json:"thread_id"`
		Author    string `json:"author"`
		Reporter  string `json:"reporter,omitempty"`
		Reason    string `json:"reason,omitempty"`
		CreatedAt string `json:"created_at"`
	}
	out := []item{}
	for _, x := range q.Reports {
		out = append(out, item{"report", x.PostID, x.GroupID, x.ThreadID, x.PostAuthor, x.Reporter, x.Reason, x.CreatedAt.Format("2006-01-02T15:04:05Z")})
	}
	for _, x := range q.Held {
		out = append(out, item{"held", x.PostID, x.GroupID, x.ThreadID, x.PostAuthor, "", "", x.CreatedAt.Format("2006-01-02T15:04:05Z")})
	}
	web.JSON(w, http.StatusOK, out)
	return nil
}
