package campaigns

import (
	"context"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/charts"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
)

// Actions lists a campaign's actions, latest first, with their events' titles and pages.
func (s *Service) Actions(ctx context.Context, campaignID string) ([]Action, error) {
	as, err := actionsOf(ctx, s.DB, campaignID)
	if err != nil {
		return nil, err
	}
	for i := range as {
		if as[i].EventID == "" {
			continue
		}
		as[i].EventURL = "/events/" + as[i].EventID
		if s.Events != nil {
			if title, u, _, err := s.Events.EventSummary(ctx, as[i].EventID); err == nil {
				as[i].EventTitle, as[i].EventURL = title, u
			}
		}
	}
	return as, nil
}

// eventID reads an event's id from what a team member pasted: the event's address on Commons,
// or its id.
func eventID(s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil && u.Path != "" {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i := 0; i+1 < len(parts); i++ {
			if parts[i] == "events" && ids.Valid(parts[i+1]) {
				return parts[i+1]
			}
		}
	}
	if ids.Valid(s) {
		return s
	}
	return ""
}

// AddAction records an action. An event is named by its address or id on Commons: its title
// and day come from the events capability when it is there.
func (s *Service) AddAction(ctx context.Context, a *actor.Actor, campaignID string, in ActionInput) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	turnout, err := in.Validate()
	if err != nil {
		return err
	}
	act := Action{ID: ids.New(), CampaignID: campaignID, Kind: in.Kind, Title: in.Title, HappensOn: in.HappensOn, Target: in.Target,
		Turnout: turnout, Outcome: in.Outcome}
	if in.Kind == "event" {
		act.EventID = eventID(in.Event)
		if act.EventID == "" {
			return errs.FieldErrors(map[string]string{"action_event": "campaigns.err.event"})
		}
		if s.Events != nil {
			_, _, starts, err := s.Events.EventSummary(ctx, act.EventID)
			if err != nil {
				if errs.Is(err, errs.NotFound) {
					return errs.FieldErrors(map[string]string{"action_event": "campaigns.err.event_unknown"})
				}
				return err
			}
			if act.HappensOn == "" {
				act.HappensOn = today(starts)
			}
		}
		if act.HappensOn == "" {
			return errs.FieldErrors(map[string]string{"action_on": "campaigns.err.day"})
		}
	}
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		act.CreatedAt = now
		if err := insertAction(ctx, s.DB, act, a.ID); err != nil {
			return err
		}
		return touchCampaign(ctx, s.DB, campaignID, now)
	}), "error.internal")
}

// RecordResult records an action's turnout and outcome after it happened.
func (s *Service) RecordResult(ctx context.Context, a *actor.Actor, campaignID, actionID, turnout, outcome string) error {
	if err := s.mustTeam(ctx, a, campaignID); err != nil {
		return err
	}
	act, err := actionByID(ctx, s.DB, actionID)
	if err != nil || act.CampaignID != campaignID {
		return errs.E(errs.NotFound, "error.not_found")
	}
	in := ActionInput{Kind: act.Kind, Title: act.Title, HappensOn: act.HappensOn, Event: act.EventID, Turnout: turnout, Outcome: outcome}
	if act.Kind == "event" && in.Event == "" {
		in.Event = "-"
	}
	n, err := in.Validate()
	if err != nil {
		return renameFields(err, "result_")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		return updateActionResult(ctx, s.DB, actionID, n, in.Outcome, s.DB.Now(ctx))
	})
}

// Timeline is how a campaign's support and actions grew: an SVG line chart and the same numbers
// as a table.
type Timeline struct {
	Chart template.HTML
	Table charts.Table
}

// Timeline draws the campaign's confirmed supporters, confirmed signatures and actions taken,
// each counted up to the end of every week since it started (every month after half a year).
func (s *Service) Timeline(ctx context.Context, c Campaign, lang string) (Timeline, error) {
	sup, err := supportTimes(ctx, s.DB, c.ID)
	if err != nil {
		return Timeline{}, err
	}
	sig, err := signatureTimes(ctx, s.DB, c.ID)
	if err != nil {
		return Timeline{}, err
	}
	acts, err := actionsOf(ctx, s.DB, c.ID)
	if err != nil {
		return Timeline{}, err
	}
	now := s.DB.Clock().Now()
	var actDays []time.Time
	for _, a := range acts {
		if t, ok := i18n.CalendarDay(a.HappensOn); ok && !t.After(now) {
			actDays = append(actDays, t)
		}
	}
	slices.SortFunc(actDays, func(a, b time.Time) int { return a.Compare(b) })
	ends := bucketEnds(c.CreatedAt, now)
	tr := func(k string, args ...any) string { return s.T(lang, k, args...) }
	series := []charts.Series{
		{Name: tr("campaigns.timeline.supporters"), Points: cumulative(sup, ends)},
		{Name: tr("campaigns.timeline.signatures"), Points: cumulative(sig, ends)},
		{Name: tr("campaigns.timeline.actions"), Points: cumulative(actDays, ends)},
	}
	chart, table := charts.Line("timeline-"+c.ID, tr("campaigns.timeline.title"), "", series, charts.LineOptions{
		YLabel: tr("campaigns.timeline.ylabel"), XHeading: tr("campaigns.timeline.date"), NoData: tr("campaigns.timeline.none"),
		FormatDate: func(t time.Time) string { return i18n.DayShort(lang, t) }})
	table.Empty = tr("campaigns.timeline.none")
	return Timeline{Chart: chart, Table: table}, nil
}

// bucketEnds are the ends of the weeks (or months, after 26 weeks) from start to now, now last.
func bucketEnds(start, now time.Time) []time.Time {
	start, now = start.In(i18n.London), now.In(i18n.London)
	var ends []time.Time
	step := func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	if now.Sub(start) > 26*7*24*time.Hour {
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	}
	for t := step(start); t.Before(now) && len(ends) < 400; t = step(t) {
		ends = append(ends, t)
	}
	return append(ends, now)
}

// cumulative counts the times at or before each end.
func cumulative(ts []time.Time, ends []time.Time) []charts.Point {
	out := make([]charts.Point, len(ends))
	i := 0
	for j, e := range ends {
		for i < len(ts) && !ts[i].After(e) {
			i++
		}
		out[j] = charts.Point{X: e, Y: float64(i)}
	}
	return out
}
