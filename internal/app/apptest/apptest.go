// Package apptest starts a real Commons for HTTP tests: app.Build over a fresh database (SQLite,
// or PostgreSQL through dbtest), a real SMTP server on loopback as the mail server, the outbox
// worker running, and an httptest server in front. Client is a browser-like client with a cookie
// jar that carries the CSRF token from the last page into the forms it posts.
//
// It is a test helper for every capability's HTTP tests; nothing outside tests imports it.
package apptest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/config"
	"commons/internal/identity"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail/mailtest"
	"commons/internal/platform/secret"
)

// Options configure a test app; the zero value is SQLite with the default configuration.
type Options struct {
	Dialect string            // "sqlite" (default) or "postgres"
	Env     map[string]string // extra COMMONS_* settings, e.g. COMMONS_SIGN_IN_LIMIT
	Log     io.Writer         // where the server logs; nil discards
}

// App is a running Commons.
type App struct {
	*app.Server
	URL   string // base URL, no trailing slash
	HTTP  *httptest.Server
	Mail  *mailtest.Server
	Clock *Clock

	mu    sync.Mutex
	taken map[int]bool // indexes of mail already returned by MustMail
}

// FastParams are cheap argon2id parameters, so tests do not spend 64 MiB per hash.
var FastParams = secret.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// HashPassword hashes with FastParams; secret.CheckPassword reads the parameters from the hash.
func HashPassword(pw string) (string, error) { return secret.HashPasswordWith(FastParams, pw) }

// New starts a Commons for the test; everything stops when the test ends.
func New(t testing.TB, o Options) *App {
	t.Helper()
	if o.Dialect == "" {
		o.Dialect = "sqlite"
	}
	clk := &Clock{}
	d := dbtest.Open(t, o.Dialect, clk, app.Migrations()...)
	smtp := mailtest.MustStart(t)
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	env := map[string]string{
		"COMMONS_SMTP_URL":     smtp.URL(),
		"COMMONS_BASE_URL":     base,
		"COMMONS_DATABASE_URL": "unused-by-tests.db",
		"COMMONS_PLACE_NAME":   "Testborough",
		// Tests that guess at passwords would wait seconds each; the wait itself is tested
		// with the setting given (TestSignInSlowsDownAndTheOwnersBrowserStillGetsIn).
		"COMMONS_SIGN_IN_SLOW_DOWN": "0",
	}
	for k, v := range o.Env {
		env[k] = v
	}
	c, _, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		ts.Close()
		t.Fatalf("apptest: config: %v", err)
	}
	logw := o.Log
	if logw == nil {
		logw = io.Discard
	}
	s, err := app.Build(c, d, slog.New(slog.NewTextHandler(logw, nil)), HashPassword)
	if err != nil {
		ts.Close()
		t.Fatalf("apptest: build: %v", err)
	}
	ts.Config.Handler = s.Handler
	ts.Start()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Outbox.Run(ctx, 50*time.Millisecond) }()
	t.Cleanup(func() { cancel(); <-done; ts.Close() })
	return &App{Server: s, URL: base, HTTP: ts, Mail: smtp, Clock: clk, taken: map[int]bool{}}
}

// Each runs fn on a test app over SQLite and over PostgreSQL (skipped when none is configured).
func Each(t *testing.T, o Options, fn func(t *testing.T, a *App)) {
	t.Helper()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			o := o
			o.Dialect = dialect
			fn(t, New(t, o))
		})
	}
}

// Clock is the real time moved by an offset, so a test can travel forward (link expiry, rate
// limit windows) while the order of events stays real.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the shifted time, in UTC to the microsecond like clock.System.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Add(c.offset).Truncate(time.Microsecond)
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.offset += d; c.mu.Unlock() }

// MustMail waits for a message, not returned before, whose subject contains subject, and returns
// its text.
func (a *App) MustMail(t testing.TB, subject string) string {
	t.Helper()
	return a.MustMailTo(t, "", subject)
}

// MustMailTo is MustMail for one recipient ("" for anyone).
func (a *App) MustMailTo(t testing.TB, to, subject string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs := a.Mail.Messages()
		a.mu.Lock()
		for i, m := range msgs {
			if a.taken[i] || !strings.Contains(m.Subject, subject) {
				continue
			}
			if to != "" && (len(m.To) == 0 || !strings.EqualFold(m.To[0], to)) {
				continue
			}
			a.taken[i] = true
			a.mu.Unlock()
			return m.Text
		}
		a.mu.Unlock()
		if time.Now().After(deadline) {
			var got []string
			for _, m := range msgs {
				got = append(got, fmt.Sprintf("%q to %v", m.Subject, m.To))
			}
			t.Fatalf("no mail with subject containing %q to %q arrived; received: %v", subject, to, got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// NoMail fails the test when mail it has not yet taken arrives within wait after the outbox
// has been emptied.
func (a *App) NoMail(t testing.TB, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, err := a.Outbox.Pending(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(wait)
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, m := range a.Mail.Messages() {
		if !a.taken[i] {
			t.Fatalf("unexpected mail %q to %v:\n%s", m.Subject, m.To, m.Text)
		}
	}
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// Link is the first URL in a mail's text, or "".
func Link(text string) string { return linkRE.FindString(text) }

// Links are all the URLs in a mail's text.
func Links(text string) []string { return linkRE.FindAllString(text, -1) }

// MustAccount creates a confirmed account with the resident role and any other roles given,
// straight in the database, and returns its id.
func (a *App) MustAccount(t testing.TB, name, email, password string, roles ...string) string {
	t.Helper()
	ctx := context.Background()
	hash, err := HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	id := ids.New()
	err = a.DB.WithTx(ctx, func(ctx context.Context) error {
		now := a.DB.Now(ctx)
		if _, err := a.DB.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, email_confirmed_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $5)`, id, name, identity.NormaliseEmail(email), hash, now); err != nil {
			return err
		}
		for _, r := range append([]string{identity.RoleResident}, roles...) {
			if _, err := a.DB.Exec(ctx, `INSERT INTO account_roles (account_id, role, granted_at) VALUES ($1, $2, $3)
				ON CONFLICT (account_id, role) DO NOTHING`, id, r, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("apptest: create account %s: %v", email, err)
	}
	return id
}

// Count runs a count(*) query and returns the number.
func (a *App) Count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := a.DB.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("apptest: %s: %v", query, err)
	}
	return n
}
