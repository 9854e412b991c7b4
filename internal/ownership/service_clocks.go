package ownership

import (
	"context"
	"errors"
	"slices"
	"strings"

	"commons/internal/ownership/clock"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// Conditional is the status of the full moratorium while no community interest group has asked
// to bid but the interim moratorium still runs: it applies only if one does.
const Conditional clock.Status = "conditional"

// ClockView is a clock as pages and the API show it.
type ClockView struct {
	ID           string       `json:"id"`
	Rule         string       `json:"rule"`
	Start        clock.Date   `json:"start_date"`
	Due          clock.Date   `json:"due_date"`
	Status       clock.Status `json:"status"`
	Kind         clock.Kind   `json:"kind"`
	Party        string       `json:"party,omitempty"`
	StartCounted bool         `json:"start_day_counted"`
	Source       string       `json:"source"`
	Words        string       `json:"wording"`
	Provisional  bool         `json:"provisional,omitempty"`
	ExtendedTo   clock.Date   `json:"extended_to,omitempty"`
	ExtendReason string       `json:"extend_reason,omitempty"`
	Met          clock.Date   `json:"met_on,omitempty"`
	Stopped      clock.Date   `json:"stopped_on,omitempty"`
	Paused       bool         `json:"paused"`
	Pauses       []PauseView  `json:"pauses,omitempty"`
	Extendable   bool         `json:"extendable"`
	Pausable     bool         `json:"pausable"`
}

// PauseView is a pause of a policy clock.
type PauseView struct {
	From   clock.Date `json:"from"`
	To     clock.Date `json:"to,omitempty"`
	Reason string     `json:"reason"`
}

// Open reports whether a deadline is still to be met.
func (v ClockView) Open() bool {
	return v.Kind != clock.Period && v.Met.IsZero() && v.Stopped.IsZero()
}

func (s *Service) clockOf(ctx context.Context, c *Case, row ClockRow) (clock.Clock, bool) {
	r, ok := s.ruleFor(ctx, c, row.Rule)
	if !ok {
		return clock.Clock{}, false
	}
	return clock.Clock{Rule: r, Start: row.Start, SetDue: row.SetDue, ExtendedTo: row.ExtendedTo, Pauses: row.Pauses, Met: row.Met, Stopped: row.Stopped}, true
}

// clockViews computes every clock of a case on today.
func (s *Service) clockViews(ctx context.Context, c *Case, rows []ClockRow, events []Event, today clock.Date) []ClockView {
	var out []ClockView
	for _, row := range rows {
		ck, ok := s.clockOf(ctx, c, row)
		if !ok {
			continue
		}
		due, err := ck.Due(today)
		if err != nil {
			due = row.Due
		}
		st, err := ck.Status(today)
		if err != nil {
			st = clock.Running
		}
		if st == clock.Overdue && ck.Rule.Party != "council" {
			st = clock.Ended // the owner's or group's right lapsed; nothing is overdue for the council
		}
		if row.Rule == "acv.full" && row.Stopped.IsZero() {
			st = fullStatus(st, row.Start, events, s, ctx, c, today)
		}
		v := ClockView{ID: row.ID, Rule: row.Rule, Start: row.Start, Due: due, Status: st, Kind: ck.Rule.Kind, Party: ck.Rule.Party,
			StartCounted: ck.Rule.StartCounted(), Source: ck.Rule.Source, Words: ck.Rule.Words, Provisional: ck.Rule.Provisional,
			ExtendedTo: row.ExtendedTo, ExtendReason: row.ExtendReason, Met: row.Met, Stopped: row.Stopped, Paused: ck.IsPaused(),
			Extendable: ck.Rule.Extendable, Pausable: ck.Rule.Pausable}
		for _, p := range row.Pauses {
			v.Pauses = append(v.Pauses, PauseView{From: p.From, To: p.To, Reason: p.Reason})
		}
		out = append(out, v)
	}
	// In time order, and rules that start together in the order the law sets them out.
	slices.SortStableFunc(out, func(a, b ClockView) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return slices.Index(ruleOrder, a.Rule) - slices.Index(ruleOrder, b.Rule)
	})
	return out
}

var ruleOrder = []string{"acv.decide", "acv.listing", "acv.review_request", "acv.review_decide", "acv.appeal", "acv.interim", "acv.full",
	"crtb.moratorium", "acv.protected", "acv.compensation", "atr.decide", "atr.review", "atr.appeal", "atr.offer", "cat.eoi_reply",
	"cat.assessment", "cat.completion"}

// fullStatus: the full moratorium applies only when a community interest group asked to be
// treated as a bidder during the interim moratorium (Localism Act 2011 s.95(3)).
func fullStatus(st clock.Status, notice clock.Date, events []Event, s *Service, ctx context.Context, c *Case, today clock.Date) clock.Status {
	interim, _ := s.ruleFor(ctx, c, "acv.interim")
	end, err := interim.Due(notice)
	if err != nil {
		return st
	}
	for _, e := range events {
		if e.Step == "acv.bidder_request" && !e.On.Before(notice) && !e.On.After(end) {
			return st
		}
	}
	if today.After(end) {
		return clock.Stopped
	}
	return Conditional
}

// startClock starts a rule of the case's timetable from a date (skipped when the timetable has
// no such rule, as the proposed right to buy has no separate full moratorium).
func (s *Service) startClock(ctx context.Context, c *Case, rule string, start, setDue clock.Date) error {
	r, ok := s.ruleFor(ctx, c, rule)
	if !ok {
		return nil
	}
	ck := clock.Clock{Rule: r, Start: start}
	if !setDue.IsZero() {
		if err := ck.SetDeadline(setDue); err != nil {
			return errs.FieldErrors(map[string]string{"offer_on": "ownership.err.offer_too_soon"})
		}
	}
	due, err := ck.Due(start)
	if errors.Is(err, clock.ErrCalendar) {
		return errs.E(errs.Invalid, "ownership.err.calendar")
	}
	if err != nil {
		return err
	}
	return insertClock(ctx, s.DB, &ClockRow{CaseID: c.ID, Rule: rule, Start: start, Due: due, SetDue: ck.SetDue})
}

// openClocks are a case's clocks of a rule still to be met or stopped, newest first.
func openClocks(rows []ClockRow, rule string) []ClockRow {
	var out []ClockRow
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].Rule == rule && rows[i].Met.IsZero() && rows[i].Stopped.IsZero() {
			out = append(out, rows[i])
		}
	}
	return out
}

// ClockChange is an officer's change to a clock: an extension agreed (or allowed in writing), a
// pause or a resumption, each with its reason.
type ClockChange struct {
	Action string // extend, pause, resume
	On     string // the day it was agreed, or the pause starts or ends
	NewDue string // extend: the new last day
	Reason string
}

// ChangeClock extends, pauses or resumes a clock, where the law allows.
func (s *Service) ChangeClock(ctx context.Context, a *actor.Actor, caseID, clockID string, ch ClockChange) error {
	if !IsOfficer(a) {
		return errForbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, err := caseForUpdate(ctx, s.DB, caseID)
		if err != nil {
			return err
		}
		// The clock is looked up under its case first: another case's clock is not found,
		// whatever the form says.
		rows, err := queryClocks(ctx, s.DB, `WHERE case_id = $1 AND id = $2`, caseID, clockID)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return errNotFound
		}
		f := map[string]string{}
		on, err := clock.Parse(ch.On)
		if err != nil {
			f["on"] = "ownership.err.date"
		}
		reason := strings.TrimSpace(ch.Reason)
		if reason == "" && ch.Action != "resume" || tooLong(reason, 2000) {
			f["reason"] = "ownership.err.clock_reason"
		}
		var newDue clock.Date
		if ch.Action == "extend" {
			if newDue, err = clock.Parse(ch.NewDue); err != nil {
				f["new_due"] = "ownership.err.date"
			}
		} else if ch.Action != "pause" && ch.Action != "resume" {
			return errs.E(errs.Invalid, "error.invalid")
		}
		if len(f) > 0 {
			return errs.FieldErrors(f)
		}
		if on.After(s.Today(ctx)) {
			return errs.FieldErrors(map[string]string{"on": "ownership.err.future"})
		}
		row := rows[0]
		ck, ok := s.clockOf(ctx, &c, row)
		if !ok || !row.Met.IsZero() || !row.Stopped.IsZero() {
			return errs.E(errs.Conflict, "ownership.err.clock_closed")
		}
		step := "clock." + ch.Action
		switch ch.Action {
		case "extend":
			switch err := ck.Extend(on, newDue); {
			case errors.Is(err, clock.ErrNotExtendable):
				return errs.FieldErrors(map[string]string{"new_due": "ownership.err.not_extendable"})
			case errors.Is(err, clock.ErrExtendTooLate):
				return errs.FieldErrors(map[string]string{"on": "ownership.err.extend_late"})
			case errors.Is(err, clock.ErrExtendNotLater):
				return errs.FieldErrors(map[string]string{"new_due": "ownership.err.extend_sooner"})
			case err != nil:
				return err
			}
			row.ExtendedTo, row.ExtendReason = ck.ExtendedTo, reason
		case "pause":
			if err := ck.Pause(on, reason); errors.Is(err, clock.ErrNotPausable) {
				return errs.FieldErrors(map[string]string{"reason": "ownership.err.not_pausable"})
			} else if err != nil {
				return errs.FieldErrors(map[string]string{"on": "ownership.err.pause_state"})
			}
			if err := insertPause(ctx, s.DB, row.ID, clock.Pause{From: on, Reason: reason}); err != nil {
				return err
			}
		case "resume":
			if err := ck.Resume(on); err != nil {
				return errs.FieldErrors(map[string]string{"on": "ownership.err.pause_state"})
			}
			if err := endPause(ctx, s.DB, row.ID, on); err != nil {
				return err
			}
		}
		if row.Due, err = ck.Due(s.Today(ctx)); err != nil {
			return err
		}
		if err := saveClock(ctx, s.DB, &row); err != nil {
			return err
		}
		return insertEvent(ctx, s.DB, &Event{CaseID: c.ID, Step: step, On: on, Outcome: row.Rule, Detail: reason,
			ActorID: a.ID, ActorName: a.Name, ActorRole: ByOfficer, Channel: "online"})
	})
}

// stepAllowedByClock hides a step from the owner or group once its deadline has passed (an
// officer may still record it, as the authority may allow longer in writing).
func stepAllowedByClock(clocks []ClockView, rule string, roles []string) bool {
	if slices.Contains(roles, ByOfficer) {
		return true
	}
	for _, c := range clocks {
		if c.Rule == rule && c.Open() && c.Status != clock.Overdue {
			return true
		}
	}
	return false
}
