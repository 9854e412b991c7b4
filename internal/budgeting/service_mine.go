package budgeting

import (
	"commons/internal/platform/actor"
	"context"

	"commons/internal/platform/errs"
)

// Mine lists the account's ideas (newest first) and ballots.
func (s *Service) Mine(ctx context.Context, actor *actor.Actor) ([]MyIdea, []MyVote, error) {
	if actor == nil {
		return nil, nil, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	authored, err := ideasByAuthor(ctx, s.DB, actor.ID)
	if err != nil {
		return nil, nil, err
	}
	var ideas []MyIdea
	for _, i := range authored {
		ideas = append(ideas, MyIdea{Idea: i})
	}
	processes := map[string]Process{}
	get := func(id string) (Process, error) {
		if p, ok := processes[id]; ok {
			return p, nil
		}
		p, err := getProcess(ctx, s.DB, id)
		processes[id] = p
		return p, err
	}
	for k := range ideas {
		if ideas[k].Process, err = get(ideas[k].ProcessID); err != nil {
			return nil, nil, err
		}
	}
	found, err := ballotsOfVoter(ctx, s.DB, "account:"+actor.ID)
	if err != nil {
		return nil, nil, err
	}
	now := s.DB.Now(ctx)
	var votes []MyVote
	for _, r := range found {
		if r.v.Process, err = get(r.pid); err != nil {
			return nil, nil, err
		}
		r.v.Open = r.v.Process.VotingState(now) == "open"
		votes = append(votes, r.v)
	}
	return ideas, votes, nil
}
