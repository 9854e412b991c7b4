package events

import (
	"net/http"

	"commons/internal/platform/web"
)

type removePage struct {
	page
	Event        Event
	Registration Registration
	Form         *web.Form
}

// RemoveForm asks an organiser to confirm removing someone's place, with a reason to tell them.
func (h *Handlers) RemoveForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderRemove(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) renderRemove(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, rid, err := web.IDs(r, "id", "registration")
	if err != nil {
		return err
	}
	e, reg, err := h.Svc.Registration(r.Context(), web.CurrentUser(r), id, rid)
	if err != nil {
		return err
	}
	p := &removePage{page: page{h.Kit.NewPage(r, "events.remove.title", "name", reg.Name)}, Event: e, Registration: reg, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/remove", p)
	return nil
}

// Remove cancels someone's place for them; they are told why.
func (h *Handlers) Remove(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := web.IDs(r, "id", "registration")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.RemoveRegistration(r.Context(), web.CurrentUser(r), id, rid, f.Get("reason")); err != nil {
		if f.Take(err, "reason") {
			return h.renderRemove(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.removed")
	web.Redirect(w, r, "/events/"+id+"/registrations")
	return nil
}

// Message sends the organisers' message to all or some of the people registered.
func (h *Handlers) Message(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := MessageInput{To: f.Get("to"), SessionID: f.Get("session_id"), RegistrationIDs: f.Values["registration"],
		Subject: f.Get("subject"), Body: f.Get("body")}
	if _, err := h.Svc.MessageRegistrants(r.Context(), web.CurrentUser(r), id, in); err != nil {
		if f.Take(err, messageFields...) {
			h.renderRegistrations(w, r, http.StatusUnprocessableEntity, "events/registrations", forms{message: f})
			return nil
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.message_sent")
	web.Redirect(w, r, "/events/"+id+"/registrations#message")
	return nil
}

type cancelEventPage struct {
	page
	Event Event
	Form  *web.Form
}

// CancelEventForm asks an organiser for the message that goes with calling the event off.
func (h *Handlers) CancelEventForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderCancelEvent(w, r, http.StatusOK, web.EmptyForm())
}

func (h *Handlers) renderCancelEvent(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	e, _, err := h.organised(r)
	if err != nil {
		return err
	}
	p := &cancelEventPage{page: page{h.Kit.NewPage(r, "events.cancel_event.title", "title", e.Title)}, Event: e, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/cancel_event", p)
	return nil
}

// CancelEvent calls the event off and tells everyone registered.
func (h *Handlers) CancelEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.CancelEvent(r.Context(), web.CurrentUser(r), id, f.Get("message")); err != nil {
		if f.Take(err, "message") {
			return h.renderCancelEvent(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.event_cancelled")
	web.Redirect(w, r, "/events/"+id)
	return nil
}

type groupPage struct {
	page
	Event Event
	Group Group
	Form  *web.Form
}

// EditGroup is the form to rename or remove a discussion group.
func (h *Handlers) EditGroup(w http.ResponseWriter, r *http.Request) error {
	return h.renderGroup(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderGroup(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, gid, err := web.IDs(r, "id", "group")
	if err != nil {
		return err
	}
	e, g, err := h.Svc.Group(r.Context(), web.CurrentUser(r), id, gid)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		f.Values.Set("group_name", g.Name)
		f.Values.Set("facilitator", g.Facilitator)
	}
	p := &groupPage{page: page{h.Kit.NewPage(r, "events.group.title", "name", g.Name)}, Event: e, Group: g, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/group", p)
	return nil
}

// UpdateGroup saves a group's name and facilitator.
func (h *Handlers) UpdateGroup(w http.ResponseWriter, r *http.Request) error {
	id, gid, err := web.IDs(r, "id", "group")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.UpdateGroup(r.Context(), web.CurrentUser(r), id, gid, f.Get("group_name"), f.Get("facilitator")); err != nil {
		if f.Take(err, "group_name", "facilitator") {
			return h.renderGroup(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.group_saved")
	web.Redirect(w, r, "/events/"+id+"/groups")
	return nil
}

// DeleteGroup removes a group and its notes.
func (h *Handlers) DeleteGroup(w http.ResponseWriter, r *http.Request) error {
	id, gid, err := web.IDs(r, "id", "group")
	if err != nil {
		return err
	}
	if err := h.Svc.DeleteGroup(r.Context(), web.CurrentUser(r), id, gid); err != nil {
		return err
	}
	h.Kit.Flash(w, "events.flash.group_deleted")
	web.Redirect(w, r, "/events/"+id+"/groups")
	return nil
}

type notePage struct {
	page
	Event Event
	Note  Note
	Form  *web.Form
}

// EditNote is the form to correct or remove a note.
func (h *Handlers) EditNote(w http.ResponseWriter, r *http.Request) error {
	return h.renderNote(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderNote(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	id, nid, err := web.IDs(r, "id", "note")
	if err != nil {
		return err
	}
	e, n, err := h.Svc.Note(r.Context(), web.CurrentUser(r), id, nid)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		f.Values.Set("body", n.Body)
	}
	p := &notePage{page: page{h.Kit.NewPage(r, "events.note.title", "group", n.Group)}, Event: e, Note: n, Form: f}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/note", p)
	return nil
}

// UpdateNote saves a corrected note.
func (h *Handlers) UpdateNote(w http.ResponseWriter, r *http.Request) error {
	id, nid, err := web.IDs(r, "id", "note")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.UpdateNote(r.Context(), web.CurrentUser(r), id, nid, f.Get("body")); err != nil {
		if f.Take(err, "body") {
			return h.renderNote(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.note_saved")
	web.Redirect(w, r, "/events/"+id+"/groups#note-"+nid)
	return nil
}

// DeleteNote removes a note.
func (h *Handlers) DeleteNote(w http.ResponseWriter, r *http.Request) error {
	id, nid, err := web.IDs(r, "id", "note")
	if err != nil {
		return err
	}
	if err := h.Svc.DeleteNote(r.Context(), web.CurrentUser(r), id, nid); err != nil {
		return err
	}
	h.Kit.Flash(w, "events.flash.note_deleted")
	web.Redirect(w, r, "/events/"+id+"/groups")
	return nil
}
