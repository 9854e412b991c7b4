package budgeting

import (
	"context"
	"net/http"
	"time"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// A resident's own page, "Your ideas and votes": every idea they suggested with where it stands
// and why, and every ballot they cast with its receipt and whether they can still change it.

// MyVote is one of an account's ballots as its own page lists it.
type MyVote struct {
	Process  Process
	AreaName string
	Receipt  string
	Choices  int
	Updated  time.Time
	Open     bool // voting is open, so the ballot can still be changed
	Assisted string
}

// MyIdea is one of an account's ideas with its process.
type MyIdea struct {
	Idea
	Process Process
}

// Mine lists the account's ideas (newest first) and ballots.
func (s *Service) Mine(ctx context.Context, actor *web.User) ([]MyIdea, []MyVote, error) {
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

// State is where an idea stands, as its author and the public see it: hidden, submitted
// (waiting for review), rejected, accepted (on the ballot), funded, not_funded or delivered.
func (i *Idea) State() string {
	switch {
	case i.Hidden():
		return "hidden"
	case i.DeliveredAt != nil:
		return "delivered"
	case i.Outcome == "funded" || i.Outcome == "not_funded":
		return i.Outcome
	}
	return i.Status
}

type minePage struct {
	web.Page
	money
	Ideas []MyIdea
	Votes []MyVote
}

// Mine shows the signed-in person's ideas and votes.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) error {
	ideas, votes, err := h.Svc.Mine(r.Context(), web.CurrentUser(r))
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "budgeting/mine", &minePage{Page: h.Kit.NewPage(r, "budgeting.mine.title"), Ideas: ideas, Votes: votes})
	return nil
}
