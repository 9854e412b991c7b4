package budgeting

import (
	"net/http"
	"time"

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
