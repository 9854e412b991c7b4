package i18n

import (
	"testing"
	"testing/fstest"
)

func cat(en, cy string) fstest.MapFS {
	return fstest.MapFS{"messages/en.json": {Data: []byte(en)}, "messages/cy.json": {Data: []byte(cy)}}
}

func TestTranslateAndFill(t *testing.T) {
	b, err := New(cat(`{"hi":"Hello {name}","only.en":"x"}`, `{"hi":"Helo {name}"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.T("cy", "hi", "name", "Siân"); got != "Helo Siân" {
		t.Fatalf("got %q", got)
	}
	if got := b.T("cy", "only.en"); got != "x" {
		t.Fatalf("fallback got %q", got)
	}
	if got := b.T("en", "nope"); got != "[nope]" {
		t.Fatalf("missing got %q", got)
	}
	if m := b.Missing(); len(m) != 1 || m[0] != "cy: only.en" {
		t.Fatalf("missing = %v", m)
	}
}

func TestDuplicateKeysAcrossCapabilitiesAreRefused(t *testing.T) {
	if _, err := New(cat(`{"a":"1"}`, `{"a":"1"}`), cat(`{"a":"2"}`, `{"a":"2"}`)); err == nil {
		t.Fatal("duplicate key accepted")
	}
	if _, err := New(cat(`{"a":`, `{}`)); err == nil {
		t.Fatal("bad json accepted")
	}
}
