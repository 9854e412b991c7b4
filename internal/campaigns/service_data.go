package campaigns

import (
	"context"
)

// openCampaign builds a campaign's open record.
func (s *Service) openCampaign(ctx context.Context, c Campaign) (OpenCampaign, error) {
	o := OpenCampaign{ID: c.ID, URL: s.BaseURL + "/campaigns/" + c.ID, Title: c.Title, Aim: c.Aim, Issue: c.Issue, AreaID: c.AreaID, Area: c.Area,
		OrganisationID: c.OrganisationID, Organisation: c.Organisation, Stage: c.Stage, Supporters: c.Supporters, CreatedAt: c.CreatedAt,
		UpdatedAt: c.UpdatedAt, Petitions: []OpenPetition{}, Actions: []OpenAction{}}
	ps, err := s.Petitions(ctx, c.ID)
	if err != nil {
		return o, err
	}
	for _, p := range ps {
		o.Petitions = append(o.Petitions, OpenPetition{Petition: p, URL: s.petitionURL(p)})
	}
	as, err := s.Actions(ctx, c.ID)
	if err != nil {
		return o, err
	}
	for _, a := range as {
		oa := OpenAction{ID: a.ID, Kind: a.Kind, Title: a.Title, HappensOn: a.HappensOn, Target: a.Target, Turnout: a.Turnout, Outcome: a.Outcome}
		if a.EventURL != "" {
			oa.EventURL = a.EventURL
		}
		o.Actions = append(o.Actions, oa)
	}
	return o, nil
}

// OpenCampaigns lists every published campaign as open data.
func (s *Service) OpenCampaigns(ctx context.Context) ([]OpenCampaign, error) {
	cs, err := s.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]OpenCampaign, 0, len(cs))
	for _, c := range cs {
		o, err := s.openCampaign(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}
