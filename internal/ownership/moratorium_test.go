package ownership_test

import (
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/ownership"
	"commons/internal/ownership/clock"
	"commons/internal/platform/errs"
)

// The owner's notice of an intended sale starts the interim moratorium, the full moratorium (if
// a group asks to bid) and the protected period, each from the day the notice was received; a
// group that may not bid is refused, a second request from the same group too; the owner is
// told; a second notice within the protected period starts nothing. A notice nobody bids on
// leaves the full moratorium unapplied once the interim one ends.
func TestDisposalNoticeAndMoratoria(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		group := w.person(t, "Sam", "sam@example.org")
		owner := w.person(t, "Olwen", "owner@brewery.example")
		bidder := w.person(t, "Bea", "bea@example.org")
		c := w.pub(t, group, "owner@brewery.example")
		w.apply(t, w.officer, c, "acv.decide", ownership.StepInput{Outcome: "listed", Reasons: "Of community value."})
		a.MustMailTo(t, "owner@brewery.example", "Listed")

		notice := today()
		w.apply(t, owner, c, "acv.disposal_notice", ownership.StepInput{})
		mail := a.MustMailTo(t, "sam@example.org", "The owner gave notice of an intended sale")
		interimEnd := notice.AddDays(41)
		if !strings.Contains(mail, "until "+dayText(interimEnd)) {
			t.Errorf("the group is not told the interim moratorium ends on %s:\n%s", interimEnd, mail)
		}
		v, err := w.svc.Case(w.ctx, w.officer, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		full, protected := mustRule(t, "acv.full"), mustRule(t, "acv.protected")
		wantFull, _ := full.Due(notice)
		wantProtected, _ := protected.Due(notice)
		for rule, want := range map[string]clock.Date{"acv.interim": interimEnd, "acv.full": wantFull, "acv.protected": wantProtected} {
			ck, ok := v.Clock(rule)
			if !ok || ck.Start != notice || ck.Due != want {
				t.Errorf("%s: %+v, want from %s to %s", rule, ck, notice, want)
			}
		}
		if ck, _ := v.Clock("acv.full"); ck.Status != ownership.Conditional {
			t.Errorf("before any group asks to bid the full moratorium is %s", ck.Status)
		}
		e := entry(t, w, c.ID)
		if e.Moratorium() != "interim" {
			t.Errorf("moratorium: %q", e.Moratorium())
		}

		err = w.svc.Apply(w.ctx, bidder, c.ID, "acv.bidder_request", ownership.StepInput{Party: "Drovers Drinkers", PartyType: ownership.GroupUnincorporated})
		if errs.As(err).Fields["party_type"] != "ownership.err.bidder_type" {
			t.Errorf("an unincorporated group asked to bid: %v", err)
		}
		w.apply(t, bidder, c, "acv.bidder_request", ownership.StepInput{Party: "Drovers Community Pub Ltd", PartyType: ownership.GroupCBS})
		a.MustMailTo(t, "owner@brewery.example", "A community group asked to be treated as a potential bidder")
		err = w.svc.Apply(w.ctx, bidder, c.ID, "acv.bidder_request", ownership.StepInput{Party: "drovers community pub ltd", PartyType: ownership.GroupCBS})
		if errs.As(err).Fields["party"] != "ownership.err.already_bidder" {
			t.Errorf("the same group asked twice: %v", err)
		}
		e = entry(t, w, c.ID)
		if e.Moratorium() != "full" || e.InterestedGroups()[0] != "Drovers Community Pub Ltd" {
			t.Errorf("after a request to bid: %q %v", e.Moratorium(), e.InterestedGroups())
		}
		rec := w.svc.ACVRecord(e)
		if rec["notification-to-sell-date"] != notice.String() || rec["protected-period-start-date"] != notice.String() ||
			rec["interested-group"] != "Drovers Community Pub Ltd" {
			t.Errorf("the dataset row: %v", rec)
		}
		// No new moratorium within the protected period.
		if err := w.svc.Apply(w.ctx, owner, c.ID, "acv.disposal_notice", ownership.StepInput{}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second notice in the protected period: %v", err)
		}

		// A second pub: nobody asks to bid; once the interim moratorium ends the full one did not apply.
		c2 := w.pub(t, group, "owner@brewery.example")
		w.apply(t, w.officer, c2, "acv.decide", ownership.StepInput{Outcome: "listed", Reasons: "Of community value."})
		w.apply(t, owner, c2, "acv.disposal_notice", ownership.StepInput{})
		a.Clock.Advance(42 * 24 * time.Hour)
		if err := w.svc.Apply(w.ctx, bidder, c2.ID, "acv.bidder_request", ownership.StepInput{Party: "Late Ltd", PartyType: ownership.GroupCLG}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a request to bid after the interim moratorium: %v", err)
		}
		v2, _ := w.svc.Case(w.ctx, w.officer, c2.ID)
		if ck, _ := v2.Clock("acv.full"); ck.Status != clock.Stopped {
			t.Errorf("an unrequested full moratorium after the interim one: %s", ck.Status)
		}
		if m := entry(t, w, c2.ID).Moratorium(); m != "protected" {
			t.Errorf("after the interim moratorium with no bidder: %q", m)
		}
	})
}

func mustRule(t *testing.T, id string) clock.Rule {
	t.Helper()
	r, ok := clock.Timetables[clock.England].Rule(id)
	if !ok {
		t.Fatal(id)
	}
	return r
}

func entry(t *testing.T, w *world, id string) ownership.Entry {
	t.Helper()
	es, err := w.svc.Entries(w.ctx, ownership.RegisterACVAll, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("case %s is not on the register", id)
	return ownership.Entry{}
}
