package timebank

import (
	"io"
	"net/http"
	"strconv"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
	"commons/internal/timebank/importcsv"
)

type importPage struct {
	page
	V       *Viewer
	Form    *web.Form
	Report  *ImportReport
	Imports []ImportReport
}

func (h *Handlers) renderImport(w http.ResponseWriter, r *http.Request, status int, v *Viewer, f *web.Form, rep *ImportReport) error {
	ims, err := h.Svc.Imports(r.Context(), web.CurrentUser(r), v.Bank.ID)
	if err != nil {
		return err
	}
	p := &importPage{page: h.newPage(r, "timebank.import.title", "name", v.Bank.Local(web.Lang(r))), V: v, Form: f, Report: rep, Imports: ims}
	return h.renderForm(w, r, status, "timebank/import", p, f)
}

// ImportForm is where a broker uploads a file from another system.
func (h *Handlers) ImportForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	return h.renderImport(w, r, http.StatusOK, v, web.EmptyForm(), nil)
}

// CheckImport checks an uploaded file and shows its report, row by row.
func (h *Handlers) CheckImport(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	fail := func(key string) error {
		f.Fail("file", key)
		return h.renderImport(w, r, http.StatusUnprocessableEntity, v, f, nil)
	}
	if err := r.ParseMultipartForm(web.MaxBody); err != nil {
		return fail("timebank.err.import_big")
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return fail("timebank.err.import_missing")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, importcsv.MaxBytes+1))
	if err != nil {
		return fail("timebank.err.import_csv")
	}
	rep, err := h.Svc.CheckImport(r.Context(), web.CurrentUser(r), v.Bank.ID, hdr.Filename, data)
	if err != nil {
		if !f.Take(err, "file") {
			return err
		}
		return h.renderImport(w, r, http.StatusUnprocessableEntity, v, f, nil)
	}
	web.Redirect(w, r, "/timebanks/"+v.Bank.ID+"/import/"+rep.ID)
	return nil
}

// Import shows a checked file's report, checked again against the bank as it is now.
func (h *Handlers) Import(w http.ResponseWriter, r *http.Request) error {
	v, id, err := h.viewerAndID(r, "im", true)
	if err != nil {
		return err
	}
	rep, err := h.Svc.ImportFor(r.Context(), web.CurrentUser(r), v.Bank.ID, id)
	if err != nil {
		return err
	}
	return h.renderImport(w, r, http.StatusOK, v, web.EmptyForm(), &rep)
}

// ApplyImport imports a checked file.
func (h *Handlers) ApplyImport(w http.ResponseWriter, r *http.Request) error {
	v, id, err := h.viewerAndID(r, "im", true)
	if err != nil {
		return err
	}
	n, err := h.Svc.ApplyImport(r.Context(), web.CurrentUser(r), v.Bank.ID, id)
	if err != nil {
		if errs.CodeOf(err) != errs.Conflict {
			return err
		}
		rep, rerr := h.Svc.ImportFor(r.Context(), web.CurrentUser(r), v.Bank.ID, id)
		if rerr != nil {
			return rerr
		}
		f := web.EmptyForm()
		f.Take(err, "file")
		return h.renderImport(w, r, http.StatusConflict, v, f, &rep)
	}
	_ = n
	h.Kit.Flash(w, "timebank.flash.imported")
	web.Redirect(w, r, "/timebanks/"+v.Bank.ID+"/import/"+id)
	return nil
}

// Row is a report line's label: its words, or its row number.
func (p *importPage) Row(l ImportLine) string {
	if l.What != "" {
		return l.What
	}
	return p.T("timebank.import.row", "n", strconv.Itoa(l.Line))
}
