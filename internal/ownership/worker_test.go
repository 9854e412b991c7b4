package ownership_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/ownership"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// Reminders go a week before a deadline, the day before, and once it has passed (for the
// council's own deadlines), each once however many servers run the worker at the same moment.
// On both databases.
func TestRemindersAreSentOnceByManyWorkers(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		// A nomination received on paper 50 days ago: the decision is due in 6 days.
		_, err := w.svc.CreateCase(w.ctx, w.officer, "en", ownership.CaseInput{Kind: ownership.KindACV, Name: "The Mill", Address: "Mill Lane",
			Reasons: "Meeting place.", Group: ownership.Group{Name: "Mill Friends", Type: ownership.GroupCharity, Connection: "Here", NoProfit: true},
			ContactName: "A", ContactEmail: "mill@example.org", Channel: "paper", ReceivedOn: w.svc.Today(w.ctx).AddDays(-50).String(),
			HelpedHow: "Posted form typed in"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		a.MustMailTo(t, "mill@example.org", "Nomination received")
		run := func() int {
			var mu sync.Mutex
			total := 0
			var wg sync.WaitGroup
			for i := 0; i < 6; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := w.svc.SendReminders(w.ctx)
					if err != nil && !errs.Is(err, errs.Conflict) {
						t.Error(err)
					}
					mu.Lock()
					total += n
					mu.Unlock()
				}()
			}
			wg.Wait()
			return total
		}
		if n := run(); n != 1 {
			t.Fatalf("a week before: %d reminders sent", n)
		}
		mail := a.MustMailTo(t, "officer@example.org", "Decision on the nomination – due by")
		if !strings.Contains(mail, "SI 2012/2421") {
			t.Errorf("the reminder does not name the rule:\n%s", mail)
		}
		if n := run(); n != 0 {
			t.Fatalf("again: %d", n)
		}
		a.Clock.Advance(5 * 24 * time.Hour)
		if n := run(); n != 1 {
			t.Fatalf("the day before: %d", n)
		}
		a.Clock.Advance(2 * 24 * time.Hour)
		if n := run(); n != 1 {
			t.Fatalf("overdue: %d", n)
		}
		a.MustMailTo(t, "officer@example.org", "Decision on the nomination – due by")
		a.MustMailTo(t, "officer@example.org", "was due by")
		a.NoMail(t, 100*time.Millisecond)
	})
}

// What ownership holds about a person is in their data download, and goes (their contact
// details and name) when they delete their account; the statutory record stays.
func TestAccountHooks(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	sam := w.person(t, "Sam", "sam@example.org")
	c := w.pub(t, sam, "owner@example.org")
	got, err := w.svc.Export(w.ctx, sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if !strings.Contains(string(b), c.Reference) || !strings.Contains(string(b), "sam@example.org") {
		t.Errorf("the export: %s", b)
	}
	if err := a.DB.WithTx(w.ctx, func(ctx context.Context) error { return w.svc.DeleteAccount(ctx, sam.ID) }); err != nil {
		t.Fatal(err)
	}
	if n := a.Count(t, `SELECT count(*) FROM own_cases WHERE contact_email = 'sam@example.org' OR contact_account IS NOT NULL`); n != 0 {
		t.Errorf("%d cases still hold the person's details", n)
	}
	if n := a.Count(t, `SELECT count(*) FROM own_events WHERE actor_name = 'Sam'`); n != 0 {
		t.Errorf("%d steps still name the person", n)
	}
	if n := a.Count(t, `SELECT count(*) FROM own_cases`); n != 1 {
		t.Errorf("the statutory record went too: %d", n)
	}
}

// A case's JSON lists each clock with its start date, due date, rule, source and status; the
// officers' deadlines need an officer's token.
func TestAPI(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	sam := w.person(t, "Sam", "sam@example.org")
	c := w.pub(t, sam, "owner@example.org")
	anon := a.Client(t)
	r := anon.Get("/api/v1/ownership/cases/" + c.ID)
	apptest.MustStatus(t, r, http.StatusOK)
	var got struct {
		Reference string `json:"reference"`
		Clocks    []struct {
			Rule, Status, Source string
			Start                string `json:"start_date"`
			Due                  string `json:"due_date"`
		} `json:"clocks"`
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Reference != c.Reference || len(got.Clocks) != 1 || got.Clocks[0].Rule != "acv.decide" || got.Clocks[0].Status != "running" ||
		got.Clocks[0].Start != today().String() || got.Clocks[0].Due != today().AddDays(56).String() || !strings.Contains(got.Clocks[0].Source, "reg. 7") {
		t.Errorf("the case's JSON: %+v", got)
	}
	apptest.MustNotContain(t, r, "sam@example.org", "owner@example.org")
	apptest.MustStatus(t, anon.Get("/api/v1/ownership/due"), http.StatusUnauthorized)
	tok, err := a.Identity.CreateAPIToken(w.ctx, w.officer.ID, "casework", actor.Scopes)
	if err != nil {
		t.Fatal(err)
	}
	req := anon.Request(http.MethodGet, "/api/v1/ownership/due", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	apptest.MustStatus(t, anon.Do(req), http.StatusOK)
	apptest.MustContain(t, anon.Get("/api/v1/ownership/timetables"), `"acv.interim"`, `"beginning-with"`, "s.95(6)")
	_ = identity.RoleOfficer
}

// Documents are checked by their content, not their name: a program named .pdf, an unknown type
// and an over-large file are refused; a private document is not served to the public.
func TestUploads(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a)
	sam := w.person(t, "Sam", "sam@example.org")
	c := w.pub(t, sam, "")
	for _, up := range []ownership.Upload{
		{Kind: "evidence", Filename: "rules.pdf", Data: []byte("MZ\x90\x00 not a pdf")},
		{Kind: "evidence", Filename: "rules.exe", Data: []byte("%PDF-1.4")},
		{Kind: "evidence", Filename: "big.pdf", Data: append([]byte("%PDF-1.4"), make([]byte, ownership.MaxDocument)...)},
		{Kind: "nonsense", Filename: "ok.pdf", Data: []byte("%PDF-1.4")},
	} {
		if err := w.svc.AddDocument(w.ctx, sam, c.ID, &up); !errs.Is(err, errs.Invalid) {
			t.Errorf("%s accepted: %v", up.Filename, err)
		}
	}
	if err := w.svc.AddDocument(w.ctx, sam, c.ID, &ownership.Upload{Kind: "members", Filename: "../../members.csv", Data: []byte("name\nAnn\n")}); err != nil {
		t.Fatal(err)
	}
	v, _ := w.svc.Case(w.ctx, sam, c.ID)
	d := v.Documents[0]
	if d.Filename != "members.csv" || d.Public {
		t.Errorf("stored as %+v", d)
	}
	anon := a.Client(t)
	apptest.MustStatus(t, anon.Get("/ownership/cases/"+c.ID+"/documents/"+d.ID), http.StatusNotFound)
	stranger := w.person(t, "Nosy", "nosy@example.org")
	if err := w.svc.AddDocument(w.ctx, stranger, c.ID, &ownership.Upload{Kind: "evidence", Filename: "x.txt", Data: []byte("x")}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a stranger added a document: %v", err)
	}
	if err := w.svc.PublishDocument(w.ctx, w.officer, c.ID, d.ID, true); err != nil {
		t.Fatal(err)
	}
	r := anon.Get("/ownership/cases/" + c.ID + "/documents/" + d.ID)
	apptest.MustStatus(t, r, http.StatusOK)
	if r.Header.Get("Content-Disposition") == "" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers %v", r.Header)
	}
}
