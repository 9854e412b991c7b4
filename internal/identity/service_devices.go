package identity

import (
	"context"
	"time"

	"commons/internal/platform/secret"
)

// DeviceTTL is how long a browser an account signed in from is remembered without being used;
// DevicesKept is how many of an account's browsers are remembered at most.
const (
	DeviceTTL   = 365 * 24 * time.Hour
	DevicesKept = 20
)

// RememberDevice records the browser an account has just signed in from and returns the token
// its cookie keeps: the same one when the browser already carries one of this account's, else a
// new one. From a remembered browser, the owner can still sign in while strangers' guesses
// have stopped sign-ins to the account from anywhere else.
func (s *Service) RememberDevice(ctx context.Context, accountID, token string) (string, error) {
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if token != "" {
			ok, err := touchDevice(ctx, s.DB, secret.HashToken(token), accountID, now)
			if err != nil || ok {
				return err
			}
		}
		token = secret.Token()
		return insertDevice(ctx, s.DB, secret.HashToken(token), accountID, now, now.Add(-DeviceTTL), DevicesKept)
	})
	return token, err
}

// knownDevice reports whether a browser's device token belongs to the account with this email.
func (s *Service) knownDevice(ctx context.Context, email, token string) (bool, error) {
	if token == "" {
		return false, nil
	}
	id, err := deviceAccount(ctx, s.DB, secret.HashToken(token), s.DB.Now(ctx).Add(-DeviceTTL))
	if err != nil || id == "" {
		return false, err
	}
	a, err := accountByEmail(ctx, s.DB, email)
	if isNoRows(err) {
		return false, nil
	}
	return err == nil && a.ID == id, err
}

// signInDelay is how long the answer to the nth sign-in attempt counted against an account (or
// a remembered browser) in the limit's window waits, from the base wait (the setting
// sign-in-slow-down): nothing for the first two, so a typo costs the owner nothing, then the base
// wait, doubling to eight times it. A guesser is slowed well before the limit stops the guessing.
func signInDelay(base time.Duration, n int) time.Duration {
	switch {
	case n < 3 || base <= 0:
		return 0
	case n >= 6:
		return 8 * base
	}
	return base << (n - 3)
}

// slowDown waits before answering the nth attempt, or until the request is given up.
func slowDown(ctx context.Context, base time.Duration, n int) error {
	d := signInDelay(base, n)
	if d == 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
