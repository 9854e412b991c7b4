package mail

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"strings"
)

// Message is one mail to one or more recipients. Text is required: every
// message can be read as plain text. HTML, when set, is offered as an
// alternative to Text.
type Message struct {
	To          []string
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
	// Headers are extra header fields, such as List-Unsubscribe and List-Unsubscribe-Post
	// (RFC 8058). Names must be tokens and values one line; the fields Compose writes itself
	// (Date, From, To, Subject, Message-ID, MIME-Version, Content-*) cannot be set here.
	Headers map[string]string
}

// Attachment is a file sent with a message, such as an .ics invitation.
// An empty ContentType means application/octet-stream.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// Sender delivers a message from the given address. from may carry a display
// name: "Commons <no-reply@example.org>".
type Sender interface {
	Send(ctx context.Context, from string, m Message) error
}

// envelope is the checked form of the addresses of a message.
type envelope struct {
	from *mail.Address
	to   []*mail.Address
}

// check validates m and from, returning the parsed addresses.
// OneLine folds a subject onto one line: each run of line breaks and other control characters
// becomes one space. A subject names things people typed (an event's title, a group's name); a
// line break in one must not stop every mail that names it (V10). Compose still refuses a
// subject with a line break, so nothing can add a header through one.
func OneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

func check(from string, m Message) (envelope, error) {
	var env envelope
	a, err := mail.ParseAddress(from)
	if err != nil {
		return env, fmt.Errorf("mail: from address %q: %w", from, err)
	}
	env.from = a
	for k, v := range m.Headers {
		if !isToken(k) || reserved[strings.ToLower(k)] || strings.HasPrefix(strings.ToLower(k), "content-") {
			return env, fmt.Errorf("mail: header name %q cannot be set", k)
		}
		if strings.ContainsAny(v, "\r\n") {
			return env, fmt.Errorf("mail: header %s: value has a line break", k)
		}
	}
	if len(m.To) == 0 {
		return env, errors.New("mail: message has no recipients")
	}
	for _, to := range m.To {
		a, err := mail.ParseAddress(to)
		if err != nil {
			return env, fmt.Errorf("mail: recipient %q: %w", to, err)
		}
		env.to = append(env.to, a)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return env, errors.New("mail: subject contains a line break")
	}
	if m.Text == "" {
		return env, errors.New("mail: message has no text")
	}
	for _, at := range m.Attachments {
		if at.Filename == "" || strings.ContainsAny(at.Filename, "\r\n/\\") {
			return env, fmt.Errorf("mail: attachment filename %q is not a plain file name", at.Filename)
		}
		if at.ContentType != "" {
			if _, _, err := mime.ParseMediaType(at.ContentType); err != nil {
				return env, fmt.Errorf("mail: attachment %q content type %q: %w", at.Filename, at.ContentType, err)
			}
		}
	}
	return env, nil
}

// reserved are the header fields Compose writes itself.
var reserved = map[string]bool{"date": true, "from": true, "to": true, "cc": true, "bcc": true, "subject": true, "message-id": true, "mime-version": true}

// isToken reports whether s is a header field name (RFC 5322: printable ASCII but colon).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}
