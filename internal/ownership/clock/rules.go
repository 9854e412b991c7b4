package clock

import (
	"errors"
	"fmt"
)

// Unit is what a period is counted in.
type Unit string

const (
	Days        Unit = "days"
	Weeks       Unit = "weeks"
	Months      Unit = "months"
	Years       Unit = "years"
	WorkingDays Unit = "working-days"
)

// Counting says whether the day a period runs from is its first day.
type Counting string

const (
	// BeginningWith: "N beginning with" a date; that date is day 1.
	BeginningWith Counting = "beginning-with"
	// After: "within N of", "N after", "from", "beginning with the day after" a date; the
	// period begins the next day.
	After Counting = "after"
)

// Kind is what the end of a period means.
type Kind string

const (
	// Deadline: something must be done by the last day (a decision, a request, a claim).
	Deadline Kind = "deadline"
	// Period: a protection is in force until the last day (a listing, a moratorium).
	Period Kind = "period"
	// Earliest: the authority sets the deadline, but no sooner than the last day (Scotland's
	// offer date).
	Earliest Kind = "earliest"
)

// Rule is one statutory (or policy) period, as data.
type Rule struct {
	ID       string   // "acv.decide"
	Length   int      // 8
	Unit     Unit     // weeks
	Counting Counting // After
	Kind     Kind
	Nation   string // for WorkingDays: whose bank holidays are skipped
	// Party is who must act by a deadline: council, owner, group (the nominating group or
	// community body), or "" for a period.
	Party string
	// Extendable: the law lets the period be lengthened ("or such longer period as may be
	// agreed in writing"); Pausable: the clock may be stopped with a reason (policy clocks only).
	Extendable bool
	Pausable   bool
	// ExtendBeforeDue: an extension must be agreed on or before the current last day.
	ExtendBeforeDue bool
	Provisional     bool   // a proposed law, not yet in force
	Source          string // the section or regulation the rule comes from
	Words           string // the legislation's wording, briefly, as counted here
}

// ErrRule is returned for a rule that cannot be counted (no length, an unknown unit).
var ErrRule = errors.New("clock: the rule has no length or an unknown unit")

// ErrCalendar is returned when a working-day period reaches a year whose bank holidays are not
// held (see Holidays).
var ErrCalendar = errors.New("clock: no bank holiday data for that year")

// Due is the last day of the period running from start: the last day to act by a Deadline,
// the last day a Period is in force, or the earliest date an Earliest deadline may be set to.
func (r Rule) Due(start Date) (Date, error) {
	if start.IsZero() || r.Length <= 0 {
		return Date{}, ErrRule
	}
	switch r.Unit {
	case Days, Weeks:
		n := r.Length
		if r.Unit == Weeks {
			n *= 7
		}
		if r.Counting == BeginningWith {
			return start.AddDays(n - 1), nil
		}
		return start.AddDays(n), nil
	case Months, Years:
		n := r.Length
		if r.Unit == Years {
			n *= 12
		}
		end := start.AddMonths(n)
		if r.Counting == BeginningWith && end.Day() == start.Day() {
			// The day before the next period would begin on the corresponding date; with no
			// corresponding date (31 August to February) the period runs to the month's end.
			end = end.AddDays(-1)
		}
		return end, nil
	case WorkingDays:
		return r.addWorkingDays(start, r.Length)
	}
	return Date{}, ErrRule
}

// addWorkingDays finds the nth working day of the period.
func (r Rule) addWorkingDays(start Date, n int) (Date, error) {
	d := start
	if r.Counting == After {
		d = d.AddDays(1)
	}
	count := 0
	for {
		working, ok := IsWorkingDay(r.Nation, d)
		if !ok {
			return Date{}, fmt.Errorf("%w: %s (%s)", ErrCalendar, d, r.Nation)
		}
		if working {
			count++
			if count == n {
				return d, nil
			}
		}
		d = d.AddDays(1)
	}
}

// StartCounted reports whether the start date is day 1 of the period, for pages and the API.
func (r Rule) StartCounted() bool { return r.Counting == BeginningWith }

// Timetable is a named set of rules: one regime's clocks.
type Timetable struct {
	ID    string
	Rules []Rule
}

// Rule returns the timetable's rule with the id.
func (t Timetable) Rule(id string) (Rule, bool) {
	for _, r := range t.Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// The timetables' ids.
const (
	England             = "england"
	CommunityRightToBuy = "community-right-to-buy"
	ScotlandTimetable   = "scotland"
	Policy              = "policy"
)

const (
	localism = "Localism Act 2011"
	acvRegs  = "Assets of Community Value (England) Regulations 2012 (SI 2012/2421)"
	grcRules = "Tribunal Procedure (First-tier Tribunal) (General Regulatory Chamber) Rules 2009 (SI 2009/1976)"
	ceAct    = "Community Empowerment (Scotland) Act 2015"
	procRegs = "Asset Transfer Request (Procedure) (Scotland) Regulations 2016 (SSI 2016/357)"
	revRegs  = "Asset Transfer Request (Review Procedure) (Scotland) Regulations 2016 (SSI 2016/358)"
	appRegs  = "Asset Transfer Request (Appeals) (Scotland) Regulations 2016 (SSI 2016/359)"
	bill     = "English Devolution and Community Empowerment Bill (as introduced in 2025)"
)

// englandShared are the nomination, listing, review, appeal and compensation rules, the same
// under the current law and the proposed community right to buy.
var englandShared = []Rule{
	{ID: "acv.decide", Length: 8, Unit: Weeks, Counting: After, Kind: Deadline, Party: "council",
		Source: acvRegs + ", reg. 7", Words: "within eight weeks of receiving the nomination"},
	{ID: "acv.listing", Length: 5, Unit: Years, Counting: BeginningWith, Kind: Period,
		Source: localism + ", s.87(3)", Words: "the period of 5 years beginning with the date of that entry"},
	{ID: "acv.review_request", Length: 8, Unit: Weeks, Counting: After, Kind: Deadline, Party: "owner", Extendable: true,
		Source: acvRegs + ", reg. 10 and Schedule 2", Words: "eight weeks beginning with the day after written notice of listing was given, or a longer period the authority allows in writing"},
	{ID: "acv.review_decide", Length: 8, Unit: Weeks, Counting: After, Kind: Deadline, Party: "council", Extendable: true,
		Source: acvRegs + ", reg. 10 and Schedule 2", Words: "within eight weeks of the request for review, or a longer period agreed in writing with the owner"},
	{ID: "acv.appeal", Length: 28, Unit: Days, Counting: After, Kind: Deadline, Party: "owner",
		Source: acvRegs + ", reg. 11; " + grcRules + ", r.22(1)(b)", Words: "within 28 days of the date on which notice of the review decision was sent"},
	{ID: "acv.compensation", Length: 13, Unit: Weeks, Counting: After, Kind: Deadline, Party: "owner",
		Source: acvRegs + ", reg. 14(3)(b)", Words: "before the end of 13 weeks after the loss or expense was incurred or finished being incurred"},
}

// Timetables are every regime's rules, by id.
var Timetables = map[string]Timetable{
	England: {ID: England, Rules: append(append([]Rule{}, englandShared...),
		Rule{ID: "acv.interim", Length: 6, Unit: Weeks, Counting: BeginningWith, Kind: Period,
			Source: localism + ", s.95(6); " + acvRegs + ", reg. 2(a)", Words: "the interim moratorium: 6 weeks beginning with the date the authority receives the owner's notice"},
		Rule{ID: "acv.full", Length: 6, Unit: Months, Counting: BeginningWith, Kind: Period,
			Source: localism + ", s.95(6); " + acvRegs + ", reg. 2(a)(iii)", Words: "the full moratorium: 6 months beginning with that date"},
		Rule{ID: "acv.protected", Length: 18, Unit: Months, Counting: BeginningWith, Kind: Period,
			Source: localism + ", s.95(6)", Words: "the protected period: 18 months beginning with that date"},
	)},
	CommunityRightToBuy: {ID: CommunityRightToBuy, Rules: append(append([]Rule{}, englandShared...),
		Rule{ID: "acv.interim", Length: 6, Unit: Weeks, Counting: BeginningWith, Kind: Period, Provisional: true,
			Source: bill, Words: "a window for community groups to register interest after the owner's notice (length assumed to stay 6 weeks until the Act is made)"},
		Rule{ID: "crtb.moratorium", Length: 12, Unit: Months, Counting: BeginningWith, Kind: Period, Provisional: true,
			Source: bill, Words: "a 12-month moratorium beginning with the owner's notice, with a right of first refusal for the community group"},
		Rule{ID: "acv.protected", Length: 18, Unit: Months, Counting: BeginningWith, Kind: Period, Provisional: true,
			Source: bill, Words: "a protected period after the moratorium (assumed to stay 18 months until the Act is made)"},
	)},
	ScotlandTimetable: {ID: ScotlandTimetable, Rules: []Rule{
		{ID: "atr.decide", Length: 6, Unit: Months, Counting: After, Kind: Deadline, Party: "council", Extendable: true, ExtendBeforeDue: true,
			Source: ceAct + ", s.82(7)-(8); " + procRegs + ", reg. 10", Words: "6 months after the validation date, or a longer period agreed with the community transfer body before that period ends"},
		{ID: "atr.review", Length: 20, Unit: WorkingDays, Counting: BeginningWith, Kind: Deadline, Nation: Scotland, Party: "group",
			Source: ceAct + ", s.86; " + revRegs + ", reg. 3(2)", Words: "20 working days beginning with the date of the decision notice (or of the expiry of the period for a decision)"},
		{ID: "atr.appeal", Length: 20, Unit: WorkingDays, Counting: BeginningWith, Kind: Deadline, Nation: Scotland, Party: "group",
			Source: ceAct + ", s.85; " + appRegs + ", reg. 3(2)", Words: "20 working days beginning with the date of the decision notice (or of the expiry of the period for a decision)"},
		{ID: "atr.offer", Length: 6, Unit: Months, Counting: After, Kind: Earliest, Party: "group",
			Source: ceAct + ", s.82(7) and s.83; Scottish Government guidance for relevant authorities, paras 16.2 and 16.4", Words: "the offer date in the decision notice must be at least 6 months from the date of the decision notice"},
	}},
}

// PolicyRules are the target clocks of a council's community asset transfer policy, with the
// lengths the council chose (in days, weeks or months; After counting; pausable).
func PolicyRules(eoiReply, assessment, completion int, unit Unit) []Rule {
	mk := func(id string, n int) Rule {
		return Rule{ID: id, Length: n, Unit: unit, Counting: After, Kind: Deadline, Party: "council", Pausable: true, Extendable: true,
			Source: "the council's community asset transfer policy", Words: "a target the council set for itself"}
	}
	return []Rule{mk("cat.eoi_reply", eoiReply), mk("cat.assessment", assessment), mk("cat.completion", completion)}
}

// RuleFor finds a rule by id in the timetable, falling back to the policy rules given.
func RuleFor(timetable, id string, policy []Rule) (Rule, bool) {
	if t, ok := Timetables[timetable]; ok {
		if r, ok := t.Rule(id); ok {
			return r, true
		}
	}
	for _, r := range policy {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
