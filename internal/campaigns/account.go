package campaigns

import (
	"context"
	"time"
)

// What community organising holds about a person with an account: the teams they are on, their
// support and signatures made while signed in (or matched to their account), and the
// applications they are the contact of. A supporter or signer who gave only an email address is
// erased through the campaign's erasure request, not here.

type accountExport struct {
	Teams              []exportTeam        `json:"teams"`
	Support            []exportSupport     `json:"support"`
	Signatures         []exportSignature   `json:"signatures"`
	Applications       []exportApplication `json:"applications"`
	ConversationsTaken int                 `json:"one_to_one_conversations_logged"`
}

type exportTeam struct {
	CampaignID string    `json:"campaign_id"`
	Campaign   string    `json:"campaign"`
	Role       string    `json:"role"`
	AddedAt    time.Time `json:"added_at"`
}

type exportSupport struct {
	CampaignID string     `json:"campaign_id"`
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	Postcode   string     `json:"postcode"`
	ContactOK  bool       `json:"may_be_contacted"`
	Confirmed  *time.Time `json:"confirmed_at"`
}

type exportSignature struct {
	PetitionID string     `json:"petition_id"`
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	Postcode   string     `json:"postcode"`
	Confirmed  *time.Time `json:"confirmed_at"`
}

type exportApplication struct {
	ID        string            `json:"id"`
	GroupName string            `json:"group_name"`
	Place     string            `json:"place"`
	Answers   map[string]string `json:"answers"`
	Status    string            `json:"status"`
	CreatedAt time.Time         `json:"created_at"`
}

// Export is the account hook for the data download.
func (s *Service) Export(ctx context.Context, accountID string) (any, error) {
	out := accountExport{Teams: []exportTeam{}, Support: []exportSupport{}, Signatures: []exportSignature{}, Applications: []exportApplication{}}
	cs, err := campaignsOfMember(ctx, s.DB, accountID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		role, err := teamRole(ctx, s.DB, c.ID, accountID)
		if err != nil {
			return nil, err
		}
		out.Teams = append(out.Teams, exportTeam{CampaignID: c.ID, Campaign: c.Title, Role: role})
	}
	ss, err := querySupporters(ctx, s.DB, `WHERE account_id = $1 ORDER BY created_at`, accountID)
	if err != nil {
		return nil, err
	}
	for _, p := range ss {
		out.Support = append(out.Support, exportSupport{CampaignID: p.CampaignID, Name: p.Name, Email: p.Email, Postcode: p.Postcode, ContactOK: p.ContactOK, Confirmed: p.Confirmed})
	}
	gs, err := querySignatures(ctx, s.DB, `WHERE account_id = $1 ORDER BY created_at`, accountID)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		out.Signatures = append(out.Signatures, exportSignature{PetitionID: g.PetitionID, Name: g.Name, Email: g.Email, Postcode: g.Postcode, Confirmed: g.Confirmed})
	}
	as, err := queryApplications(ctx, s.DB, `WHERE a.contact_id = $1 ORDER BY a.created_at`, accountID)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		out.Applications = append(out.Applications, exportApplication{ID: a.ID, GroupName: a.GroupName, Place: a.Place, Answers: a.Answers, Status: a.Status, CreatedAt: a.CreatedAt})
	}
	if out.ConversationsTaken, err = conversationsLoggedBy(ctx, s.DB, accountID); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteAccount is the account hook run inside the account deletion's transaction: support and
// signatures keep counting but lose the name, address and postcode; team places go (the
// earliest member takes the lead when the lead leaves); the rest loses its link to the account.
func (s *Service) DeleteAccount(ctx context.Context, accountID string) error {
	return forgetAccount(ctx, s.DB, accountID)
}
