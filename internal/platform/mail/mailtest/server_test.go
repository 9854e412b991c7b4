package mailtest_test

import (
	"context"
	"net/smtp"
	"strings"
	"testing"
	"time"

	"commons/internal/platform/mail"
	"commons/internal/platform/mail/mailtest"
)

// sendRaw delivers a hand-written message, CRLF line endings added.
func sendRaw(t *testing.T, srv *mailtest.Server, lines ...string) {
	t.Helper()
	raw := strings.Join(lines, "\r\n") + "\r\n"
	if err := smtp.SendMail(srv.Addr(), nil, "from@example.org", []string{"to@example.org"}, []byte(raw)); err != nil {
		t.Fatal(err)
	}
}

func TestDecodesTextPart(t *testing.T) {
	cases := map[string]struct {
		lines []string
		want  string
	}{
		"plain without MIME": {[]string{"Subject: hi", "", "just text"}, "just text\n"},
		"base64 text": {[]string{
			"Subject: =?utf-8?b?Q3JvZXNvIMW1?=", "MIME-Version: 1.0",
			"Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
			"RGlvbGNoIMW1IMW3IGh0dHBzOi8vZXhh", "bXBsZS5vcmcvP3Q9MQ==",
		}, "Diolch ŵ ŷ https://example.org/?t=1"},
		"attachment before text in mixed": {[]string{
			"Subject: =?utf-8?b?Q3JvZXNvIMW1?=", "MIME-Version: 1.0",
			`Content-Type: multipart/mixed; boundary="b1"`, "",
			"--b1", "Content-Type: text/plain", "Content-Disposition: attachment; filename=notes.txt", "", "not this",
			"--b1", `Content-Type: multipart/alternative; boundary="b2"`, "",
			"--b2", "Content-Type: text/html", "", "<p>no</p>",
			"--b2", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
			"https://example.org/confirm?token=3Dabc=3D=", "def",
			"--b2--", "--b1--",
		}, "https://example.org/confirm?token=abc=def"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			srv := mailtest.MustStart(t)
			sendRaw(t, srv, c.lines...)
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("got %d messages", len(got))
			}
			if got[0].Text != c.want {
				t.Errorf("Text = %q, want %q", got[0].Text, c.want)
			}
			if name != "plain without MIME" && got[0].Subject != "Croeso ŵ" {
				t.Errorf("Subject = %q", got[0].Subject)
			}
			if got[0].From != "from@example.org" || len(got[0].To) != 1 || got[0].To[0] != "to@example.org" {
				t.Errorf("envelope = %q %q", got[0].From, got[0].To)
			}
		})
	}
}

func TestWaitForBlocksUntilMatch(t *testing.T) {
	srv := mailtest.MustStart(t)
	sender, err := mail.NewSMTP(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sendTo := func(to string) {
		if err := sender.Send(ctx, "a@example.org", mail.Message{To: []string{to}, Subject: "s", Text: "for " + to}); err != nil {
			t.Error(err)
		}
	}
	sendTo("first@example.org")
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(50 * time.Millisecond)
		sendTo("other@example.org")
		sendTo("wanted@example.org")
	}()
	got, err := srv.WaitFor(ctx, func(r mailtest.Received) bool { return r.To[0] == "wanted@example.org" })
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "for wanted@example.org" {
		t.Errorf("Text = %q", got.Text)
	}
	<-done
	// A message that arrived earlier matches at once.
	if got, err := srv.WaitFor(ctx, func(r mailtest.Received) bool { return r.To[0] == "first@example.org" }); err != nil || got.Text != "for first@example.org" {
		t.Errorf("WaitFor earlier message = %+v, %v", got, err)
	}
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("Messages() has %d, want 3", n)
	}
	srv.Clear()
	short, cancelShort := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort()
	if _, err := srv.WaitFor(short, func(mailtest.Received) bool { return true }); err == nil {
		t.Error("WaitFor after Clear found a message")
	}
}

func TestCloseStopsServer(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.URL(), "smtp://127.0.0.1:") {
		t.Errorf("URL = %q", srv.URL())
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := smtp.SendMail(srv.Addr(), nil, "a@example.org", []string{"b@example.org"}, []byte("Subject: x\r\n\r\nx\r\n")); err == nil {
		t.Error("closed server accepted mail")
	}
}
