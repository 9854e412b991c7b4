package budgeting

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/errs"
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
