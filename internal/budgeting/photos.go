package budgeting

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// MaxPhoto is the largest photo accepted. The whole request is limited to 1 MiB by the platform,
// so a photo and its form fit in one request.
const MaxPhoto = 800 << 10

// photoTypes are the image types accepted, by their sniffed content type (never the name or the
// type the browser claims).
var photoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// Photo is an uploaded image on an idea or a delivery update.
type Photo struct {
	ID          string
	IdeaID      string
	UpdateID    string
	ContentType string
	Alt         string
	Data        []byte
}

// PhotoInput is an upload as read from a form: nil Data when no file was chosen.
type PhotoInput struct {
	Data []byte
	Alt  string
}

// CheckPhoto checks an upload's size, sniffed type and description; it returns the content type.
func CheckPhoto(in PhotoInput) (string, error) {
	if in.Data == nil {
		return "", nil
	}
	f := map[string]string{}
	ct := http.DetectContentType(in.Data)
	switch {
	case len(in.Data) == 0:
		f["photo"] = "budgeting.err.photo_empty"
	case len(in.Data) > MaxPhoto:
		f["photo"] = "budgeting.err.photo_large"
	case !photoTypes[ct]:
		f["photo"] = "budgeting.err.photo_type"
	}
	alt := strings.TrimSpace(in.Alt)
	if alt == "" || utf8.RuneCountInString(alt) > 300 {
		f["photo_alt"] = "budgeting.err.photo_alt"
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	return ct, nil
}

// readPhoto reads the form's "photo" file, if one was chosen.
func readPhoto(r *http.Request, f *web.Form) (PhotoInput, error) {
	in := PhotoInput{Alt: f.Get("photo_alt")}
	if r.MultipartForm == nil {
		return in, nil
	}
	file, hdr, err := r.FormFile("photo")
	if errors.Is(err, http.ErrMissingFile) {
		return in, nil
	}
	if err != nil {
		return in, errs.FieldErrors(map[string]string{"photo": "budgeting.err.photo_large"})
	}
	defer file.Close()
	if hdr.Size == 0 && hdr.Filename == "" {
		return in, nil
	}
	in.Data, err = io.ReadAll(io.LimitReader(file, MaxPhoto+1))
	if in.Data == nil {
		in.Data = []byte{}
	}
	return in, err
}

func (s *Service) insertPhoto(ctx context.Context, ideaID, updateID, contentType string, in PhotoInput) error {
	if in.Data == nil {
		return nil
	}
	return insertPhoto(ctx, s.DB, ids.New(), ideaID, updateID, contentType, strings.TrimSpace(in.Alt), in.Data, s.DB.Now(ctx))
}

// Photos lists an idea's photos (without their bytes).
func (s *Service) Photos(ctx context.Context, ideaID string) ([]Photo, error) {
	return ideaPhotos(ctx, s.DB, ideaID)
}

// Photo returns one photo with its bytes, if the viewer may see its idea.
func (s *Service) Photo(ctx context.Context, viewer *web.User, processID, photoID string) (Photo, error) {
	p, err := processPhoto(ctx, s.DB, processID, photoID)
	if err != nil {
		return p, s.DB.Err(err, "error.not_found")
	}
	if _, err := s.Idea(ctx, viewer, p.IdeaID); err != nil { // hidden ideas' photos are hidden too
		return Photo{}, err
	}
	return p, nil
}

// ServePhoto sends a photo.
func (h *Handlers) ServePhoto(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	id, err := web.ID(r, "photo")
	if err != nil {
		return err
	}
	ph, err := h.Svc.Photo(r.Context(), web.CurrentUser(r), p.ID, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("Content-Disposition", "inline")
	_, _ = w.Write(ph.Data)
	return nil
}
