package mailtest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message as the server took it in.
type Received struct {
	From    string   // envelope sender (MAIL FROM)
	To      []string // envelope recipients (RCPT TO)
	Raw     []byte   // the message as sent in DATA
	Subject string   // decoded Subject header
	Text    string   // decoded text/plain body
	TLS     bool     // whether the session had switched to TLS
}

// Server is an SMTP server on loopback that keeps every message it receives.
type Server struct {
	smtp     *smtp.Server
	listener net.Listener
	served   chan struct{}
	tls      bool

	mu       sync.Mutex
	messages []Received
	arrived  chan struct{} // closed and replaced when a message arrives
}

// Start starts a server on 127.0.0.1 on a free port.
func Start() (*Server, error) { return StartAt("127.0.0.1:0") }

// StartAt starts a server listening on addr (host:port; port 0 picks one).
func StartAt(addr string) (*Server, error) { return start(addr, nil) }

// StartTLS starts a server on 127.0.0.1 on a free port that offers
// STARTTLS with cfg, for testing a client's TLS upgrade.
func StartTLS(cfg *tls.Config) (*Server, error) { return start("127.0.0.1:0", cfg) }

func start(addr string, cfg *tls.Config) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mailtest: listen: %w", err)
	}
	s := &Server{listener: l, served: make(chan struct{}), arrived: make(chan struct{}), tls: cfg != nil}
	srv := smtp.NewServer(backend{s})
	srv.TLSConfig = cfg
	srv.Domain = "localhost"
	srv.MaxMessageBytes = 32 << 20
	srv.MaxRecipients = 100
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.AllowInsecureAuth = true
	srv.ErrorLog = discard{}
	s.smtp = srv
	go func() {
		defer close(s.served)
		srv.Serve(l)
	}()
	return s, nil
}

// MustStart starts a server for the test and closes it when the test ends.
func MustStart(t testing.TB) *Server {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.listener.Addr().String() }

// URL is a mail.NewSMTP URL for the server: without TLS, or for a StartTLS
// server with STARTTLS required and its certificate unchecked.
func (s *Server) URL() string {
	if s.tls {
		return "smtp://" + s.Addr() + "?tls=starttls&insecure=1"
	}
	return "smtp://" + s.Addr() + "?tls=none"
}

// Messages returns a copy of every message received so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Received, len(s.messages))
	copy(out, s.messages)
	return out
}

// Clear forgets every message received so far.
func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = nil
}

// WaitFor returns the first message, already received or still to come, for
// which match is true. It gives up when ctx is done.
func (s *Server) WaitFor(ctx context.Context, match func(Received) bool) (Received, error) {
	seen := 0
	for {
		s.mu.Lock()
		msgs := s.messages
		arrived := s.arrived
		s.mu.Unlock()
		if seen > len(msgs) { // cleared meanwhile
			seen = 0
		}
		for ; seen < len(msgs); seen++ {
			if match(msgs[seen]) {
				return msgs[seen], nil
			}
		}
		select {
		case <-arrived:
		case <-ctx.Done():
			return Received{}, fmt.Errorf("mailtest: no matching message among %d: %w", len(msgs), ctx.Err())
		}
	}
}

// Close stops the server and drops open connections. Calling it again does
// nothing.
func (s *Server) Close() error {
	err := s.smtp.Close()
	// Serve may not have registered the listener yet; closing it here too
	// makes sure Serve returns.
	s.listener.Close()
	<-s.served
	if errors.Is(err, smtp.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, r)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s, conn: c}, nil
}

// session gathers one transaction's envelope and data.
type session struct {
	s    *Server
	conn *smtp.Conn
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := x.conn.TLSConnectionState()
	rec := Received{From: x.from, To: append([]string(nil), x.to...), Raw: raw, TLS: isTLS}
	rec.Subject, rec.Text, err = decode(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "mailtest: " + err.Error()}
	}
	x.s.add(rec)
	return nil
}

type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}
