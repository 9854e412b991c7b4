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

// guideIDs are the group's and the guide's ids of the path; a malformed one is not found.
func guideIDs(r *http.Request) (string, string, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return "", "", err
	}
	gid, err := web.ID(r, "guide")
	return id, gid, err
}

// CreateGuide starts a guide.
func (h *Handlers) CreateGuide(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	gid, err := h.Svc.CreateGuide(r.Context(), web.CurrentUser(r), id, r.PostFormValue("title"))
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid)
	return nil
}

// Guide shows a guide's chapters.
func (h *Handlers) Guide(w http.ResponseWriter, r *http.Request) error {
	return h.guide(w, r, web.EmptyForm(), http.StatusOK)
}

func (h *Handlers) guide(w http.ResponseWriter, r *http.Request, f *web.Form, status int) error {
	id, gid, err := guideIDs(r)
	if err != nil {
		return err
	}
	g, grp, m, err := h.Svc.Guide(r.Context(), web.CurrentUser(r), id, gid)
	if err != nil {
		return err
	}
	p := guidePage{Page: h.Kit.NewPage(r, "network.guide.title", "title", g.Title), Group: grp, M: m, Guide: g, Form: f}
	if !f.Valid() {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "network/guide", &p)
	return nil
}

// AddChapter adds a chapter.
func (h *Handlers) AddChapter(w http.ResponseWriter, r *http.Request) error {
	id, gid, err := guideIDs(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	cid, err := h.Svc.AddChapter(r.Context(), web.CurrentUser(r), id, gid, f.Get("title"), f.Raw("body"))
	if err != nil {
		if !f.Take(err, "title", "body") {
			return err
		}
		return h.guide(w, r, f, http.StatusUnprocessableEntity)
	}
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/chapters/"+cid)
	return nil
}

// Publish publishes the guide.
func (h *Handlers) Publish(w http.ResponseWriter, r *http.Request) error {
	id, gid, err := guideIDs(r)
	if err != nil {
		return err
	}
	if err := h.Svc.Publish(r.Context(), web.CurrentUser(r), id, gid); err != nil {
		return err
	}
	h.Kit.Flash(w, "network.flash.published")
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/published")
	return nil
}

type chapterPage struct {
	web.Page
	Group Group
	M     Membership
	View  ChapterView
	Form  *web.Form
}

// chapterIDs are the group's, the guide's and the chapter's ids of the path.
func chapterIDs(r *http.Request) (string, string, string, error) {
	id, gid, err := guideIDs(r)
	if err != nil {
		return "", "", "", err
	}
	cid, err := web.ID(r, "chapter")
	return id, gid, cid, err
}

// Chapter shows a chapter's latest draft with comments, and what changed since the last read.
func (h *Handlers) Chapter(w http.ResponseWriter, r *http.Request) error {
	return h.chapter(w, r, web.EmptyForm(), http.StatusOK)
}

func (h *Handlers) chapter(w http.ResponseWriter, r *http.Request, f *web.Form, status int) error {
	id, gid, cid, err := chapterIDs(r)
	if err != nil {
		return err
	}
	cv, grp, m, err := h.Svc.Chapter(r.Context(), web.CurrentUser(r), id, gid, cid)
	if err != nil {
		return err
	}
	if f.Get("body") == "" {
		f.Values.Set("body", cv.Version.Body)
	}
	p := chapterPage{Page: h.Kit.NewPage(r, "network.chapter.title", "title", cv.Chapter.Title), Group: grp, M: m, View: cv, Form: f}
	if !f.Valid() {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "network/chapter", &p)
	return nil
}

// SaveVersion saves a new draft.
func (h *Handlers) SaveVersion(w http.ResponseWriter, r *http.Request) error {
	id, gid, cid, err := chapterIDs(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if _, err := h.Svc.SaveVersion(r.Context(), web.CurrentUser(r), id, gid, cid, f.Raw("body")); err != nil {
		if !f.Take(err, "body") {
			return err
		}
		return h.chapter(w, r, f, http.StatusUnprocessableEntity)
	}
	h.Kit.Flash(w, "network.flash.version_saved")
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/chapters/"+cid)
	return nil
}

// Comment comments on a paragraph.
func (h *Handlers) Comment(w http.ResponseWriter, r *http.Request) error {
	id, gid, cid, err := chapterIDs(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	index, _ := strconv.Atoi(f.Get("paragraph"))
	if err := h.Svc.AddComment(r.Context(), web.CurrentUser(r), id, gid, cid, f.Get("hash"), index, f.Raw("comment")); err != nil {
		if !f.Take(err, "comment") {
			return err
		}
		return h.chapter(w, r, f, http.StatusUnprocessableEntity)
	}
	h.Kit.Flash(w, "network.flash.commented")
	web.Redirect(w, r, "/groups/"+id+"/guides/"+gid+"/chapters/"+cid+"#paragraph-"+strconv.Itoa(index))
	return nil
}

// CommentState marks a comment taken in, answered or open.
func (h *Handlers) CommentState(w http.ResponseWriter, r *http.Request) error {
	id, gid, err := guideIDs(r)
	if err != nil {
		return err
	}
	kid, err := web.ID(r, "comment")
	if err != nil {
		return err
	}
	if err := h.Svc.SetCommentState(r.Context(), web.CurrentUser(r), id, gid, kid, r.PostFormValue("state")); err != nil {
		return err
	}
	back := "/groups/" + id + "/guides/" + gid
	if c := r.PostFormValue("chapter"); c != "" && validID(c) {
		back += "/chapters/" + c
	}
	web.Redirect(w, r, back)
	return nil
}

type publishedPage struct {
	web.Page
	Group    Group
	Guide    Guide
	Chapters []PublishedChapter
}

// Published is the clean page of a published guide.
func (h *Handlers) Published(w http.ResponseWriter, r *http.Request) error {
	return h.published(w, r, "network/published")
}

// Print is the print view of a published guide.
func (h *Handlers) Print(w http.ResponseWriter, r *http.Request) error {
	return h.published(w, r, "network/print")
}

func (h *Handlers) published(w http.ResponseWriter, r *http.Request, name string) error {
	id, gid, err := guideIDs(r)
	if err != nil {
		return err
	}
	g, chapters, grp, err := h.Svc.Published(r.Context(), web.CurrentUser(r), id, gid)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, name, &publishedPage{Page: h.Kit.NewPage(r, "network.published.title", "title", g.Title), Group: grp, Guide: g, Chapters: chapters})
	return nil
}
