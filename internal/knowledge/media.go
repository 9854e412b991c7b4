package knowledge

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
)

// MediaKinds are the kinds of film and recording.
var MediaKinds = []string{"film", "audio"}

// Media is a film or recording: a link to where it is hosted, with captions there or a
// transcript here. It is published only with one of them.
type Media struct {
	ID          string
	Status      string // CaseDraft or CasePublished
	Kind        string
	Title       Text
	Description Text
	URL         string
	Minutes     int
	Captions    bool
	Transcript  Text
	AuthorID    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	File        *MediaFile // an uploaded recording, instead of or beside the link
}

// Host is the name of the site the film is hosted on, for the link that says where it goes.
func (m Media) Host() string {
	u, err := url.Parse(m.URL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// Linked reports whether the film or recording has a link to where it is hosted.
func (m Media) Linked() bool { return m.URL != "" }

// Accessible reports whether the film may be published: it has captions at its host or a
// transcript here.
// A recording uploaded here, with no host, needs the transcript: captions "at its host" would
// be nowhere.
func (m Media) Accessible() bool { return m.Captions && m.URL != "" || !m.Transcript.Empty() }

// MediaInput is the film form.
type MediaInput struct {
	Kind, URL, Minutes string
	Captions           bool
	Title, Description Text
	Transcript         Text
	File               *Upload // an audio file chosen on the form
}

// mediaFields are the film form's fields in page order, for the error summary.
var mediaFields = []string{"kind", "title_en", "description_en", "url", "file", "minutes", "captions", "transcript_en"}

// check checks the form; hasFile is true when the recording has an uploaded file (new or kept),
// which makes the link optional.
func (in MediaInput) check(hasFile bool) (Media, error) {
	bad := map[string]string{}
	m := Media{Kind: in.Kind, URL: strings.TrimSpace(in.URL), Captions: in.Captions, Title: trimText(in.Title),
		Description: trimText(in.Description), Transcript: trimText(in.Transcript)}
	if !slices.Contains(MediaKinds, m.Kind) {
		bad["kind"] = "knowledge.err.media_kind"
	}
	checkTitle(bad, "title_en", m.Title)
	if m.Description.Empty() {
		bad["description_en"] = "knowledge.err.description_missing"
	}
	for name, t := range map[string]Text{"description_en": m.Description, "transcript_en": m.Transcript} {
		if t.longSource() {
			bad[name] = markdown.TooLongKey
		}
	}
	if m.URL == "" && hasFile {
		// an uploaded recording needs no link
	} else if u, err := url.Parse(m.URL); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || len(m.URL) > 500 || len(m.URL) < 12 {
		bad["url"] = "knowledge.err.media_url"
	}
	n, err := strconv.Atoi(strings.TrimSpace(in.Minutes))
	if err != nil || n < 1 || n > 1440 {
		bad["minutes"] = "knowledge.err.minutes"
	}
	m.Minutes = n
	if len(bad) > 0 {
		return m, errs.FieldErrors(bad)
	}
	return m, nil
}

// SaveMedia writes a new film as a draft (id empty) or rewrites one. A published film stays
// published only while it keeps its captions or transcript (editors).
func (s *Service) SaveMedia(ctx context.Context, a *actor.Actor, id string, in MediaInput) (Media, error) {
	if !Editor(a) {
		return Media{}, forbidden()
	}
	var file *MediaFile
	var ferr error
	if in.File != nil {
		file, ferr = CheckAudioFile(in.File)
		if ferr == nil && in.Kind == "film" {
			ferr = errs.FieldErrors(map[string]string{"file": "knowledge.err.film_file"})
		}
	}
	var m Media
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var old Media
		if id != "" {
			var err error
			if old, err = mediaByID(ctx, s.DB, id); err != nil {
				return err
			}
		}
		var err error
		m, err = in.check(file != nil || old.File != nil)
		if err = joinFields(err, ferr); err != nil {
			return err
		}
		if file == nil && old.File != nil && m.Kind == "film" {
			return errs.FieldErrors(map[string]string{"kind": "knowledge.err.film_file"})
		}
		now := s.DB.Now(ctx)
		if id == "" {
			m.ID, m.Status, m.AuthorID = ids.New(), CaseDraft, a.ID
			err = insertMedia(ctx, s.DB, m, now)
		} else {
			m.ID, m.Status, m.AuthorID, m.PublishedAt, m.File = old.ID, old.Status, old.AuthorID, old.PublishedAt, old.File
			if m.Status == CasePublished && !m.Accessible() {
				return errs.FieldErrors(map[string]string{"transcript_en": "knowledge.err.media_inaccessible"})
			}
			err = updateMedia(ctx, s.DB, m, now)
		}
		if err != nil || file == nil {
			return err
		}
		m.File = file
		return putMediaFile(ctx, s.DB, m.ID, *file, a.ID, now)
	})
	return m, err
}

// SetMediaPublished publishes a film, refusing one with neither captions nor a transcript, or
// takes it back to a draft (editors).
func (s *Service) SetMediaPublished(ctx context.Context, a *actor.Actor, id string, publish bool) error {
	return s.editing(ctx, a, func(ctx context.Context) error {
		m, err := mediaByID(ctx, s.DB, id)
		if err != nil {
			return err
		}
		if publish && !m.Accessible() {
			return errs.E(errs.Conflict, "knowledge.err.media_inaccessible")
		}
		return setMediaStatus(ctx, s.DB, id, publish, s.DB.Now(ctx))
	})
}

// OneMedia is a film as the viewer may see it: published, or any to an editor.
func (s *Service) OneMedia(ctx context.Context, a *actor.Actor, id string) (Media, error) {
	m, err := mediaByID(ctx, s.DB, id)
	return shown(a, m, m.Status, err)
}

// MediaFilter narrows the list of films: by kind, and by words in the title, description or
// transcript.
type MediaFilter struct {
	Kind  string
	Words string
}

// MediaList lists the published films, newest first; with drafts for an editor who asks.
func (s *Service) MediaList(ctx context.Context, f MediaFilter) ([]Media, error) {
	return mediaWhere(ctx, s.DB, CasePublished, f)
}

// DraftMedia lists the films not yet published (editors).
func (s *Service) DraftMedia(ctx context.Context, a *actor.Actor) ([]Media, error) {
	if !Editor(a) {
		return nil, forbidden()
	}
	return mediaWhere(ctx, s.DB, CaseDraft, MediaFilter{})
}
