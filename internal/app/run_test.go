package app_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/identity"
	"commons/internal/platform/db"
)

// syncBuffer is a bytes.Buffer safe to write from the server while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func noEnv(string) string { return "" }

var listening = regexp.MustCompile(`commons: listening on (http://127\.0\.0\.1:\d+)`)

func TestRunServeDemoAndShutDown(t *testing.T) {
	dbFile := filepath.Join(t.TempDir(), "commons.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- app.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbFile, "--demo"}, noEnv, strings.NewReader(""), &stdout, &stderr)
	}()
	// Wait for readiness (the "listening on" line, then /healthz answering), for as long as the
	// test may run: loading the demo under -race on a busy machine takes what it takes.
	deadline := time.Now().Add(5 * time.Minute)
	if d, ok := t.Deadline(); ok {
		deadline = d.Add(-30 * time.Second)
	}
	var base string
	for base == "" {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("Run returned early: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready before the test's deadline; stdout %q stderr %q", stdout.String(), stderr.String())
		}
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := hc.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(res.Body)
		return res, b.String()
	}
	if res, body := get("/healthz"); res.StatusCode != 200 || body != "ok\n" {
		t.Fatalf("healthz %d %q", res.StatusCode, body)
	}
	if res, _ := get("/"); res.StatusCode != 200 {
		t.Fatalf("home %d", res.StatusCode)
	}
	_, page := get("/sign-in")
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	res, err := hc.PostForm(base+"/sign-in", url.Values{"csrf_token": {m[1]}, "email": {identity.DemoAccounts[0].Email}, "password": {identity.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("demo admin sign-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := get("/admin/organisations"); res.StatusCode != 200 || !strings.Contains(body, "Harbourside Food Bank") {
		t.Fatalf("admin organisations %d", res.StatusCode)
	}
	// The background jobs ran as the server started, and /metrics counts them.
	if _, body := get("/metrics"); !strings.Contains(body, `commons_job_runs_total{job="outbox",result="ok"}`) ||
		!strings.Contains(body, `commons_job_runs_total{job="network_notifications",result="ok"}`) {
		t.Errorf("no job runs on /metrics:\n%s", body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after cancel: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after the context ended")
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("no graceful stop in the log:\n%s", stderr.String())
	}

	// The database it left behind: migrate finds nothing to do, backup copies it.
	var out bytes.Buffer
	if err := app.Run(context.Background(), []string{"migrate", "--db", dbFile}, noEnv, nil, &out, &out); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "sqlite database is up to date") || strings.Contains(out.String(), "migrated") {
		t.Errorf("migrate said %q", out.String())
	}
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	out.Reset()
	if err := app.Run(context.Background(), []string{"backup", "--db", dbFile, copyFile}, noEnv, nil, &out, &out); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	d, err := db.Open(context.Background(), copyFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT count(*) FROM accounts WHERE id <> $1`, identity.FormerMember).Scan(&n); err != nil || n != len(identity.DemoAccounts) {
		t.Errorf("backup has %d accounts (%v), want %d", n, err, len(identity.DemoAccounts))
	}
	if err := app.Run(context.Background(), []string{"backup", "--db", dbFile, copyFile}, noEnv, nil, &out, &out); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	if err := app.Run(context.Background(), []string{"backup", "--db", dbFile}, noEnv, nil, &out, &out); !errors.Is(err, app.ErrUsage) {
		t.Errorf("backup without a file: %v", err)
	}
}

func TestRunSmallCommands(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := app.Run(context.Background(), []string{"version"}, noEnv, nil, &out, &errOut); err != nil || !strings.HasPrefix(out.String(), "commons ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	for _, args := range [][]string{nil, {"frobnicate"}, {"serve", "--no-such-flag"}, {"migrate", "--sign-in-limit", "0"}} {
		errOut.Reset()
		if err := app.Run(context.Background(), args, noEnv, nil, &out, &errOut); !errors.Is(err, app.ErrUsage) {
			t.Errorf("%q: err %v, want ErrUsage", args, err)
		}
		if errOut.Len() == 0 {
			t.Errorf("%q: nothing said on stderr", args)
		}
	}
	out.Reset()
	if err := app.Run(context.Background(), []string{"help"}, noEnv, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "commons serve") {
		t.Errorf("help: %v %q", err, out.String())
	}
	// A bad environment variable is a usage error too, naming the variable.
	errOut.Reset()
	env := func(k string) string {
		if k == "COMMONS_LOG_FORMAT" {
			return "xml"
		}
		return ""
	}
	if err := app.Run(context.Background(), []string{"migrate", "--db", filepath.Join(t.TempDir(), "x.db")}, env, nil, &out, &errOut); !errors.Is(err, app.ErrUsage) || !strings.Contains(errOut.String(), "COMMONS_LOG_FORMAT") {
		t.Errorf("bad env: %v %q", err, errOut.String())
	}
}
