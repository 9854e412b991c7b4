package ownership_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/ownership"
	"commons/internal/ownership/clock"
	"commons/internal/platform/errs"
)

func atrInput() ownership.CaseInput {
	return ownership.CaseInput{Kind: ownership.KindATR, Name: "Glen Community Centre", Address: "2 Glen Road", Postcode: "AH5 1GC",
		RequestType: "lease", Price: "£1 a year", Reasons: "A community hub: café, food pantry, rooms for groups.",
		Group:       ownership.Group{Name: "Glen Development Trust", Type: ownership.GroupSCIO, Connection: "People of Glen ward", NoProfit: true},
		ContactName: "Ailsa", ContactEmail: "ailsa@example.org", Confirm: true}
}

// A Scottish community body's request: not public until validated; validation starts the
// 6 months to decide; the decision agrees with an offer date, which must be at least 6 months
// after the decision notice; the body makes its offer, the contract is concluded, and the
// year's report counts it. On both databases.
func TestAssetTransferRequest(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		body := w.person(t, "Ailsa", "ailsa@example.org")
		c, err := w.svc.CreateCase(w.ctx, body, "en", atrInput(), nil)
		if err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "ailsa@example.org", "Request received")
		anon := a.Client(t)
		apptest.MustStatus(t, anon.Get("/ownership/cases/"+c.ID), http.StatusNotFound)
		apptest.MustNotContain(t, anon.Get("/ownership/transfers"), "Glen Community Centre")

		w.apply(t, w.officer, c, "atr.validate", ownership.StepInput{Outcome: "a"})
		validated := today()
		wantDecide := validated.AddMonths(6)
		mail := a.MustMailTo(t, "ailsa@example.org", "Validated")
		if !strings.Contains(mail, "by "+dayText(wantDecide)) {
			t.Errorf("the body is not told the decision is due by %s:\n%s", wantDecide, mail)
		}
		r := anon.Get("/ownership/cases/" + c.ID)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Glen Development Trust", dayText(wantDecide))
		apptest.MustNotContain(t, r, "ailsa@example.org", "Ailsa<")
		apptest.MustContain(t, anon.Get("/ownership/cases/"+c.ID+"/notices/acknowledgement"), "The validation date is "+dayText(validated))
		apptest.MustContain(t, anon.Get("/ownership/transfers"), "Glen Community Centre")

		// An offer date sooner than 6 months after the decision notice is refused.
		err = w.svc.Apply(w.ctx, w.officer, c.ID, "atr.decide", ownership.StepInput{Outcome: "agreed", Reasons: "Benefits outweigh the alternative.",
			Terms: "25-year lease at £1.", OfferOn: today().AddMonths(6).AddDays(-1).String()})
		if errs.As(err).Fields["offer_on"] != "ownership.err.offer_too_soon" {
			t.Fatalf("an offer date too soon: %v", err)
		}
		offerOn := today().AddMonths(7)
		w.apply(t, w.officer, c, "atr.decide", ownership.StepInput{Outcome: "agreed", Reasons: "Benefits outweigh the alternative.",
			Terms: "25-year lease at £1.", OfferOn: offerOn.String()})
		mail = a.MustMailTo(t, "ailsa@example.org", "Request agreed")
		reviewBy, _ := clock.Timetables[clock.ScotlandTimetable].Rules[1].Due(today())
		if !strings.Contains(mail, "Make your offer by "+dayText(offerOn)) || !strings.Contains(mail, dayText(reviewBy)) {
			t.Errorf("the decision mail lacks the offer date or the review date %s:\n%s", reviewBy, mail)
		}
		v, _ := w.svc.Case(w.ctx, w.officer, c.ID)
		if d, _ := v.Clock("atr.decide"); d.Status != clock.Met {
			t.Errorf("decided within the clock: %s", d.Status)
		}
		if o, _ := v.Clock("atr.offer"); o.Due != offerOn {
			t.Errorf("the offer clock: %+v", o)
		}
		apptest.MustContain(t, anon.Get("/ownership/cases/"+c.ID+"/notices/decision"), "Decision notice", "25-year lease", dayText(offerOn))

		w.apply(t, body, c, "atr.offer", ownership.StepInput{Amount: "£1 a year"})
		w.apply(t, w.officer, c, "atr.contract", ownership.StepInput{Outcome: "lease"})
		v, _ = w.svc.Case(w.ctx, w.officer, c.ID)
		if v.Status != "transferred" || v.Outcome != "lease" {
			t.Errorf("after the contract: %s %s", v.Status, v.Outcome)
		}
		rep, err := w.svc.ReportFor(w.ctx, ownership.ReportYear(today()))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, f := range rep.Scotland {
			got[f.Key] = f.N
		}
		if got["received"] != 1 || got["agreed"] != 1 || got["lease"] != 1 || got["refused"] != 0 {
			t.Errorf("the year's report: %v", got)
		}
		r = anon.Get("/ownership/reports")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "<svg", "Requests received (validated)", "<table")
		apptest.MustContain(t, anon.Get("/ownership/reports.csv"), "atr,received,Requests received (validated),1")
	})
}

// The decision period can be extended only by an agreement recorded before it ends.
func TestScottishExtensionOnlyBeforeTheDeadline(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	body := w.person(t, "Ailsa", "ailsa@example.org")
	c, err := w.svc.CreateCase(w.ctx, body, "en", atrInput(), nil)
	if err != nil {
		t.Fatal(err)
	}
	w.apply(t, w.officer, c, "atr.validate", ownership.StepInput{Outcome: "a"})
	v, _ := w.svc.Case(w.ctx, w.officer, c.ID)
	ck, _ := v.Clock("atr.decide")
	newDue := ck.Due.AddMonths(2)
	if err := w.svc.ChangeClock(w.ctx, w.officer, c.ID, ck.ID, ownership.ClockChange{Action: "extend", On: today().String(),
		NewDue: newDue.String(), Reason: "Agreed by email with the trust"}); err != nil {
		t.Fatal(err)
	}
	v, _ = w.svc.Case(w.ctx, w.officer, c.ID)
	if got, _ := v.Clock("atr.decide"); got.Due != newDue || got.ExtendReason == "" {
		t.Errorf("extended: %+v", got)
	}
	if err := w.svc.ChangeClock(w.ctx, w.officer, c.ID, ck.ID, ownership.ClockChange{Action: "pause", On: today().String(), Reason: "x"}); errs.As(err).Fields["reason"] != "ownership.err.not_pausable" {
		t.Errorf("a statutory clock paused: %v", err)
	}
	a.Clock.Advance(time.Duration(today().DaysUntil(newDue)+2) * 24 * time.Hour)
	err = w.svc.ChangeClock(w.ctx, w.officer, c.ID, ck.ID, ownership.ClockChange{Action: "extend", On: w.svc.Today(w.ctx).String(),
		NewDue: newDue.AddMonths(1).String(), Reason: "Too late"})
	if errs.As(err).Fields["on"] != "ownership.err.extend_late" {
		t.Errorf("an extension agreed after the deadline: %v", err)
	}
	d, err := w.svc.Casework(w.ctx, w.officer, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Overdue) != 1 || d.Overdue[0].Clock.Rule != "atr.decide" {
		t.Errorf("the officer's overdue list: %+v", d.Overdue)
	}
	// With no decision in time the body may apply for a review.
	w.apply(t, body, c, "atr.review_request", ownership.StepInput{Reasons: "No decision was made in time."})
}

// The council's own community asset transfer: expression of interest, an invitation, the full
// application (refused without its business plan and governance documents), scoring against
// the council's weighted criteria, approval with the terms, the lease, and monitoring; the
// policy's target clocks can be paused with a reason.
func TestCommunityAssetTransfer(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	org := w.person(t, "Tom", "tom@example.org")
	for _, c := range []ownership.CriterionInput{{Name: "Benefit", Weight: "3", Active: true}, {Name: "Plan", Weight: "1", Active: true}} {
		if err := w.svc.SaveCriterion(w.ctx, w.officer, c); err != nil {
			t.Fatal(err)
		}
	}
	c, err := w.svc.CreateCase(w.ctx, org, "en", ownership.CaseInput{Kind: ownership.KindCAT, Name: "Old Library", Address: "Bridge Street",
		RequestType: "lease", Reasons: "A youth centre.", Group: ownership.Group{Name: "Bridge Youth Trust", Type: ownership.GroupCharity},
		ContactName: "Tom", ContactEmail: "tom@example.org", Confirm: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := w.svc.Case(w.ctx, w.officer, c.ID)
	eoi, _ := v.Clock("cat.eoi_reply")
	if eoi.Due != today().AddMonths(1) || !eoi.Pausable {
		t.Errorf("the policy's reply clock: %+v", eoi)
	}
	if err := w.svc.ChangeClock(w.ctx, w.officer, c.ID, eoi.ID, ownership.ClockChange{Action: "pause", On: today().String(), Reason: "Waiting for the trust's accounts"}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.ChangeClock(w.ctx, w.officer, c.ID, eoi.ID, ownership.ClockChange{Action: "resume", On: today().String()}); err != nil {
		t.Fatal(err)
	}
	w.apply(t, w.officer, c, "cat.eoi_reply", ownership.StepInput{Outcome: "invited"})
	a.MustMailTo(t, "tom@example.org", "Invited to make a full application")
	if err := w.svc.Apply(w.ctx, org, c.ID, "cat.application", ownership.StepInput{Reasons: "Here it is."}); errs.As(err).Fields["reasons"] != "ownership.err.cat_documents" {
		t.Fatalf("an application without its documents: %v", err)
	}
	for _, kind := range []string{"business_plan", "governance"} {
		if err := w.svc.AddDocument(w.ctx, org, c.ID, &ownership.Upload{Kind: kind, Filename: kind + ".pdf", Data: []byte("%PDF-1.4 " + kind)}); err != nil {
			t.Fatal(err)
		}
	}
	w.apply(t, org, c, "cat.application", ownership.StepInput{Reasons: "Here it is."})
	crit, _ := w.svc.Criteria(w.ctx)
	scores := map[string]ownership.Score{crit[0].ID: {Score: 5}, crit[1].ID: {Score: 1}}
	w.apply(t, w.officer, c, "cat.score", ownership.StepInput{Scores: scores})
	v, _ = w.svc.Case(w.ctx, w.officer, c.ID)
	if last := v.Events[len(v.Events)-1]; last.Step != "cat.score" || last.Outcome != "80%" {
		t.Errorf("the weighted score: %+v", last) // (5×3 + 1×1) / (5×4) = 80%
	}
	if err := w.svc.Apply(w.ctx, w.officer, c.ID, "cat.decide", ownership.StepInput{Outcome: "approved", Reasons: "Strong plan.", RequestType: "lease"}); errs.As(err).Fields["terms"] == "" {
		t.Errorf("approved without terms: %v", err)
	}
	w.apply(t, w.officer, c, "cat.decide", ownership.StepInput{Outcome: "approved", Reasons: "Strong plan.", RequestType: "lease", Terms: "25 years, peppercorn rent."})
	w.apply(t, w.officer, c, "cat.complete", ownership.StepInput{Outcome: "lease"})
	w.apply(t, org, c, "cat.monitor", ownership.StepInput{Reasons: "300 young people a month."})
	v, _ = w.svc.Case(w.ctx, w.officer, c.ID)
	if v.Status != "transferred" || v.Terms != "25 years, peppercorn rent." {
		t.Errorf("after the transfer: %s %q", v.Status, v.Terms)
	}
}
