// Package mailtest runs a real SMTP server on loopback for tests, so that
// code under test sends mail exactly as it does in production, through
// mail.NewSMTP, and the test reads what arrived.
//
// Each Received message carries its decoded subject and text/plain part, so
// a test can pull a confirmation link straight out of Text. The server keeps
// everything in memory, owns no tables, and is for tests and cmd/smtpsink
// only: it accepts any sender and recipient, and offers no AUTH.
package mailtest
