package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"commons/internal/platform/mail"
)

var banner = regexp.MustCompile(`^smtp=(smtp://127\.0\.0\.1:[0-9]+\?tls=none) http=(http://127\.0\.0\.1:[0-9]+)\n$`)

func TestSinkCapturesAndServesMail(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"--smtp", "127.0.0.1:0", "--http", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
		done <- err
	}()
	lines := bufio.NewReader(pr)
	line, err := lines.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	m := banner.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("banner = %q", line)
	}
	smtpURL, httpURL := m[1], m[2]

	sender, err := mail.NewSMTP(smtpURL)
	if err != nil {
		t.Fatal(err)
	}
	sendCtx, sendCancel := context.WithTimeout(ctx, 10*time.Second)
	defer sendCancel()
	if err := sender.Send(sendCtx, "no-reply@commons.example", mail.Message{
		To: []string{"ann@example.org"}, Subject: "Cadarnhau ŵ", Text: "https://commons.example/c?t=1",
		HTML: "<p>link</p>",
	}); err != nil {
		t.Fatal(err)
	}

	got := getMessages(t, httpURL)
	want := message{From: "no-reply@commons.example", To: []string{"ann@example.org"}, Subject: "Cadarnhau ŵ", Text: "https://commons.example/c?t=1"}
	if len(got) != 1 || got[0].From != want.From || len(got[0].To) != 1 || got[0].To[0] != want.To[0] || got[0].Subject != want.Subject || got[0].Text != want.Text {
		t.Fatalf("GET /messages = %+v, want [%+v]", got, want)
	}

	req, _ := http.NewRequest(http.MethodDelete, httpURL+"/messages", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE /messages: %s", resp.Status)
	}
	if got := getMessages(t, httpURL); len(got) != 0 {
		t.Errorf("after DELETE, GET /messages = %+v", got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if rest, _ := io.ReadAll(lines); len(rest) != 0 {
		t.Errorf("printed more than one line: %q", rest)
	}
}

func getMessages(t *testing.T, base string) []message {
	t.Helper()
	resp, err := http.Get(base + "/messages")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /messages: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	var out []message
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out == nil {
		t.Fatal("GET /messages gave null, want an array")
	}
	return out
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--nope"}, {"extra"}, {"--smtp", "not-an-address"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
