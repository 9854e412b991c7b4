// Package mail sends the platform's outgoing mail: account confirmations,
// password resets, event tickets with calendar attachments.
//
// A Sender delivers one Message. NewSMTP builds one from a URL such as
// smtp://user:pass@mail.example.org:587; NewLogSender writes messages to the
// log instead, for development machines with no mail server. Compose turns a
// Message into the bytes of an RFC 5322 message with MIME parts, and is what
// every Sender that talks to a real server sends.
//
// The package owns no tables. Capabilities do not call a Sender inside a
// database transaction: they queue mail in the outbox (platform/jobs), whose
// runner calls Send after commit. Tests receive mail through the real SMTP
// server in mail/mailtest.
package mail
