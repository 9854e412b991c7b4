// Package secret hashes passwords and makes and hashes tokens.
//
// Passwords are hashed with argon2id and stored as PHC strings
// ($argon2id$v=19$m=65536,t=1,p=2$salt$hash), so the parameters travel with
// each hash and NeedsRehash can tell when a stored hash is weaker than the
// current ones. Tokens (session ids, confirmation and reset links) are 32
// random bytes; only their SHA-256 is stored, so a copy of the database does
// not let anyone sign in.
//
// The package owns no tables and holds no state; identity and the web
// session layer call it.
package secret
