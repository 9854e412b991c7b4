package events

import (
	"context"
	"net/http"

	"commons/internal/platform/actor"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type groupsPage struct {
	page
	Event  Event
	Groups []Group
	Count  int
	Group  *web.Form
	Notes  *web.Form
}

func (h *Handlers) renderGroups(w http.ResponseWriter, r *http.Request, status int, gf, nf *web.Form) error {
	e, u, err := h.organised(r)
	if err != nil {
		return err
	}
	id := e.ID
	groups, err := h.Svc.Groups(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &groupsPage{page: page{h.Kit.NewPage(r, "events.groups.title", "title", e.Title)}, Event: e, Groups: groups, Group: gf, Notes: nf}
	for _, g := range groups {
		p.Count += len(g.Notes)
	}
	if gf.Valid() {
		p.Errors = nf
	} else {
		p.Errors = gf
	}
	h.Kit.Render(w, r, status, "events/groups", p)
	return nil
}

// Groups lists discussion groups and their notes, with forms to add both (organisers).
func (h *Handlers) Groups(w http.ResponseWriter, r *http.Request) error {
	return h.renderGroups(w, r, http.StatusOK, web.EmptyForm(), web.EmptyForm())
}

// AddGroup records a group.
func (h *Handlers) AddGroup(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if _, err := h.Svc.AddGroup(r.Context(), web.CurrentUser(r), id, f.Get("group_name"), f.Get("facilitator")); err != nil {
		if f.Take(err, "group_name", "facilitator") {
			return h.renderGroups(w, r, http.StatusUnprocessableEntity, f, web.EmptyForm())
		}
		return err
	}
	h.Kit.Flash(w, "events.flash.group_added")
	web.Redirect(w, r, "/events/"+id+"/groups")
	return nil
}

// MaxUpload is the largest notes file accepted.
const MaxUpload = 512 << 10

// AddNotes records notes typed in (one per line) or uploaded as text or CSV.
func (h *Handlers) AddNotes(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	_ = r.ParseMultipartForm(MaxUpload)
	f := &web.Form{Values: r.PostForm, Errors: map[string]string{}}
	if r.MultipartForm != nil {
		f.Values = r.MultipartForm.Value
	}
	notes, _ := ParseNotes([]byte(f.Raw("notes")), false)
	data, name, err := readUpload(r, "file", MaxUpload)
	if err == nil && data != nil {
		var isCSV bool
		if isCSV, err = CheckUpload(name, data); err == nil {
			var more []string
			more, err = ParseNotes(data, isCSV)
			notes = append(notes, more...)
		}
	}
	if err == nil {
		_, err = h.Svc.AddNotes(r.Context(), web.CurrentUser(r), id, f.Get("group_id"), notes)
	}
	return h.Kit.Saved(w, r, f, err, []string{"group_id", "notes", "file"}, "events.flash.notes_added", "/events/"+id+"/groups", func() error {
		return h.renderGroups(w, r, http.StatusUnprocessableEntity, web.EmptyForm(), f)
	})
}

type themesPage struct {
	page
	Event     Event
	Themes    []Theme
	Notes     int
	Published bool
	Form      *web.Form
	Organiser bool
}

func (h *Handlers) renderThemes(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	e, _, err := h.organised(r)
	if err != nil {
		return err
	}
	id := e.ID
	ts, err := h.Svc.Themes(r.Context(), id)
	if err != nil {
		return err
	}
	notes, err := h.Svc.Notes(r.Context(), id)
	if err != nil {
		return err
	}
	p := &themesPage{page: page{h.Kit.NewPage(r, "events.themes.title", "title", e.Title)}, Event: e, Themes: ts, Notes: len(notes),
		Published: e.SummaryPublished != nil, Form: f, Organiser: true}
	p.Errors = f
	h.Kit.Render(w, r, status, "events/themes", p)
	return nil
}

// Themes shows proposed themes for review (organisers).
func (h *Handlers) Themes(w http.ResponseWriter, r *http.Request) error {
	return h.renderThemes(w, r, http.StatusOK, web.EmptyForm())
}

// ProposeThemes asks package themes for fresh proposals.
func (h *Handlers) ProposeThemes(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, func(ctx context.Context, u *actor.Actor, id string) error {
		_, err := h.Svc.ProposeThemes(ctx, u, id)
		return err
	}, "events.flash.themes_proposed", "/events/{id}/themes")
}

func (h *Handlers) themeAction(w http.ResponseWriter, r *http.Request, fields []string, do func(id string, f *web.Form) error, flash string) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := do(id, f); err != nil {
		if f.Take(err, fields...) {
			return h.renderThemes(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, "/events/"+id+"/themes")
	return nil
}

// RenameTheme renames a theme.
func (h *Handlers) RenameTheme(w http.ResponseWriter, r *http.Request) error {
	tid, err := web.ID(r, "theme")
	if err != nil {
		return err
	}
	return h.themeAction(w, r, []string{"label"}, func(id string, f *web.Form) error {
		return h.Svc.RenameTheme(r.Context(), web.CurrentUser(r), id, tid, f.Get("label"))
	}, "events.flash.theme_renamed")
}

// MergeThemes merges the ticked themes into the first ticked.
func (h *Handlers) MergeThemes(w http.ResponseWriter, r *http.Request) error {
	return h.themeAction(w, r, []string{"merge"}, func(id string, f *web.Form) error {
		chosen := uniq(f.Values["merge"])
		into := ""
		if len(chosen) > 0 {
			into = chosen[0]
		}
		if len(chosen) < 2 {
			chosen = nil
		}
		return h.Svc.MergeThemes(r.Context(), web.CurrentUser(r), id, into, chosen)
	}, "events.flash.themes_merged")
}

// SplitTheme moves ticked notes into a new theme.
func (h *Handlers) SplitTheme(w http.ResponseWriter, r *http.Request) error {
	tid, err := web.ID(r, "theme")
	if err != nil {
		return err
	}
	return h.themeAction(w, r, []string{"split_label", "split_notes"}, func(id string, f *web.Form) error {
		_, err := h.Svc.SplitTheme(r.Context(), web.CurrentUser(r), id, tid, f.Get("split_label"), f.Values["split_notes"])
		return err
	}, "events.flash.theme_split")
}

// PublishThemes publishes the summary (or withdraws it, with withdraw=yes).
func (h *Handlers) PublishThemes(w http.ResponseWriter, r *http.Request) error {
	return h.themeAction(w, r, nil, func(id string, f *web.Form) error {
		return h.Svc.PublishThemes(r.Context(), web.CurrentUser(r), id, f.Get("withdraw") != "yes")
	}, "events.flash.themes_published")
}

type summaryPage struct {
	page
	Event     Event
	Themes    []Theme
	Published bool
}

// Summary is the event's published themes.
func (h *Handlers) Summary(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	e, ts, err := h.Svc.Summary(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "events/summary", &summaryPage{page: page{h.Kit.NewPage(r, "events.summary.title", "title", e.Title)},
		Event: e, Themes: ts, Published: e.SummaryPublished != nil})
	return nil
}

// NotesCSV is every note with its group and, when it has one, its theme (organisers).
func (h *Handlers) NotesCSV(w http.ResponseWriter, r *http.Request) error {
	e, _, err := h.organised(r)
	if err != nil {
		return err
	}
	id := e.ID
	notes, err := h.Svc.Notes(r.Context(), id)
	if err != nil {
		return err
	}
	ts, err := h.Svc.Themes(r.Context(), id)
	if err != nil {
		return err
	}
	theme := map[string]string{}
	for _, t := range ts {
		for _, n := range t.Notes {
			theme[n.ID] = t.Label
		}
	}
	csvout.Download(w, e.Title+" notes.csv")
	cw := csvout.NewWriter(w, csvout.Options{})
	_ = cw.Header([]string{"group", "note", "theme"})
	for _, n := range notes {
		_ = cw.Row([]string{n.Group, n.Body, theme[n.ID]})
	}
	_ = cw.Flush()
	return nil
}
