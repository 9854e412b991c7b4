package knowledge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
)

// Toolkit groups documents in order under a title and an introduction: "the co-production
// toolkit" a framework promises. It is a draft until an editor publishes it; its documents
// are seen with it.
type Toolkit struct {
	ID          string
	Status      string // CaseDraft or CasePublished
	Title       Text
	Intro       Text
	AuthorID    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	Documents   []Document
}

// Document is a file in a toolkit, in versions: the newest is offered, older ones are listed.
type Document struct {
	ID, ToolkitID  string
	Position       int
	Title          Text
	Description    Text
	Accessible     bool // the editor confirms the file itself is accessible (tagged PDF, headings, ...)
	Alternative    Text // an accessible alternative in text (Markdown)
	AlternativeURL string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Versions       []DocVersion // newest first; without their bytes
}

// Current is the newest version.
func (d Document) Current() DocVersion {
	if len(d.Versions) == 0 {
		return DocVersion{}
	}
	return d.Versions[0]
}

// HasAlternative reports whether the document has an accessible alternative.
func (d Document) HasAlternative() bool { return !d.Alternative.Empty() || d.AlternativeURL != "" }

// DocVersion is one upload of a document's file.
type DocVersion struct {
	ID, DocumentID string
	Number         int
	Filename       string
	ContentType    string
	Size           int
	SHA256         string
	Note           string
	UploadedBy     string
	CreatedAt      time.Time
	Data           []byte // only when the file is sent
}

// ETag is the version's validator: its content's hash.
func (v DocVersion) ETag() string { return `"` + v.SHA256[:32] + `"` }

// Upload is a file chosen on a form.
type Upload struct {
	Filename string
	Data     []byte
}

// ToolkitInput is the toolkit form.
type ToolkitInput struct{ Title, Intro Text }

var toolkitFields = []string{"title_en", "intro_en"}

func (in ToolkitInput) check() (Toolkit, error) {
	k := Toolkit{Title: trimText(in.Title), Intro: trimText(in.Intro)}
	bad := map[string]string{}
	checkTitle(bad, "title_en", k.Title)
	if k.Intro.Empty() {
		bad["intro_en"] = "knowledge.err.intro_missing"
	} else if k.Intro.longSource() {
		bad["intro_en"] = markdown.TooLongKey
	}
	if len(bad) > 0 {
		return k, errs.FieldErrors(bad)
	}
	return k, nil
}

// DocumentInput is the document form: its words, and the file when one is chosen (needed for
// a new document; a new version otherwise).
type DocumentInput struct {
	Title, Description, Alternative Text
	AlternativeURL                  string
	Accessible                      bool
	Note                            string
	File                            *Upload
}

var documentFields = []string{"title_en", "description_en", "file", "accessible", "alternative_en", "alternative_url", "note"}

// CheckDocumentFile checks an uploaded document: not empty, within MaxDocument, and of a type
// its bytes show to be a PDF, office file, CSV or text. It returns the version to store, named
// from its sniffed type.
func CheckDocumentFile(up *Upload) (DocVersion, error) {
	switch {
	case up == nil || len(up.Data) == 0:
		return DocVersion{}, errs.FieldErrors(map[string]string{"file": "knowledge.err.file_missing"})
	case len(up.Data) > MaxDocument:
		return DocVersion{}, errs.FieldErrors(map[string]string{"file": "knowledge.err.document_large"})
	}
	t, ok := SniffDocument(up.Filename, up.Data)
	if !ok {
		return DocVersion{}, errs.FieldErrors(map[string]string{"file": "knowledge.err.document_type"})
	}
	sum := sha256.Sum256(up.Data)
	return DocVersion{Filename: StoredName(up.Filename, t), ContentType: t.Mime, Size: len(up.Data), SHA256: hex.EncodeToString(sum[:]), Data: up.Data}, nil
}

// check checks the document's words; typ is the type of its file (new or current), which
// decides whether an accessible alternative is needed.
func (in DocumentInput) check(fileText bool) (Document, error) {
	d := Document{Title: trimText(in.Title), Description: trimText(in.Description), Alternative: trimText(in.Alternative),
		AlternativeURL: strings.TrimSpace(in.AlternativeURL), Accessible: in.Accessible || fileText}
	bad := map[string]string{}
	checkTitle(bad, "title_en", d.Title)
	if d.Description.Empty() {
		bad["description_en"] = "knowledge.err.description_missing"
	}
	for name, t := range map[string]Text{"description_en": d.Description, "alternative_en": d.Alternative} {
		if t.longSource() {
			bad[name] = markdown.TooLongKey
		}
	}
	if d.AlternativeURL != "" {
		if u, err := url.Parse(d.AlternativeURL); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || len(d.AlternativeURL) > 500 {
			bad["alternative_url"] = "knowledge.err.alternative_url"
		}
	}
	if !d.Accessible && !d.HasAlternative() {
		bad["alternative_en"] = "knowledge.err.alternative_missing"
	}
	if utf8.RuneCountInString(in.Note) > 300 {
		bad["note"] = "knowledge.err.note_long"
	}
	if len(bad) > 0 {
		return d, errs.FieldErrors(bad)
	}
	return d, nil
}

// SaveToolkit writes a new toolkit as a draft (id empty) or rewrites one (editors).
func (s *Service) SaveToolkit(ctx context.Context, a *actor.Actor, id string, in ToolkitInput) (Toolkit, error) {
	if !Editor(a) {
		return Toolkit{}, forbidden()
	}
	k, err := in.check()
	if err != nil {
		return k, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if id == "" {
			k.ID, k.Status, k.AuthorID = ids.New(), CaseDraft, a.ID
			return insertToolkit(ctx, s.DB, k, now)
		}
		old, err := toolkitRow(ctx, s.DB, id)
		if err != nil {
			return err
		}
		k.ID, k.Status, k.AuthorID = old.ID, old.Status, old.AuthorID
		return updateToolkit(ctx, s.DB, k, now)
	})
	return k, err
}

// SetToolkitPublished publishes a toolkit (it needs a document) or takes it back (editors).
func (s *Service) SetToolkitPublished(ctx context.Context, a *actor.Actor, id string, publish bool) error {
	return s.editing(ctx, a, func(ctx context.Context) error {
		k, err := s.toolkitWithDocs(ctx, id)
		if err != nil {
			return err
		}
		if publish && len(k.Documents) == 0 {
			return errs.E(errs.Conflict, "knowledge.err.toolkit_empty")
		}
		return setToolkitStatus(ctx, s.DB, id, publish, s.DB.Now(ctx))
	})
}

func (s *Service) toolkitWithDocs(ctx context.Context, id string) (Toolkit, error) {
	k, err := toolkitRow(ctx, s.DB, id)
	if err != nil {
		return k, err
	}
	k.Documents, err = documentsOf(ctx, s.DB, id)
	return k, err
}

// OneToolkit is a toolkit with its documents as the viewer may see it: published, or any to
// an editor.
func (s *Service) OneToolkit(ctx context.Context, a *actor.Actor, id string) (Toolkit, error) {
	k, err := s.toolkitWithDocs(ctx, id)
	return shown(a, k, k.Status, err)
}

// Toolkits lists the published toolkits with their documents, newest first; with the drafts
// too for an editor (drafts true).
func (s *Service) Toolkits(ctx context.Context, a *actor.Actor, drafts bool) ([]Toolkit, error) {
	if drafts && !Editor(a) {
		return nil, forbidden()
	}
	ks, err := toolkitsWhere(ctx, s.DB, drafts)
	if err != nil {
		return nil, err
	}
	for i := range ks {
		if ks[i].Documents, err = documentsOf(ctx, s.DB, ks[i].ID); err != nil {
			return nil, err
		}
	}
	return ks, nil
}

// OneDocument is a document with its versions, and its toolkit, as the viewer may see them.
func (s *Service) OneDocument(ctx context.Context, a *actor.Actor, id string) (Document, Toolkit, error) {
	d, err := documentRow(ctx, s.DB, id)
	if err != nil {
		return d, Toolkit{}, err
	}
	k, err := s.OneToolkit(ctx, a, d.ToolkitID)
	if err != nil {
		return Document{}, Toolkit{}, err
	}
	d.Versions, err = versionsOfDocument(ctx, s.DB, id)
	return d, k, err
}

// DocumentFile is a version of a document's file with its bytes: the newest when number is 0.
func (s *Service) DocumentFile(ctx context.Context, a *actor.Actor, id string, number int) (DocVersion, error) {
	if _, _, err := s.OneDocument(ctx, a, id); err != nil {
		return DocVersion{}, err
	}
	return documentVersionData(ctx, s.DB, id, number)
}

// AddDocument puts a new document, with its first version, at the end of a toolkit (editors).
func (s *Service) AddDocument(ctx context.Context, a *actor.Actor, toolkitID string, in DocumentInput) (Document, error) {
	if !Editor(a) {
		return Document{}, forbidden()
	}
	v, ferr := CheckDocumentFile(in.File)
	d, err := in.check(ferr == nil && strings.HasPrefix(v.ContentType, "text/"))
	if err = joinFields(err, ferr); err != nil {
		return d, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := toolkitRow(ctx, s.DB, toolkitID); err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		d.ID, d.ToolkitID = ids.New(), toolkitID
		if err := insertDocument(ctx, s.DB, d, now); err != nil {
			return err
		}
		v.ID, v.DocumentID, v.Number, v.Note, v.UploadedBy = ids.New(), d.ID, 1, strings.TrimSpace(in.Note), a.ID
		return insertDocumentVersion(ctx, s.DB, v, now)
	})
	return d, err
}

// UpdateDocument rewrites a document's words and, when a file is chosen, adds it as a new
// version (editors).
func (s *Service) UpdateDocument(ctx context.Context, a *actor.Actor, id string, in DocumentInput) (Document, error) {
	if !Editor(a) {
		return Document{}, forbidden()
	}
	var v DocVersion
	var ferr error
	if in.File != nil {
		v, ferr = CheckDocumentFile(in.File)
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		old, err := documentForUpdate(ctx, s.DB, id)
		if err != nil {
			return err
		}
		vs, err := versionsOfDocument(ctx, s.DB, id)
		if err != nil {
			return err
		}
		typ := ""
		if len(vs) > 0 {
			typ = vs[0].ContentType
		}
		if in.File != nil && ferr == nil {
			typ = v.ContentType
		}
		d, err := in.check(strings.HasPrefix(typ, "text/"))
		if err = joinFields(err, ferr); err != nil {
			return err
		}
		d.ID, d.ToolkitID, d.Position = old.ID, old.ToolkitID, old.Position
		now := s.DB.Now(ctx)
		if err := updateDocument(ctx, s.DB, d, now); err != nil {
			return err
		}
		if in.File == nil {
			return nil
		}
		v.ID, v.DocumentID, v.Note, v.UploadedBy = ids.New(), id, strings.TrimSpace(in.Note), a.ID
		v.Number = 1
		if len(vs) > 0 {
			v.Number = vs[0].Number + 1
		}
		return insertDocumentVersion(ctx, s.DB, v, now)
	})
	if err != nil {
		return Document{}, err
	}
	d, _, err := s.OneDocument(ctx, a, id)
	return d, err
}

// MoveDocument moves a document one place up (by -1) or down (by 1) in its toolkit (editors).
func (s *Service) MoveDocument(ctx context.Context, a *actor.Actor, id string, by int) error {
	return s.editing(ctx, a, func(ctx context.Context) error {
		d, err := documentForUpdate(ctx, s.DB, id)
		if err != nil {
			return err
		}
		docs, err := documentsOf(ctx, s.DB, d.ToolkitID)
		if err != nil {
			return err
		}
		for i := range docs {
			if docs[i].ID != id {
				continue
			}
			j := i + by
			if j < 0 || j >= len(docs) {
				return nil
			}
			docs[i], docs[j] = docs[j], docs[i]
			break
		}
		for i, doc := range docs {
			if err := setDocumentPosition(ctx, s.DB, doc.ID, i+1); err != nil {
				return err
			}
		}
		return nil
	})
}

// joinFields joins two field errors (of the words and of the file) into one, so the form
// shows every problem at once.
func joinFields(a, b error) error {
	if b == nil {
		return a
	}
	if a == nil {
		return b
	}
	ea, eb := errs.As(a), errs.As(b)
	if ea.Fields == nil || eb.Fields == nil {
		return a
	}
	f := map[string]string{}
	for k, v := range ea.Fields {
		f[k] = v
	}
	for k, v := range eb.Fields {
		f[k] = v
	}
	return errs.FieldErrors(f)
}

// LastIndex is the index of the toolkit's last document (-1 when it has none).
func (k Toolkit) LastIndex() int { return len(k.Documents) - 1 }

// exportToolkits adds to a person's data download the toolkits they started and the document
// files they uploaded.
func (s *Service) exportToolkits(ctx context.Context, accountID string, out *AccountData) error {
	ks, err := toolkitsBy(ctx, s.DB, accountID)
	if err != nil {
		return errs.Wrap(err, "export toolkits")
	}
	out.Toolkits = []APIToolkit{}
	for _, k := range ks {
		if k.Documents, err = documentsOf(ctx, s.DB, k.ID); err != nil {
			return errs.Wrap(err, "export toolkit documents")
		}
		out.Toolkits = append(out.Toolkits, s.apiToolkit(k))
	}
	vs, err := docVersionsBy(ctx, s.DB, accountID)
	if err != nil {
		return errs.Wrap(err, "export document files")
	}
	out.DocumentFiles = []APIVersion{}
	for _, v := range vs {
		out.DocumentFiles = append(out.DocumentFiles, s.apiVersion(v.DocumentID, v))
	}
	return nil
}

// seedToolkits makes the person the author of a toolkit, the uploader of a document's file and
// of a recording: every table of this file that names a person then holds them.
func (s *Service) seedToolkits(ctx context.Context, me *actor.Actor) error {
	k, err := s.SaveToolkit(ctx, me, "", ToolkitInput{Title: Text{En: "Kitchen table kit"}, Intro: Text{En: "What a host needs."}})
	if err != nil {
		return err
	}
	if _, err := s.AddDocument(ctx, me, k.ID, DocumentInput{Title: Text{En: "Host's guide"}, Description: Text{En: "How to host."},
		Accessible: true, File: &Upload{Filename: "guide.pdf", Data: DemoPDF("Host's guide", "Put the kettle on.")}}); err != nil {
		return err
	}
	_, err = s.SaveMedia(ctx, me, "", MediaInput{Kind: "audio", Minutes: "1", Title: Text{En: "Kitchen tables, the recording"},
		Description: Text{En: "A host talks."}, Transcript: Text{En: "Welcome in."}, File: &Upload{Filename: "host.wav", Data: DemoWAV(1)}})
	return err
}
