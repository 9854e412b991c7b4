package timebank

import (
	"context"
	"sort"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// MemberFigure is one member in the insights' lists.
type MemberFigure struct {
	Member   Member `json:"member"`
	Gave     int64  `json:"gave_minutes"`
	Received int64  `json:"received_minutes"`
	Last     string `json:"last_exchange,omitempty"` // yyyy-mm-dd, empty if never
}

// Insights are a bank's figures for its brokers: over the last twelve months, hours exchanged
// and active members by month and hours by category; members who give and never receive (and
// the reverse), members who have not exchanged for six months; how brokers helped people
// without internet. The pool is counted like any account.
type Insights struct {
	Since         string           `json:"since"`
	Members       int              `json:"members"`
	Active        int              `json:"active_members"` // exchanged in the last 90 days
	Minutes       int64            `json:"minutes"`
	Exchanges     int              `json:"exchanges"`
	Months        []MonthFigure    `json:"months"`
	Categories    []CategoryFigure `json:"categories"`
	GiversOnly    []MemberFigure   `json:"givers_only"`
	ReceiversOnly []MemberFigure   `json:"receivers_only"`
	Dormant       []MemberFigure   `json:"dormant"`
	Channels      []ChannelFigure  `json:"assisted"`
	Pool          Account          `json:"pool"`
}

// Insights computes a bank's insights, for its brokers.
func (s *Service) Insights(ctx context.Context, a *actor.Actor, bankID string) (Insights, error) {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return Insights{}, err
	}
	now := s.DB.Now(ctx).In(London)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, London).AddDate(0, -11, 0)
	in := Insights{Since: first.Format("2006-01-02"), Categories: []CategoryFigure{}, GiversOnly: []MemberFigure{},
		ReceiversOnly: []MemberFigure{}, Dormant: []MemberFigure{}, Channels: []ChannelFigure{}}
	months, err := monthFigures(ctx, s.DB, bankID, in.Since)
	if err != nil {
		return in, errs.Wrap(err, "insights by month")
	}
	for m := first; !m.After(now); m = m.AddDate(0, 1, 0) {
		f := months[m.Format("2006-01")]
		f.Month = m.Format("2006-01")
		in.Months = append(in.Months, f)
		in.Minutes += f.Minutes
		in.Exchanges += f.Exchanges
	}
	cats, err := categoryFigures(ctx, s.DB, bankID, in.Since)
	if err != nil {
		return in, errs.Wrap(err, "insights by category")
	}
	in.Categories = append(in.Categories, cats...)
	chans, err := channelFigures(ctx, s.DB, bankID, in.Since)
	if err != nil {
		return in, errs.Wrap(err, "insights by channel")
	}
	in.Channels = append(in.Channels, chans...)
	flows, err := memberFlows(ctx, s.DB, bankID)
	if err != nil {
		return in, errs.Wrap(err, "insights by member")
	}
	members, err := membersOfBank(ctx, s.DB, bankID, StatusActive)
	if err != nil {
		return in, errs.Wrap(err, "members")
	}
	active := now.AddDate(0, 0, -90).Format("2006-01-02")
	dormant := now.AddDate(0, -6, 0).Format("2006-01-02")
	joinedBefore := now.AddDate(0, -3, 0)
	for _, m := range members {
		in.Members++
		f := flows[m.ID]
		mf := MemberFigure{Member: m, Gave: f.Gave, Received: f.Received, Last: f.Last}
		if f.Last >= active {
			in.Active++
		}
		switch {
		case f.Gave > 0 && f.Received == 0:
			in.GiversOnly = append(in.GiversOnly, mf)
		case f.Received > 0 && f.Gave == 0:
			in.ReceiversOnly = append(in.ReceiversOnly, mf)
		}
		if f.Last < dormant && m.JoinedAt.Before(joinedBefore) {
			in.Dormant = append(in.Dormant, mf)
		}
	}
	sort.SliceStable(in.GiversOnly, func(i, j int) bool { return in.GiversOnly[i].Gave > in.GiversOnly[j].Gave })
	sort.SliceStable(in.ReceiversOnly, func(i, j int) bool { return in.ReceiversOnly[i].Received > in.ReceiversOnly[j].Received })
	sort.SliceStable(in.Dormant, func(i, j int) bool { return in.Dormant[i].Last < in.Dormant[j].Last })
	if in.Pool, err = s.Pool(ctx, v.Bank); err != nil {
		return in, err
	}
	return in, nil
}
