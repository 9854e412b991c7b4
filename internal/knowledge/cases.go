package knowledge

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
)

// The states of a case study.
const (
	CaseDraft     = "draft"
	CasePublished = "published"
)

// Case is a case study: what was done locally, what came of it and what was learned.
type Case struct {
	ID          string
	Status      string
	Title       Text
	Summary     Text
	Story       Text
	Outcomes    Text
	Learning    Text
	Place       string
	Year        int
	MethodIDs   []string
	AuthorID    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	// Drafted from finished work (nil for a case written by hand), with the source's figures
	// and what it involved; see store_case_sources.go.
	Source         *CaseSourceInfo
	OutcomeFigures []hub.Figure
	Indicators     []hub.Figure
	Links          []CaseLink
}

// CaseInput is the case study form.
type CaseInput struct {
	Title, Summary, Story, Outcomes, Learning Text
	Place, Year                               string
	Methods                                   []string
}

// CaseFilter narrows the list of case studies.
type CaseFilter struct {
	Method       string // a method's id
	Year         int
	Organisation string // an organisation's id
	Area         string // an area's id
}

// caseFields are the case form's fields in page order, for the error summary.
var caseFields = []string{"title_en", "summary_en", "story_en", "outcomes_en", "learning_en", "place", "year", "methods"}

// check checks the input against the published methods and returns it as a case's fields.
func (in CaseInput) check(methods []string, thisYear int) (Case, error) {
	bad := map[string]string{}
	c := Case{Title: trimText(in.Title), Summary: trimText(in.Summary), Story: trimText(in.Story), Outcomes: trimText(in.Outcomes),
		Learning: trimText(in.Learning), Place: strings.TrimSpace(in.Place)}
	checkTitle(bad, "title_en", c.Title)
	if c.Summary.Empty() {
		bad["summary_en"] = "knowledge.err.summary_missing"
	}
	if c.Story.Empty() {
		bad["story_en"] = "knowledge.err.story_missing"
	}
	for name, t := range map[string]Text{"summary_en": c.Summary, "story_en": c.Story, "outcomes_en": c.Outcomes, "learning_en": c.Learning} {
		if t.longSource() {
			bad[name] = markdown.TooLongKey
		}
	}
	if utf8.RuneCountInString(c.Place) > 100 {
		bad["place"] = "knowledge.err.place_long"
	}
	y, err := strconv.Atoi(strings.TrimSpace(in.Year))
	if err != nil || y < 1900 || y > thisYear {
		bad["year"] = "knowledge.err.year"
	}
	c.Year = y
	for _, m := range in.Methods {
		if !slices.Contains(methods, m) {
			bad["methods"] = "knowledge.err.case_method"
		} else if !slices.Contains(c.MethodIDs, m) {
			c.MethodIDs = append(c.MethodIDs, m)
		}
	}
	if len(bad) > 0 {
		return c, errs.FieldErrors(bad)
	}
	return c, nil
}

// publishedMethodIDs are the ids of the methods a case may name.
func (s *Service) publishedMethodIDs(ctx context.Context) ([]string, error) {
	ms, err := s.Methods(ctx, MethodFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out, nil
}

// SaveCase writes a new case study as a draft (id empty) or rewrites one, keeping its state
// (editors).
func (s *Service) SaveCase(ctx context.Context, a *actor.Actor, id string, in CaseInput) (Case, error) {
	if !Editor(a) {
		return Case{}, forbidden()
	}
	methods, err := s.publishedMethodIDs(ctx)
	if err != nil {
		return Case{}, err
	}
	now := s.DB.Now(ctx)
	c, err := in.check(methods, now.Year())
	if err != nil {
		return c, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if id == "" {
			c.ID, c.Status, c.AuthorID = ids.New(), CaseDraft, a.ID
			return insertCase(ctx, s.DB, c, now)
		}
		old, err := caseByID(ctx, s.DB, id)
		if err != nil {
			return err
		}
		c.ID, c.Status, c.AuthorID, c.PublishedAt = old.ID, old.Status, old.AuthorID, old.PublishedAt
		return updateCase(ctx, s.DB, c, now)
	})
	return c, err
}

// SetCasePublished publishes a case study for everyone, or takes it back to a draft (editors).
func (s *Service) SetCasePublished(ctx context.Context, a *actor.Actor, id string, publish bool) error {
	return s.editing(ctx, a, func(ctx context.Context) error {
		if _, err := caseByID(ctx, s.DB, id); err != nil {
			return err
		}
		return setCaseStatus(ctx, s.DB, id, publish, s.DB.Now(ctx))
	})
}

// Case is a case study as the viewer may see it: published, or any to an editor.
func (s *Service) Case(ctx context.Context, a *actor.Actor, id string) (Case, error) {
	c, err := caseByID(ctx, s.DB, id)
	return shown(a, c, c.Status, err)
}

// shown is a case, course, film or toolkit as the viewer may see it: published, or any to an
// editor; a draft is not found to anyone else.
func shown[T any](a *actor.Actor, v T, status string, err error) (T, error) {
	if err != nil {
		return v, err
	}
	if status != CasePublished && !Editor(a) {
		var none T
		return none, notFound()
	}
	return v, nil
}

// Cases lists the published case studies, newest first; editors' drafts are listed by Drafts.
func (s *Service) Cases(ctx context.Context, f CaseFilter) ([]Case, error) {
	return casesWhere(ctx, s.DB, CasePublished, f)
}

// DraftCases lists the case studies not yet published (editors).
func (s *Service) DraftCases(ctx context.Context, a *actor.Actor) ([]Case, error) {
	if !Editor(a) {
		return nil, forbidden()
	}
	return casesWhere(ctx, s.DB, CaseDraft, CaseFilter{})
}

// CasesUsing lists published cases that used a method.
func (s *Service) CasesUsing(ctx context.Context, methodID string) ([]Case, error) {
	return s.Cases(ctx, CaseFilter{Method: methodID})
}
