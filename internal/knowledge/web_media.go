package knowledge

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"commons/internal/platform/web"
)

func mediaInput(f *web.Form, up *Upload) MediaInput {
	t := func(name string) Text { return Text{f.Get(name + "_en"), f.Get(name + "_cy")} }
	return MediaInput{Kind: f.Get("kind"), URL: f.Get("url"), Minutes: f.Get("minutes"), Captions: f.Get("captions") == "yes",
		Title: t("title"), Description: t("description"), Transcript: t("transcript"), File: up}
}

func mediaForm(m Media) *web.Form {
	vals := url.Values{"kind": {m.Kind}, "url": {m.URL}, "minutes": {strconv.Itoa(m.Minutes)}}
	if m.Captions {
		vals.Set("captions", "yes")
	}
	for name, t := range map[string]Text{"title": m.Title, "description": m.Description, "transcript": m.Transcript} {
		vals.Set(name+"_en", t.En)
		vals.Set(name+"_cy", t.Cy)
	}
	return &web.Form{Values: vals, Errors: map[string]string{}}
}

// Kinds are the kinds of film as choices.
func (p *page) Kinds() []Option { return p.options("knowledge.media.kind.", MediaKinds) }

type mediaListPage struct {
	page
	Media    []Media
	Drafts   []Media
	Form     *web.Form
	Editor   bool
	Filtered bool
}

// MediaList is the films and recordings, filtered by kind and by words (the transcripts too).
func (h *Handlers) MediaList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	u := web.CurrentUser(r)
	p := mediaListPage{page: h.page(r, "knowledge.media.title"), Form: &web.Form{Values: q, Errors: map[string]string{}}, Editor: Editor(u)}
	f := MediaFilter{Kind: q.Get("kind"), Words: q.Get("q")}
	if f.Kind != "" && !slices.Contains(MediaKinds, f.Kind) {
		p.Form.Errors["kind"] = "knowledge.err.media_kind"
		f.Kind = ""
	}
	if len(f.Words) > 200 {
		p.Form.Errors["q"] = "knowledge.err.words_long"
		f.Words = ""
	}
	p.Filtered = q.Get("kind") != "" || q.Get("q") != ""
	var err error
	if p.Media, err = h.Svc.MediaList(r.Context(), f); err != nil {
		return err
	}
	if p.Editor {
		if p.Drafts, err = h.Svc.DraftMedia(r.Context(), u); err != nil {
			return err
		}
	}
	status := http.StatusOK
	if len(p.Form.Errors) > 0 {
		p.Errors = p.Form
		status = http.StatusUnprocessableEntity
	}
	h.Kit.Render(w, r, status, "knowledge/media_list", &p)
	return nil
}

type mediaPage struct {
	page
	M      Media
	Editor bool
	Embed  *Embed // the film's player, when its host has one
	Play   bool   // the visitor chose to play it here
}

// OneMedia is one film with its transcript.
func (h *Handlers) OneMedia(w http.ResponseWriter, r *http.Request) error {
	m, _, u, err := byPath(r, h.Svc.OneMedia)
	if err != nil {
		return err
	}
	p := mediaPage{page: h.page(r, "knowledge.media.one"), M: m, Editor: Editor(u)}
	if e, ok := m.Embed(); ok {
		p.Embed = &e
		// Nothing from the host loads until the visitor chooses: only then does the page hold
		// the player, and only then does its policy allow the host's frame.
		if r.URL.Query().Get("play") == "1" {
			p.Play = true
			if csp := w.Header().Get("Content-Security-Policy"); csp != "" {
				w.Header().Set("Content-Security-Policy", csp+"; frame-src "+e.Origin)
			}
		}
	}
	p.TitleKey, p.TitleArgs = "knowledge.raw", []any{"text", p.Pick(m.Title).Text}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/media", &p)
	return nil
}

type mediaFormPage struct {
	page
	Form   *web.Form
	Action string
	M      *Media
	Max    string
}

func (h *Handlers) renderMediaForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, m *Media) {
	title, action := "knowledge.media.new", "/media"
	if m != nil {
		title, action = "knowledge.media.edit", "/media/"+m.ID+"/edit"
	}
	p := mediaFormPage{page: h.page(r, title), Form: f, Action: action, M: m}
	p.Max = p.FileSize(MaxAudio)
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/media_form", &p)
}

// NewMedia is the form for a new film.
func (h *Handlers) NewMedia(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("kind", "film")
	h.renderMediaForm(w, r, http.StatusOK, f, nil)
	return nil
}

// CreateMedia saves a new film as a draft.
func (h *Handlers) CreateMedia(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	up, err := readFile(r, MaxAudio)
	if err != nil {
		return err
	}
	m, err := h.Svc.SaveMedia(r.Context(), web.CurrentUser(r), "", mediaInput(f, up))
	return h.Kit.Saved(w, r, f, err, mediaFields, "knowledge.flash.media_saved", "/media/"+m.ID, func() error {
		h.renderMediaForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return nil
	})
}

// EditMedia is the form filled with a film.
func (h *Handlers) EditMedia(w http.ResponseWriter, r *http.Request) error {
	m, _, _, err := byPath(r, h.Svc.OneMedia)
	if err != nil {
		return err
	}
	h.renderMediaForm(w, r, http.StatusOK, mediaForm(m), &m)
	return nil
}

// UpdateMedia saves an edit of a film.
func (h *Handlers) UpdateMedia(w http.ResponseWriter, r *http.Request) error {
	m, id, u, err := byPath(r, h.Svc.OneMedia)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	up, err := readFile(r, MaxAudio)
	if err != nil {
		return err
	}
	_, err = h.Svc.SaveMedia(r.Context(), u, id, mediaInput(f, up))
	return h.Kit.Saved(w, r, f, err, mediaFields, "knowledge.flash.media_saved", "/media/"+id, func() error {
		h.renderMediaForm(w, r, http.StatusUnprocessableEntity, f, &m)
		return nil
	})
}

// PublishMedia publishes a film with captions or a transcript.
func (h *Handlers) PublishMedia(w http.ResponseWriter, r *http.Request) error {
	return h.setMedia(w, r, true)
}

// UnpublishMedia takes a film back to a draft.
func (h *Handlers) UnpublishMedia(w http.ResponseWriter, r *http.Request) error {
	return h.setMedia(w, r, false)
}

func (h *Handlers) setMedia(w http.ResponseWriter, r *http.Request, publish bool) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Svc.SetMediaPublished(r.Context(), web.CurrentUser(r), id, publish); err != nil {
		return err
	}
	if publish {
		h.Kit.Flash(w, "knowledge.flash.media_published")
	} else {
		h.Kit.Flash(w, "knowledge.flash.media_unpublished")
	}
	web.Redirect(w, r, "/media/"+id)
	return nil
}

// MediaFileDownload sends an uploaded recording, to play on its page or to download.
func (h *Handlers) MediaFileDownload(w http.ResponseWriter, r *http.Request) error {
	f, _, _, err := byPath(r, h.Svc.MediaFileData)
	if err != nil {
		return err
	}
	sendFile(w, r, f.Filename, f.ContentType, f.ETag(), f.CreatedAt, f.Data, r.URL.Query().Get("download") == "1")
	return nil
}
