package mentoring

import (
	"context"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// The knowledge hub finds the mentoring service as a knowledge.CaseSource: a closed
// relationship is offered as a case study only when both organisations agreed to it being
// written up, and the draft holds only what they agreed to: the organisations, the topic, the
// outcome and what helped. Check-in notes and coordinators' notes never leave mentoring.

// AgreeCaseStudy records (or takes back) one organisation's agreement that a closed
// relationship may be written up as a case study.
func (s *Service) AgreeCaseStudy(ctx context.Context, a *actor.Actor, id, orgID string, agree bool) error {
	return s.change(ctx, a, id, orgID, func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error {
		if r.Stage != StageClosed {
			return errs.E(errs.Conflict, "mentoring.err.stage")
		}
		return setCaseConsent(ctx, s.DB, r.ID, org, agree, now)
	})
}

// CaseConsents are the organisations that agreed a relationship may be written up.
func (s *Service) CaseConsents(ctx context.Context, relID string) (map[string]bool, error) {
	return caseConsents(ctx, s.DB, relID)
}

// caseWriter reports whether a may draft case studies from mentoring: coordinators, and the
// council's officers who edit the knowledge hub.
func (s *Service) caseWriter(ctx context.Context, a *actor.Actor) bool {
	return a.SignedIn() && (s.IsCoordinator(ctx, a) || a.Has("officer"))
}

// CaseSources are the closed relationships both organisations agreed may be written up.
func (s *Service) CaseSources(ctx context.Context, a *actor.Actor, lang string) ([]hub.CaseRef, error) {
	if !s.caseWriter(ctx, a) {
		return nil, nil
	}
	rs, err := consentedRelationships(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	if rs, err = s.complete(ctx, rs); err != nil {
		return nil, err
	}
	out := make([]hub.CaseRef, 0, len(rs))
	for _, r := range rs {
		ref := hub.CaseRef{Ref: "relationship/" + r.ID, Capability: "mentoring", Title: s.caseTitle(ctx, r, lang),
			Kind: s.T(lang, "mentoring.hub.case_kind")}
		if r.FinishedAt != nil {
			ref.FinishedAt = *r.FinishedAt
		}
		out = append(out, ref)
	}
	return out, nil
}

func (s *Service) caseTitle(ctx context.Context, r Relationship, lang string) string {
	return s.T(lang, "mentoring.hub.case_title", "mentor", r.MentorOrg, "mentee", r.MenteeOrg, "topic", s.topicName(ctx, r.TopicID, lang))
}

// DraftCase drafts a case study from a closed relationship both organisations agreed to.
func (s *Service) DraftCase(ctx context.Context, a *actor.Actor, ref string) (hub.CaseDraft, error) {
	if !s.caseWriter(ctx, a) {
		return hub.CaseDraft{}, errs.E(errs.Forbidden, "error.forbidden")
	}
	id, ok := strings.CutPrefix(ref, "relationship/")
	if !ok {
		return hub.CaseDraft{}, errs.E(errs.NotFound, "error.not_found")
	}
	rs, err := consentedRelationships(ctx, s.DB)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	var r *Relationship
	for i := range rs {
		if rs[i].ID == id {
			r = &rs[i]
		}
	}
	if r == nil {
		return hub.CaseDraft{}, errs.E(errs.NotFound, "error.not_found")
	}
	full, err := s.complete(ctx, []Relationship{*r})
	if err != nil {
		return hub.CaseDraft{}, err
	}
	rel := full[0]
	lang := "en"
	topic := s.topicName(ctx, rel.TopicID, lang)
	d := hub.CaseDraft{Title: s.caseTitle(ctx, rel, lang),
		Summary:       s.T(lang, "mentoring.hub.summary", "mentor", rel.MentorOrg, "mentee", rel.MenteeOrg, "topic", topic, "outcome", s.T(lang, "mentoring.outcome."+rel.Outcome)),
		Organisations: []string{rel.MentorOrgID, rel.MenteeOrgID}, StartedOn: rel.FirstMeeting}
	if rel.FinishedAt != nil {
		d.EndedOn = rel.FinishedAt.Format(time.DateOnly)
	}
	story := []string{d.Summary}
	if h := strings.TrimSpace(rel.Helped); h != "" {
		story = append(story, "", s.T(lang, "mentoring.hub.helped"), "", h)
		d.Learning = append(d.Learning, h)
	}
	d.Story = strings.Join(story, "\n")
	d.Indicators = []hub.Figure{{Label: s.T(lang, "mentoring.hub.checkins"), Value: float64(len(rel.Checkins))}}
	return d, nil
}

// topicName is a topic's name in lang (its id when it cannot be read).
func (s *Service) topicName(ctx context.Context, id, lang string) string {
	ts, err := s.topicMap(ctx)
	if t, ok := ts[id]; err == nil && ok {
		return t.Name(lang)
	}
	return id
}

// BothSides are the relationship's two organisations, mentor first.
func (p *relPage) BothSides() []string { return []string{p.Rel.MentorOrgID, p.Rel.MenteeOrgID} }
