package secret

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

// cheap keeps the tests fast; the format and code paths are the same.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashAndCheckPassword(t *testing.T) {
	for _, pw := range []string{"correct horse battery staple", "", "ŵ ŷ cyfrinair", strings.Repeat("x", 4096)} {
		h, err := HashPasswordWith(cheap, pw)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
			t.Errorf("hash %q is not a PHC argon2id string", h)
		}
		if ok, err := CheckPassword(h, pw); !ok || err != nil {
			t.Errorf("CheckPassword(right) = %v, %v", ok, err)
		}
		if ok, err := CheckPassword(h, pw+"x"); ok || err != nil {
			t.Errorf("CheckPassword(wrong) = %v, %v", ok, err)
		}
	}
	a, _ := HashPasswordWith(cheap, "same")
	b, _ := HashPasswordWith(cheap, "same")
	if a == b {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestDefaultParams(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes with 64 MiB")
	}
	h, err := HashPassword("pw")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=1,p=2$") {
		t.Errorf("default hash = %q", h)
	}
	if ok, err := CheckPassword(h, "pw"); !ok || err != nil {
		t.Errorf("CheckPassword = %v, %v", ok, err)
	}
	if NeedsRehash(h) {
		t.Error("a fresh default hash needs rehash")
	}
}

func TestNeedsRehash(t *testing.T) {
	h, _ := HashPasswordWith(cheap, "pw")
	if !NeedsRehash(h) {
		t.Error("cheap hash does not need rehash against the defaults")
	}
	if NeedsRehashWith(cheap, h) {
		t.Error("hash needs rehash against its own params")
	}
	longer := cheap
	longer.KeyLen = 64
	if !NeedsRehashWith(longer, h) {
		t.Error("hash with a shorter key does not need rehash")
	}
	if !NeedsRehash("garbage") {
		t.Error("malformed hash does not need rehash")
	}
}

func TestHashPasswordWithRejectsBadParams(t *testing.T) {
	for _, p := range []Params{
		{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 7, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Memory: 2 << 20, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
	} {
		if _, err := HashPasswordWith(p, "pw"); err == nil {
			t.Errorf("HashPasswordWith(%+v) accepted", p)
		}
	}
}

func TestCheckPasswordRejectsMalformed(t *testing.T) {
	good, _ := HashPasswordWith(cheap, "pw")
	f := strings.Split(good, "$")
	salt, key := f[4], f[5]
	bad := []string{
		"",
		"plain",
		"$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=+64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=256$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1,x=2$" + salt + "$" + key,
		"$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=99,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "=$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "$",
		"$argon2id$v=19$m=64,t=1,p=1$$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:10],
		"x$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key,
	}
	for _, s := range bad {
		if ok, err := CheckPassword(s, "pw"); ok || err == nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want an error", s, ok, err)
		}
	}
}

// FuzzParse checks that parse never panics, that what it accepts stays in
// bounds, and that it accepts exactly one spelling of each hash.
func FuzzParse(f *testing.F) {
	good, _ := HashPasswordWith(cheap, "pw")
	f.Add(good)
	f.Add("$argon2id$v=19$m=65536,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parse(s)
		if err != nil {
			if ok, cerr := CheckPassword(s, "pw"); ok || cerr == nil {
				t.Fatalf("parse rejects %q but CheckPassword = %v, %v", s, ok, cerr)
			}
			return
		}
		if err := h.params.check(); err != nil {
			t.Fatalf("parse accepted out-of-bounds %q: %v", s, err)
		}
		if again := encode(h.params, h.salt, h.key); again != s {
			t.Fatalf("parse(%q) re-encodes as %q", s, again)
		}
	})
}

func TestTokens(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != 32 || len(tok) != 43 {
			t.Fatalf("token %q: %d bytes, %v", tok, len(raw), err)
		}
		if seen[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[tok] = true
	}
	// SHA-256 of "abc" from FIPS 180-2.
	if got := HashToken("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("HashToken(abc) = %s", got)
	}
	tok, _ := NewToken()
	if h := HashToken(tok); len(h) != 64 || h != HashToken(tok) {
		t.Errorf("HashToken not stable hex: %q", h)
	} else if _, err := hex.DecodeString(h); err != nil {
		t.Error(err)
	}
}
