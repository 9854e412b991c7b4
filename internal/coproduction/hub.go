package coproduction

import (
	"context"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/actor"
	"commons/internal/platform/hub"
)

// The knowledge hub finds the co-production service as a knowledge.Starter (a project started
// from the co-production method, with its stages laid out and the suitability questions to
// answer) and a knowledge.CaseSource (a closed project drafted into a case study). The values
// are internal/platform/hub's; neither capability imports the other.

const projectTemplate = "coproduction/project"

// Templates are the ways a co-production project can be started from a method.
func (s *Service) Templates(lang string) []hub.Template {
	return []hub.Template{{Key: projectTemplate, Capability: "coproduction", Title: s.T(lang, "coproduction.hub.title"),
		Description: s.T(lang, "coproduction.hub.description"), Needs: []string{hub.ParamOrganisation}}}
}

// StartFromTemplate proposes a project led by the person, not yet published, with its problem
// statement laid out as the stages ahead and the suitability check's questions to answer, in
// the language of the page they used. Anyone signed in may propose a project, as on its form.
func (s *Service) StartFromTemplate(ctx context.Context, a *actor.Actor, key string, params map[string]string) (string, error) {
	if key != projectTemplate {
		return "", errNotFound
	}
	if a == nil {
		return "", errForbidden
	}
	lang := params[hub.ParamLang]
	if lang != "cy" {
		lang = "en"
	}
	cs, err := s.Criteria(ctx, false)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(s.T(lang, "coproduction.hub.problem"))
	b.WriteString("\n\n" + s.T(lang, "coproduction.hub.stages") + "\n")
	for _, st := range progress.Stages {
		b.WriteString("\n- " + s.T(lang, "coproduction.stage."+st))
	}
	if len(cs) > 0 {
		b.WriteString("\n\n" + s.T(lang, "coproduction.hub.questions") + "\n")
		for _, c := range cs {
			q := c.Name.Of(lang)
			if q == "" {
				q = c.Name.Main
			}
			b.WriteString("\n- " + q)
		}
	}
	in := ProposalInput{OrganisationID: params[hub.ParamOrganisation]}
	if lang == "cy" {
		in.TitleCy, in.ProblemCy, in.AffectedCy, in.ServiceAreaCy = params[hub.ParamTitle], b.String(), s.T(lang, "coproduction.hub.affected"), s.T(lang, "coproduction.hub.service_area")
	} else {
		in.Title, in.Problem, in.Affected, in.ServiceArea = params[hub.ParamTitle], b.String(), s.T(lang, "coproduction.hub.affected"), s.T(lang, "coproduction.hub.service_area")
	}
	p, err := s.Propose(ctx, a, in)
	if err != nil {
		return "", err
	}
	return "/projects/" + p.ID + "/edit", nil
}

// CaseSources are the closed projects the person manages (their lead, officers and admins).
func (s *Service) CaseSources(ctx context.Context, a *actor.Actor, lang string) ([]hub.CaseRef, error) {
	ps, err := s.Projects(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []hub.CaseRef
	for _, p := range ps {
		if p.Stage != "closed" {
			continue
		}
		if manage, _, err := s.access(ctx, a, p); err != nil || !manage {
			continue
		}
		out = append(out, hub.CaseRef{Ref: "project/" + p.ID, Capability: "coproduction", Title: p.Title.For(lang).Text,
			Kind: s.T(lang, "coproduction.hub.case_kind"), FinishedAt: p.UpdatedAt})
	}
	return out, nil
}

// DraftCase drafts a case study from a closed project: its outcomes against their targets, its
// resources, its learning log and the organisations taking part. People's names are left out:
// a case study speaks of what was done, not of who (reflections are given without their
// writers, participants only as a count).
func (s *Service) DraftCase(ctx context.Context, a *actor.Actor, ref string) (hub.CaseDraft, error) {
	id, ok := strings.CutPrefix(ref, "project/")
	if !ok {
		return hub.CaseDraft{}, errNotFound
	}
	v, err := s.Project(ctx, a, id)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	if !v.CanManage {
		return hub.CaseDraft{}, errForbidden
	}
	if v.Stage != "closed" {
		return hub.CaseDraft{}, errNotFound
	}
	lang := v.Title.Lang
	d := hub.CaseDraft{Title: v.Title.Main, Summary: v.Problem.Of(lang), Participants: len(v.Participants),
		Methods: []string{"co-production"}, SourceURL: s.BaseURL + "/projects/" + v.ID}
	story := []string{}
	if cs := v.CaseStudy.Of(lang); cs != "" {
		story = append(story, cs)
	} else {
		story = append(story, v.Problem.Of(lang))
	}
	if aff := v.Affected.Of(lang); aff != "" {
		story = append(story, aff)
	}
	d.Story = strings.Join(story, "\n\n")
	for _, st := range v.Stages {
		day := st.EnteredAt.Format("2006-01-02")
		if d.StartedOn == "" {
			d.StartedOn = day
		}
		if st.Stage == "closed" {
			d.EndedOn = day
		}
	}
	for _, o := range v.Outcomes {
		m := o.Latest()
		if m == nil {
			continue
		}
		d.Outcomes = append(d.Outcomes, hub.Figure{Label: o.Name, Value: m.Value, Target: o.Target, Unit: o.Unit})
		d.Indicators = append(d.Indicators, hub.Figure{Label: s.T(lang, "coproduction.hub.baseline", "name", o.Name), Value: o.Baseline, Unit: o.Unit})
	}
	if v.BudgetSpent > 0 || v.BudgetPlanned > 0 {
		d.Indicators = append(d.Indicators, hub.Figure{Label: s.T(lang, "coproduction.hub.budget"), Value: float64(v.BudgetSpent) / 100,
			Target: float64(v.BudgetPlanned) / 100, Unit: "£"})
	}
	h := HoursOf(v.Project)
	if h.VolunteerSpent > 0 {
		d.Indicators = append(d.Indicators, hub.Figure{Label: s.T(lang, "coproduction.hub.volunteer_hours"), Value: h.VolunteerSpent,
			Target: h.VolunteerPlanned, Unit: s.T(lang, "coproduction.hub.hours")})
	}
	if h.StaffSpent > 0 {
		d.Indicators = append(d.Indicators, hub.Figure{Label: s.T(lang, "coproduction.hub.staff_hours"), Value: h.StaffSpent,
			Target: h.StaffPlanned, Unit: s.T(lang, "coproduction.hub.hours")})
	}
	for _, r := range v.Reflections {
		for _, part := range []struct{ key, text string }{{"worked", r.Worked}, {"did_not", r.DidNot}, {"change", r.Change}} {
			if t := strings.TrimSpace(part.text); t != "" {
				d.Learning = append(d.Learning, s.T(lang, "coproduction.hub.learning."+part.key, "text", t))
			}
		}
	}
	seen := map[string]bool{}
	addOrg := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			d.Organisations = append(d.Organisations, id)
		}
	}
	addOrg(v.OrganisationID)
	for _, p := range v.Participants {
		addOrg(p.OrganisationID)
	}
	return d, nil
}
