package volunteering

import (
	"context"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// The knowledge hub finds the volunteering service as a knowledge.Starter: a method's template
// starts a volunteering opportunity with its first role, closed until its coordinator opens it.

const actionDayTemplate = "volunteering/action-day"

// Templates are the ways a volunteering opportunity can be started from a method.
func (s *Service) Templates(lang string) []hub.Template {
	return []hub.Template{{Key: actionDayTemplate, Capability: "volunteering", Title: s.T(lang, "volunteering.hub.title"),
		Description: s.T(lang, "volunteering.hub.description"), Needs: []string{hub.ParamOrganisation}}}
}

// StartFromTemplate creates a community action day for one of the person's organisations, with a
// volunteer role laid out, and keeps it closed (nobody can apply) until the coordinator has
// checked it and opened it. Only the organisation's coordinators may, as on its form.
func (s *Service) StartFromTemplate(ctx context.Context, a *actor.Actor, key string, params map[string]string) (string, error) {
	if key != actionDayTemplate {
		return "", errs.E(errs.NotFound, "error.not_found")
	}
	lang := params[hub.ParamLang]
	if lang != "cy" {
		lang = "en"
	}
	in := OpportunityInput{OrganisationID: params[hub.ParamOrganisation], Title: params[hub.ParamTitle],
		Description: s.T(lang, "volunteering.hub.programme"), Kind: OneOff, Causes: []string{"LocalCommunity", "Environment"},
		Where: "address", Venue: s.T(lang, "volunteering.hub.venue"),
		Role: RoleInput{Title: s.T(lang, "volunteering.hub.role"), Description: s.T(lang, "volunteering.hub.role_description"),
			Commitment: s.T(lang, "volunteering.hub.commitment"), Skills: []string{"CooperativeWork", "SafeManualHandling"},
			Accessibility: []string{"PhysicalAccessibility"}, AccessibilityNote: s.T(lang, "volunteering.hub.access"),
			Rewards: []string{"TrainingProvided", "MealsProvided"}, Minutes: "180"}}
	var id string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		o, err := s.CreateOpportunity(ctx, a, in)
		if err != nil {
			return err
		}
		id = o.ID
		_, err = s.UpdateOpportunity(ctx, a, o.ID, in, "closed")
		return err
	})
	if err != nil {
		return "", err
	}
	return "/volunteering/opportunities/" + id + "/edit", nil
}
