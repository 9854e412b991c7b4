package timebank_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/platform/actor"
	"commons/internal/timebank"
)

func TestInsights(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := newWorld(t, a, false)
		broker := &actor.Actor{ID: w.brokerID, Name: "Bethan Broker", Roles: []string{"resident", "officer"}}
		price, err := w.svc.AddOffline(ctx, broker, w.bank.ID, timebank.OfflineInput{Name: "Mrs Price", Channel: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetLimit(ctx, broker, w.bank.ID, price.ID, "10"); err != nil {
			t.Fatal(err)
		}
		today := time.Now().In(timebank.London)
		day := func(monthsAgo int) string { return today.AddDate(0, -monthsAgo, 0).Format("2006-01-02") }
		record := func(giver, receiver timebank.Member, mins int64, cat, on string) timebank.Exchange {
			e, _, err := w.svc.BrokerRecord(ctx, broker, w.bank.ID, timebank.BrokerInput{Giver: giver.ID, Receiver: receiver.ID, Minutes: mins,
				Category: cat, Note: "help", HappenedOn: on, Channel: "paper"})
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		// Ann only gives (to Mrs Price, who only receives); Bob gave once, then the broker
		// reversed it, so he counts as never having exchanged.
		record(w.annMember, price, 60, "shopping", day(0))
		record(w.annMember, price, 90, "gardening", day(2))
		e := record(w.bobMemb, price, 30, "gardening", day(1))
		if err := w.svc.Reverse(ctx, broker, w.bank.ID, e.ID, "never happened"); err != nil {
			t.Fatal(err)
		}
		in, err := w.svc.Insights(ctx, broker, w.bank.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Months) != 12 || in.Minutes != 150 || in.Exchanges != 2 {
			t.Fatalf("months %d, minutes %d, exchanges %d", len(in.Months), in.Minutes, in.Exchanges)
		}
		if last := in.Months[11]; last.Minutes != 60 || last.Active != 2 {
			t.Fatalf("this month: %+v", last)
		}
		if len(in.Categories) != 2 || in.Categories[0].Category != "gardening" || in.Categories[0].Minutes != 90 {
			t.Fatalf("categories %+v", in.Categories)
		}
		names := func(ms []timebank.MemberFigure) string {
			var s []string
			for _, m := range ms {
				s = append(s, m.Member.Name)
			}
			return strings.Join(s, ",")
		}
		if names(in.GiversOnly) != "Ann Jones" || names(in.ReceiversOnly) != "Mrs Price" {
			t.Fatalf("givers only %q, receivers only %q", names(in.GiversOnly), names(in.ReceiversOnly))
		}
		if len(in.Channels) != 1 || in.Channels[0].Recorded != 3 {
			t.Fatalf("channels %+v", in.Channels)
		}
		r := w.broker.Get("/timebanks/" + w.bank.ID + "/insights")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "<svg", "Hours exchanged by month", "Members who give but never receive", "Ann Jones", "On a paper slip")
		r = w.broker.Get("/timebanks/" + w.bank.ID + "/insights.csv")
		apptest.MustStatus(t, r, http.StatusOK)
		rows := readCSV(t, r.Body)
		if len(rows) < 15 || rows[1][3] != "150" {
			t.Fatalf("insights CSV:\n%s", r.Body)
		}
		// Members are not shown the insights.
		apptest.MustStatus(t, w.ann.Get("/timebanks/"+w.bank.ID+"/insights"), http.StatusForbidden)
		// In Welsh, months are Welsh.
		w.broker.Get("/timebanks/" + w.bank.ID + "/insights?lang=cy")
		r = w.broker.Get("/timebanks/" + w.bank.ID + "/insights")
		apptest.MustContain(t, r, "Oriau a gyfnewidiwyd fesul mis")
	})
}
