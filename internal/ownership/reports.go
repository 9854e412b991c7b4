package ownership

import (
	"context"

	"commons/internal/ownership/clock"
	"commons/internal/platform/errs"
)

// Report is a year's figures: Scotland's asset transfer report (2015 Act s.95: requests
// received, agreed and refused; transfers of ownership, leases and other rights; appeals and
// reviews and their outcomes) and England's (nominations, listings, notices of disposal,
// moratoria triggered, assets into community ownership), for the year beginning 1 April.
type Report struct {
	Year      int // the reporting year begins on 1 April of this year
	From, To  clock.Date
	DueBy     clock.Date // Scotland: published by 30 June after the year (s.95(3))
	Scotland  []Figure
	England   []Figure
	Transfers []Figure // community asset transfers under the council's policy
}

// Figure is one number of a report, named by its message key.
type Figure struct {
	Key string
	N   int
}

// ReportFor counts the reporting year beginning 1 April of year.
func (s *Service) ReportFor(ctx context.Context, year int) (Report, error) {
	r := Report{Year: year, From: clock.NewDate(year, 4, 1), To: clock.NewDate(year+1, 3, 31), DueBy: clock.NewDate(year+1, 6, 30)}
	counts, err := eventCounts(ctx, s.DB, r.From.String(), r.To.String())
	if err != nil {
		return r, errs.Wrap(err, "report")
	}
	triggered, err := distinctCases(ctx, s.DB, "acv.bidder_request", r.From.String(), r.To.String())
	if err != nil {
		return r, errs.Wrap(err, "report")
	}
	validated, err := distinctCases(ctx, s.DB, "atr.validate", r.From.String(), r.To.String())
	if err != nil {
		return r, errs.Wrap(err, "report")
	}
	r.Scotland = []Figure{
		{"received", validated},
		{"agreed", counts["atr.decide.agreed"]},
		{"refused", counts["atr.decide.refused"]},
		{"ownership", counts["atr.contract.ownership"]},
		{"lease", counts["atr.contract.lease"]},
		{"rights", counts["atr.contract.rights"]},
		{"appeals_allowed", counts["atr.appeal_decide.allowed"]},
		{"appeals_dismissed", counts["atr.appeal_decide.dismissed"]},
		{"appeals_varied", counts["atr.appeal_decide.varied"]},
		{"reviews_confirmed", counts["atr.review_decide.confirmed"]},
		{"reviews_modified", counts["atr.review_decide.modified"]},
		{"reviews_substituted", counts["atr.review_decide.substituted"]},
	}
	r.England = []Figure{
		{"nominations", counts["acv.received."]},
		{"listed", counts["acv.decide.listed"]},
		{"unsuccessful", counts["acv.decide.unsuccessful"]},
		{"reviews", counts["acv.review_request."]},
		{"notices", counts["acv.disposal_notice."]},
		{"moratoria", triggered},
		{"community_owned", counts["acv.disposed.community"]},
	}
	r.Transfers = []Figure{
		{"eoi", counts["cat.received."]},
		{"approved", counts["cat.decide.approved"]},
		{"refused", counts["cat.decide.refused"]},
		{"transferred", counts["cat.complete.lease"] + counts["cat.complete.ownership"] + counts["cat.complete.rights"]},
	}
	return r, nil
}

// ReportYear is the reporting year a date falls in (years begin on 1 April).
func ReportYear(d clock.Date) int {
	if d.Month() < 4 {
		return d.Year() - 1
	}
	return d.Year()
}
