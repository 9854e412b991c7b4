// Package crashtest runs the real commons program for tests that kill it with SIGKILL in the
// middle of a burst of writes and then check that nothing acknowledged was lost or doubled. It
// builds the program once, prepares the database the program will use (migrated, with the
// capabilities' services built over it for seeding), starts `commons serve` on a free loopback
// port, waits until it answers /healthz, and kills, restarts or stops it.
//
// It is a test helper; nothing outside tests imports it.
package crashtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/config"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

// buildOnce builds the commons program once for the test binary.
var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "commons-crash-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "commons")
	out, err := exec.Command("go", "build", "-o", bin, "commons/cmd/commons").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// Program returns the path of the commons program, built once for the test binary. It skips
// the test under -short: a crash test starts the real program.
func Program(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts the real program")
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// Dialects runs fn once on SQLite and once on PostgreSQL (dbtest.URL skips PostgreSQL where it
// is not set up), each with a fresh database's URL.
func Dialects(t *testing.T, fn func(t *testing.T, dbURL string)) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) { fn(t, dbtest.URL(t, dialect)) })
	}
}

// Prepare migrates the database at dbURL and builds the program's capabilities over it, as
// `commons serve` will, so a test can seed through the services before it starts the server.
// The caller closes the database (before killing the server is fine; SQLite allows both).
func Prepare(t testing.TB, dbURL string) (*db.DB, *app.Server) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(ctx, app.Migrations()...); err != nil {
		d.Close()
		t.Fatal(err)
	}
	env := map[string]string{"COMMONS_DATABASE_URL": dbURL}
	c, _, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		d.Close()
		t.Fatal(err)
	}
	s, err := app.Build(c, d, slog.New(slog.NewTextHandler(io.Discard, nil)), apptest.HashPassword)
	if err != nil {
		d.Close()
		t.Fatal(err)
	}
	return d, s
}

// Server is a running `commons serve` a test can kill and start again.
type Server struct {
	Addr string // host:port on loopback
	URL  string // http://Addr
	bin  string
	args []string
	env  []string
	mu   sync.Mutex
	log  bytes.Buffer
	cmd  *exec.Cmd
}

// Serve starts `commons serve` over the database at dbURL on a free loopback port, with the
// extra flags given (such as "--shutdown-timeout", "2s"), and waits until it answers. The
// server is killed when the test ends, and its log is shown if the test failed.
func Serve(t testing.TB, bin, dbURL string, flags ...string) *Server {
	t.Helper()
	return ServeEnv(t, bin, dbURL, nil, flags...)
}

// ServeEnv is Serve with extra environment settings ("COMMONS_SMTP_URL=").
func ServeEnv(t testing.TB, bin, dbURL string, env []string, flags ...string) *Server {
	t.Helper()
	addr := FreeAddr(t)
	s := &Server{Addr: addr, URL: "http://" + addr, bin: bin, env: env,
		args: append([]string{"serve", "--db", dbURL, "--addr", addr}, flags...)}
	t.Cleanup(func() {
		s.Kill()
		if t.Failed() {
			t.Logf("server log:\n%s", s.Log())
		}
	})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	return s
}

// Start starts the server (again) and waits up to a minute for /healthz to answer 200. It
// reports rather than fails the test, so a goroutine other than the test's may call it.
func (s *Server) Start() error {
	cmd := exec.Command(s.bin, s.args...)
	cmd.Env = append(os.Environ(), s.env...)
	w := &lockedWriter{s: s}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		return err
	}
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.URL + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("commons serve did not answer /healthz:\n%s", s.Log())
}

// detach takes the running process away from s (nil when none runs), so
// that Kill and Stop end it once however they are called.
func (s *Server) detach() *exec.Cmd {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmd := s.cmd
	s.cmd = nil
	return cmd
}

// Kill sends SIGKILL and waits for the process to end.
func (s *Server) Kill() {
	cmd := s.detach()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
}

// Stop asks the server to shut down (SIGTERM) and kills it if it has not within ten seconds.
func (s *Server) Stop() {
	cmd := s.detach()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
	}
}

// Log is what the server has written so far.
func (s *Server) Log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

type lockedWriter struct{ s *Server }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.log.Write(p)
}

// FreeAddr returns a loopback address with a port free at the time of the call.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// WaitUntil polls done every few milliseconds until it is true or the time is up, to let a
// burst of writes run before the kill.
func WaitUntil(limit time.Duration, done func() bool) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && !done() {
		time.Sleep(10 * time.Millisecond)
	}
}

// Browser is a client that keeps cookies and does not follow redirects, so a test sees the
// 303 that acknowledges a form.
func Browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// FormToken gets the page at url with c and returns the CSRF token of its first form, the
// response's status, and false when the page could not be read or has no form token.
func FormToken(c *http.Client, url string) (token string, status int, ok bool) {
	res, err := c.Get(url)
	if err != nil {
		return "", 0, false
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRE.FindSubmatch(b)
	if m == nil {
		return "", res.StatusCode, false
	}
	return string(m[1]), res.StatusCode, true
}
