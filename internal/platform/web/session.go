package web

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/secret"
)

const sessionCookie = "commons_session"

// session loads the signed-in user from the session cookie (or an API token in the
// Authorization header). Sessions live in the database so any server serves any user.
func (k *Kit) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := reqCtx(r)
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		if auth := r.Header.Get("Authorization"); auth != "" && k.LoadTokenUser != nil {
			u, err := k.tokenUser(r, auth)
			if err != nil {
				k.Error(w, r, err)
				return
			}
			rc.user = u
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			hash := secret.HashToken(c.Value)
			var accountID string
			err := k.DB.QueryRow(r.Context(), `SELECT account_id FROM sessions WHERE id_hash = $1 AND expires_at > $2`,
				hash, k.DB.Now(r.Context())).Scan(&accountID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				k.clearSessionCookie(w)
			case err != nil:
				k.Error(w, r, errs.Wrap(err, "load session"))
				return
			default:
				u, err := k.LoadUser(r, accountID)
				if err != nil && !errs.Is(err, errs.NotFound) {
					k.Error(w, r, err)
					return
				}
				if u != nil {
					rc.user, rc.sessionID = u, hash
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// tokenUser checks a personal API token and what it is used for. Its answers are final (401 or
// 403, never a redirect to sign in, which would not help a program): a token that is not valid;
// any unsafe request outside /api/ (a token never works on a form, so it needs no CSRF token
// and cannot be used to mint more tokens or change the account); and a request beyond the
// token's scopes (read for safe requests, write for unsafe ones; actor.Actor explains admin).
func (k *Kit) tokenUser(r *http.Request, auth string) (*actor.Actor, error) {
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		return nil, errs.E(errs.Unauthenticated, "error.api_token")
	}
	u, err := k.LoadTokenUser(r, strings.TrimSpace(token))
	if err != nil {
		return nil, err
	}
	u.Tokens = true
	safe := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
	if !safe && !strings.HasPrefix(r.URL.Path, "/api/") {
		return nil, errs.E(errs.Forbidden, "error.token_forms")
	}
	need := actor.ScopeRead
	if !safe {
		need = actor.ScopeWrite
	}
	if !u.Allows(need) {
		return nil, &errs.Error{Code: errs.Forbidden, Key: "error.token_scope", Fields: nil, Err: scopeError(need)}
	}
	return u, nil
}

// scopeError names the scope a token lacked, for the WWW-Authenticate header (RFC 6750).
type scopeError string

func (e scopeError) Error() string { return "the token lacks the " + string(e) + " scope" }

// SignIn starts a new session for the account, replacing any session this browser had (a fresh
// id on every sign-in prevents session fixation).
func (k *Kit) SignIn(w http.ResponseWriter, r *http.Request, accountID string) error {
	ctx := r.Context()
	token := secret.Token()
	now := k.DB.Now(ctx)
	err := k.DB.WithTx(ctx, func(ctx context.Context) error {
		if old := reqCtx(r).sessionID; old != "" {
			if _, err := k.DB.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, old); err != nil {
				return err
			}
		}
		if _, err := k.DB.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now); err != nil {
			return err
		}
		_, err := k.DB.Exec(ctx, `INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			secret.HashToken(token), accountID, now, now.Add(k.SessionTTL))
		return err
	})
	if err != nil {
		return errs.Wrap(err, "start session")
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: k.Secure, MaxAge: int(k.SessionTTL.Seconds())})
	return nil
}

// SignOut ends this browser's session.
func (k *Kit) SignOut(w http.ResponseWriter, r *http.Request) error {
	if id := reqCtx(r).sessionID; id != "" {
		if _, err := k.DB.Exec(r.Context(), `DELETE FROM sessions WHERE id_hash = $1`, id); err != nil {
			return errs.Wrap(err, "end session")
		}
	}
	k.clearSessionCookie(w)
	reqCtx(r).user = nil
	return nil
}

// EndSessions ends every session of an account (after a password change or deletion); it runs
// in the caller's transaction when there is one.
func (k *Kit) EndSessions(ctx context.Context, accountID string) error {
	_, err := k.DB.Exec(ctx, `DELETE FROM sessions WHERE account_id = $1`, accountID)
	return err
}

func (k *Kit) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: k.Secure})
}
