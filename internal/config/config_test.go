package config

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsEnvAndFlags(t *testing.T) {
	c, rest, err := Parse("serve", []string{"--addr", "127.0.0.1:9000", "--demo", "extra"}, env(map[string]string{
		"COMMONS_DATABASE_URL": "postgres://x/y", "COMMONS_ADDR": "0.0.0.0:1", "COMMONS_SESSION_TTL": "1h",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.DatabaseURL != "postgres://x/y" || !c.Demo || c.SessionTTL != time.Hour {
		t.Fatalf("unexpected config %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:9000" || c.Secure() {
		t.Fatalf("base url %q", c.BaseURL)
	}
	if c.SQLiteSynchronous != "full" {
		t.Fatalf("sqlite synchronous defaults to %q, want full (acknowledged means on disk)", c.SQLiteSynchronous)
	}
	if len(rest) != 1 || rest[0] != "extra" {
		t.Fatalf("rest %v", rest)
	}
}

func TestBadValuesAreRefusedWithTheirName(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"COMMONS_SESSION_TTL": "soon"}, "COMMONS_SESSION_TTL"},
		{[]string{"--sign-in-limit", "0"}, nil, "sign-in-limit"},
		{[]string{"--base-url", "ftp://x"}, nil, "base-url"},
		{[]string{"--log-format", "xml"}, nil, "log-format"},
		{[]string{"--place", " "}, nil, "place"},
		{[]string{"--map-centre", "51.6"}, nil, "map-centre"},
		{[]string{"--360giving-prefix", "aberhaven"}, nil, "360giving-prefix"},
		{nil, map[string]string{"COMMONS_ORG_ID": "Aberhaven Council"}, "COMMONS_ORG_ID"},
		{nil, map[string]string{"COMMONS_MAP_CENTRE": "91,0"}, "COMMONS_MAP_CENTRE"},
		{nil, map[string]string{"COMMONS_METRICS_TOKEN": "short"}, "COMMONS_METRICS_TOKEN"},
		{[]string{"--metrics-token", "sixteen chars or more"}, nil, "metrics-token"},
		{nil, map[string]string{"COMMONS_SQLITE_SYNCHRONOUS": "off"}, "COMMONS_SQLITE_SYNCHRONOUS"},
		{nil, map[string]string{"COMMONS_KNOWLEDGE_LICENCE": "CC BY 4.0"}, "COMMONS_KNOWLEDGE_LICENCE"},
		{[]string{"--sign-in-slow-down", "2h"}, nil, "sign-in-slow-down"},
	} {
		var sb strings.Builder
		_, _, err := Parse("serve", tc.args, env(tc.env), &sb)
		if err == nil || !strings.Contains(err.Error()+sb.String(), tc.want) {
			t.Errorf("%v %v: want error naming %s, got %v", tc.args, tc.env, tc.want, err)
		}
	}
}

// A refused metrics token is not written back in the error (it may be
// a real secret with a typo in it).
func TestRefusedTokenIsNotShown(t *testing.T) {
	var sb strings.Builder
	_, _, err := Parse("serve", []string{"--metrics-token", "s3cret with space"}, env(nil), &sb)
	if err == nil {
		t.Fatal("a token with a space was accepted")
	}
	if strings.Contains(err.Error()+sb.String(), "s3cret") {
		t.Errorf("the error shows the token: %v %s", err, sb.String())
	}
}

// The README must show the table this package generates.
func TestREADMEHasTheConfigTable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), Table()) {
		t.Fatalf("README.md's configuration table is out of date; paste this:\n%s", Table())
	}
}

func TestTrustedProxies(t *testing.T) {
	c, _, err := Parse("serve", []string{"--trusted-proxies", "10.0.0.0/8, 192.0.2.7"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0].String() != "10.0.0.0/8" || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Fatalf("got %v", c.TrustedProxies)
	}
	if _, _, err := Parse("serve", []string{"--trusted-proxies", "10.0.0.0/8,nope"}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("bad proxy accepted: %v", err)
	}
	if c.SignInAddrLimit != 20 || c.SignInLimit != 5 {
		t.Fatalf("limits %d %d", c.SignInLimit, c.SignInAddrLimit)
	}
}
