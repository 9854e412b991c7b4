package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"sort"
	"strings"
	"time"
)

// part is one MIME entity: its own headers and its encoded body.
type part struct {
	header textproto.MIMEHeader
	body   []byte
}

// Compose returns m as the bytes of a message ready for SMTP DATA, with CRLF
// line endings. now sets the Date header.
//
// The shape follows what the message holds: a single text/plain part;
// multipart/alternative when HTML is set; multipart/mixed around either when
// there are attachments. Text is quoted-printable so that UTF-8 (Welsh ŵ and
// ŷ) survives any relay; attachments are base64.
func Compose(from string, m Message, now time.Time) ([]byte, error) {
	env, err := check(from, m)
	if err != nil {
		return nil, err
	}
	body, err := bodyOf(m)
	if err != nil {
		return nil, err
	}
	to := make([]string, len(env.to))
	for i, a := range env.to {
		to[i] = a.String()
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(env.from.Address))
	header("From", env.from.String())
	header("To", strings.Join(to, ", "))
	// Encoded words may be folded at the spaces between them.
	header("Subject", strings.ReplaceAll(mime.QEncoding.Encode("utf-8", m.Subject), "?= =?", "?=\r\n =?"))
	header("MIME-Version", "1.0")
	extra := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		extra = append(extra, k)
	}
	sort.Strings(extra)
	for _, k := range extra {
		header(k, m.Headers[k])
	}
	for _, k := range []string{"Content-Type", "Content-Transfer-Encoding"} {
		if v := body.header.Get(k); v != "" {
			header(k, v)
		}
	}
	b.WriteString("\r\n")
	b.Write(body.body)
	return b.Bytes(), nil
}

// bodyOf builds the top-level MIME entity of m.
func bodyOf(m Message) (part, error) {
	body := textPart("text/plain", m.Text)
	if m.HTML != "" {
		var err error
		body, err = multipartOf("alternative", body, textPart("text/html", m.HTML))
		if err != nil {
			return part{}, err
		}
	}
	if len(m.Attachments) == 0 {
		return body, nil
	}
	parts := []part{body}
	for _, at := range m.Attachments {
		parts = append(parts, attachmentPart(at))
	}
	return multipartOf("mixed", parts...)
}

func textPart(mediaType, s string) part {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(s)) // writes to a bytes.Buffer do not fail
	w.Close()
	// A message's last line must end in CRLF. A soft line break supplies
	// one without adding a newline to the decoded text.
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("=\r\n")
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", mediaType+"; charset=utf-8")
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	return part{header: h, body: b.Bytes()}
}

func attachmentPart(at Attachment) part {
	ct := at.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	mediaType, params, _ := mime.ParseMediaType(ct) // checked in check
	params["name"] = at.Filename
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", mime.FormatMediaType(mediaType, params))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": at.Filename}))
	h.Set("Content-Transfer-Encoding", "base64")
	return part{header: h, body: base64Lines(at.Data)}
}

// multipartOf wraps parts in a multipart entity of the given subtype.
func multipartOf(subtype string, parts ...part) (part, error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, p := range parts {
		pw, err := w.CreatePart(p.header)
		if err != nil {
			return part{}, fmt.Errorf("mail: compose: %w", err)
		}
		pw.Write(p.body)
	}
	if err := w.Close(); err != nil {
		return part{}, fmt.Errorf("mail: compose: %w", err)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", mime.FormatMediaType("multipart/"+subtype, map[string]string{"boundary": w.Boundary()}))
	return part{header: h, body: b.Bytes()}, nil
}

// base64Lines encodes data as base64 in lines of 76 characters (RFC 2045).
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	b.WriteString("\r\n")
	return b.Bytes()
}

// messageID makes a unique Message-ID in the sender's domain.
func messageID(from string) string {
	domain := "localhost"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = from[at+1:]
	}
	return "<" + strings.ToLower(rand.Text()) + "@" + domain + ">"
}
