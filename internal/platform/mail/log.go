package mail

import (
	"context"
	"log/slog"
)

type logSender struct{ logger *slog.Logger }

// NewLogSender returns a Sender that delivers nothing: it logs each message,
// text included, at INFO, so a developer without a mail server can follow the
// links in it. It still rejects messages that Compose would reject.
func NewLogSender(logger *slog.Logger) Sender {
	return logSender{logger: logger}
}

func (l logSender) Send(ctx context.Context, from string, m Message) error {
	if _, err := check(from, m); err != nil {
		return err
	}
	names := make([]string, len(m.Attachments))
	for i, at := range m.Attachments {
		names[i] = at.Filename
	}
	l.logger.InfoContext(ctx, "mail not sent: no SMTP server configured",
		slog.String("from", from),
		slog.Any("to", m.To),
		slog.String("subject", m.Subject),
		slog.String("text", m.Text),
		slog.Any("attachments", names),
	)
	return nil
}
