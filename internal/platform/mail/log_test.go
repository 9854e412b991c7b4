package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	cmail "commons/internal/platform/mail"
)

func TestLogSenderLogsWholeMessage(t *testing.T) {
	var buf bytes.Buffer
	s := cmail.NewLogSender(slog.New(slog.NewTextHandler(&buf, nil)))
	link := "https://commons.example/confirm?token=abc"
	err := s.Send(context.Background(), "no-reply@commons.example", cmail.Message{
		To: []string{"ann@example.org"}, Subject: "Confirm", Text: "Click " + link,
		Attachments: []cmail.Attachment{{Filename: "e.ics"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"level=INFO", "ann@example.org", "Confirm", link, "e.ics"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if err := s.Send(context.Background(), "no-reply@commons.example", cmail.Message{Text: "x"}); err == nil {
		t.Error("log sender accepted a message without recipients")
	}
}
