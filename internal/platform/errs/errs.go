// Package errs is the closed set of error codes Commons uses across every capability. A domain
// error carries a code (which decides the HTTP status at the edge), a message key (translated
// once, at the edge) and optionally field errors for forms; the cause stays in the logs.
package errs

import (
	"errors"
	"fmt"
)

// Code is one of a closed set.
type Code string

const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Unauthenticated Code = "unauthenticated"
	Forbidden       Code = "forbidden"
	RateLimited     Code = "rate_limited"
	Internal        Code = "internal"
)

// Error is a domain error.
type Error struct {
	Code   Code
	Key    string            // message catalogue key for the user-facing message
	Fields map[string]string // field name → message key, for forms
	Err    error             // the cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s (%s): %v", e.Code, e.Key, e.Err)
	}
	return fmt.Sprintf("%s (%s)", e.Code, e.Key)
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error with a code and a message key.
func E(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// Wrap makes an internal error around a cause.
func Wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: Internal, Key: "error.internal", Err: fmt.Errorf("%s: %w", what, err)}
}

// Fields makes an Invalid error from field errors (field → message key).
func FieldErrors(fields map[string]string) *Error {
	return &Error{Code: Invalid, Key: "error.invalid", Fields: fields}
}

// CodeOf returns the code of err, Internal for anything that is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as an *Error, wrapping unknown errors as Internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// Is reports whether err has the code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }
