package assets

import (
	"context"
	"fmt"

	"commons/internal/assets/record"
	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
)

// accountHooks are the asset map's part of a person's data download and account deletion.
func accountHooks(s *Service, id *identity.Service) *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: func(ctx context.Context, accountID string) (any, error) {
			return db.MapsOf(ctx, s.DB, accountExports, accountID)
		},
		Delete: func(ctx context.Context, accountID string) error {
			if s.RequestLimit != nil {
				// The count of requests they sent today is about them too.
				if err := s.RequestLimit.Reset(ctx, "skill-request:"+accountID); err != nil {
					return err
				}
			}
			return forgetAccount(ctx, s.DB, accountID)
		},
		Tables: map[string]string{
			"person_skills":     "removed",
			"assets":            "kept: the map's entries are the place's; they no longer say who added or verified them, and the person's own name and address are taken off as the contact",
			"asset_changes":     "kept in each asset's history, no longer naming who made the change",
			"asset_corrections": "kept for the entry's reviewers, no longer naming who suggested or decided them",
			"skill_requests":    "removed, the requests they sent and those they received",
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
			mine, err := s.AddSkill(ctx, me, SkillInput{Kind: "skill", Title: "Bookkeeping", AreaID: p.Area, Visibility: "officers"})
			if err != nil {
				return step("skill", err)
			}
			officer, err := id.User(ctx, p.Officer)
			if err != nil {
				return err
			}
			// A correction the officer suggests to the person's hall, which the person decides;
			// and one the person suggests to an entry the officer added.
			in := inputOf(hall)
			in.Capacity = "120"
			c, err := s.SuggestCorrection(ctx, officer, hall.ID, CorrectionInput{Values: in, Note: "It holds 120"})
			if err := step("correction to decide", err); err != nil {
				return err
			}
			if err := step("decide", s.ReviewCorrection(ctx, me, c.ID, true, "Thank you")); err != nil {
				return err
			}
			park, err := s.Create(ctx, officer, record.Input{Name: "Nant Park", Category: "spaces", Ownership: "council", Area: p.Area})
			if err := step("officer's entry", err); err != nil {
				return err
			}
			if _, err := s.SuggestCorrection(ctx, me, park.ID, CorrectionInput{Values: inputOf(park), Note: "The gates close at dusk"}); err != nil {
				return step("suggest", err)
			}
			// A request each way.
			if _, err := s.RequestSkill(ctx, officer, mine.ID, "Could you look at our accounts?"); err != nil {
				return step("request received", err)
			}
			theirs, err := s.AddSkill(ctx, officer, SkillInput{Kind: "skill", Title: "Grant writing", AreaID: p.Area, Visibility: "members"})
			if err := step("officer's skill", err); err != nil {
				return err
			}
			_, err = s.RequestSkill(ctx, me, theirs.ID, "Could you help with a bid?")
			return step("request sent", err)
		},
	}
}
