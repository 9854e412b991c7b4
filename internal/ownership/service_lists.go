package ownership

import (
	"context"
	"slices"
	"strings"

	"commons/internal/ownership/clock"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/place"
)

// Entry is a case on a register, with the dates its clocks give.
type Entry struct {
	Case
	Clocks []ClockView
}

// Clock returns the entry's newest clock of a rule.
func (e Entry) Clock(rule string) (ClockView, bool) {
	for i := len(e.Clocks) - 1; i >= 0; i-- {
		if e.Clocks[i].Rule == rule {
			return e.Clocks[i], true
		}
	}
	return ClockView{}, false
}

// Moratorium says where a listed asset stands after an owner's notice: "" (no notice in force),
// interim, full, protected.
func (e Entry) Moratorium() string {
	// The full moratorium (once a group asked to bid) before the interim one it overlaps.
	for _, r := range []string{"acv.full", "crtb.moratorium", "acv.interim", "acv.protected"} {
		if c, ok := e.Clock(r); ok && c.Status == clock.InForce && c.Start.Equal(e.NoticeOn) {
			return strings.TrimPrefix(strings.TrimPrefix(r, "acv."), "crtb.")
		}
	}
	return ""
}

func (s *Service) entries(ctx context.Context, cases []Case) ([]Entry, error) {
	today := s.Today(ctx)
	out := make([]Entry, 0, len(cases))
	for _, c := range cases {
		rows, err := queryClocks(ctx, s.DB, `WHERE case_id = $1 ORDER BY start_on, created_at`, c.ID)
		if err != nil {
			return nil, err
		}
		var events []Event
		if c.NoticeOn != (clock.Date{}) {
			if events, err = queryEvents(ctx, s.DB, `WHERE case_id = $1 AND step = 'acv.bidder_request'`, c.ID); err != nil {
				return nil, err
			}
		}
		out = append(out, Entry{Case: c, Clocks: s.clockViews(ctx, &c, rows, events, today)})
	}
	return out, nil
}

// Register names the public registers.
type Register string

const (
	RegisterACV          Register = "acv"          // assets of community value (on the list now)
	RegisterACVAll       Register = "acv-all"      // every listing, past and present (the dataset)
	RegisterUnsuccessful Register = "unsuccessful" // unsuccessful nominations
	RegisterTransfers    Register = "transfers"    // asset transfer requests and community asset transfers
)

// Entries lists a public register.
func (s *Service) Entries(ctx context.Context, reg Register, q string) ([]Entry, error) {
	var where string
	switch reg {
	case RegisterACV:
		where = `WHERE c.kind = 'acv' AND c.status IN ('listed', 'review', 'appeal') ORDER BY c.listed_on DESC, c.reference`
	case RegisterACVAll:
		where = `WHERE c.kind = 'acv' AND c.listed_on <> '' ORDER BY c.listed_on DESC, c.reference`
	case RegisterUnsuccessful:
		where = `WHERE c.kind = 'acv' AND c.status = 'unsuccessful' ORDER BY c.decided_on DESC, c.reference`
	case RegisterTransfers:
		where = `WHERE (c.kind = 'atr' AND c.status <> 'received') OR c.kind = 'cat' ORDER BY c.received_on DESC, c.reference`
	default:
		return nil, errNotFound
	}
	cases, err := queryCases(ctx, s.DB, where)
	if err != nil {
		return nil, errs.Wrap(err, "register")
	}
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		cases = slices.DeleteFunc(cases, func(c Case) bool {
			return !strings.Contains(strings.ToLower(c.Name+" "+c.Address+" "+c.Postcode+" "+c.Group.Name+" "+c.Reference), q)
		})
	}
	return s.entries(ctx, cases)
}

// Mine lists the cases the person made (or their organisation did) and the cases about land
// they own, newest first.
func (s *Service) Mine(ctx context.Context, a *actor.Actor) ([]Entry, error) {
	if !a.SignedIn() {
		return nil, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	cases, err := casesOf(ctx, s.DB, a.ID, a.Email, a.Orgs)
	if err != nil {
		return nil, errs.Wrap(err, "my cases")
	}
	return s.entries(ctx, cases)
}

// Due is an officer's work list: deadlines overdue, due within the week, and paused clocks,
// soonest first, with the open cases by kind.
type Due struct {
	Overdue, ThisWeek, Paused []DueItem
	Open                      []Entry
}

// DueItem is one deadline of one case.
type DueItem struct {
	Case  Case
	Clock ClockView
}

// Casework is the officer's work list.
func (s *Service) Casework(ctx context.Context, a *actor.Actor, kind string) (Due, error) {
	if !IsOfficer(a) {
		return Due{}, errForbidden
	}
	today := s.Today(ctx)
	var d Due
	where := `WHERE c.status NOT IN ('unsuccessful', 'removed', 'withdrawn', 'refused', 'lapsed', 'declined')`
	args := []any{}
	if slices.Contains(Kinds, kind) {
		where += ` AND c.kind = $1`
		args = append(args, kind)
	}
	cases, err := queryCases(ctx, s.DB, where+` ORDER BY c.received_on DESC, c.reference`, args...)
	if err != nil {
		return d, errs.Wrap(err, "casework")
	}
	if d.Open, err = s.entries(ctx, cases); err != nil {
		return d, errs.Wrap(err, "casework")
	}
	for _, e := range d.Open {
		for _, ck := range e.Clocks {
			if !ck.Open() {
				continue
			}
			item := DueItem{Case: e.Case, Clock: ck}
			switch {
			case ck.Paused:
				d.Paused = append(d.Paused, item)
			case ck.Status == clock.Overdue:
				d.Overdue = append(d.Overdue, item)
			case today.DaysUntil(ck.Due) <= clock.SoonDays:
				d.ThisWeek = append(d.ThisWeek, item)
			}
		}
	}
	for _, l := range [][]DueItem{d.Overdue, d.ThisWeek, d.Paused} {
		slices.SortFunc(l, func(a, b DueItem) int { return a.Clock.Due.Compare(b.Clock.Due) })
	}
	return d, nil
}

// AtPlace lists the ownership journey at an asset for the asset map's page: each public case
// there with where it stands, in the reader's language.
func (s *Service) AtPlace(ctx context.Context, assetID, lang string, viewer *actor.Actor) ([]place.Mention, error) {
	cases, err := queryCases(ctx, s.DB, `WHERE c.asset_id = $1 ORDER BY c.received_on DESC`, assetID)
	if err != nil {
		return nil, errs.Wrap(err, "at place")
	}
	entries, err := s.entries(ctx, cases)
	if err != nil {
		return nil, errs.Wrap(err, "at place")
	}
	var out []place.Mention
	for _, e := range entries {
		if !Public(&e.Case) && !Involved(viewer, &e.Case) {
			continue
		}
		m := place.Mention{Kind: "ownership.mention." + e.Kind, Title: s.T(lang, "ownership.kind."+e.Kind) + ": " + e.Name,
			URL: "/ownership/cases/" + e.ID, Status: s.StatusText(lang, e)}
		t := e.UpdatedAt
		m.When = &t
		out = append(out, m)
	}
	return out, nil
}

// StatusText says where a case stands, with its key date: "Listed until 2 June 2031", "Full
// moratorium until 30 November 2026".
func (s *Service) StatusText(lang string, e Entry) string {
	day := func(d clock.Date) string { return dayOf(lang, d) }
	if m := e.Moratorium(); m != "" {
		rule := map[string]string{"interim": "acv.interim", "full": "acv.full", "moratorium": "crtb.moratorium", "protected": "acv.protected"}[m]
		if c, ok := e.Clock(rule); ok {
			return s.T(lang, "ownership.state."+m, "date", day(c.Due))
		}
	}
	switch {
	case e.Kind == KindACV && e.Status == "listed":
		if c, ok := e.Clock("acv.listing"); ok {
			return s.T(lang, "ownership.state.listed", "date", day(c.Due))
		}
	case e.Status == "nominated", e.Status == "validated", e.Status == "eoi", e.Status == "assessment":
		rule := map[string]string{"nominated": "acv.decide", "validated": "atr.decide", "eoi": "cat.eoi_reply", "assessment": "cat.assessment"}[e.Status]
		if c, ok := e.Clock(rule); ok && c.Open() {
			return s.T(lang, "ownership.state.decision_due", "status", s.T(lang, "ownership.status."+e.Kind+"."+e.Status), "date", day(c.Due))
		}
	case e.Status == "agreed":
		if c, ok := e.Clock("atr.offer"); ok && c.Open() {
			return s.T(lang, "ownership.state.offer_due", "date", day(c.Due))
		}
	}
	return s.T(lang, "ownership.status."+e.Kind+"."+e.Status)
}

func dayOf(lang string, d clock.Date) string { return i18n.DayOf(lang, d.String()) }

// PublicCases lists the cases with a public page, newest first, for the API.
func (s *Service) PublicCases(ctx context.Context, viewer *actor.Actor, kind, status string, limit, offset int) ([]CaseView, error) {
	cases, err := publicCases(ctx, s.DB, kind, status, limit, offset)
	if err != nil {
		return nil, errs.Wrap(err, "cases")
	}
	out := make([]CaseView, 0, len(cases))
	for _, c := range cases {
		v, err := s.view(ctx, viewer, c, Involved(viewer, &c))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
