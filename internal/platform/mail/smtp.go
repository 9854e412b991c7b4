package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"strconv"
	"time"
)

// SMTPSender sends mail through one SMTP server. It opens a connection per
// message, so it is safe for concurrent use and needs no closing.
type SMTPSender struct {
	addr     string // host:port
	host     string
	tlsMode  string // "implicit", "starttls" (required), "auto" or "none"
	insecure bool
	helo     string
	user     string
	pass     string
	now      func() time.Time
}

// defaultTimeout bounds a send whose context has no deadline.
const defaultTimeout = 2 * time.Minute

// NewSMTP parses a mail server URL:
//
//	smtp://[user:pass@]host[:port][?tls=none|starttls][&insecure=1][&helo=name]
//	smtps://[user:pass@]host[:port][?insecure=1][&helo=name]
//
// smtp defaults to port 25 and upgrades with STARTTLS when the server offers
// it; tls=starttls refuses a server that does not, tls=none never upgrades.
// smtps speaks TLS from the start and defaults to port 465. insecure=1 skips
// certificate checks, for development only. helo sets the name the client
// gives in EHLO (default "localhost"). The user and password, when given, are
// sent with AUTH PLAIN, which is refused over a connection without TLS unless
// the server is on this machine.
func NewSMTP(rawURL string) (*SMTPSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP URL: %w", err)
	}
	s := &SMTPSender{helo: "localhost", now: time.Now}
	var port string
	switch u.Scheme {
	case "smtp":
		s.tlsMode, port = "auto", "25"
	case "smtps":
		s.tlsMode, port = "implicit", "465"
	default:
		return nil, fmt.Errorf("mail: SMTP URL scheme %q: want smtp or smtps", u.Scheme)
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return nil, errors.New("mail: SMTP URL must be scheme://[user:pass@]host[:port][?options]")
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, errors.New("mail: SMTP URL has no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("mail: SMTP URL port %q is not a port number", p)
		}
		port = p
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
		if s.user == "" {
			return nil, errors.New("mail: SMTP URL has a password but no user")
		}
	}
	if err := s.options(u.Query()); err != nil {
		return nil, err
	}
	if s.user != "" && s.tlsMode == "none" && !isLoopback(s.host) {
		return nil, errors.New("mail: SMTP URL sends a password without TLS (tls=none) to another machine")
	}
	return s, nil
}

func (s *SMTPSender) options(q url.Values) error {
	for k, vs := range q {
		if len(vs) != 1 {
			return fmt.Errorf("mail: SMTP URL option %q given %d times", k, len(vs))
		}
		v := vs[0]
		switch k {
		case "tls":
			if s.tlsMode == "implicit" {
				return errors.New("mail: SMTP URL option tls applies to smtp://, not smtps://")
			}
			if v != "none" && v != "starttls" {
				return fmt.Errorf("mail: SMTP URL option tls=%q: want none or starttls", v)
			}
			s.tlsMode = v
		case "insecure":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("mail: SMTP URL option insecure=%q: want 1 or 0", v)
			}
			s.insecure = b
		case "helo":
			if v == "" || len(v) > 255 || !isHostname(v) {
				return fmt.Errorf("mail: SMTP URL option helo=%q is not a host name", v)
			}
			s.helo = v
		default:
			return fmt.Errorf("mail: SMTP URL option %q unknown: want tls, insecure or helo", k)
		}
	}
	return nil
}

// Send composes m and delivers it in one SMTP session. The context bounds
// the whole session; without a deadline a session may last two minutes.
func (s *SMTPSender) Send(ctx context.Context, from string, m Message) error {
	env, err := check(from, m)
	if err != nil {
		return err
	}
	raw, err := Compose(from, m, s.now())
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultTimeout)
		defer cancel()
	}
	conn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", s.addr, err)
	}
	defer conn.Close()
	// When the context ends, a past deadline interrupts whatever the session
	// is waiting for; ctx.Err() is set by then, so the error says why.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if err := s.session(conn, env, raw); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("mail: send via %s: %w", s.addr, ctx.Err())
		}
		return fmt.Errorf("mail: send via %s: %w", s.addr, err)
	}
	return nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.host, InsecureSkipVerify: s.insecure, MinVersion: tls.VersionTLS12}
}

func (s *SMTPSender) dial(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{}
	if s.tlsMode == "implicit" {
		return (&tls.Dialer{NetDialer: d, Config: s.tlsConfig()}).DialContext(ctx, "tcp", s.addr)
	}
	return d.DialContext(ctx, "tcp", s.addr)
}

func (s *SMTPSender) session(conn net.Conn, env envelope, raw []byte) error {
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello(s.helo); err != nil {
		return err
	}
	if s.tlsMode == "auto" || s.tlsMode == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return err
			}
		} else if s.tlsMode == "starttls" {
			return errors.New("server does not offer STARTTLS (tls=starttls)")
		}
	}
	if s.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("server does not offer AUTH but the URL has a user")
		}
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return err
		}
	}
	if err := c.Mail(env.from.Address); err != nil {
		return err
	}
	for _, to := range env.to {
		if err := c.Rcpt(to.Address); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := bytes.NewReader(raw).WriteTo(w); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isHostname reports whether s has only the characters of a host name or an
// address literal, so it is safe on the EHLO line.
func isHostname(s string) bool {
	for _, r := range s {
		ok := r == '.' || r == '-' || r == ':' || r == '[' || r == ']' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
