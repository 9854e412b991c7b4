package coproduction

import (
	"context"
	"fmt"

	"commons/internal/identity"
	"commons/internal/platform/capability"
)

// accountHooks are co-production's part of a person's data download and account deletion.
func accountHooks(s *Service, id *identity.Service) *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: func(ctx context.Context, accountID string) (any, error) { return exportAccount(ctx, s.DB, accountID) },
		Delete: func(ctx context.Context, accountID string) error {
			return forgetAccount(ctx, s.DB, accountID, identity.FormerMember)
		},
		Tables: map[string]string{
			"coproduction_projects":      "kept, led by a former member until an officer names a new lead",
			"coproduction_participants":  "removed",
			"coproduction_scores":        "kept, no longer naming who scored",
			"coproduction_stage_log":     "kept, no longer naming who moved the stage",
			"coproduction_measurements":  "kept, no longer naming who recorded them",
			"coproduction_reflections":   "kept in the learning log, by a former member",
			"coproduction_boards":        "kept, without a chair until one is named",
			"coproduction_board_members": "removed",
			"coproduction_actions":       "kept, owned by a former member",
			"coproduction_engagements":   "kept, no longer naming who owns them",
			"coproduction_papers":        "kept with their meeting, no longer naming who uploaded them",
			"coproduction_attendance":    "their own removed with their seats; what they recorded of others kept, no longer naming them",
		},
		Seed: func(ctx context.Context, p capability.SeedPeople) error {
			me, err := id.User(ctx, p.Person)
			if err != nil {
				return err
			}
			step := func(what string, err error) error {
				if err != nil {
					return fmt.Errorf("coproduction seed: %s: %w", what, err)
				}
				return nil
			}
			today := s.DB.Now(ctx).Format("2006-01-02")
			if err := step("criterion", s.SaveCriterion(ctx, me, "", CriterionInput{Name: "Lived experience", Description: "Who knows it best.", Weight: "3", Active: true})); err != nil {
				return err
			}
			proj, err := s.Propose(ctx, me, ProposalInput{Title: "Warm homes", Problem: "Cold homes.", Affected: "Older people", ServiceArea: "Housing", OrganisationID: p.Organisation})
			if err := step("propose", err); err != nil {
				return err
			}
			if err := step("take part", s.AddParticipant(ctx, me, proj.ID, ParticipantInput{Kind: "resident", Name: me.Name, Email: me.Email})); err != nil {
				return err
			}
			cs, err := s.Criteria(ctx, false)
			if err := step("criteria", err); err != nil {
				return err
			}
			scores := map[string]ScoreInput{}
			for _, c := range cs {
				scores[c.ID] = ScoreInput{Score: "3", Note: "Yes."}
			}
			if _, err := s.Assess(ctx, me, proj.ID, scores); err != nil {
				return step("assess", err)
			}
			if err := step("decide", s.Decide(ctx, me, proj.ID, "go", "Ready.")); err != nil {
				return err
			}
			if err := step("stage", s.MoveStage(ctx, me, proj.ID, "co-design", "collaborate", "Started.")); err != nil {
				return err
			}
			if err := step("outcome", s.AddOutcome(ctx, me, proj.ID, OutcomeInput{Name: "Warmer homes", Indicator: "Homes insulated", Unit: "homes", Baseline: "0", Target: "20", Direction: "up"})); err != nil {
				return err
			}
			outcomes, err := outcomeIDs(ctx, s.DB, proj.ID)
			if err := step("outcomes", err); err != nil {
				return err
			}
			if err := step("measure", s.AddMeasurement(ctx, me, proj.ID, MeasurementInput{OutcomeID: outcomes[0], MeasuredOn: today, Value: "4", Note: "A start."})); err != nil {
				return err
			}
			if err := step("reflect", s.AddReflection(ctx, me, proj.ID, ReflectionInput{Perspective: "resident", Worked: "Listening.", DidNot: "Evenings.", Change: "Daytime meetings."})); err != nil {
				return err
			}
			board, err := s.CreateBoard(ctx, me, BoardInput{Name: "Housing partnership", Kind: "partnership", Purpose: "Homes.", ChairEmail: me.Email})
			if err := step("board", err); err != nil {
				return err
			}
			if err := step("seat", s.AddMember(ctx, me, board, MemberInput{Email: me.Email, Role: "Resident voice"})); err != nil {
				return err
			}
			meeting, err := s.AddMeeting(ctx, me, board, MeetingInput{HeldOn: today, Agenda: "Winter."})
			if err := step("meeting", err); err != nil {
				return err
			}
			if err := step("paper", s.AddPaper(ctx, me, board, meeting, PaperInput{Title: "Winter plan", Filename: "plan.txt", Data: []byte("Insulate twenty homes.\n")})); err != nil {
				return err
			}
			if err := step("action", s.AddAction(ctx, me, board, meeting, ActionInput{Text: "Ask the landlords.", Owner: me.Email, DueOn: today})); err != nil {
				return err
			}
			if err := step("apologies", s.SendApologies(ctx, me, board, meeting, "Away that week.")); err != nil {
				return err
			}
			_, err = s.CreateEngagement(ctx, me, EngagementInput{Title: "Drop-in", ProjectID: proj.ID, Phase: "planned", HeldOn: today})
			return step("engagement", err)
		},
	}
}
