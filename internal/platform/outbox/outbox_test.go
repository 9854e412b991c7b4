package outbox

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"commons/internal/platform/clock"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/mail"
)

type box struct {
	mu   sync.Mutex
	sent []string
	msgs []mail.Message
	fail bool
}

func (b *box) send(_ context.Context, m mail.Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail {
		return errors.New("smtp down")
	}
	b.sent = append(b.sent, m.To[0]+"|"+m.Subject)
	b.msgs = append(b.msgs, m)
	return nil
}

// A message with HTML, headers and an attachment comes out of the outbox as it went in, one
// copy per recipient.
func TestFullMessageKeptWhole(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	dbtest.Each(t, clk, []db.Migrations{Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := &box{}
		o := New(d, b.send, slog.New(slog.NewTextHandler(io.Discard, nil)))
		in := mail.Message{
			To: []string{"a@example.org", "b@example.org"}, Subject: "Pop-up day", Text: "See you there", HTML: "<p>See you there</p>",
			Headers:     map[string]string{"List-Unsubscribe": "<https://commons.example/u/x>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
			Attachments: []mail.Attachment{{Filename: "event.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}},
		}
		if err := d.WithTx(ctx, func(ctx context.Context) error { return o.EnqueueMessage(ctx, in) }); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if sent, err := o.SendOne(ctx); !sent || err != nil {
				t.Fatalf("send: %v %v", sent, err)
			}
		}
		if len(b.msgs) != 2 {
			t.Fatalf("sent %d messages, want 2", len(b.msgs))
		}
		got := map[string]bool{}
		for _, m := range b.msgs {
			got[m.To[0]] = true
			if m.HTML != in.HTML || m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || len(m.Attachments) != 1 ||
				string(m.Attachments[0].Data) != string(in.Attachments[0].Data) || m.Attachments[0].ContentType != "text/calendar" {
				t.Errorf("message changed in the outbox: %+v", m)
			}
		}
		if !got["a@example.org"] || !got["b@example.org"] {
			t.Errorf("recipients %v", got)
		}
		if err := o.EnqueueMessage(ctx, mail.Message{Subject: "x", Text: "y"}); err == nil {
			t.Error("a message with no recipients was queued")
		}
	})
}

func TestQueuedInTransactionSentOnceAndRetried(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	dbtest.Each(t, clk, []db.Migrations{Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := &box{}
		o := New(d, b.send, slog.New(slog.NewTextHandler(io.Discard, nil)))
		// A rolled-back transaction queues nothing.
		_ = d.WithTx(ctx, func(ctx context.Context) error {
			_ = o.Enqueue(ctx, "lost@example.org", "no", "x")
			return errors.New("roll back")
		})
		if err := d.WithTx(ctx, func(ctx context.Context) error { return o.Enqueue(ctx, "a@example.org", "Hello", "body") }); err != nil {
			t.Fatal(err)
		}
		if n, _ := o.Pending(ctx); n != 1 {
			t.Fatalf("pending %d, want 1", n)
		}
		b.fail = true
		if sent, err := o.SendOne(ctx); !sent || err != nil {
			t.Fatalf("first try: %v %v", sent, err)
		}
		if sent, _ := o.SendOne(ctx); sent {
			t.Fatal("retried before its backoff")
		}
		b.fail = false
		clk.Advance(time.Hour)
		if sent, err := o.SendOne(ctx); !sent || err != nil {
			t.Fatalf("retry: %v %v", sent, err)
		}
		if sent, _ := o.SendOne(ctx); sent {
			t.Fatal("sent twice")
		}
		if len(b.sent) != 1 || b.sent[0] != "a@example.org|Hello" {
			t.Fatalf("sent %v", b.sent)
		}
	})
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	d := dbtest.Open(t, "sqlite", clk, Migrations)
	ctx := context.Background()
	b := &box{fail: true}
	o := New(d, b.send, slog.New(slog.NewTextHandler(io.Discard, nil)))
	_ = o.Enqueue(ctx, "a@example.org", "s", "t")
	for i := 0; i < MaxAttempts; i++ {
		if sent, _ := o.SendOne(ctx); !sent {
			t.Fatalf("attempt %d not made", i+1)
		}
		clk.Advance(24 * time.Hour)
	}
	if n, _ := o.Pending(ctx); n != 0 {
		t.Fatalf("still pending after %d attempts", MaxAttempts)
	}
}

// TestLineBreakInASubjectDoesNotStopTheMail: a subject naming something typed with a line
// break in it (an event's title, a group's name) is sent on one line, not refused by every
// attempt until the outbox gives up (V10). A row queued before is folded when sent.
func TestLineBreakInASubjectDoesNotStopTheMail(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	dbtest.Each(t, clk, []db.Migrations{Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var subjects []string
		send := func(_ context.Context, m mail.Message) error {
			if _, err := mail.Compose("Commons <no-reply@example.org>", m, clk.Now()); err != nil {
				return err
			}
			subjects = append(subjects, m.Subject)
			return nil
		}
		o := New(d, send, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err := d.WithTx(ctx, func(ctx context.Context) error {
			return o.Enqueue(ctx, "a@example.org", "Invitation: Summer\r\nFair\n\tat the hall", "Come along")
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO outbox (id, recipient, subject, body, created_at, next_at, attempts) VALUES ('old', 'b@example.org', $1, 'x', $2, $2, 0)`,
			"Queued\nbefore", clk.Now()); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if sent, err := o.SendOne(ctx); !sent || err != nil {
				t.Fatalf("send: %v %v", sent, err)
			}
		}
		if len(subjects) != 2 || subjects[0] != "Invitation: Summer Fair at the hall" && subjects[1] != "Invitation: Summer Fair at the hall" {
			t.Errorf("subjects %q", subjects)
		}
		if n, _ := o.Pending(ctx); n != 0 {
			t.Errorf("%d messages still waiting", n)
		}
	})
}
