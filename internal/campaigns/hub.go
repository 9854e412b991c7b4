package campaigns

import (
	"context"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// The knowledge hub finds the campaigns service as a knowledge.Starter: a method's template
// starts a campaign, unpublished, with its aim and issue written as prompts and an organising
// plan of actions laid out from the day asked for.

const campaignTemplate = "campaigns/organising"

// planSteps are the template's actions: kind, message key part, days from the start.
var planSteps = []struct {
	kind, part string
	days       int
}{{"meeting", "one_to_ones", 0}, {"meeting", "house_meeting", 28}, {"deputation", "deputation", 56}}

// Templates are the ways a campaign can be started from a method.
func (s *Service) Templates(lang string) []hub.Template {
	return []hub.Template{{Key: campaignTemplate, Capability: "campaigns", Title: s.T(lang, "campaigns.hub.title"),
		Description: s.T(lang, "campaigns.hub.description"), Needs: []string{hub.ParamDate}}}
}

// StartFromTemplate starts a campaign led by the person, not published until its team publishes
// it, with the organising plan's actions from the day asked for.
func (s *Service) StartFromTemplate(ctx context.Context, a *actor.Actor, key string, params map[string]string) (string, error) {
	if key != campaignTemplate {
		return "", errs.E(errs.NotFound, "error.not_found")
	}
	lang := params[hub.ParamLang]
	if lang != "cy" {
		lang = "en"
	}
	day, err := time.Parse(time.DateOnly, params[hub.ParamDate])
	if err != nil {
		return "", errs.FieldErrors(map[string]string{hub.ParamDate: "campaigns.err.day"})
	}
	in := CampaignInput{Title: params[hub.ParamTitle], Aim: s.T(lang, "campaigns.hub.aim"), Issue: s.T(lang, "campaigns.hub.issue"),
		OrganisationID: params[hub.ParamOrganisation]}
	var id string
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.Create(ctx, a, in, false)
		if err != nil {
			return err
		}
		id = c.ID
		for _, st := range planSteps {
			if err := s.AddAction(ctx, a, c.ID, ActionInput{Kind: st.kind, Title: s.T(lang, "campaigns.hub.action."+st.part),
				HappensOn: day.AddDate(0, 0, st.days).Format(time.DateOnly)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return "/campaigns/" + id + "/manage", nil
}
