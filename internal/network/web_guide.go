package network

import (
	"net/http"
	"strconv"

	"commons/internal/platform/web"
)

type guidePage struct {
	web.Page
	Group Group
	M     Membership
	Guide Guide
	Form  *web.Form
}

func (h *Handlers) guideIDs(w http.ResponseWriter, r *http.Request) (string, string, bool) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return "", "", false
	}
	gid, ok := h.Kit.PathID(w, r, "guide")
	return id, gid, ok
}

// CreateGuide starts a guide.
func (h *Handlers) CreateGuide(w http.ResponseWriter, r *http.Request) {
	id, ok := h.Kit.PathID(w, r, "id")
	if !ok {
		return
	}
	gid, err := h.Svc.CreateGuide(r.Context(), web.CurrentUser(r), id, r.PostFormValue("title"))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid)
}

// Guide shows a guide's chapters.
func (h *Handlers) Guide(w http.ResponseWriter, r *http.Request) {
	h.guide(w, r, web.EmptyForm(), http.StatusOK)
}

func (h *Handlers) guide(w http.ResponseWriter, r *http.Request, f *web.Form, status int) {
	id, gid, ok := h.guideIDs(w, r)
	if !ok {
		return
	}
	g, grp, m, err := h.Svc.Guide(r.Context(), web.CurrentUser(r), id, gid)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	p := guidePage{Page: h.Kit.NewPage(r, "network.guide.title", "title", g.Title), Group: grp, M: m, Guide: g, Form: f}
	if !f.Valid() {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "network/guide", &p)
}

// AddChapter adds a chapter.
func (h *Handlers) AddChapter(w http.ResponseWriter, r *http.Request) {
	id, gid, ok := h.guideIDs(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	cid, err := h.Svc.AddChapter(r.Context(), web.CurrentUser(r), id, gid, f.Get("title"), f.Raw("body"))
	if err != nil {
		if !f.Take(err, "title", "body") {
			h.Kit.Error(w, r, err)
			return
		}
		h.guide(w, r, f, http.StatusUnprocessableEntity)
		return
	}
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/chapters/"+cid)
}

// Publish publishes the guide.
func (h *Handlers) Publish(w http.ResponseWriter, r *http.Request) {
	id, gid, ok := h.guideIDs(w, r)
	if !ok {
		return
	}
	if err := h.Svc.Publish(r.Context(), web.CurrentUser(r), id, gid); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "network.flash.published")
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/published")
}

type chapterPage struct {
	web.Page
	Group Group
	M     Membership
	View  ChapterView
	Form  *web.Form
}

func (h *Handlers) chapterIDs(w http.ResponseWriter, r *http.Request) (string, string, string, bool) {
	id, gid, ok := h.guideIDs(w, r)
	if !ok {
		return "", "", "", false
	}
	cid, ok := h.Kit.PathID(w, r, "chapter")
	return id, gid, cid, ok
}

// Chapter shows a chapter's latest draft with comments, and what changed since the last read.
func (h *Handlers) Chapter(w http.ResponseWriter, r *http.Request) {
	h.chapter(w, r, web.EmptyForm(), http.StatusOK)
}

func (h *Handlers) chapter(w http.ResponseWriter, r *http.Request, f *web.Form, status int) {
	id, gid, cid, ok := h.chapterIDs(w, r)
	if !ok {
		return
	}
	cv, grp, m, err := h.Svc.Chapter(r.Context(), web.CurrentUser(r), id, gid, cid)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	if f.Get("body") == "" {
		f.Values.Set("body", cv.Version.Body)
	}
	p := chapterPage{Page: h.Kit.NewPage(r, "network.chapter.title", "title", cv.Chapter.Title), Group: grp, M: m, View: cv, Form: f}
	if !f.Valid() {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "network/chapter", &p)
}

// SaveVersion saves a new draft.
func (h *Handlers) SaveVersion(w http.ResponseWriter, r *http.Request) {
	id, gid, cid, ok := h.chapterIDs(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	if _, err := h.Svc.SaveVersion(r.Context(), web.CurrentUser(r), id, gid, cid, f.Raw("body")); err != nil {
		if !f.Take(err, "body") {
			h.Kit.Error(w, r, err)
			return
		}
		h.chapter(w, r, f, http.StatusUnprocessableEntity)
		return
	}
	h.Kit.Flash(w, "network.flash.version_saved")
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/chapters/"+cid)
}

// Comment comments on a paragraph.
func (h *Handlers) Comment(w http.ResponseWriter, r *http.Request) {
	id, gid, cid, ok := h.chapterIDs(w, r)
	if !ok {
		return
	}
	f := web.NewForm(r)
	index, _ := strconv.Atoi(f.Get("paragraph"))
	if err := h.Svc.AddComment(r.Context(), web.CurrentUser(r), id, gid, cid, f.Get("hash"), index, f.Raw("comment")); err != nil {
		if !f.Take(err, "comment") {
			h.Kit.Error(w, r, err)
			return
		}
		h.chapter(w, r, f, http.StatusUnprocessableEntity)
		return
	}
	h.Kit.Flash(w, "network.flash.commented")
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/chapters/"+cid+"#paragraph-"+strconv.Itoa(index))
}

// CommentState marks a comment taken in, answered or open.
func (h *Handlers) CommentState(w http.ResponseWriter, r *http.Request) {
	id, gid, ok := h.guideIDs(w, r)
	if !ok {
		return
	}
	kid, ok := h.Kit.PathID(w, r, "comment")
	if !ok {
		return
	}
	if err := h.Svc.SetCommentState(r.Context(), web.CurrentUser(r), id, gid, kid, r.PostFormValue("state")); err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	back := "/groups/" + id + "/guides/" + gid
	if c := r.PostFormValue("chapter"); c != "" && validID(c) {
		back += "/chapters/" + c
	}
	web.Redirect(w, r, back)
}

type publishedPage struct {
	web.Page
	Group    Group
	Guide    Guide
	Chapters []PublishedChapter
}

// Published is the clean page of a published guide.
func (h *Handlers) Published(w http.ResponseWriter, r *http.Request) {
	h.published(w, r, "network/published")
}

// Print is the print view of a published guide.
func (h *Handlers) Print(w http.ResponseWriter, r *http.Request) { h.published(w, r, "network/print") }

func (h *Handlers) published(w http.ResponseWriter, r *http.Request, name string) {
	id, gid, ok := h.guideIDs(w, r)
	if !ok {
		return
	}
	g, chapters, grp, err := h.Svc.Published(r.Context(), web.CurrentUser(r), id, gid)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, name, &publishedPage{Page: h.Kit.NewPage(r, "network.published.title", "title", g.Title), Group: grp, Guide: g, Chapters: chapters})
}
