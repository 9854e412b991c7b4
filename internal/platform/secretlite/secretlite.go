// Package secretlite makes random tokens and hashes them for storage: session ids, CSRF tokens,
// single-use links and API tokens are shown to their holder once and stored only as a hash.
package secretlite

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Token returns 32 random bytes, base64url without padding.
func Token() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Hash is the SHA-256 of a token, hex: what the database keeps.
func Hash(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}
