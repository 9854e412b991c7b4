// Command smtpsink is an SMTP server that keeps mail in memory and shows it
// over HTTP, for the browser end-to-end tests, which run the real commons
// binary and so need a real mail server outside Go tests.
//
//	smtpsink --smtp 127.0.0.1:0 --http 127.0.0.1:0
//
// It prints one line, "smtp=smtp://127.0.0.1:P1?tls=none http=http://127.0.0.1:P2",
// then serves GET /messages (a JSON array of {from, to, subject, text}) and
// DELETE /messages (forget them all) until SIGINT or SIGTERM.
package main
