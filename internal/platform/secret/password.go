package secret

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are the parameters new hashes get: 64 MiB, one pass, two
// lanes, which is stronger than OWASP's m=46 MiB, t=1, p=1 minimum and takes
// tens of milliseconds on a two-core server. Each hash in progress holds the
// 64 MiB, so callers should bound how many run at once.
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// Bounds on what a stored hash may ask for, so a corrupt or hostile row
// cannot make CheckPassword allocate gigabytes or loop for minutes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 16
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

var b64 = base64.RawStdEncoding.Strict()

// HashPassword hashes pw with DefaultParams and a fresh salt.
func HashPassword(pw string) (string, error) {
	return HashPasswordWith(DefaultParams(), pw)
}

// HashPasswordWith hashes pw with p; tests use it with cheap parameters.
func HashPasswordWith(p Params, pw string) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("secret: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encode(p, salt, key), nil
}

// CheckPassword reports whether pw matches the encoded hash. A malformed
// hash is an error, never a match.
func CheckPassword(encoded, pw string) (bool, error) {
	h, err := parse(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.params.Time, h.params.Memory, h.params.Threads, h.params.KeyLen)
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}

// NeedsRehash reports whether encoded should be replaced by a hash made with
// DefaultParams, which a caller does after a successful CheckPassword.
// A malformed hash needs rehashing too.
func NeedsRehash(encoded string) bool {
	return NeedsRehashWith(DefaultParams(), encoded)
}

// NeedsRehashWith is NeedsRehash against parameters other than the default.
func NeedsRehashWith(p Params, encoded string) bool {
	h, err := parse(encoded)
	return err != nil || h.params != p
}

func (p Params) check() error {
	switch {
	case p.Threads < 1:
		return errors.New("secret: argon2id needs at least one thread")
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("secret: argon2id time %d outside 1..%d", p.Time, maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("secret: argon2id memory %d KiB outside %d..%d", p.Memory, 8*uint32(p.Threads), maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("secret: salt length %d outside %d..%d", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("secret: key length %d outside %d..%d", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}
