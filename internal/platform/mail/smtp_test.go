package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	cmail "commons/internal/platform/mail"
	"commons/internal/platform/mail/mailtest"
)

func TestNewSMTPURLs(t *testing.T) {
	good := []string{
		"smtp://mail.example.org",
		"smtp://mail.example.org:587",
		"smtp://user:p%40ss@mail.example.org:587",
		"smtp://127.0.0.1:2525?tls=none",
		"smtp://user:pw@localhost:2525?tls=none",
		"smtp://mail.example.org?tls=starttls&insecure=1&helo=web1.example.org",
		"smtps://mail.example.org",
		"smtps://user:pw@[2001:db8::1]:465/?insecure=true",
	}
	for _, u := range good {
		if _, err := cmail.NewSMTP(u); err != nil {
			t.Errorf("NewSMTP(%q): %v", u, err)
		}
	}
	bad := map[string]string{
		"":                                     "scheme",
		"mail.example.org:25":                  "scheme",
		"http://mail.example.org":              "scheme",
		"smtp://":                              "no host",
		"smtp://mail.example.org:0":            "port",
		"smtp://mail.example.org:99999":        "port",
		"smtp://mail.example.org/inbox":        "must be",
		"smtp://:pw@mail.example.org":          "no user",
		"smtp://mail.example.org?tls=yes":      "tls=",
		"smtps://mail.example.org?tls=none":    "smtps",
		"smtp://mail.example.org?insecure=2":   "insecure",
		"smtp://mail.example.org?helo=a%0Db":   "helo",
		"smtp://mail.example.org?port=26":      "unknown",
		"smtp://mail.example.org?tls=a&tls=b":  "2 times",
		"smtp://u:p@mail.example.org?tls=none": "without TLS",
	}
	for u, want := range bad {
		_, err := cmail.NewSMTP(u)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NewSMTP(%q) = %v, want an error mentioning %q", u, err, want)
		}
	}
}

func send(t *testing.T, url string, m cmail.Message) error {
	t.Helper()
	s, err := cmail.NewSMTP(url)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.Send(ctx, "Commons <no-reply@commons.example>", m)
}

func TestSMTPSendsToRealServer(t *testing.T) {
	srv := mailtest.MustStart(t)
	link := "https://commons.example/confirm?token=" + strings.Repeat("Zx9_", 11)
	m := cmail.Message{
		To:          []string{"Siân <sian@example.cymru>", "bob@example.org"},
		Subject:     "Croeso i Commons — ŵ ŷ",
		Text:        "Cliciwch: " + link + "\nDiolch.",
		HTML:        `<p><a href="` + link + `">Cadarnhau</a></p>`,
		Attachments: []cmail.Attachment{{Filename: "e.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}},
	}
	if err := send(t, srv.URL(), m); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got, err := srv.WaitFor(ctx, func(r mailtest.Received) bool { return strings.Contains(r.Text, link) })
	if err != nil {
		t.Fatal(err)
	}
	if got.From != "no-reply@commons.example" {
		t.Errorf("envelope from = %q", got.From)
	}
	if strings.Join(got.To, ",") != "sian@example.cymru,bob@example.org" {
		t.Errorf("envelope to = %q", got.To)
	}
	if got.Subject != m.Subject {
		t.Errorf("subject = %q, want %q", got.Subject, m.Subject)
	}
	if got.Text != m.Text {
		t.Errorf("text = %q, want %q", got.Text, m.Text)
	}
	if got.TLS {
		t.Error("tls=none session used TLS")
	}
}

func TestSMTPUpgradesWithSTARTTLS(t *testing.T) {
	srv, err := mailtest.StartTLS(&tls.Config{Certificates: []tls.Certificate{selfSigned(t)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	m := cmail.Message{To: []string{"a@example.org"}, Subject: "tls", Text: "secret link"}

	// Opportunistic (the default) and required STARTTLS both upgrade.
	for _, url := range []string{"smtp://" + srv.Addr() + "?insecure=1", srv.URL()} {
		srv.Clear()
		if err := send(t, url, m); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if got := srv.Messages(); len(got) != 1 || !got[0].TLS || got[0].Text != "secret link" {
			t.Errorf("%s: received %+v, want one message over TLS", url, got)
		}
	}
	// Without insecure=1 the self-signed certificate is refused.
	if err := send(t, "smtp://"+srv.Addr(), m); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("self-signed certificate accepted: %v", err)
	}
}

func TestSMTPRefusals(t *testing.T) {
	srv := mailtest.MustStart(t)
	m := cmail.Message{To: []string{"a@example.org"}, Text: "x"}
	if err := send(t, "smtp://"+srv.Addr()+"?tls=starttls", m); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("tls=starttls against a plain server: %v", err)
	}
	if err := send(t, "smtp://u:p@"+srv.Addr()+"?tls=none", m); err == nil || !strings.Contains(err.Error(), "AUTH") {
		t.Errorf("credentials against a server without AUTH: %v", err)
	}
	if err := send(t, srv.URL(), cmail.Message{To: []string{"a@example.org"}}); err == nil {
		t.Error("message without text was sent")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSMTPSendHonoursContext(t *testing.T) {
	// A server that accepts connections and never greets.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s, err := cmail.NewSMTP("smtp://" + l.Addr().String() + "?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = s.Send(ctx, "a@example.org", cmail.Message{To: []string{"b@example.org"}, Text: "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send to a silent server = %v, want deadline exceeded", err)
	}
}

// selfSigned makes a certificate for 127.0.0.1 valid for the test.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mailtest"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
