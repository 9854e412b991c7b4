package budgeting

import (
	"context"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// The knowledge hub finds the budgeting service as a knowledge.Starter (a participatory budget
// with its phases laid out, started from the PB method) and a knowledge.CaseSource (a delivered
// PB project drafted into a case study). The values are internal/platform/hub's.

const pbTemplate = "budgeting/pb-process"

// Templates are the ways a participatory budget can be started from a method.
func (s *Service) Templates(lang string) []hub.Template {
	return []hub.Template{{Key: pbTemplate, Capability: "budgeting", Title: s.T(lang, "budgeting.hub.title"),
		Description: s.T(lang, "budgeting.hub.description"), Needs: []string{hub.ParamDate, hub.ParamAmount}}}
}

// pbPhases are the template's phases, in days from the day ideas open: six weeks for ideas,
// four for the council's review with the people who proposed them, two weeks of voting, and
// results the day after.
var pbPhases = struct{ review, voting, until, results int }{42, 70, 84, 85}

// StartFromTemplate creates a participatory budget with its phases laid out from the day asked
// for and the sum to share, in the ideas phase, as a draft that only council officers see until
// one has adjusted and published it. Only officers may create one, as on its form.
func (s *Service) StartFromTemplate(ctx context.Context, a *actor.Actor, key string, params map[string]string) (string, error) {
	if key != pbTemplate {
		return "", errs.E(errs.NotFound, "error.not_found")
	}
	lang := params[hub.ParamLang]
	if lang != "cy" {
		lang = "en"
	}
	day, err := time.Parse(time.DateOnly, params[hub.ParamDate])
	if err != nil {
		return "", errs.FieldErrors(map[string]string{hub.ParamDate: "budgeting.err.date"})
	}
	at := func(days int) string { return day.AddDate(0, 0, days).Format(time.DateOnly) }
	pounds, err := strconv.ParseInt(params[hub.ParamAmount], 10, 64)
	if err != nil || pounds <= 0 {
		return "", errs.FieldErrors(map[string]string{hub.ParamAmount: "budgeting.err.money"})
	}
	in := ProcessInput{Total: strconv.FormatInt(pounds, 10), Phase: "ideas", IdeasFrom: at(0), ReviewFrom: at(pbPhases.review),
		VotingFrom: at(pbPhases.voting), VotingUntil: at(pbPhases.until), ResultsFrom: at(pbPhases.results),
		Format: FormatBudget, Rule: "greedy", MinAge: "11", VoterAccess: "either"}
	desc := s.T(lang, "budgeting.hub.programme", "total", Money(pounds*100))
	if lang == "cy" {
		// The English title is required; the Welsh one is the person's, until they write both.
		in.Title, in.TitleCy, in.DescriptionCy = params[hub.ParamTitle], params[hub.ParamTitle], desc
	} else {
		in.Title, in.Description = params[hub.ParamTitle], desc
	}
	var p Process
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if p, err = s.SaveProcess(ctx, a, "", in); err != nil {
			return err
		}
		_, err = setProcessDraft(ctx, s.DB, p.ID, true)
		return err
	})
	if err != nil {
		if e := errs.As(err); e.Fields != nil {
			if k, ok := e.Fields["total"]; ok {
				e.Fields[hub.ParamAmount] = k
				delete(e.Fields, "total")
			}
		}
		return "", err
	}
	return "/budgets/" + p.ID + "/edit", nil
}

// CaseSources are the delivered PB projects, for council officers (who run the budgets).
func (s *Service) CaseSources(ctx context.Context, a *actor.Actor, lang string) ([]hub.CaseRef, error) {
	if !isOfficer(a) {
		return nil, nil
	}
	ps, err := s.Processes(ctx, 200, 0)
	if err != nil {
		return nil, err
	}
	var out []hub.CaseRef
	for _, p := range ps {
		ideas, err := s.Projects(ctx, p.ID, "")
		if err != nil {
			return nil, err
		}
		for _, i := range ideas {
			if i.DeliveredAt == nil || i.Hidden() {
				continue
			}
			out = append(out, hub.CaseRef{Ref: "project/" + i.ID, Capability: "budgeting", Title: ideaTitle(i, lang),
				Kind: s.T(lang, "budgeting.hub.case_kind", "process", p.TitleIn(lang)), FinishedAt: *i.DeliveredAt})
		}
	}
	return out, nil
}

func ideaTitle(i Idea, lang string) string {
	switch {
	case lang == "cy" && i.OfficialTitleCy != "":
		return i.OfficialTitleCy
	case i.OfficialTitle != "":
		return i.OfficialTitle
	}
	return i.Title
}

// DraftCase drafts a case study from a delivered PB project: the vote it won, its cost against
// the estimate, its delivery milestones and the updates published on it. The person who
// proposed it is not named (their name is theirs to add, with their consent).
func (s *Service) DraftCase(ctx context.Context, a *actor.Actor, ref string) (hub.CaseDraft, error) {
	if !isOfficer(a) {
		return hub.CaseDraft{}, forbidden
	}
	id, ok := strings.CutPrefix(ref, "project/")
	if !ok {
		return hub.CaseDraft{}, errs.E(errs.NotFound, "error.not_found")
	}
	i, err := s.Idea(ctx, a, id)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	if i.DeliveredAt == nil {
		return hub.CaseDraft{}, errs.E(errs.NotFound, "error.not_found")
	}
	p, err := s.Process(ctx, i.ProcessID)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	lang := "en"
	if i.Lang == "cy" {
		lang = "cy"
	}
	summary := i.Summary
	if lang == "cy" && i.SummaryCy != "" {
		summary = i.SummaryCy
	}
	d := hub.CaseDraft{Title: ideaTitle(i, lang), Summary: summary, Methods: []string{"participatory-budgeting"},
		SourceURL: s.BaseURL + "/budgets/" + p.ID + "/ideas/" + i.ID, StartedOn: p.IdeasFrom,
		EndedOn: i.DeliveredAt.In(London).Format(time.DateOnly)}
	if i.AreaID != "" {
		d.Areas = []string{i.AreaID}
	}
	story := []string{s.T(lang, "budgeting.hub.story", "process", p.TitleIn(lang), "total", Money(p.TotalPence)), "", i.Description}
	if res, err := s.Results(ctx, nil, p.ID); err == nil {
		for _, pr := range res.Projects {
			if pr.IdeaID == i.ID {
				d.Outcomes = append(d.Outcomes, hub.Figure{Label: s.T(lang, "budgeting.hub.fig.votes"), Value: float64(pr.Votes), Unit: s.T(lang, "budgeting.hub.fig.votes_unit")})
			}
		}
		d.Indicators = append(d.Indicators, hub.Figure{Label: s.T(lang, "budgeting.hub.fig.ballots"), Value: float64(res.Ballots), Unit: s.T(lang, "budgeting.hub.fig.ballots_unit")})
		d.Participants = res.Ballots
	} else if !errs.Is(err, errs.NotFound) {
		return hub.CaseDraft{}, err
	}
	if i.CostPence > 0 {
		d.Outcomes = append(d.Outcomes, hub.Figure{Label: s.T(lang, "budgeting.hub.fig.cost"), Value: float64(i.CostPence) / 100,
			Target: float64(i.EstimatePence) / 100, Unit: "£"})
	}
	ms, err := s.Milestones(ctx, i.ID)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	if len(ms) > 0 {
		story = append(story, "", s.T(lang, "budgeting.hub.milestones"), "")
		for _, m := range ms {
			story = append(story, "- "+m.Title)
		}
	}
	ups, err := s.Updates(ctx, i.ID)
	if err != nil {
		return hub.CaseDraft{}, err
	}
	for _, u := range ups {
		d.Learning = append(d.Learning, strings.ReplaceAll(strings.TrimSpace(u.Body), "\n", " "))
	}
	d.Story = strings.TrimSpace(strings.Join(story, "\n"))
	return d, nil
}
