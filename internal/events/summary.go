package events

import (
	"context"
	"time"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// EventSummary is an event's title, the address of its page and when it starts, for the
// capabilities that link to an event without importing this one (a course run live, a
// campaign's action at an event). An event that is not there, or still a draft, is errs.NotFound.
func (s *Service) EventSummary(ctx context.Context, eventID string) (title, url string, startsAt time.Time, err error) {
	if !ids.Valid(eventID) {
		return "", "", time.Time{}, errs.E(errs.NotFound, "events.not_found")
	}
	e, err := eventByID(ctx, s.DB, eventID)
	if err != nil {
		return "", "", time.Time{}, err
	}
	if e.Draft {
		return "", "", time.Time{}, errs.E(errs.NotFound, "events.not_found")
	}
	return e.Title, "/events/" + e.ID, e.StartsAt, nil
}
