package assets

import (
	"context"
	"fmt"

	"commons/internal/assets/record"
	"commons/internal/identity"
	"commons/internal/platform/capability"
)

// accountHooks are the asset map's part of a person's data download and account deletion.
func accountHooks(s *Service, id *identity.Service) *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: func(ctx context.Context, accountID string) (any, error) { return exportAccount(ctx, s.DB, accountID) },
		Delete: func(ctx context.Context, accountID string) error { return forgetAccount(ctx, s.DB, accountID) },
		Tables: map[string]string{
			"person_skills": "removed",
			"assets":        "kept: the map's entries are the place's; they no longer say who added or verified them, and the person's own name and address are taken off as the contact",
			"asset_changes": "kept in each asset's history, no longer naming who made the change",
		},
		Seed: func(ctx context.Context, p capability.SeedPeople) error {
			me, err := id.User(ctx, p.Person)
			if err != nil {
				return err
			}
			step := func(what string, err error) error {
				if err != nil {
					return fmt.Errorf("assets seed: %s: %w", what, err)
				}
				return nil
			}
			hall, err := s.Create(ctx, me, record.Input{Name: "Nant Village Hall", Category: "spaces", Ownership: "community",
				Organisation: p.Organisation, Area: p.Area, Postcode: "AH3 4XY", ContactName: me.Name, ContactEmail: me.Email})
			if err := step("add", err); err != nil {
				return err
			}
			if err := step("check", s.MarkChecked(ctx, me, hall.ID)); err != nil {
				return err
			}
			if err := step("verify", s.Verify(ctx, me, hall.ID)); err != nil {
				return err
			}
			if _, err := s.AddSkill(ctx, me, SkillInput{Kind: "skill", Title: "Bookkeeping", AreaID: p.Area, Visibility: "officers"}); err != nil {
				return step("skill", err)
			}
			return nil
		},
	}
}
