package events

import (
	"commons/internal/platform/actor"
	"context"
	"sort"

	"commons/internal/identity"
)

// Tally is how many registered and attended in one group (a sector, an area or a session).
type Tally struct {
	Key, Label           string
	Registered, Attended int
}

// Insights are an event's registrations and attendance by sector, area and session.
type Insights struct {
	Registered, Attended, Waitlisted, Cancelled, WalkIns int
	BySector, ByArea, BySession                          []Tally
	Feedback                                             FeedbackSummary
}

// Insights counts confirmed registrations (walk-ins included) and check-ins.
func (s *Service) Insights(ctx context.Context, u *actor.Actor, eventID string) (Event, Insights, error) {
	var in Insights
	e, err := s.Organised(ctx, u, eventID)
	if err != nil {
		return e, in, err
	}
	regs, err := queryRegistrations(ctx, s.DB, `WHERE r.event_id = $1 ORDER BY r.created_at, r.id`, eventID)
	if err != nil {
		return e, in, err
	}
	sectors := map[string]*Tally{}
	for _, sec := range identity.Sectors {
		sectors[sec] = &Tally{Key: sec, Label: sec}
		in.BySector = append(in.BySector, Tally{})
	}
	areas := map[string]*Tally{}
	sessions := map[string]*Tally{}
	for _, ss := range e.Sessions {
		sessions[ss.ID] = &Tally{Key: ss.ID, Label: ss.Title}
	}
	attended := map[string]bool{}
	for _, r := range regs {
		switch r.Status {
		case Waitlisted:
			in.Waitlisted++
			continue
		case Cancelled:
			in.Cancelled++
			continue
		}
		came := r.CheckedInAt != nil
		attended[r.ID] = came
		in.Registered++
		if r.WalkIn {
			in.WalkIns++
		}
		add := func(t *Tally) {
			t.Registered++
			if came {
				t.Attended++
			}
		}
		if came {
			in.Attended++
		}
		add(sectors[r.Sector])
		key := r.AreaID
		if areas[key] == nil {
			areas[key] = &Tally{Key: key, Label: r.AreaName}
		}
		add(areas[key])
	}
	for i, sec := range identity.Sectors {
		in.BySector[i] = *sectors[sec]
	}
	for _, t := range areas {
		in.ByArea = append(in.ByArea, *t)
	}
	sort.Slice(in.ByArea, func(a, b int) bool {
		x, y := in.ByArea[a], in.ByArea[b]
		if (x.Key == "") != (y.Key == "") {
			return y.Key == "" // "no area given" last
		}
		if x.Registered != y.Registered {
			return x.Registered > y.Registered
		}
		return x.Label < y.Label
	})
	choices, err := querySessionChoices(ctx, s.DB, eventID)
	if err != nil {
		return e, in, err
	}
	for _, c := range choices {
		rid, sid := c[0], c[1]
		if t := sessions[sid]; t != nil {
			t.Registered++
			if attended[rid] {
				t.Attended++
			}
		}
	}
	for _, ss := range e.Sessions {
		in.BySession = append(in.BySession, *sessions[ss.ID])
	}
	in.Feedback, err = s.feedbackSummary(ctx, eventID)
	return e, in, err
}

// FeedbackSummary sums up the feedback form's answers.
type FeedbackSummary struct {
	Count    int
	Average  float64
	ByRating [5]int // index 0 is a rating of 1
	Comments []Feedback
}
