package mail_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	cmail "commons/internal/platform/mail"
)

var when = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// leaf is one decoded non-multipart entity of a parsed message.
type leaf struct {
	mediaType   string
	params      map[string]string
	disposition string
	filename    string
	body        []byte
}

// parseMessage reads raw as a mail reader would, returning the top-level
// headers, the top media type and every leaf part in order.
func parseMessage(t *testing.T, raw []byte) (*mail.Message, string, []leaf) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, raw)
	}
	mt, _, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	return msg, mt, leaves(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", msg.Body)
}

func leaves(t *testing.T, ct, cte, cd string, body io.Reader) []leaf {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatalf("content type %q: %v", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		var out []leaf
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, leaves(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p)...)
		}
	}
	switch cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	default:
		t.Fatalf("leaf %s has transfer encoding %q", mt, cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("decode %s: %v", mt, err)
	}
	l := leaf{mediaType: mt, params: params, body: b}
	if cd != "" {
		var dp map[string]string
		l.disposition, dp, _ = mime.ParseMediaType(cd)
		l.filename = dp["filename"]
	}
	return []leaf{l}
}

func TestComposeTextOnly(t *testing.T) {
	text := "Croeso! Cliciwch y ddolen i gadarnhau: https://commons.example/confirm?t=abc\nDiolch, ŵyn a ŷd.\n" +
		strings.Repeat("a long line ", 20)
	raw, err := cmail.Compose("Commons <no-reply@commons.example>", cmail.Message{
		To:      []string{"Siân <sian@example.cymru>", "bob@example.org"},
		Subject: "Cadarnhewch eich cyfrif — ŵ ŷ",
		Text:    text,
	}, when)
	if err != nil {
		t.Fatal(err)
	}
	msg, mt, parts := parseMessage(t, raw)

	if got, err := msg.Header.Date(); err != nil || !got.Equal(when) {
		t.Errorf("Date = %v, %v; want %v", got, err, when)
	}
	if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@commons.example>") {
		t.Errorf("Message-ID = %q", id)
	}
	if v := msg.Header.Get("MIME-Version"); v != "1.0" {
		t.Errorf("MIME-Version = %q", v)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Commons" || from[0].Address != "no-reply@commons.example" {
		t.Errorf("From = %v, %v", from, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Name != "Siân" || to[1].Address != "bob@example.org" {
		t.Errorf("To = %v, %v", to, err)
	}
	rawSubject := msg.Header.Get("Subject")
	if !strings.HasPrefix(rawSubject, "=?utf-8?") {
		t.Errorf("non-ASCII subject not RFC 2047 encoded: %q", rawSubject)
	}
	if s, err := new(mime.WordDecoder).DecodeHeader(rawSubject); err != nil || s != "Cadarnhewch eich cyfrif — ŵ ŷ" {
		t.Errorf("Subject decodes to %q, %v", s, err)
	}
	if mt != "text/plain" || len(parts) != 1 {
		t.Fatalf("got %s with %d parts, want one text/plain", mt, len(parts))
	}
	if parts[0].params["charset"] != "utf-8" {
		t.Errorf("charset = %q", parts[0].params["charset"])
	}
	if got := strings.ReplaceAll(string(parts[0].body), "\r\n", "\n"); got != text {
		t.Errorf("text = %q\nwant %q", got, text)
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("message does not end in CRLF")
	}
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d is %d characters long: %q", i, len(line), line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("line %d has a bare LF", i)
		}
	}
}

func TestComposeASCIISubjectIsPlain(t *testing.T) {
	raw, err := cmail.Compose("a@example.org", cmail.Message{To: []string{"b@example.org"}, Subject: "Confirm your account", Text: "hi"}, when)
	if err != nil {
		t.Fatal(err)
	}
	msg, _, _ := parseMessage(t, raw)
	if s := msg.Header.Get("Subject"); s != "Confirm your account" {
		t.Errorf("Subject = %q", s)
	}
}

func TestComposeHTMLAndAttachments(t *testing.T) {
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + strings.Repeat("X-FILL:0123456789\r\n", 10) + "END:VCALENDAR\r\n")
	pdf := []byte{0, 1, 2, 255, 254, 'P', 'D', 'F'}
	raw, err := cmail.Compose("events@commons.example", cmail.Message{
		To:      []string{"ann@example.org"},
		Subject: "Your ticket",
		Text:    "See you there.",
		HTML:    "<p>See you <b>there</b>.</p>",
		Attachments: []cmail.Attachment{
			{Filename: "event.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST", Data: ics},
			{Filename: "map ŵ.pdf", Data: pdf},
		},
	}, when)
	if err != nil {
		t.Fatal(err)
	}
	_, mt, parts := parseMessage(t, raw)
	if mt != "multipart/mixed" {
		t.Fatalf("top media type = %q, want multipart/mixed", mt)
	}
	want := []struct{ mediaType, disposition, filename, body string }{
		{"text/plain", "", "", "See you there."},
		{"text/html", "", "", "<p>See you <b>there</b>.</p>"},
		{"text/calendar", "attachment", "event.ics", string(ics)},
		{"application/octet-stream", "attachment", "map ŵ.pdf", string(pdf)},
	}
	if len(parts) != len(want) {
		t.Fatalf("got %d parts, want %d", len(parts), len(want))
	}
	for i, w := range want {
		p := parts[i]
		if p.mediaType != w.mediaType || p.disposition != w.disposition || p.filename != w.filename || string(p.body) != w.body {
			t.Errorf("part %d = %s %s %q %q; want %s %s %q %q", i, p.mediaType, p.disposition, p.filename, p.body, w.mediaType, w.disposition, w.filename, w.body)
		}
	}
	if parts[2].params["method"] != "REQUEST" || parts[2].params["name"] != "event.ics" {
		t.Errorf("calendar params = %v", parts[2].params)
	}
	if !bytes.Contains(raw, []byte("multipart/alternative")) {
		t.Error("text and HTML are not wrapped in multipart/alternative")
	}
}

func TestComposeHTMLOnlyAlternative(t *testing.T) {
	raw, err := cmail.Compose("a@example.org", cmail.Message{To: []string{"b@example.org"}, Text: "plain", HTML: "<p>rich</p>"}, when)
	if err != nil {
		t.Fatal(err)
	}
	_, mt, parts := parseMessage(t, raw)
	if mt != "multipart/alternative" || len(parts) != 2 || parts[0].mediaType != "text/plain" || parts[1].mediaType != "text/html" {
		t.Fatalf("got %s with %+v", mt, parts)
	}
}

func TestComposeRejects(t *testing.T) {
	ok := cmail.Message{To: []string{"b@example.org"}, Subject: "s", Text: "t"}
	cases := map[string]struct {
		from string
		edit func(*cmail.Message)
		want string
	}{
		"bad from":            {from: "not an address", want: "from address"},
		"no recipients":       {edit: func(m *cmail.Message) { m.To = nil }, want: "no recipients"},
		"bad recipient":       {edit: func(m *cmail.Message) { m.To = []string{"b@example.org", "nope"} }, want: `recipient "nope"`},
		"header injection":    {edit: func(m *cmail.Message) { m.Subject = "hi\r\nBcc: x@example.org" }, want: "line break"},
		"no text":             {edit: func(m *cmail.Message) { m.Text = "" }, want: "no text"},
		"attachment no name":  {edit: func(m *cmail.Message) { m.Attachments = []cmail.Attachment{{Data: []byte("x")}} }, want: "filename"},
		"attachment path":     {edit: func(m *cmail.Message) { m.Attachments = []cmail.Attachment{{Filename: "../x"}} }, want: "filename"},
		"attachment bad type": {edit: func(m *cmail.Message) { m.Attachments = []cmail.Attachment{{Filename: "x", ContentType: "text/"}} }, want: "content type"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := ok
			if c.edit != nil {
				c.edit(&m)
			}
			from := c.from
			if from == "" {
				from = "a@example.org"
			}
			_, err := cmail.Compose(from, m, when)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one mentioning %q", err, c.want)
			}
		})
	}
}

func TestComposeExtraHeaders(t *testing.T) {
	m := cmail.Message{To: []string{"b@example.org"}, Subject: "Digest", Text: "hi", Headers: map[string]string{
		"List-Unsubscribe": "<https://commons.example/unsubscribe/abc>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}
	raw, err := cmail.Compose("a@example.org", m, when)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	if got := msg.Header.Get("List-Unsubscribe"); got != "<https://commons.example/unsubscribe/abc>" {
		t.Errorf("List-Unsubscribe = %q", got)
	}
	for _, bad := range []map[string]string{{"Subject": "x"}, {"X-A": "one\r\nBcc: evil@example.org"}, {"Bad Name": "x"}, {"Content-Type": "text/html"}} {
		if _, err := cmail.Compose("a@example.org", cmail.Message{To: []string{"b@example.org"}, Text: "hi", Headers: bad}, when); err == nil {
			t.Errorf("headers %q accepted", bad)
		}
	}
}
