package knowledge

import (
	"context"
	"slices"

	"commons/internal/knowledge/finder"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
	"commons/internal/platform/ids"
)

// TemplateKeys lists every template key the capabilities offer.
func (s *Service) TemplateKeys() []string {
	var out []string
	for _, st := range s.Starters {
		for _, t := range st.Templates("en") {
			out = append(out, t.Key)
		}
	}
	return out
}

// AllTemplates lists every capability's templates in lang.
func (s *Service) AllTemplates(lang string) []hub.Template {
	var out []hub.Template
	for _, st := range s.Starters {
		out = append(out, st.Templates(lang)...)
	}
	return out
}

// CreateMethod starts a method with its first version as a draft (editors).
func (s *Service) CreateMethod(ctx context.Context, a *actor.Actor, in MethodInput) (Method, error) {
	if !Editor(a) {
		return Method{}, forbidden()
	}
	v, err := in.version(s.TemplateKeys())
	if err != nil {
		return Method{}, err
	}
	m := Method{ID: ids.New()}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		base := Slug(v.Title.In("en"))
		m.Slug = base
		for i := 2; ; i++ {
			taken, err := slugTaken(ctx, s.DB, m.Slug)
			if err != nil {
				return err
			}
			if !taken {
				break
			}
			m.Slug = base + "-" + itoa(i)
		}
		if err := insertMethod(ctx, s.DB, m.ID, m.Slug, now); err != nil {
			return err
		}
		v.ID, v.MethodID, v.Number, v.Status, v.AuthorID = ids.New(), m.ID, 1, Draft, a.ID
		return insertVersion(ctx, s.DB, v, now)
	})
	if err != nil {
		return Method{}, s.DB.Err(err, "knowledge.err.conflict")
	}
	m.V = v
	return m, nil
}

// SaveDraft saves an edit of a method: it rewrites the newest version while it is a draft (or
// was returned by a reviewer), and otherwise starts a new draft version. What is published stays
// as it is until a reviewer publishes the new version.
func (s *Service) SaveDraft(ctx context.Context, a *actor.Actor, methodID string, in MethodInput) (MethodVersion, error) {
	if !Editor(a) {
		return MethodVersion{}, forbidden()
	}
	v, err := in.version(s.TemplateKeys())
	if err != nil {
		return v, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if _, err := methodRow(ctx, s.DB, methodID); err != nil {
			return err
		}
		last, err := latestVersion(ctx, s.DB, methodID)
		if err != nil {
			return err
		}
		v.MethodID, v.AuthorID, v.Status = methodID, a.ID, Draft
		if last.Status == Draft || last.Status == Returned {
			v.ID, v.Number = last.ID, last.Number
			return updateDraft(ctx, s.DB, v, now)
		}
		v.ID, v.Number = ids.New(), last.Number+1
		return insertVersion(ctx, s.DB, v, now)
	})
	return v, err
}

// Submit sends a draft for review.
func (s *Service) Submit(ctx context.Context, a *actor.Actor, versionID string) error {
	return s.editing(ctx, a, func(ctx context.Context) error {
		ok, err := setStatus(ctx, s.DB, versionID, Draft, Submitted, "", "", s.DB.Now(ctx))
		if err == nil && !ok {
			return errs.E(errs.Conflict, "knowledge.err.not_draft")
		}
		return err
	})
}

// Review publishes a submitted version or returns it to its author with a note. A reviewer is
// an editor other than the version's author; an admin may publish their own.
func (s *Service) Review(ctx context.Context, a *actor.Actor, versionID string, publish bool, note string) (MethodVersion, error) {
	if !Editor(a) {
		return MethodVersion{}, forbidden()
	}
	if len(note) > 500 {
		return MethodVersion{}, errs.FieldErrors(map[string]string{"review_note": "knowledge.err.note_long"})
	}
	var v MethodVersion
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if v, err = versionByID(ctx, s.DB, versionID); err != nil {
			return err
		}
		if v.AuthorID == a.ID && !a.Has("admin") {
			return errs.E(errs.Forbidden, "knowledge.err.own_review")
		}
		if !publish && note == "" {
			return errs.FieldErrors(map[string]string{"review_note": "knowledge.err.note_missing"})
		}
		now := s.DB.Now(ctx)
		to := Returned
		if publish {
			to = Published
		}
		ok, err := setStatus(ctx, s.DB, versionID, Submitted, to, a.ID, note, now)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "knowledge.err.not_submitted")
		}
		if publish {
			return publishVersion(ctx, s.DB, v.MethodID, v.ID, now)
		}
		return nil
	})
	if err == nil && publish {
		s.Reindex()
	}
	return v, err
}

// Method is a method as the viewer may see it: its published version, or for an editor (who may
// also ask for any version) its newest when it has never been published.
func (s *Service) Method(ctx context.Context, a *actor.Actor, key, versionID string) (Method, error) {
	m, err := methodRow(ctx, s.DB, key)
	if err != nil {
		return m, err
	}
	switch {
	case versionID != "" && Editor(a):
		m.V, err = versionByID(ctx, s.DB, versionID)
		if err == nil && m.V.MethodID != m.ID {
			err = notFound()
		}
	case m.PublishedVersionID != "":
		m.V, err = versionByID(ctx, s.DB, m.PublishedVersionID)
	case Editor(a):
		m.V, err = latestVersion(ctx, s.DB, m.ID)
	default:
		err = notFound()
	}
	return m, err
}

// Versions lists a method's versions, newest first (editors).
func (s *Service) Versions(ctx context.Context, a *actor.Actor, methodID string) ([]MethodVersion, error) {
	if !Editor(a) {
		return nil, forbidden()
	}
	vs, err := methodVersions(ctx, s.DB, methodID)
	if err != nil {
		return nil, err
	}
	return vs, s.name(ctx, vs)
}

// name fills in the names of the versions' authors and reviewers, through identity; an
// account that has gone is left without a name (shown as a former member).
func (s *Service) name(ctx context.Context, vs []MethodVersion) error {
	names := map[string]string{}
	lookup := func(id string) (string, error) {
		if id == "" {
			return "", nil
		}
		if n, ok := names[id]; ok {
			return n, nil
		}
		acc, err := s.Identity.Account(ctx, id)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return "", err
		}
		names[id] = acc.Name
		return acc.Name, nil
	}
	for i := range vs {
		var err error
		if vs[i].Author, err = lookup(vs[i].AuthorID); err != nil {
			return err
		}
		if vs[i].Reviewer, err = lookup(vs[i].ReviewerID); err != nil {
			return err
		}
	}
	return nil
}

// Latest is a method's newest version (editors, for the edit form).
func (s *Service) Latest(ctx context.Context, a *actor.Actor, methodID string) (MethodVersion, error) {
	if !Editor(a) {
		return MethodVersion{}, forbidden()
	}
	return latestVersion(ctx, s.DB, methodID)
}

// Methods lists the published methods.
func (s *Service) Methods(ctx context.Context, f MethodFilter) ([]Method, error) {
	return publishedMethods(ctx, s.DB, f)
}

// EditorQueue is what waits for editors: versions submitted for review and methods never published.
func (s *Service) EditorQueue(ctx context.Context, a *actor.Actor) (waiting []MethodVersion, unpublished []Method, err error) {
	if !Editor(a) {
		return nil, nil, forbidden()
	}
	if waiting, err = waitingVersions(ctx, s.DB); err != nil {
		return nil, nil, err
	}
	if err := s.name(ctx, waiting); err != nil {
		return nil, nil, err
	}
	unpublished, err = unpublishedMethods(ctx, s.DB)
	return waiting, unpublished, err
}

// Recommend runs the method finder over the published methods.
func (s *Service) Recommend(ctx context.Context, a finder.Answers) ([]finder.Recommendation, map[string]Method, error) {
	if !a.Valid() {
		return nil, nil, errs.E(errs.Invalid, "knowledge.err.finder")
	}
	ms, err := s.Methods(ctx, MethodFilter{})
	if err != nil {
		return nil, nil, err
	}
	byID := map[string]Method{}
	var fm []finder.Method
	for _, m := range ms {
		byID[m.ID] = m
		fm = append(fm, m.V.Finder(m.ID))
	}
	return finder.Recommend(fm, a, 6), byID, nil
}

// MethodTemplates are the templates a method carries, in lang, in the method's order; keys no
// capability offers any more are left out.
func (s *Service) MethodTemplates(v MethodVersion, lang string) []hub.Template {
	all := s.AllTemplates(lang)
	var out []hub.Template
	for _, k := range v.Templates {
		i := slices.IndexFunc(all, func(t hub.Template) bool { return t.Key == k })
		if i >= 0 {
			out = append(out, all[i])
		}
	}
	return out
}
