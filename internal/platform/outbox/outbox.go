// Package outbox makes sending mail part of the transaction that decided to send it: a message is
// written to the outbox table with the change, and a worker on any Commons server sends it once
// the change has committed. A message is never lost to a crash between commit and send, and
// never sent for a change that rolled back. It owns the outbox table.
package outbox

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the outbox table.
var Migrations = db.Embedded("outbox", migrationsFS)

// Send delivers one message (to one recipient).
type Send func(ctx context.Context, m mail.Message) error

// extra is what a message holds beyond recipient, subject and text, kept as JSON in the row.
type extra struct {
	HTML        string            `json:"html,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	Attachments []mail.Attachment `json:"attachments,omitempty"`
}

// Outbox queues and sends mail.
type Outbox struct {
	DB    *db.DB
	Send  Send
	Log   *slog.Logger
	Lease time.Duration // how long a claimed message is left to its claimer
	kick  chan struct{}

	sent, failures, givenUp atomic.Uint64
}

// Stats counts what this server's worker did since it started, for /metrics.
type Stats struct {
	Sent     uint64 // messages handed to the mail server
	Failures uint64 // attempts the mail server refused or that failed (each is retried later)
	GivenUp  uint64 // messages given up after MaxAttempts
}

// Stats returns the worker's counters.
func (o *Outbox) Stats() Stats {
	return Stats{Sent: o.sent.Load(), Failures: o.failures.Load(), GivenUp: o.givenUp.Load()}
}

// New returns an outbox.
func New(d *db.DB, send Send, log *slog.Logger) *Outbox {
	return &Outbox{DB: d, Send: send, Log: log, Lease: 2 * time.Minute, kick: make(chan struct{}, 1)}
}

// MaxAttempts is how often a message is tried before it is given up (and logged).
const MaxAttempts = 8

// Enqueue writes a plain-text message in the context's transaction and wakes the worker after
// commit.
func (o *Outbox) Enqueue(ctx context.Context, to, subject, text string) error {
	return o.EnqueueMessage(ctx, mail.Message{To: []string{to}, Subject: subject, Text: text})
}

// EnqueueMessage writes a message (with any HTML, extra headers and attachments) in the
// context's transaction, one row per recipient, and wakes the worker after commit. Each
// recipient gets their own copy, so one bad address never holds back the others.
func (o *Outbox) EnqueueMessage(ctx context.Context, m mail.Message) error {
	if len(m.To) == 0 {
		return errors.New("outbox: message has no recipients")
	}
	var ex []byte
	if m.HTML != "" || len(m.Headers) > 0 || len(m.Attachments) > 0 {
		var err error
		if ex, err = json.Marshal(extra{HTML: m.HTML, Headers: m.Headers, Attachments: m.Attachments}); err != nil {
			return err
		}
	}
	now := o.DB.Now(ctx)
	for _, to := range m.To {
		_, err := o.DB.Exec(ctx, `INSERT INTO outbox (id, recipient, subject, body, created_at, next_at, attempts, extra)
			VALUES ($1, $2, $3, $4, $5, $5, 0, $6)`, ids.New(), to, mail.OneLine(m.Subject), m.Text, now, string(ex))
		if err != nil {
			return err
		}
	}
	db.AfterCommit(ctx, func() {
		select {
		case o.kick <- struct{}{}:
		default:
		}
	})
	return nil
}

// Run sends due messages until ctx ends, waking on new messages and every poll interval (for
// messages other servers queued, and retries).
func (o *Outbox) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := o.SendDue(ctx); err != nil && ctx.Err() == nil {
			o.Log.Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-o.kick:
		}
	}
}

// Kick fires when a message has been queued on this server (for a job runner).
func (o *Outbox) Kick() <-chan struct{} { return o.kick }

// SendDue sends every message that is due, one at a time, and reports how many it tried.
func (o *Outbox) SendDue(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		tried, err := o.SendOne(ctx)
		if err != nil {
			return n, err
		}
		if !tried {
			break
		}
		n++
	}
	return n, nil
}

// SendOne claims and sends the oldest due message; it reports whether there was one.
func (o *Outbox) SendOne(ctx context.Context) (bool, error) {
	now := o.DB.Clock().Now()
	var id, to, subject, body, exJSON string
	var attempts int
	// The claim is one conditional statement: a second server that races for the same row
	// re-checks next_at after the first one's update and finds nothing to claim.
	err := o.DB.QueryRow(ctx, `UPDATE outbox SET next_at = $1, attempts = attempts + 1
		WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= $2 ORDER BY next_at, id LIMIT 1)
		  AND next_at <= $2 AND sent_at IS NULL
		RETURNING id, recipient, subject, body, attempts, extra`, now.Add(o.Lease), now).Scan(&id, &to, &subject, &body, &attempts, &exJSON)
	if err != nil {
		if db.IsNoRows(err) {
			return false, nil
		}
		return false, err
	}
	m := mail.Message{To: []string{to}, Subject: mail.OneLine(subject), Text: body} // rows queued before subjects were folded
	var sendErr error
	if exJSON != "" {
		var ex extra
		if sendErr = json.Unmarshal([]byte(exJSON), &ex); sendErr == nil {
			m.HTML, m.Headers, m.Attachments = ex.HTML, ex.Headers, ex.Attachments
		}
	}
	if sendErr == nil {
		sendErr = o.Send(ctx, m)
	}
	done := o.DB.Clock().Now()
	if sendErr == nil {
		o.sent.Add(1)
		_, err = o.DB.Exec(ctx, `UPDATE outbox SET sent_at = $1, last_error = '' WHERE id = $2`, done, id)
		return true, err
	}
	o.failures.Add(1)
	o.Log.Warn("mail not sent", "to", to, "attempt", attempts, "err", sendErr)
	if attempts >= MaxAttempts {
		o.givenUp.Add(1)
		_, err = o.DB.Exec(ctx, `UPDATE outbox SET failed_at = $1, last_error = $2 WHERE id = $3`, done, sendErr.Error(), id)
		return true, err
	}
	backoff := time.Duration(1<<attempts) * 15 * time.Second
	_, err = o.DB.Exec(ctx, `UPDATE outbox SET next_at = $1, last_error = $2 WHERE id = $3`, done.Add(backoff), sendErr.Error(), id)
	return true, err
}

// Pending counts messages not yet sent or given up.
func (o *Outbox) Pending(ctx context.Context) (int, error) {
	var n int
	err := o.DB.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`).Scan(&n)
	return n, err
}

// Forget deletes every message to an address, sent or not, in the context's transaction: a
// deleted account's mail (which holds its name and what happened to it) is not kept, and
// nothing more is sent to it except what is queued after.
func (o *Outbox) Forget(ctx context.Context, address string) error {
	_, err := o.DB.Exec(ctx, `DELETE FROM outbox WHERE recipient = $1`, address)
	return err
}

// Backlog is how many messages wait (not sent, not given up) and how long the oldest of them
// has waited since it was queued (0 when none wait): an alert on the age catches a mail server
// that has stopped taking mail, or no server running the worker.
func (o *Outbox) Backlog(ctx context.Context) (pending int, oldest time.Duration, err error) {
	if pending, err = o.Pending(ctx); err != nil || pending == 0 {
		return pending, 0, err
	}
	var first time.Time
	err = o.DB.QueryRow(ctx, `SELECT created_at FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY created_at LIMIT 1`).Scan(&first)
	if db.IsNoRows(err) {
		return pending, 0, nil
	}
	if age := o.DB.Clock().Now().Sub(first); err == nil && age > 0 {
		oldest = age
	}
	return pending, oldest, err
}
