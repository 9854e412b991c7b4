package timebank_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/timebank"
)

const pw = "correct horse battery"

// world is a test app with a time bank, its broker and two members.
type world struct {
	a                  *apptest.App
	svc                *timebank.Service
	bank               timebank.Bank
	broker, ann, bob   *apptest.Client
	brokerID, annID    string
	bobID              string
	annMember, bobMemb timebank.Member
}

var idRE = regexp.MustCompile(`/exchanges/([0-9a-f-]{36})`)

func newWorld(t *testing.T, a *apptest.App, mustConfirm bool) *world {
	t.Helper()
	w := &world{a: a, svc: app.Service[*timebank.Service](a.Server)}
	w.brokerID = a.MustAccount(t, "Bethan Broker", "bethan@example.org", pw, identity.RoleOfficer)
	w.annID = a.MustAccount(t, "Ann Jones", "ann@example.org", pw)
	w.bobID = a.MustAccount(t, "Bob Evans", "bob@example.org", pw)
	w.broker, w.ann, w.bob = a.Client(t), a.Client(t), a.Client(t)
	w.broker.SignIn("bethan@example.org", pw)
	w.ann.SignIn("ann@example.org", pw)
	w.bob.SignIn("bob@example.org", pw)

	w.broker.Get("/timebanks/new")
	form := url.Values{"name": {"Nant Time Bank"}, "summary": {"Neighbours helping neighbours in Nant."},
		"rules": {"- Be kind\n- Record every hour"}, "join_mode": {"open"}, "person_limit": {"2"}, "organisation_limit": {"20"},
		"pool_limit": {"50"}, "joining_credit": {"0:30"}, "listing_days": {"60"}}
	if mustConfirm {
		form.Set("must_confirm", "yes")
	}
	r := w.broker.PostForm("/timebanks", form)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	id := strings.TrimSuffix(strings.TrimPrefix(r.Location(), "/timebanks/"), "/manage")
	var err error
	if w.bank, err = w.svc.Bank(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	w.annMember = w.join(t, w.ann, w.annID)
	w.bobMemb = w.join(t, w.bob, w.bobID)
	return w
}

func (w *world) join(t *testing.T, c *apptest.Client, accountID string) timebank.Member {
	t.Helper()
	c.Get("/timebanks/" + w.bank.ID + "/join")
	r := c.PostForm("/timebanks/"+w.bank.ID+"/join", url.Values{"about": {"I like gardening"}, "rules": {"yes"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	ms, err := w.svc.Memberships(context.Background(), &actor.Actor{ID: accountID})
	if err != nil || len(ms) == 0 {
		t.Fatalf("memberships: %v %v", ms, err)
	}
	return ms[len(ms)-1]
}

func (w *world) balance(t *testing.T, m timebank.Member) int64 {
	t.Helper()
	var b int64
	if err := w.a.DB.QueryRow(context.Background(), `SELECT balance FROM timebank_accounts WHERE member_id = $1`, m.ID).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

func (w *world) booksBalance(t *testing.T) {
	t.Helper()
	checks, err := w.svc.CheckBooks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.Total != 0 || len(c.Problems) > 0 {
			t.Fatalf("books of %s: total %d, problems %v", c.BankID, c.Total, c.Problems)
		}
	}
}

func TestJoinRecordConfirmAndStatement(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a, true)
		// The welcome gift came from the pool.
		if b := w.balance(t, w.annMember); b != 30 {
			t.Fatalf("Ann's balance after joining: %d, want the 30-minute welcome gift", b)
		}
		a.MustMailTo(t, "ann@example.org", "Welcome to Nant Time Bank")

		// Ann gave Bob an hour and a half; Bob must confirm.
		r := w.ann.Get("/timebanks/" + w.bank.ID + "/exchanges/new")
		apptest.MustContain(t, r, "Bob Evans")
		key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(r.Body)[1]
		form := url.Values{"role": {"giver"}, "other": {w.bobMemb.ID}, "hours": {"1"}, "mins": {"30"}, "category": {"gardening"},
			"happened_on": {"2026-01-05"}, "note": {"Weeded the back garden"}, "key": {key}}
		r = w.ann.PostForm("/timebanks/"+w.bank.ID+"/exchanges", form)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		exID := idRE.FindStringSubmatch(r.Location())[1]
		// A double submit of the same form makes no second exchange.
		r = w.ann.PostForm("/timebanks/"+w.bank.ID+"/exchanges", form)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if got := idRE.FindStringSubmatch(r.Location())[1]; got != exID {
			t.Fatalf("double submit made a second exchange %s (first %s)", got, exID)
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_exchanges WHERE bank_id = $1`, w.bank.ID); n != 1 {
			t.Fatalf("%d exchanges after a double submit", n)
		}
		if b := w.balance(t, w.bobMemb); b != 30 {
			t.Fatalf("Bob's balance moved before he confirmed: %d", b)
		}
		mail := a.MustMailTo(t, "bob@example.org", "Please confirm")
		if !strings.Contains(mail, "1 hour 30 minutes") || !strings.Contains(mail, "/exchanges/"+exID) {
			t.Fatalf("confirmation mail:\n%s", mail)
		}
		// Ann cannot confirm her own record; another member cannot even see it.
		r = w.ann.PostForm("/timebanks/"+w.bank.ID+"/exchanges/"+exID+"/confirm", nil)
		apptest.MustStatus(t, r, http.StatusForbidden)
		stranger := a.Client(t)
		a.MustAccount(t, "Cai", "cai@example.org", pw)
		stranger.SignIn("cai@example.org", pw)
		apptest.MustStatus(t, stranger.Get("/timebanks/"+w.bank.ID+"/exchanges/"+exID), http.StatusNotFound)

		// Bob's limit is 2 hours below zero and he has 30 minutes: 1:30 fits.
		w.bob.Get("/timebanks/" + w.bank.ID + "/exchanges/" + exID)
		r = w.bob.PostForm("/timebanks/"+w.bank.ID+"/exchanges/"+exID+"/confirm", nil)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if b := w.balance(t, w.bobMemb); b != -60 {
			t.Fatalf("Bob's balance after confirming: %d, want -60", b)
		}
		if b := w.balance(t, w.annMember); b != 120 {
			t.Fatalf("Ann's balance: %d, want 120", b)
		}
		a.MustMailTo(t, "ann@example.org", "Bob Evans confirmed the exchange")
		// Confirming twice changes nothing.
		r = w.bob.PostForm("/timebanks/"+w.bank.ID+"/exchanges/"+exID+"/confirm", nil)
		if r.Status == http.StatusSeeOther {
			t.Fatal("a second confirmation was accepted")
		}
		if b := w.balance(t, w.bobMemb); b != -60 {
			t.Fatalf("a second confirmation moved time: %d", b)
		}

		// Bob asks for 1:01 more from Ann: it would take him past his limit, refused at once
		// with what he can still spend.
		w.bob.Get("/timebanks/" + w.bank.ID + "/exchanges/new?role=receiver")
		r = w.bob.PostForm("/timebanks/"+w.bank.ID+"/exchanges", url.Values{"role": {"receiver"}, "other": {w.annMember.ID},
			"hours": {"1"}, "mins": {"1"}, "category": {"shopping"}, "happened_on": {"2026-01-06"}, "note": {"Shopping"}, "key": {"k2"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "below its credit limit", "can spend 1 hour more")

		// The statement shows each posting with the running balance, on a page and as CSV.
		r = w.bob.Get("/timebanks/" + w.bank.ID + "/accounts/" + w.bobMemb.Account + "/statement")
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Weeded the back garden", "Ann Jones", "−1 hour", "Welcome gift")
		r = w.bob.Get("/timebanks/" + w.bank.ID + "/accounts/" + w.bobMemb.Account + "/statement.csv")
		apptest.MustStatus(t, r, http.StatusOK)
		rows := readCSV(t, r.Body)
		if len(rows) != 3 || strings.Join(rows[1][6:10], " ") != "30 0.50 30 0.50" || strings.Join(rows[2][6:10], " ") != "-90 -1.50 -60 -1.00" {
			t.Fatalf("statement CSV:\n%s", r.Body)
		}
		// Ann cannot read Bob's statement.
		apptest.MustStatus(t, w.ann.Get("/timebanks/"+w.bank.ID+"/accounts/"+w.bobMemb.Account+"/statement"), http.StatusNotFound)

		// The broker reverses the exchange once; a second reversal is refused.
		w.broker.Get("/timebanks/" + w.bank.ID + "/exchanges/" + exID)
		r = w.broker.PostForm("/timebanks/"+w.bank.ID+"/exchanges/"+exID+"/reverse", url.Values{"reason": {"Recorded twice on paper"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		if w.balance(t, w.bobMemb) != 30 || w.balance(t, w.annMember) != 30 {
			t.Fatal("the reversal did not put both accounts back")
		}
		r = w.broker.PostForm("/timebanks/"+w.bank.ID+"/exchanges/"+exID+"/reverse", url.Values{"reason": {"Again"}})
		if r.Status == http.StatusSeeOther {
			t.Fatal("an exchange was reversed twice")
		}
		if n := a.Count(t, `SELECT count(*) FROM timebank_transactions WHERE kind = 'reversal'`); n != 1 {
			t.Fatalf("%d reversals", n)
		}
		a.MustMailTo(t, "bob@example.org", "An exchange was reversed")
		w.booksBalance(t)
	})
}

// readCSV reads a CSV download; a spreadsheet's formula guard (a leading apostrophe) is csvout's
// business, so it is taken off numbers here.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, body)
	}
	for _, row := range rows {
		for i, c := range row {
			row[i] = strings.TrimPrefix(c, "'")
		}
	}
	return rows
}

// bankInputOf is a bank's settings as a form would send them, with another person limit.
func bankInputOf(b timebank.Bank, personLimit string) timebank.BankInput {
	return timebank.BankInput{Name: b.Name, Summary: b.Summary, Rules: b.Rules, JoinMode: b.JoinMode, MustConfirm: b.MustConfirm,
		PersonLimit: personLimit, OrganisationLimit: timebank.HoursText(b.OrganisationLimit), PoolLimit: timebank.HoursText(b.PoolLimit),
		JoiningCredit: timebank.HoursText(b.JoiningCredit), ListingDays: "60"}
}

func serviceOf(a *apptest.App) *timebank.Service { return app.Service[*timebank.Service](a.Server) }
