package budgeting

import (
	"context"
	"fmt"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
)

// accountHooks are participatory budgeting's part of a person's data download and account
// deletion.
func accountHooks(s *Service, id *identity.Service) *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: func(ctx context.Context, accountID string) (any, error) {
			return db.MapsOf(ctx, s.DB, accountExports, accountID)
		},
		Delete: func(ctx context.Context, accountID string) error {
			return forgetAccount(ctx, s.DB, accountID, identity.FormerMember)
		},
		Tables: map[string]string{
			"budget_processes": "kept: a process they set up stays, set up by a former member",
			"budget_ideas":     "kept: an idea stays in its process (and its count), no longer naming who suggested it",
			"budget_supports":  "removed",
			"budget_comments":  "kept, by a former member",
			"budget_reviewers": "removed",
			"budget_ballots":   "kept and counted, but no longer tied to them",
			"budget_counts":    "kept: a count they ran or published stays, no longer naming who",
			"budget_voters":    "removed (the ballot itself stays counted, tied to nobody)",
		},
		Seed: func(ctx context.Context, p capability.SeedPeople) error {
			me, err := id.User(ctx, p.Person)
			if err != nil {
				return err
			}
			other, err := id.User(ctx, p.Officer)
			if err != nil {
				return err
			}
			step := func(what string, err error) error {
				if err != nil {
					return fmt.Errorf("budgeting seed: %s: %w", what, err)
				}
				return nil
			}
			today := s.DB.Now(ctx).In(London)
			day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
			in := ProcessInput{Title: "Greener streets", Description: "Choose.", Total: "10000", Phase: "ideas",
				IdeasFrom: day(-30), ReviewFrom: day(-20), VotingFrom: day(-10), VotingUntil: day(10), ResultsFrom: day(20),
				Format: FormatBudget, Rule: "greedy", MinAge: "0", VoterAccess: "either"}
			proc, err := s.SaveProcess(ctx, me, "", in)
			if err := step("set up", err); err != nil {
				return err
			}
			if err := step("reviewer", s.AddReviewer(ctx, me, proc.ID, me.Email)); err != nil {
				return err
			}
			mine, err := s.SubmitIdea(ctx, me, proc.ID, IdeaInput{Title: "Trees on High Street", Description: "Six trees.", Estimate: "3000", ShowName: true})
			if err := step("idea", err); err != nil {
				return err
			}
			theirs, err := s.SubmitIdea(ctx, other, proc.ID, IdeaInput{Title: "Benches in the park", Description: "Four benches.", Estimate: "2000"})
			if err := step("other's idea", err); err != nil {
				return err
			}
			if err := step("support", s.Support(ctx, me, theirs.ID)); err != nil {
				return err
			}
			if err := step("comment", s.AddNamedComment(ctx, me, theirs.ID, "Near the play area, please.", true)); err != nil {
				return err
			}
			for _, i := range []Idea{mine, theirs} {
				if err := s.Review(ctx, me, i.ID, ReviewInput{Decision: "accepted", Feasibility: "Can be done.", Cost: "2000"}); err != nil {
					return step("review", err)
				}
			}
			in.Phase = "voting"
			if _, err := s.SaveProcess(ctx, me, proc.ID, in); err != nil {
				return step("open voting", err)
			}
			_, err = s.Vote(ctx, Voter{Account: me, NoMail: true}, proc.ID, BallotInput{Eligible: true, Choices: []Choice{{IdeaID: mine.ID, Points: 1}}})
			if err := step("vote", err); err != nil {
				return err
			}
			if err := step("count", s.Count(ctx, me, proc.ID, CountInput{Confirm: true, CloseEarly: true})); err != nil {
				return err
			}
			return step("publish", s.Publish(ctx, me, proc.ID, true))
		},
	}
}
