package budgeting_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

// TestIdeaCommentSentTwiceIsOneComment: the same comment form sent several times at once (a
// double click, a resend) makes one comment; a new comment from a fresh form is another (V10:
// five identical submissions at once made five comments).
func TestIdeaCommentSentTwiceIsOneComment(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		var processID, ideaID string
		if err := a.DB.QueryRow(t.Context(), `SELECT process_id, id FROM budget_ideas WHERE hidden_reason = '' ORDER BY title LIMIT 1`).Scan(&processID, &ideaID); err != nil {
			t.Fatal(err)
		}
		page := "/budgets/" + processID + "/ideas/" + ideaID
		c := a.Client(t)
		c.SignIn(identity.DemoAccounts[4].Email, identity.DemoPassword)
		r := c.Get(page)
		apptest.MustStatus(t, r, http.StatusOK)
		key := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(r.Body)
		if key == nil {
			t.Fatal("the comment form has no key")
		}
		before := a.Count(t, `SELECT count(*) FROM budget_comments WHERE idea_id = $1`, ideaID)
		form := url.Values{"body": {"Could it include a bench for older people?"}, "idem": {key[1]}, "csrf_token": {c.CSRF}}
		var wg sync.WaitGroup
		statuses := make([]int, 5)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := c.Request(http.MethodPost, page+"/comments", form)
				res, err := c.HTTP.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				statuses[i] = res.StatusCode
			}()
		}
		wg.Wait()
		for _, s := range statuses {
			if s != http.StatusSeeOther {
				t.Errorf("statuses %v, want every one 303 (the person sees their comment)", statuses)
				break
			}
		}
		if n := a.Count(t, `SELECT count(*) FROM budget_comments WHERE idea_id = $1`, ideaID) - before; n != 1 {
			t.Fatalf("%d comments from one form sent 5 times, want 1", n)
		}
		// A fresh form is a new comment, even with the same words.
		r = c.Get(page)
		key2 := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(r.Body)[1]
		if key2 == key[1] {
			t.Fatal("the form's key did not change")
		}
		apptest.MustStatus(t, c.PostForm(page+"/comments", url.Values{"body": form["body"], "idem": {key2}}), http.StatusSeeOther)
		if n := a.Count(t, `SELECT count(*) FROM budget_comments WHERE idea_id = $1`, ideaID) - before; n != 2 {
			t.Fatalf("%d comments, want 2", n)
		}
	})
}

// TestAccountAndCodeOverHTTP: through the ballot form, a signed-in person who has voted with
// their account is refused a second ballot with a code, and told why (V10).
func TestAccountAndCodeOverHTTP(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if err := a.LoadDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	var processID, area, choice, code string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM budget_processes WHERE phase = 'voting'`).Scan(&processID); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.QueryRow(t.Context(), `SELECT code FROM budget_codes WHERE process_id = $1 AND used_at IS NULL LIMIT 1`, processID).Scan(&code); err != nil {
		t.Fatal(err)
	}
	c := a.Client(t)
	c.SignIn(identity.DemoAccounts[3].Email, identity.DemoPassword)
	page := c.Get("/budgets/" + processID + "/vote")
	area = regexp.MustCompile(`name="area" type="radio" value="([^"]+)"`).FindStringSubmatch(page.Body)[1]
	page = c.Get("/budgets/" + processID + "/vote?area=" + area)
	choice = regexp.MustCompile(`name="choice" type="checkbox" value="([^"]+)"`).FindStringSubmatch(page.Body)[1]
	before := a.Count(t, `SELECT count(*) FROM budget_ballots WHERE process_id = $1`, processID)
	vote := url.Values{"choice": {choice}, "eligible": {"yes"}, "area_id": {area}}
	apptest.MustStatus(t, c.PostForm("/budgets/"+processID+"/vote", vote), http.StatusSeeOther)
	vote.Set("code", code)
	r := c.PostForm("/budgets/"+processID+"/vote", vote)
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "You have already voted with your account")
	if n := a.Count(t, `SELECT count(*) FROM budget_ballots WHERE process_id = $1`, processID) - before; n > 1 {
		t.Fatalf("%d new ballots from one person, want at most 1", n)
	}
}
