package ownership

import (
	"context"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// MaxDocument is the largest document accepted. The platform limits a whole request to 1 MiB, so
// a document and its form fit in one request; larger papers are sent in parts or by post.
const MaxDocument = 900 << 10

// documentTypes are the accepted types, by sniffed content (PDF and images), or by name for the
// office formats, which are ZIP files inside.
var documentTypes = map[string]string{
	".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".odt":  "application/vnd.oasis.opendocument.text", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
	".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
}

// CheckUpload checks a document's kind, name, size and type (sniffed from its bytes, never taken
// from the browser) and returns it ready to store.
func CheckUpload(up *Upload) (*Document, error) {
	f := map[string]string{}
	if !slices.Contains(DocumentKinds, up.Kind) {
		f["document_kind"] = "ownership.err.document_kind"
	}
	name := cleanFilename(up.Filename)
	ext := strings.ToLower(path.Ext(name))
	want, known := documentTypes[ext]
	sniffed := http.DetectContentType(up.Data)
	switch {
	case len(up.Data) == 0:
		f["document"] = "ownership.err.document_empty"
	case len(up.Data) > MaxDocument:
		f["document"] = "ownership.err.document_large"
	case !known:
		f["document"] = "ownership.err.document_type"
	case ext == ".pdf" && sniffed != "application/pdf",
		(ext == ".png" || ext == ".jpg" || ext == ".jpeg") && sniffed != want,
		(ext == ".docx" || ext == ".xlsx" || ext == ".odt" || ext == ".ods") && sniffed != "application/zip",
		(ext == ".txt" || ext == ".csv") && (!utf8.Valid(up.Data) || !strings.HasPrefix(sniffed, "text/plain")):
		f["document"] = "ownership.err.document_type"
	}
	if len(f) > 0 {
		return nil, errs.FieldErrors(f)
	}
	return &Document{Kind: up.Kind, Filename: name, ContentType: want, Data: up.Data, Size: len(up.Data)}, nil
}

// cleanFilename keeps a file's base name, without control characters or path parts.
func cleanFilename(s string) string {
	s = path.Base(strings.ReplaceAll(s, "\\", "/"))
	s = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || r == '"' {
			return -1
		}
		return r
	}, s)
	if s == "." || s == "/" || s == "" {
		s = "document"
	}
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120])
	}
	return s
}

// AddDocument attaches a document to a case: its group, its owner or an officer.
func (s *Service) AddDocument(ctx context.Context, a *actor.Actor, caseID string, up *Upload) error {
	if !a.SignedIn() {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	doc, err := CheckUpload(up)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, err := caseForUpdate(ctx, s.DB, caseID)
		if err != nil {
			return err
		}
		if !Involved(a, &c) {
			return errForbidden
		}
		doc.CaseID, doc.UploadedBy = c.ID, a.ID
		return insertDocument(ctx, s.DB, doc)
	})
}

// PublishDocument makes a document public (a redacted copy) or private again: officers only.
func (s *Service) PublishDocument(ctx context.Context, a *actor.Actor, caseID, docID string, public bool) error {
	if !IsOfficer(a) {
		return errForbidden
	}
	ok, err := setDocumentPublic(ctx, s.DB, caseID, docID, public)
	if err != nil {
		return errs.Wrap(err, "publish document")
	}
	if !ok {
		return errNotFound
	}
	return nil
}

// Document returns a document with its bytes, if the viewer may see it.
func (s *Service) Document(ctx context.Context, a *actor.Actor, caseID, docID string) (Document, error) {
	d, err := documentByID(ctx, s.DB, docID)
	if isNoRows(err) || err == nil && d.CaseID != caseID {
		return Document{}, errNotFound
	}
	if err != nil {
		return Document{}, errs.Wrap(err, "document")
	}
	if !d.Public {
		c, err := caseByID(ctx, s.DB, caseID)
		if err != nil || !Involved(a, &c) {
			return Document{}, errNotFound
		}
	}
	return d, nil
}

// Assign gives a case to the officer taking it on.
func (s *Service) Assign(ctx context.Context, a *actor.Actor, caseID string) error {
	if !IsOfficer(a) {
		return errForbidden
	}
	ok, err := assignCase(ctx, s.DB, caseID, a.ID)
	if err != nil {
		return errs.Wrap(err, "assign")
	}
	if !ok {
		return errNotFound
	}
	return nil
}
