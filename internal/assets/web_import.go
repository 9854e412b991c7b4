package assets

import (
	"io"
	"net/http"
	"strconv"

	"commons/internal/platform/web"
)

type importPage struct {
	web.Page
	Form    *web.Form
	Preview *Preview
	CSV     string
	Done    bool // an import has just been saved
	Added   int
	Updated int
	Columns []string
}

// maxImport is the largest CSV an import accepts.
const maxImport = 900 << 10

// ImportForm is the page to upload or paste a CSV of assets.
// After an import, ?added= and ?updated= say what it did.
func (h *Handlers) ImportForm(w http.ResponseWriter, r *http.Request) error {
	p := &importPage{Page: h.Kit.NewPage(r, "assets.import.title"), Form: web.EmptyForm(), Columns: CSVHeader}
	q := r.URL.Query()
	if q.Has("added") || q.Has("updated") {
		p.Done = true
		p.Added, _ = strconv.Atoi(q.Get("added"))
		p.Updated, _ = strconv.Atoi(q.Get("updated"))
	}
	h.Kit.Render(w, r, http.StatusOK, "assets/import", p)
	return nil
}

// readCSV takes the CSV from an uploaded file or, failing that, the pasted text.
func readCSV(r *http.Request) (string, bool) {
	if err := r.ParseMultipartForm(maxImport); err != nil && err != http.ErrNotMultipart {
		return "", false
	}
	if file, _, err := r.FormFile("file"); err == nil {
		defer file.Close()
		b, err := io.ReadAll(io.LimitReader(file, maxImport+1))
		if err != nil || len(b) > maxImport {
			return "", false
		}
		if len(b) > 0 {
			return string(b), true
		}
	}
	return r.FormValue("csv"), true
}

// Import shows the preview of an import, with every row's problems; with confirm=yes and no
// problems it saves them all.
func (h *Handlers) Import(w http.ResponseWriter, r *http.Request) error {
	text, ok := readCSV(r)
	p := &importPage{Page: h.Kit.NewPage(r, "assets.import.title"), Form: web.EmptyForm(), Columns: CSVHeader}
	p.Errors = p.Form
	if !ok {
		p.Form.Fail("file", "assets.import.err.too_big")
		h.Kit.Render(w, r, http.StatusUnprocessableEntity, "assets/import", p)
		return nil
	}
	p.CSV = text
	u := web.CurrentUser(r)
	var prev Preview
	var err error
	if r.FormValue("confirm") == "yes" {
		var added, updated int
		prev, added, updated, err = h.Svc.Import(r.Context(), u, text)
		if err == nil && prev.OK() {
			web.Redirect(w, r, "/assets/import?added="+itoa(added)+"&updated="+itoa(updated))
			return nil
		}
	} else {
		prev, err = h.Svc.PreviewImport(r.Context(), u, text)
	}
	if err != nil {
		return err
	}
	p.Preview = &prev
	status := http.StatusOK
	if !prev.OK() {
		status = http.StatusUnprocessableEntity
		if prev.FileError != nil {
			p.Form.Fail("file", prev.FileError.Key)
		} else {
			p.Form.Fail("preview", "assets.import.err.rows")
		}
	}
	h.Kit.Render(w, r, status, "assets/import", p)
	return nil
}
