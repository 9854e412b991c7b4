package mentoring

import (
	"context"
	"fmt"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/capability"
	"commons/internal/platform/i18n"
)

// What peer support holds about a person: whether they coordinate, and what they did for their
// organisations (profiles they saved, offers and needs they posted, pairings they proposed,
// check-ins they wrote, steps they took in relationships). The records belong to the
// organisations; deleting the account takes the person's name off them (the account link is
// cleared) and the coordinator role away.

// accountExport is the person's part of peer support, for their data download.
type accountExport struct {
	Coordinator []exportCoordinator `json:"coordinator"`
	Profiles    []exportRecord      `json:"profiles"`
	Offers      []exportRecord      `json:"offers"`
	Needs       []exportRecord      `json:"needs"`
	Proposals   []exportRecord      `json:"proposals"`
	Checkins    []exportCheckin     `json:"checkins"`
	Steps       []exportStep        `json:"steps"`
}

// exportCoordinator is the person's place among the coordinators: who named them, and when.
type exportCoordinator struct {
	AddedBy string    `json:"added_by,omitempty"`
	AddedAt time.Time `json:"added_at"`
}

// exportRecord is a record of an organisation's that the person made or last changed.
type exportRecord struct {
	ID             string    `json:"id"`
	OrganisationID string    `json:"organisation_id"`
	TopicID        string    `json:"topic_id,omitempty"`
	Detail         string    `json:"detail,omitempty"`
	OnBehalf       bool      `json:"on_behalf"`
	At             time.Time `json:"at"`
}

type exportCheckin struct {
	ID             string    `json:"id"`
	RelationshipID string    `json:"relationship_id"`
	OrganisationID string    `json:"organisation_id"`
	Milestone      int       `json:"milestone"`
	Going          string    `json:"going"`
	Note           string    `json:"note"`
	CreatedAt      time.Time `json:"created_at"`
}

type exportStep struct {
	ID             string    `json:"id"`
	RelationshipID string    `json:"relationship_id"`
	Kind           string    `json:"kind"`
	OrganisationID string    `json:"organisation_id,omitempty"`
	OnBehalf       bool      `json:"on_behalf"`
	CreatedAt      time.Time `json:"created_at"`
}

// accountHooks are peer support's part of the data download and account deletion.
func (s *Service) accountHooks() *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: s.Export,
		Delete: s.DeleteAccount,
		Tables: map[string]string{
			"men_coordinators":  "removed: they no longer coordinate; coordinators they named stay, no longer saying who named them",
			"men_profiles":      "kept as the organisation's, no longer saying who last changed it",
			"men_offers":        "kept as the organisation's, no longer saying who posted it",
			"men_needs":         "kept as the organisation's, no longer saying who posted it",
			"men_relationships": "kept between the organisations, no longer saying who proposed it",
			"men_checkins":      "kept as the organisation's check-in, no longer saying who wrote it",
			"men_log":           "kept as the relationship's history, no longer saying who acted",
		},
		Seed: s.seedAccount,
	}
}

// Export is the account hook for the data download.
func (s *Service) Export(ctx context.Context, accountID string) (any, error) {
	out := accountExport{}
	var err error
	if out.Coordinator, err = coordinatorRecord(ctx, s.DB, accountID); err != nil {
		return nil, err
	}
	if out.Profiles, out.Offers, out.Needs, out.Proposals, err = recordsBy(ctx, s.DB, accountID); err != nil {
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

// seedAccount makes one of every record peer support can hold about the person (for the account
// deletion test): an officer names them a coordinator; they describe their organisation, offer
// and need help, propose a pairing with a second hall, which accepts; they record the first
// meeting and check in.
func (s *Service) seedAccount(ctx context.Context, p capability.SeedPeople) error {
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("mentoring seed: %s: %w", what, err)
		}
		return nil
	}
	me, err := s.Identity.User(ctx, p.Person)
	if err != nil {
		return step("person", err)
	}
	officer, err := s.Identity.User(ctx, p.Officer)
	if err != nil {
		return step("officer", err)
	}
	if err := s.AddCoordinator(ctx, officer, me.Email); err != nil {
		return step("coordinator", err)
	}
	other, err := s.Identity.SaveOrganisation(ctx, officer, "", identity.OrganisationInput{Name: "Bryn Village Hall", Sector: "vcf", AreaID: p.Area})
	if err != nil {
		return step("second hall", err)
	}
	if err := s.Identity.AddMember(ctx, officer, other.ID, officer.Email); err != nil {
		return step("second hall's member", err)
	}
	if officer, err = s.Identity.User(ctx, p.Officer); err != nil { // now a member of the second hall
		return step("officer", err)
	}
	const governance, funding = "6670f6de-410d-4fe5-b173-84645f0d5342", "102e0fa0-9d0c-44c9-b03c-a5779a2b8dea"
	for _, o := range []struct {
		a   *actor.Actor
		org string
	}{{me, p.Organisation}, {officer, other.ID}} {
		if _, err := s.SaveProfile(ctx, o.a, o.org, ProfileInput{Kind: "village_hall", Postcode: "AH3 5NV", TravelKm: "20", Capacity: "2", Online: true,
			Availability: "Evenings"}); err != nil {
			return step("profile", err)
		}
	}
	if err := s.SaveOffer(ctx, me, p.Organisation, governance, 2, "We rewrote our constitution last year."); err != nil {
		return step("offer", err)
	}
	if err := s.SaveOffer(ctx, officer, other.ID, funding, 3, "Three lottery bids won."); err != nil {
		return step("second hall's offer", err)
	}
	n, err := s.AddNeed(ctx, me, p.Organisation, funding, "Our first big bid, for a new roof.")
	if err != nil {
		return step("need", err)
	}
	r, err := s.Propose(ctx, me, n.ID, other.ID)
	if err != nil {
		return step("propose", err)
	}
	if err := s.Accept(ctx, officer, r.ID, other.ID); err != nil {
		return step("accept", err)
	}
	today := s.DB.Now(ctx).In(i18n.London).Format(time.DateOnly)
	if err := s.RecordMeeting(ctx, me, r.ID, p.Organisation, today); err != nil {
		return step("meeting", err)
	}
	// A check-in opens only near its due day, months away; write the one the person would make.
	now := s.DB.Now(ctx)
	if _, err := insertCheckin(ctx, s.DB, r.ID, Checkin{Milestone: 3, OrganisationID: p.Organisation, Going: "well",
		Note: "The bid went in on time.", CreatedAt: now}, me.ID); err != nil {
		return step("check-in", err)
	}
	return nil
}
