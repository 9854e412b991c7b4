package identity_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app/apptest"
)

// concurrently sends n forms at the same moment, each from its own browser, and returns how
// many got each status.
func concurrently(t *testing.T, a *apptest.App, n int, path string, form func(i int) url.Values) map[int]int {
	t.Helper()
	clients := make([]*apptest.Client, n)
	for i := range clients {
		clients[i] = a.Client(t)
		clients[i].Get("/sign-in") // a CSRF token
	}
	statuses := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = clients[i].PostForm(path, form(i)).Status
		}()
	}
	close(start)
	wg.Wait()
	got := map[int]int{}
	for _, s := range statuses {
		got[s]++
	}
	return got
}

// TestSignInLimitHoldsUnderConcurrency: the limit counts each attempt before the password is
// checked, so a burst sent at once is checked no more often than the limit allows (V3: 200
// wrong passwords at once were all checked, with a limit of 5).
func TestSignInLimitHoldsUnderConcurrency(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Target", "target@example.org", pw)
		got := concurrently(t, a, 40, "/sign-in", func(i int) url.Values {
			return url.Values{"email": {"target@example.org"}, "password": {fmt.Sprintf("guess %d", i)}}
		})
		if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 35 {
			t.Errorf("40 guesses at once with a limit of 5: %v, want 5 × 401 and 35 × 429", got)
		}
		// The address limit (20) holds the same way across many accounts.
		a.Clock.Advance(16 * 60e9)
		got = concurrently(t, a, 40, "/sign-in", func(i int) url.Values {
			return url.Values{"email": {fmt.Sprintf("someone%d@example.org", i)}, "password": {"guess"}}
		})
		if got[http.StatusUnauthorized] != 20 || got[http.StatusTooManyRequests] != 20 {
			t.Errorf("40 accounts guessed at once from one address, limit 20: %v, want 20 × 401 and 20 × 429", got)
		}
	})
}

// TestStrangerCannotLockOutTheOwner: after too many failures the password is no longer checked,
// but the owner is not shut out: a single-use sign-in link goes to the account's mailbox, with
// a notice of the attempts (V5: anyone who knew an address could keep its owner signed out,
// and one person in a library could sign out the library).
func TestStrangerCannotLockOutTheOwner(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Owner", "owner@example.org", pw)
		stranger := a.Client(t)
		for i := 0; i < 5; i++ {
			r := stranger.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {"guess"}})
			apptest.MustStatus(t, r, http.StatusUnauthorized)
		}
		r := stranger.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {"guess"}})
		apptest.MustStatus(t, r, http.StatusTooManyRequests)
		apptest.MustContain(t, r, "we have sent a sign-in link to that email address, if it has an account")
		notice := a.MustMailTo(t, "owner@example.org", "Sign in to your account with this link")
		if !strings.Contains(notice, "did not succeed") || !strings.Contains(notice, a.URL+"/password/forgot") {
			t.Errorf("the notice does not say what happened:\n%s", notice)
		}
		link := apptest.Link(notice)
		if !strings.Contains(link, "/sign-in/link/") {
			t.Fatalf("no sign-in link in:\n%s", notice)
		}
		// The owner, with the right password, is challenged rather than let in by the password.
		owner := a.Client(t)
		r = owner.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {pw}})
		apptest.MustStatus(t, r, http.StatusTooManyRequests)
		// The stranger keeps guessing: no more than three mails an hour reach the owner.
		for i := 0; i < 10; i++ {
			stranger.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {"guess"}})
		}
		// The owner follows the link: a button (mail scanners follow links), then signed in.
		r = owner.Get(link)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Sign in with the link we sent")
		r = owner.PostForm(strings.TrimPrefix(link, a.URL), nil)
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, owner.Follow(r), "You are signed in.")
		apptest.MustStatus(t, owner.Get("/account"), http.StatusOK)
		// Once only.
		apptest.MustStatus(t, owner.PostForm(strings.TrimPrefix(link, a.URL), nil), http.StatusGone)
		if n := a.Count(t, `SELECT count(*) FROM outbox WHERE recipient LIKE '%owner@example.org%'`); n > 3 {
			t.Errorf("%d mails to the owner within the hour, want at most 3", n)
		}
	})
}

// TestLibraryIsNotLockedOut: people signing in with the right password from one shared address
// do not use up its limit, and when guessers have used it up, the people there still sign in
// through the link mailed to them.
func TestLibraryIsNotLockedOut(t *testing.T) {
	a := apptest.New(t, apptest.Options{Env: map[string]string{"COMMONS_SIGN_IN_ADDRESS_LIMIT": "4"}})
	for i := 0; i < 6; i++ {
		email := fmt.Sprintf("reader%d@example.org", i)
		a.MustAccount(t, "Reader", email, pw)
		a.Client(t).SignIn(email, pw) // six good sign-ins, limit four: all fine
	}
	guesser := a.Client(t)
	for i := 0; i < 4; i++ {
		guesser.PostForm("/sign-in", url.Values{"email": {fmt.Sprintf("victim%d@example.org", i)}, "password": {"guess"}})
	}
	reader := a.Client(t)
	r := reader.PostForm("/sign-in", url.Values{"email": {"reader5@example.org"}, "password": {pw}})
	apptest.MustStatus(t, r, http.StatusTooManyRequests)
	link := apptest.Link(a.MustMailTo(t, "reader5@example.org", "Sign in to your account with this link"))
	reader.Get(link)
	r = reader.PostForm(strings.TrimPrefix(link, a.URL), nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustStatus(t, reader.Get("/account"), http.StatusOK)
}

// TestMailFormsCannotFloodAMailbox: the forms that send mail to an address someone typed are
// limited per network address and per recipient (V4: 25 × /password/forgot and 25 × /register
// sent 50 mails to one address).
func TestMailFormsCannotFloodAMailbox(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Victim", "victim@example.org", pw)
		forgot := concurrently(t, a, 10, "/password/forgot", func(int) url.Values {
			return url.Values{"email": {"victim@example.org"}}
		})
		register := concurrently(t, a, 10, "/register", func(int) url.Values {
			return url.Values{"name": {"Anyone"}, "email": {"victim@example.org"}, "password": {"a long enough password"}}
		})
		// Every answer is the usual page: the forms tell nobody whether mail went.
		if forgot[http.StatusOK] != 10 || register[http.StatusOK] != 10 {
			t.Errorf("forgot %v, register %v: want 10 × 200 each", forgot, register)
		}
		a.MustMailTo(t, "victim@example.org", "")
		a.MustMailTo(t, "victim@example.org", "")
		a.MustMailTo(t, "victim@example.org", "")
		a.NoMail(t, 100e6)

		// Per network address: 20 forms an hour, then a clear refusal, before any hashing.
		got := concurrently(t, a, 5, "/password/forgot", func(i int) url.Values {
			return url.Values{"email": {fmt.Sprintf("other%d@example.org", i)}}
		})
		if got[http.StatusTooManyRequests] != 5 {
			t.Errorf("forms 21 to 25 from one address: %v, want 5 × 429", got)
		}
		c := a.Client(t)
		r := c.PostForm("/register", url.Values{"name": {"New"}, "email": {"new@example.org"}, "password": {"a long enough password"}})
		apptest.MustStatus(t, r, http.StatusTooManyRequests)
		apptest.MustContain(t, r, "Too many forms have been sent from your connection")
		if n := a.Count(t, `SELECT count(*) FROM accounts WHERE email = 'new@example.org'`); n != 0 {
			t.Error("a refused registration made an account")
		}
		a.Clock.Advance(61 * 60e9)
		r = c.PostForm("/register", url.Values{"name": {"New"}, "email": {"new@example.org"}, "password": {"a long enough password"}})
		apptest.MustStatus(t, r, http.StatusOK)
		a.MustMailTo(t, "new@example.org", "Confirm your email address")
	})
}

// TestSignInSlowsDownAndTheOwnersBrowserStillGetsIn (V5): answers slow down from the third
// attempt at an account, so guessing is slow long before the limit; and once strangers' guesses
// have stopped sign-ins to the account, its owner still signs in with their password from a
// browser they signed in from before (which has a limit of its own), while any other browser,
// even with the right password, gets the mailed link.
func TestSignInSlowsDownAndTheOwnersBrowserStillGetsIn(t *testing.T) {
	apptest.Each(t, apptest.Options{Env: map[string]string{"COMMONS_SIGN_IN_SLOW_DOWN": "200ms"}}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Owner", "owner@example.org", pw)
		own := a.Client(t)
		own.SignIn("owner@example.org", pw)
		apptest.MustStatus(t, own.PostForm("/sign-out", nil), http.StatusSeeOther)

		stranger := a.Client(t)
		stranger.Get("/sign-in")
		waits := make([]time.Duration, 6)
		for i := range waits {
			start := time.Now()
			r := stranger.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {"guess"}})
			waits[i] = time.Since(start)
			apptest.MustStatus(t, r, map[bool]int{true: http.StatusUnauthorized, false: http.StatusTooManyRequests}[i < 5])
		}
		// Nothing for the first two, then 200 ms doubling: the answer cannot come sooner.
		for i, least := range []time.Duration{0, 0, 200, 400, 800, 1600} {
			if waits[i] < least*time.Millisecond {
				t.Errorf("attempt %d answered after %v, want at least %v", i+1, waits[i], least*time.Millisecond)
			}
		}

		// Another browser, right password: challenged by the mailed link.
		other := a.Client(t)
		other.Get("/sign-in")
		apptest.MustStatus(t, other.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {pw}}), http.StatusTooManyRequests)
		// The owner's own browser, right password: in.
		own.Get("/sign-in")
		r := own.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {pw}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustStatus(t, own.Get("/account"), http.StatusOK)
		// The data download lists the browser it remembers.
		apptest.MustContain(t, own.Get("/account/data.json"), "remembered_browsers", "first_sign_in")

		// Guesses from the owner's browser (stolen, or a forgetful owner) meet a limit of their own.
		apptest.MustStatus(t, own.PostForm("/sign-out", nil), http.StatusSeeOther)
		own.Get("/sign-in")
		for i := 0; i < 5; i++ {
			apptest.MustStatus(t, own.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {"wrong"}}), http.StatusUnauthorized)
		}
		apptest.MustStatus(t, own.PostForm("/sign-in", url.Values{"email": {"owner@example.org"}, "password": {pw}}), http.StatusTooManyRequests)
	})
}
