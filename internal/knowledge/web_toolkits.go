package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

type toolkitsPage struct {
	page
	Toolkits []Toolkit
	Drafts   []Toolkit
	Editor   bool
}

// Toolkits lists the published toolkits; an editor sees the drafts too.
func (h *Handlers) Toolkits(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	p := toolkitsPage{page: h.page(r, "knowledge.toolkits.title"), Editor: Editor(u)}
	all, err := h.Svc.Toolkits(r.Context(), u, p.Editor)
	if err != nil {
		return err
	}
	for _, k := range all {
		if k.Status == CasePublished {
			p.Toolkits = append(p.Toolkits, k)
		} else {
			p.Drafts = append(p.Drafts, k)
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/toolkits", &p)
	return nil
}

type toolkitPage struct {
	page
	K      Toolkit
	Editor bool
}

// Toolkit is one toolkit: its introduction and its documents in order.
func (h *Handlers) Toolkit(w http.ResponseWriter, r *http.Request) error {
	k, _, u, err := byPath(r, h.Svc.OneToolkit)
	if err != nil {
		return err
	}
	p := toolkitPage{page: h.page(r, "knowledge.toolkits.one"), K: k, Editor: Editor(u)}
	p.TitleKey, p.TitleArgs = "knowledge.raw", []any{"text", p.Pick(k.Title).Text}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/toolkit", &p)
	return nil
}

type toolkitFormPage struct {
	page
	Form   *web.Form
	Action string
	K      *Toolkit
}

func (h *Handlers) renderToolkitForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, k *Toolkit) {
	title, action := "knowledge.toolkits.new", "/toolkits"
	if k != nil {
		title, action = "knowledge.toolkits.edit", "/toolkits/"+k.ID+"/edit"
	}
	p := toolkitFormPage{page: h.page(r, title), Form: f, Action: action, K: k}
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/toolkit_form", &p)
}

func toolkitInput(f *web.Form) ToolkitInput {
	return ToolkitInput{Title: Text{f.Get("title_en"), f.Get("title_cy")}, Intro: Text{f.Get("intro_en"), f.Get("intro_cy")}}
}

// NewToolkit is the form for a new toolkit.
func (h *Handlers) NewToolkit(w http.ResponseWriter, r *http.Request) error {
	h.renderToolkitForm(w, r, http.StatusOK, web.EmptyForm(), nil)
	return nil
}

// CreateToolkit saves a new toolkit as a draft.
func (h *Handlers) CreateToolkit(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	k, err := h.Svc.SaveToolkit(r.Context(), web.CurrentUser(r), "", toolkitInput(f))
	return h.Kit.Saved(w, r, f, err, toolkitFields, "knowledge.flash.toolkit_saved", "/toolkits/"+k.ID, func() error {
		h.renderToolkitForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return nil
	})
}

// EditToolkit is the form filled with a toolkit.
func (h *Handlers) EditToolkit(w http.ResponseWriter, r *http.Request) error {
	k, _, _, err := byPath(r, h.Svc.OneToolkit)
	if err != nil {
		return err
	}
	f := &web.Form{Values: url.Values{"title_en": {k.Title.En}, "title_cy": {k.Title.Cy}, "intro_en": {k.Intro.En}, "intro_cy": {k.Intro.Cy}},
		Errors: map[string]string{}}
	h.renderToolkitForm(w, r, http.StatusOK, f, &k)
	return nil
}

// UpdateToolkit saves an edit of a toolkit.
func (h *Handlers) UpdateToolkit(w http.ResponseWriter, r *http.Request) error {
	k, id, u, err := byPath(r, h.Svc.OneToolkit)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.SaveToolkit(r.Context(), u, id, toolkitInput(f))
	return h.Kit.Saved(w, r, f, err, toolkitFields, "knowledge.flash.toolkit_saved", "/toolkits/"+id, func() error {
		h.renderToolkitForm(w, r, http.StatusUnprocessableEntity, f, &k)
		return nil
	})
}

// PublishToolkit publishes a toolkit with at least one document.
func (h *Handlers) PublishToolkit(w http.ResponseWriter, r *http.Request) error {
	return h.setToolkit(w, r, true)
}

// UnpublishToolkit takes a toolkit back to a draft.
func (h *Handlers) UnpublishToolkit(w http.ResponseWriter, r *http.Request) error {
	return h.setToolkit(w, r, false)
}

func (h *Handlers) setToolkit(w http.ResponseWriter, r *http.Request, publish bool) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Svc.SetToolkitPublished(r.Context(), web.CurrentUser(r), id, publish); err != nil {
		return err
	}
	if publish {
		h.Kit.Flash(w, "knowledge.flash.toolkit_published")
	} else {
		h.Kit.Flash(w, "knowledge.flash.toolkit_unpublished")
	}
	web.Redirect(w, r, "/toolkits/"+id)
	return nil
}

type documentPage struct {
	page
	D      Document
	K      Toolkit
	Editor bool
}

// DocumentPage is one document: its description, its accessible alternative, the file to
// download and its older versions.
func (h *Handlers) DocumentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	d, k, err := h.Svc.OneDocument(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := documentPage{page: h.page(r, "knowledge.documents.one"), D: d, K: k, Editor: Editor(u)}
	p.TitleKey, p.TitleArgs = "knowledge.raw", []any{"text", p.Pick(d.Title).Text}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/document", &p)
	return nil
}

// FileSize writes a file's size as people read it.
func (p *page) FileSize(n int) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return p.T("knowledge.documents.bytes", "n", n)
}

// FileKind is the name of a file's type for people: "PDF", "Word", ...
func (p *page) FileKind(contentType string) string {
	for _, t := range []FileType{typePDF, typeDOCX, typeXLSX, typePPTX, typeODT, typeODS, typeODP, typeCSV, typeTXT,
		typeMP3, typeOGG, typeWAV, typeFLAC, typeM4A} {
		if t.Mime == contentType {
			return t.Name
		}
	}
	return contentType
}

// DownloadDocument sends the newest version of a document's file.
func (h *Handlers) DownloadDocument(w http.ResponseWriter, r *http.Request) error {
	return h.download(w, r, 0)
}

// DownloadVersion sends one version of a document's file.
func (h *Handlers) DownloadVersion(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return h.download(w, r, n)
}

func (h *Handlers) download(w http.ResponseWriter, r *http.Request, number int) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	v, err := h.Svc.DocumentFile(r.Context(), web.CurrentUser(r), id, number)
	if err != nil {
		return err
	}
	sendFile(w, r, v.Filename, v.ContentType, v.ETag(), v.CreatedAt, v.Data, true)
	return nil
}

// sendFile sends stored bytes with their type, a file name, and validators (ETag from the
// content's hash, Last-Modified from when it was stored), so a browser asking again with
// If-None-Match or If-Modified-Since gets 304; ranges are served too (audio players seek).
func sendFile(w http.ResponseWriter, r *http.Request, name, contentType, etag string, at time.Time, data []byte, attachment bool) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	disp := "inline"
	if attachment {
		disp = "attachment"
	}
	h.Set("Content-Disposition", disp+`; filename="`+asciiName(name)+`"; filename*=UTF-8''`+url.PathEscape(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	// A file is never a page: nothing in it may run or frame anything.
	h.Set("Content-Security-Policy", "default-src 'none'; media-src 'self'; sandbox")
	http.ServeContent(w, r, name, at.UTC().Truncate(time.Second), bytes.NewReader(data))
}

func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, s)
}

type documentFormPage struct {
	page
	Form   *web.Form
	Action string
	K      Toolkit
	D      *Document
	Max    string
}

func (h *Handlers) renderDocumentForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, k Toolkit, d *Document) {
	title, action := "knowledge.documents.new", "/toolkits/"+k.ID+"/documents"
	if d != nil {
		title, action = "knowledge.documents.edit", "/documents/"+d.ID+"/edit"
	}
	p := documentFormPage{page: h.page(r, title), Form: f, Action: action, K: k, D: d}
	p.Max = p.FileSize(MaxDocument)
	p.Errors = f
	h.Kit.Render(w, r, status, "knowledge/document_form", &p)
}

func documentInput(f *web.Form, up *Upload) DocumentInput {
	t := func(name string) Text { return Text{f.Get(name + "_en"), f.Get(name + "_cy")} }
	return DocumentInput{Title: t("title"), Description: t("description"), Alternative: t("alternative"), AlternativeURL: f.Get("alternative_url"),
		Accessible: f.Get("accessible") == "yes", Note: f.Get("note"), File: up}
}

// readFile reads the form's "file", if one was chosen; one larger than max is answered as a
// field error (the route's body limit lets a file a little over max through to say so).
func readFile(r *http.Request, max int64) (*Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	file, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if hdr.Size == 0 && hdr.Filename == "" {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(file, max+1))
	if err != nil {
		return nil, err
	}
	return &Upload{Filename: hdr.Filename, Data: data}, nil
}

// NewDocument is the form for a new document in a toolkit.
func (h *Handlers) NewDocument(w http.ResponseWriter, r *http.Request) error {
	k, _, _, err := byPath(r, h.Svc.OneToolkit)
	if err != nil {
		return err
	}
	h.renderDocumentForm(w, r, http.StatusOK, web.EmptyForm(), k, nil)
	return nil
}

// CreateDocument adds a document with its file to a toolkit.
func (h *Handlers) CreateDocument(w http.ResponseWriter, r *http.Request) error {
	k, id, u, err := byPath(r, h.Svc.OneToolkit)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	up, err := readFile(r, MaxDocument)
	if err != nil {
		return err
	}
	d, err := h.Svc.AddDocument(r.Context(), u, id, documentInput(f, up))
	return h.Kit.Saved(w, r, f, err, documentFields, "knowledge.flash.document_saved", "/documents/"+d.ID, func() error {
		h.renderDocumentForm(w, r, http.StatusUnprocessableEntity, f, k, nil)
		return nil
	})
}

// EditDocument is the form filled with a document, taking a new version's file.
func (h *Handlers) EditDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	d, k, err := h.Svc.OneDocument(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	vals := url.Values{"alternative_url": {d.AlternativeURL}}
	for name, t := range map[string]Text{"title": d.Title, "description": d.Description, "alternative": d.Alternative} {
		vals.Set(name+"_en", t.En)
		vals.Set(name+"_cy", t.Cy)
	}
	if d.Accessible {
		vals.Set("accessible", "yes")
	}
	h.renderDocumentForm(w, r, http.StatusOK, &web.Form{Values: vals, Errors: map[string]string{}}, k, &d)
	return nil
}

// UpdateDocument saves an edit of a document; a file chosen is its new version.
func (h *Handlers) UpdateDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	d, k, err := h.Svc.OneDocument(r.Context(), u, id)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	up, err := readFile(r, MaxDocument)
	if err != nil {
		return err
	}
	_, err = h.Svc.UpdateDocument(r.Context(), u, id, documentInput(f, up))
	return h.Kit.Saved(w, r, f, err, documentFields, "knowledge.flash.document_saved", "/documents/"+id, func() error {
		h.renderDocumentForm(w, r, http.StatusUnprocessableEntity, f, k, &d)
		return nil
	})
}

// MoveDocument moves a document up or down its toolkit.
func (h *Handlers) MoveDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	d, _, err := h.Svc.OneDocument(r.Context(), u, id)
	if err != nil {
		return err
	}
	by := 1
	if web.NewForm(r).Get("direction") == "up" {
		by = -1
	}
	if err := h.Svc.MoveDocument(r.Context(), u, id, by); err != nil {
		return err
	}
	web.Redirect(w, r, "/toolkits/"+d.ToolkitID+"#document-"+id)
	return nil
}

// toolkitRoutes are the toolkits' and documents' pages.
func toolkitRoutes(t *capability.Table, h *Handlers) {
	t.Public("GET /toolkits", h.Toolkits)
	t.Officer("GET /toolkits/new", h.NewToolkit)
	t.Officer("POST /toolkits", h.CreateToolkit)
	t.Public("GET /toolkits/{id}", h.Toolkit)
	t.Officer("GET /toolkits/{id}/edit", h.EditToolkit)
	t.Officer("POST /toolkits/{id}/edit", h.UpdateToolkit)
	t.Officer("POST /toolkits/{id}/publish", h.PublishToolkit)
	t.Officer("POST /toolkits/{id}/unpublish", h.UnpublishToolkit)
	t.Officer("GET /toolkits/{id}/documents/new", h.NewDocument)
	t.Officer("POST /toolkits/{id}/documents", h.CreateDocument).Body(MaxDocument + web.MaxBody)
	t.Public("GET /documents/{id}", h.DocumentPage)
	t.Public("GET /documents/{id}/download", h.DownloadDocument)
	t.Public("GET /documents/{id}/versions/{version}/download", h.DownloadVersion)
	t.Officer("GET /documents/{id}/edit", h.EditDocument)
	t.Officer("POST /documents/{id}/edit", h.UpdateDocument).Body(MaxDocument + web.MaxBody)
	t.Officer("POST /documents/{id}/move", h.MoveDocument)
}
