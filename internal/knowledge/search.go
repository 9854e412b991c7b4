package knowledge

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/search"
)

// SearchKinds are the kinds of document the search across Commons offers as filters, in the
// order the page lists them. A kind's label is the message search.kind.<kind>.
var SearchKinds = []string{"method", "case", "media", "course", "toolkit", "document", "guide", "group", "thread", "asset", "event", "idea", "project", "coproduction", "opportunity", "campaign"}

// searchFresh is how often the index is refreshed from every capability when nothing kicks it:
// the longest a change made without a kick (or on a server that died) waits to be found.
const searchFresh = 30 * time.Second

// searchGap is the least time between two refreshes asked for by changes: on a busy site
// (a vote a second) the index is refreshed every 10 seconds, not after every write.
const searchGap = 10 * time.Second

// Search is the one search across Commons: the index in the database, the capabilities that
// offer documents to it (found in Connect) and those that know a reader's audiences (network's
// groups). Visibility is checked when a search runs, against the reader's audiences then.
type Search struct {
	Index     *search.Index
	Sources   []search.Source
	Audiences []search.Audiences
	Log       *slog.Logger

	dirty atomic.Bool
	kick  chan struct{}
}

func newSearch(d *db.DB, log *slog.Logger) *Search {
	return &Search{Index: search.NewIndex(d), Log: log, kick: make(chan struct{}, 1)}
}

// SearchChanged asks for the index to take in a change at once (search.Changed).
func (s *Search) SearchChanged() {
	s.dirty.Store(true)
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Refresh is the search_index job: it reconciles the index with every source when it is stale
// or a change was announced; on several servers one of them does the work.
func (s *Search) Refresh(ctx context.Context) (int, error) {
	force := s.dirty.Swap(false)
	if force {
		// Many changes close together make one refresh, not one each.
		last, err := s.Index.LastRefresh(ctx)
		if err != nil {
			return 0, err
		}
		if gap := searchGap - s.Index.DB.Clock().Now().Sub(last); gap > 0 && gap <= searchGap {
			select {
			case <-time.After(gap):
			case <-ctx.Done():
				return 0, nil
			}
		}
	}
	n, err := s.Index.Refresh(ctx, s.Sources, searchFresh, force, s.Log)
	if err != nil && force {
		s.dirty.Store(true)
	}
	return n, err
}

// RefreshNow reconciles the index with every source at once (tests, demo).
func (s *Search) RefreshNow(ctx context.Context) error {
	_, err := s.Index.Refresh(ctx, s.Sources, 0, true, s.Log)
	return err
}

// ReaderAudiences are the audiences a reader belongs to now: public, signed in, their
// organisations, officers, and the groups they are a member of.
func (s *Search) ReaderAudiences(ctx context.Context, a *actor.Actor) ([]string, error) {
	out := search.ReaderAudiences(a)
	if !a.SignedIn() {
		return out, nil
	}
	for _, p := range s.Audiences {
		more, err := p.SearchAudiences(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// Find runs a search for a reader.
func (s *Search) Find(ctx context.Context, a *actor.Actor, q search.Query) (search.Result, error) {
	aud, err := s.ReaderAudiences(ctx, a)
	if err != nil {
		return search.Result{}, err
	}
	q.Audiences = aud
	return s.Index.Search(ctx, q)
}

// The knowledge hub's own documents: published methods, case studies and films. Drafts are
// never offered.

// SearchSource names the knowledge hub's documents in the index.
func (s *Service) SearchSource() string { return "knowledge" }

// SearchDocuments are the published methods, case studies, media, training courses, toolkits and
// their documents (by title, description and accessible version).
func (s *Service) SearchDocuments(ctx context.Context) ([]search.Doc, error) {
	var out []search.Doc
	ms, err := s.Methods(ctx, MethodFilter{})
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		v := m.V
		out = append(out, search.Doc{Kind: "method", ID: m.ID, URL: "/methods/" + m.ID,
			Title: v.Title.En, TitleCy: v.Title.Cy, Summary: v.Summary.En, SummaryCy: v.Summary.Cy,
			Body:     join(v.When.En, v.WhenNot.En, v.Needs.En, v.Steps.En, v.Resources.En, v.Accessibility.En),
			BodyCy:   join(v.When.Cy, v.WhenNot.Cy, v.Needs.Cy, v.Steps.Cy, v.Resources.Cy, v.Accessibility.Cy),
			Audience: []string{search.Public}, Changed: m.UpdatedAt})
	}
	cs, err := s.Cases(ctx, CaseFilter{})
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out = append(out, search.Doc{Kind: "case", ID: c.ID, URL: "/cases/" + c.ID,
			Title: c.Title.En, TitleCy: c.Title.Cy, Summary: c.Summary.En, SummaryCy: c.Summary.Cy,
			Body:     join(c.Place, c.Story.En, c.Outcomes.En, c.Learning.En),
			BodyCy:   join(c.Story.Cy, c.Outcomes.Cy, c.Learning.Cy),
			Audience: []string{search.Public}, Changed: c.UpdatedAt})
	}
	md, err := mediaWhere(ctx, s.DB, CasePublished, MediaFilter{})
	if err != nil {
		return nil, err
	}
	for _, m := range md {
		out = append(out, search.Doc{Kind: "media", ID: m.ID, URL: "/media/" + m.ID,
			Title: m.Title.En, TitleCy: m.Title.Cy, Summary: m.Description.En, SummaryCy: m.Description.Cy,
			Body: m.Transcript.En, BodyCy: m.Transcript.Cy, Audience: []string{search.Public}, Changed: m.UpdatedAt})
	}
	courses, err := s.Courses(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range courses {
		out = append(out, search.Doc{Kind: "course", ID: c.ID, URL: "/training/" + c.ID,
			Title: c.Title.En, TitleCy: c.Title.Cy, Summary: c.Summary.En, SummaryCy: c.Summary.Cy,
			Audience: []string{search.Public}, Changed: c.UpdatedAt})
	}
	kits, err := s.Toolkits(ctx, nil, false)
	if err != nil {
		return nil, err
	}
	for _, k := range kits {
		changed := k.UpdatedAt
		for _, d := range k.Documents {
			out = append(out, search.Doc{Kind: "document", ID: d.ID, URL: "/documents/" + d.ID,
				Title: d.Title.En, TitleCy: d.Title.Cy, Summary: d.Description.En, SummaryCy: d.Description.Cy,
				Body: d.Alternative.En, BodyCy: d.Alternative.Cy, Audience: []string{search.Public}, Changed: d.UpdatedAt})
			if d.UpdatedAt.After(changed) {
				changed = d.UpdatedAt
			}
		}
		out = append(out, search.Doc{Kind: "toolkit", ID: k.ID, URL: "/toolkits/" + k.ID,
			Title: k.Title.En, TitleCy: k.Title.Cy, Summary: k.Intro.En, SummaryCy: k.Intro.Cy,
			Audience: []string{search.Public}, Changed: changed})
	}
	return out, nil
}

func join(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "\n"
		}
		out += p
	}
	return out
}
