package secret

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// hash is a parsed PHC string.
type hash struct {
	params Params
	salt   []byte
	key    []byte
}

var errMalformed = errors.New("secret: malformed password hash")

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// parse reads what encode writes and nothing else: one spelling per hash,
// parameters in order, no leading zeros, canonical base64.
func parse(s string) (hash, error) {
	var h hash
	// The base64 decoder skips line breaks; a stored hash has none.
	if strings.ContainsAny(s, "\r\n") {
		return h, errMalformed
	}
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		return h, errMalformed
	}
	if f[1] != "argon2id" {
		return h, fmt.Errorf("secret: password hash algorithm %q: want argon2id", f[1])
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, fmt.Errorf("secret: argon2id version %q: want v=%d", f[2], argon2.Version)
	}
	ps := strings.Split(f[3], ",")
	if len(ps) != 3 {
		return h, errMalformed
	}
	m, err1 := number(ps[0], "m=", 32)
	t, err2 := number(ps[1], "t=", 32)
	p, err3 := number(ps[2], "p=", 8)
	if err := errors.Join(err1, err2, err3); err != nil {
		return h, errMalformed
	}
	salt, err1 := b64.DecodeString(f[4])
	key, err2 := b64.DecodeString(f[5])
	if err1 != nil || err2 != nil {
		return h, errMalformed
	}
	h = hash{
		params: Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(p), SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))},
		salt:   salt,
		key:    key,
	}
	if err := h.params.check(); err != nil {
		return hash{}, fmt.Errorf("%w: %w", errMalformed, err)
	}
	return h, nil
}

// number parses "<prefix><decimal>" with no sign and no leading zero.
func number(s, prefix string, bits int) (uint64, error) {
	d, ok := strings.CutPrefix(s, prefix)
	if !ok || d == "" || (d[0] == '0' && len(d) > 1) || d[0] == '+' {
		return 0, errMalformed
	}
	return strconv.ParseUint(d, 10, bits)
}
