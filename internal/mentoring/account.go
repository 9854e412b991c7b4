package mentoring

import (
	"context"
	"time"
)

// What peer support holds about a person: whether they coordinate, and what they did for their
// organisations (check-ins they wrote, steps they took in relationships). The records belong to
// the organisations; deleting the account takes the person's name off them (the account link
// is cleared) and the coordinator role away.

// accountExport is the person's part of peer support, for their data download.
type accountExport struct {
	Coordinator bool            `json:"coordinator"`
	Checkins    []exportCheckin `json:"checkins"`
	Steps       []exportStep    `json:"steps"`
}

type exportCheckin struct {
	RelationshipID string    `json:"relationship_id"`
	OrganisationID string    `json:"organisation_id"`
	Milestone      int       `json:"milestone"`
	Going          string    `json:"going"`
	Note           string    `json:"note"`
	CreatedAt      time.Time `json:"created_at"`
}

type exportStep struct {
	RelationshipID string    `json:"relationship_id"`
	Kind           string    `json:"kind"`
	OrganisationID string    `json:"organisation_id,omitempty"`
	OnBehalf       bool      `json:"on_behalf"`
	CreatedAt      time.Time `json:"created_at"`
}

// Export is the account hook for the data download.
func (s *Service) Export(ctx context.Context, accountID string) (any, error) {
	out := accountExport{Checkins: []exportCheckin{}, Steps: []exportStep{}}
	var err error
	if out.Coordinator, err = isCoordinator(ctx, s.DB, accountID); err != nil {
		return nil, err
	}
	if out.Checkins, err = checkinsBy(ctx, s.DB, accountID); err != nil {
		return nil, err
	}
	if out.Steps, err = stepsBy(ctx, s.DB, accountID); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteAccount is the account hook run inside the account deletion's transaction.
func (s *Service) DeleteAccount(ctx context.Context, accountID string) error {
	return forgetAccount(ctx, s.DB, accountID)
}
