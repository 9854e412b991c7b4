package network

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

func validID(s string) bool { return ids.Valid(s) }

type moderationPage struct {
	web.Page
	Queue Queue
	Form  *web.Form
}

// Moderation is the moderators' queue.
func (h *Handlers) Moderation(w http.ResponseWriter, r *http.Request) error {
	return h.moderation(w, r, web.EmptyForm(), http.StatusOK)
}

func (h *Handlers) moderation(w http.ResponseWriter, r *http.Request, f *web.Form, status int) error {
	q, err := h.Svc.ModerationQueue(r.Context())
	if err != nil {
		return err
	}
	p := moderationPage{Page: h.Kit.NewPage(r, "network.moderation.title"), Queue: q, Form: f}
	if !f.Valid() {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, "network/moderation", &p)
	return nil
}

// ModeratePost hides, restores, approves or dismisses reports on a post.
func (h *Handlers) ModeratePost(w http.ResponseWriter, r *http.Request) error {
	pid, err := web.ID(r, "post")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.Moderate(r.Context(), web.CurrentUser(r), pid, f.Get("action"), f.Get("reason")); err != nil {
		if !f.Take(err, "reason") {
			return err
		}
		return h.moderation(w, r, f, http.StatusUnprocessableEntity)
	}
	h.Kit.Flash(w, "network.flash.moderated")
	web.Redirect(w, r, "/moderation")
	return nil
}

// BlockAccount blocks or unblocks an account.
func (h *Handlers) BlockAccount(w http.ResponseWriter, r *http.Request) error {
	aid, err := web.ID(r, "account")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.Block(r.Context(), web.CurrentUser(r), aid, f.Get("reason"), f.Get("action") != "unblock"); err != nil {
		if !f.Take(err, "reason") {
			return err
		}
		return h.moderation(w, r, f, http.StatusUnprocessableEntity)
	}
	h.Kit.Flash(w, "network.flash.moderated")
	web.Redirect(w, r, "/moderation")
	return nil
}

type notificationsPage struct {
	web.Page
	Items   []Notification
	Notices []Notice
	Unread  int
}

// Notifications is the in-app list: what happened to what the person did (notices), then
// mentions and replies.
func (h *Handlers) Notifications(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	items, unread, err := h.Svc.Notifications(r.Context(), u, 100)
	if err != nil {
		return err
	}
	notices, err := h.Svc.Notices(r.Context(), u, 100)
	if err != nil {
		return err
	}
	for _, n := range notices {
		if !n.Read {
			unread++
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "network/notifications", &notificationsPage{Page: h.Kit.NewPage(r, "network.notifications.title"),
		Items: items, Notices: notices, Unread: unread})
	return nil
}

// notificationJSON is one entry of /notifications.json: a mention or reply in a discussion, or
// a notice of what happened to something the reader did, each with the sentence the page shows
// (in the reader's language) and where it leads.
type notificationJSON struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	GroupID   string    `json:"group_id"`
	Group     string    `json:"group"`
	Text      string    `json:"text"`
	URL       string    `json:"url"`
	ThreadID  string    `json:"thread_id,omitempty"`
	Thread    string    `json:"thread,omitempty"`
	PostID    string    `json:"post_id,omitempty"`
	Author    string    `json:"author,omitempty"`
	Subject   string    `json:"subject,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Read      bool      `json:"read"`
}

// namedActor is who did what a notice tells of, where the notice names them (someone asking to
// join, someone commenting); a moderator who hid or restored a post stays unnamed, as on the page.
func namedActor(n Notice) string {
	if n.Kind == NoticeJoinRequest || n.Kind == NoticeGuideComment {
		return n.Actor
	}
	return ""
}

// NotificationsJSON is the list as data: everything the notifications page shows, newest first.
func (h *Handlers) NotificationsJSON(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	items, _, err := h.Svc.Notifications(r.Context(), u, 100)
	if err != nil {
		return err
	}
	notices, err := h.Svc.Notices(r.Context(), u, 100)
	if err != nil {
		return err
	}
	p := h.Kit.NewPage(r, "network.notifications.title")
	out := make([]notificationJSON, 0, len(items)+len(notices))
	for _, n := range items {
		out = append(out, notificationJSON{ID: n.ID, Kind: n.Kind, GroupID: n.GroupID, Group: n.GroupName,
			Text:     p.T("network.notifications."+n.Kind, "name", p.Person(n.Author), "title", n.Title) + " " + n.Title,
			URL:      "/groups/" + n.GroupID + "/threads/" + n.ThreadID + "#post-" + n.PostID,
			ThreadID: n.ThreadID, Thread: n.Title, PostID: n.PostID, Author: n.Author, CreatedAt: n.CreatedAt, Read: n.Read})
	}
	for _, n := range notices {
		outcome := n.Detail
		if outcome == "" {
			outcome = "none"
		}
		out = append(out, notificationJSON{ID: n.ID, Kind: n.Kind, GroupID: n.GroupID, Group: n.GroupName,
			Text: p.T("network.notice."+n.Kind, "name", p.Person(n.Actor), "title", n.Subject, "group", n.GroupName,
				"outcome", p.T("network.notice.outcome."+outcome)),
			URL: n.Link, Author: namedActor(n), Subject: n.Subject, Detail: n.Detail, CreatedAt: n.CreatedAt, Read: n.Read})
	}
	slices.SortStableFunc(out, func(a, b notificationJSON) int { return b.CreatedAt.Compare(a.CreatedAt) })
	web.JSON(w, http.StatusOK, out)
	return nil
}

// MarkRead marks every notification read.
func (h *Handlers) MarkRead(w http.ResponseWriter, r *http.Request) error {
	if err := h.Svc.MarkRead(r.Context(), web.CurrentUser(r)); err != nil {
		return err
	}
	web.Redirect(w, r, "/notifications")
	return nil
}

type unsubscribePage struct {
	web.Page
	Token string
	Group string
	Done  bool
}

// UnsubscribeForm shows the button that stops a group's mail (a GET never changes anything:
// mail scanners follow links).
func (h *Handlers) UnsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	name, err := h.Svc.UnsubscribeGroup(r.Context(), token)
	if err != nil {
		return err
	}
	p := unsubscribePage{Page: h.Kit.NewPage(r, "network.unsubscribe.title"), Token: token, Group: name}
	if r.URL.Query().Get("done") == "1" {
		p.Page = h.Kit.NewPage(r, "network.unsubscribe.done_title")
		p.Done = true
	}
	h.Kit.Render(w, r, http.StatusOK, "network/unsubscribe", &p)
	return nil
}

// Unsubscribe obeys the one-click POST of RFC 8058 (from a mail program, without a CSRF token:
// the unguessable token in the address is the proof) and the button on the page.
func (h *Handlers) Unsubscribe(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if _, err := h.Svc.Unsubscribe(r.Context(), token); err != nil {
		return err
	}
	web.Redirect(w, r, "/unsubscribe/"+url.PathEscape(token)+"?done=1")
	return nil
}
