// Package clock lets the current time be injected, so tests can freeze it.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time, always in UTC and to the microsecond (what both databases keep).
type Clock interface{ Now() time.Time }

type system struct{}

func (system) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// System is the real clock.
func System() Clock { return system{} }

// Fixed is a clock for tests that only moves when told to.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed returns a clock stopped at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t.UTC().Truncate(time.Microsecond)} }

func (f *Fixed) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }

// Advance moves the clock on by d.
func (f *Fixed) Advance(d time.Duration) { f.mu.Lock(); f.t = f.t.Add(d); f.mu.Unlock() }
