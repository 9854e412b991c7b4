package clock

import "errors"

// Status is where a clock stands on a given day.
type Status string

const (
	NotStarted Status = "not_started" // a period that starts later
	Running    Status = "running"     // a deadline more than a week away
	DueSoon    Status = "due_soon"    // a deadline within the next 7 days (or today)
	Overdue    Status = "overdue"     // a deadline passed without being met
	Paused     Status = "paused"      // stopped with a reason, to be resumed
	Met        Status = "met"         // done on or before the last day
	MetLate    Status = "met_late"    // done after the last day
	InForce    Status = "in_force"    // a period running
	Ended      Status = "ended"       // a period over
	Stopped    Status = "stopped"     // no longer relevant (the case ended another way)
)

// SoonDays is how close a deadline must be to count as due soon.
const SoonDays = 7

// Pause is a stretch during which a pausable clock stood still; To is zero while it lasts.
type Pause struct {
	From, To Date
	Reason   string
}

// Clock is a rule running from a start date, with what happened to it since.
type Clock struct {
	Rule  Rule
	Start Date
	// SetDue is the deadline the authority chose, for an Earliest rule (zero: the earliest).
	SetDue Date
	// ExtendedTo is the last day agreed or allowed in writing, for an Extendable rule.
	ExtendedTo Date
	Pauses     []Pause
	Met        Date // the day the thing was done (deadlines)
	Stopped    Date // the day the clock stopped mattering
}

// Due is the clock's last day after any chosen deadline, pauses and extension. For a pausable
// clock each whole paused day moves the last day on by a day (an open pause counts up to today).
func (c Clock) Due(today Date) (Date, error) {
	due, err := c.Rule.Due(c.Start)
	if err != nil {
		return Date{}, err
	}
	if c.Rule.Kind == Earliest && !c.SetDue.IsZero() && c.SetDue.After(due) {
		due = c.SetDue
	}
	if paused := c.PausedDays(today); paused > 0 {
		due = due.AddDays(paused)
	}
	if !c.ExtendedTo.IsZero() && c.ExtendedTo.After(due) {
		due = c.ExtendedTo
	}
	return due, nil
}

// PausedDays counts the days the clock stood still, up to today for a pause still open.
func (c Clock) PausedDays(today Date) int {
	n := 0
	for _, p := range c.Pauses {
		to := p.To
		if to.IsZero() {
			to = today
		}
		if to.After(p.From) {
			n += p.From.DaysUntil(to)
		}
	}
	return n
}

// IsPaused reports whether a pause is open.
func (c Clock) IsPaused() bool {
	for _, p := range c.Pauses {
		if p.To.IsZero() {
			return true
		}
	}
	return false
}

// Status says where the clock stands on today.
func (c Clock) Status(today Date) (Status, error) {
	due, err := c.Due(today)
	if err != nil {
		return "", err
	}
	switch {
	case !c.Stopped.IsZero():
		return Stopped, nil
	case c.Rule.Kind == Period:
		if today.Before(c.Start) {
			return NotStarted, nil
		}
		if today.After(due) {
			return Ended, nil
		}
		return InForce, nil
	case !c.Met.IsZero():
		if c.Met.After(due) {
			return MetLate, nil
		}
		return Met, nil
	case c.IsPaused():
		return Paused, nil
	case today.After(due):
		return Overdue, nil
	case today.DaysUntil(due) <= SoonDays:
		return DueSoon, nil
	}
	return Running, nil
}

// Errors for changes the law does not allow.
var (
	ErrNotExtendable  = errors.New("clock: the law allows no extension of this period")
	ErrExtendTooLate  = errors.New("clock: the extension must be agreed on or before the last day of the period")
	ErrExtendNotLater = errors.New("clock: an extension must end after the current last day")
	ErrNotPausable    = errors.New("clock: a statutory period cannot be paused")
	ErrPauseState     = errors.New("clock: the clock is already paused, or not paused")
	ErrTooSoon        = errors.New("clock: the date is sooner than the law allows")
)

// Extend lengthens the clock to newDue, agreed (or allowed in writing) on agreedOn.
func (c *Clock) Extend(agreedOn, newDue Date) error {
	if !c.Rule.Extendable {
		return ErrNotExtendable
	}
	due, err := c.Due(agreedOn)
	if err != nil {
		return err
	}
	if c.Rule.ExtendBeforeDue && agreedOn.After(due) {
		return ErrExtendTooLate
	}
	if !newDue.After(due) {
		return ErrExtendNotLater
	}
	c.ExtendedTo = newDue
	return nil
}

// Pause stops a pausable clock from the day given.
func (c *Clock) Pause(from Date, reason string) error {
	if !c.Rule.Pausable {
		return ErrNotPausable
	}
	if c.IsPaused() || from.Before(c.Start) {
		return ErrPauseState
	}
	c.Pauses = append(c.Pauses, Pause{From: from, Reason: reason})
	return nil
}

// Resume restarts a paused clock from the day given.
func (c *Clock) Resume(on Date) error {
	for i := range c.Pauses {
		if c.Pauses[i].To.IsZero() {
			if on.Before(c.Pauses[i].From) {
				return ErrPauseState
			}
			c.Pauses[i].To = on
			return nil
		}
	}
	return ErrPauseState
}

// SetDeadline sets the deadline of an Earliest rule, refusing one sooner than the law allows.
func (c *Clock) SetDeadline(d Date) error {
	min, err := c.Rule.Due(c.Start)
	if err != nil {
		return err
	}
	if d.Before(min) {
		return ErrTooSoon
	}
	c.SetDue = d
	return nil
}
