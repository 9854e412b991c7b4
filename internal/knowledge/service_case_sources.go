package knowledge

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
	"commons/internal/platform/ids"
)

// SourceChoice is a piece of finished work offered to draft a case study from, with the case
// already drafted from it, if any.
type SourceChoice struct {
	hub.CaseRef
	CaseID string
}

// Key is how a form names the choice: the capability and its own reference.
func (c SourceChoice) Key() string { return c.Capability + ":" + c.Ref }

// CaseSourceList lists the finished work across Commons that the editor may write up, most
// recently finished first (editors).
func (s *Service) CaseSourceList(ctx context.Context, a *actor.Actor, lang string) ([]SourceChoice, error) {
	if !Editor(a) {
		return nil, forbidden()
	}
	var out []SourceChoice
	for _, src := range s.Sources {
		refs, err := src.CaseSources(ctx, a, lang)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			id, err := caseDraftedFrom(ctx, s.DB, r.Capability, r.Ref)
			if err != nil {
				return nil, err
			}
			out = append(out, SourceChoice{CaseRef: r, CaseID: id})
		}
	}
	slices.SortStableFunc(out, func(x, y SourceChoice) int { return y.FinishedAt.Compare(x.FinishedAt) })
	return out, nil
}

// source finds the capability that offers a piece of finished work to a.
func (s *Service) source(ctx context.Context, a *actor.Actor, key string) (CaseSource, hub.CaseRef, error) {
	capName, ref, ok := strings.Cut(key, ":")
	if !ok || capName == "" || ref == "" {
		return nil, hub.CaseRef{}, errs.FieldErrors(map[string]string{"source": "knowledge.err.source"})
	}
	for _, src := range s.Sources {
		refs, err := src.CaseSources(ctx, a, "en")
		if err != nil {
			return nil, hub.CaseRef{}, err
		}
		for _, r := range refs {
			if r.Capability == capName && r.Ref == ref {
				return src, r, nil
			}
		}
	}
	return nil, hub.CaseRef{}, errs.FieldErrors(map[string]string{"source": "knowledge.err.source"})
}

// DraftCaseFrom drafts a case study from a piece of finished work (key is a SourceChoice's
// Key), pre-filled in lang with the work's outcomes, indicators and learning log, linked to the
// methods, organisations, areas and places it involved, for the editor to edit and publish.
func (s *Service) DraftCaseFrom(ctx context.Context, a *actor.Actor, key, lang string) (Case, error) {
	if !Editor(a) {
		return Case{}, forbidden()
	}
	src, ref, err := s.source(ctx, a, key)
	if err != nil {
		return Case{}, err
	}
	d, err := src.DraftCase(ctx, a, ref.Ref)
	if err != nil {
		return Case{}, err
	}
	ms, err := s.Methods(ctx, MethodFilter{})
	if err != nil {
		return Case{}, err
	}
	c := s.caseFromDraft(d, ms, lang, s.DB.Now(ctx).Year())
	c.Source.Capability, c.Source.Ref = ref.Capability, ref.Ref
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		c.ID, c.Status, c.AuthorID = ids.New(), CaseDraft, a.ID
		if err := insertCase(ctx, s.DB, c, now); err != nil {
			return err
		}
		if err := insertCaseSource(ctx, s.DB, c.ID, *c.Source, now); err != nil {
			return err
		}
		if err := insertCaseFigures(ctx, s.DB, c.ID, c.OutcomeFigures, c.Indicators); err != nil {
			return err
		}
		return insertCaseLinks(ctx, s.DB, c.ID, c.Links)
	})
	return c, err
}

// caseFromDraft turns what a capability knows into a case's fields, written in lang.
func (s *Service) caseFromDraft(d hub.CaseDraft, methods []Method, lang string, thisYear int) Case {
	if lang != "cy" {
		lang = "en"
	}
	set := func(t *Text, v string) {
		if lang == "cy" {
			t.Cy = v
		} else {
			t.En = v
		}
	}
	var c Case
	title := strings.TrimSpace(d.Title)
	if utf8.RuneCountInString(title) > MaxTitle {
		title = string([]rune(title)[:MaxTitle-1]) + "…"
	}
	set(&c.Title, title)
	summary := strings.TrimSpace(d.Summary)
	if summary == "" {
		summary = s.T(lang, "knowledge.draft.summary")
	}
	set(&c.Summary, summary)
	story := strings.TrimSpace(d.Story)
	if story == "" {
		story = s.T(lang, "knowledge.draft.story")
	}
	set(&c.Story, story)
	var out []string
	for _, f := range d.Outcomes {
		out = append(out, "- "+s.figureLine(lang, f))
	}
	if len(d.Indicators) > 0 {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, s.T(lang, "knowledge.draft.indicators"), "")
		for _, f := range d.Indicators {
			out = append(out, "- "+s.figureLine(lang, f))
		}
	}
	if d.Participants > 0 {
		out = append(out, "", s.T(lang, "knowledge.draft.participants", "n", d.Participants))
	}
	set(&c.Outcomes, strings.TrimSpace(strings.Join(out, "\n")))
	var learning []string
	for _, l := range d.Learning {
		if l = strings.TrimSpace(l); l != "" {
			learning = append(learning, "- "+strings.ReplaceAll(l, "\n", " "))
		}
	}
	set(&c.Learning, strings.Join(learning, "\n"))
	c.Year = thisYear
	for _, day := range []string{d.EndedOn, d.StartedOn} {
		if y, err := strconv.Atoi(strings.SplitN(day, "-", 2)[0]); err == nil && y >= 1900 && y <= thisYear {
			c.Year = y
			break
		}
	}
	for _, slug := range d.Methods {
		for _, m := range methods {
			if m.Slug == slug && !slices.Contains(c.MethodIDs, m.ID) {
				c.MethodIDs = append(c.MethodIDs, m.ID)
			}
		}
	}
	c.OutcomeFigures, c.Indicators = clean(d.Outcomes), clean(d.Indicators)
	for kind, refs := range map[string][]string{LinkOrganisation: d.Organisations, LinkArea: d.Areas, LinkAsset: d.Assets} {
		for _, r := range refs {
			if r != "" {
				c.Links = append(c.Links, CaseLink{Kind: kind, Ref: r})
			}
		}
	}
	c.Source = &CaseSourceInfo{URL: d.SourceURL, StartedOn: d.StartedOn, EndedOn: d.EndedOn, Participants: d.Participants}
	return c
}

// clean keeps the figures that can be drawn, with labels and units of a sane length.
func clean(fs []hub.Figure) []hub.Figure {
	var out []hub.Figure
	for _, f := range fs {
		f.Label, f.Unit = cut(strings.TrimSpace(f.Label), 200), cut(strings.TrimSpace(f.Unit), 30)
		if f.Label == "" || f.Value != f.Value || f.Target != f.Target {
			continue
		}
		out = append(out, f)
	}
	return out
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// figureLine is a figure as a line of the outcomes text.
func (s *Service) figureLine(lang string, f hub.Figure) string {
	v := FormatFigure(f.Value, f.Unit)
	if f.Target != 0 {
		return s.T(lang, "knowledge.draft.figure_target", "label", f.Label, "value", v, "target", FormatFigure(f.Target, f.Unit))
	}
	return s.T(lang, "knowledge.draft.figure", "label", f.Label, "value", v)
}

// FormatFigure writes a number with its unit: "£1,200", "45%", "12 people".
func FormatFigure(v float64, unit string) string {
	n := strconv.FormatFloat(v, 'f', -1, 64)
	if v == float64(int64(v)) {
		n = groupThousands(int64(v))
	}
	switch unit {
	case "£":
		return "£" + n
	case "%":
		return n + "%"
	case "":
		return n
	}
	return fmt.Sprintf("%s %s", n, unit)
}

func groupThousands(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
