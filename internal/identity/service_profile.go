package identity

import (
	"commons/internal/platform/actor"
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/errs"
	"commons/internal/platform/secret"
)

// EmailChangeTTL is how long the link that confirms a new email address works.
const EmailChangeTTL = 24 * time.Hour

// How an admin helped someone change their account (assisted digital), recorded in the audit log.
var HelpChannels = []string{"phone", "in_person", "letter", "email"}

func validHelp(how string) bool {
	for _, c := range HelpChannels {
		if c == how {
			return true
		}
	}
	return false
}

// Assist is an admin acting for someone who asked for help, and how they asked.
type Assist struct {
	Actor *actor.Actor
	How   string // one of HelpChannels
}

func (a Assist) check() error {
	if err := mustAdmin(a.Actor); err != nil {
		return err
	}
	if !validHelp(a.How) {
		return errs.FieldErrors(map[string]string{"how": "assist.err.how"})
	}
	return nil
}

func checkName(f map[string]string, name string) {
	switch {
	case name == "":
		f["name"] = "account.err.name_missing"
	case utf8.RuneCountInString(name) > 200:
		f["name"] = "account.err.name_long"
	}
}

// ChangeName sets the name an account is shown by. With an Assist, an admin does it for the
// person and the audit log records who helped and how.
func (s *Service) ChangeName(ctx context.Context, accountID, name string, help *Assist) error {
	name = strings.TrimSpace(name)
	f := map[string]string{}
	checkName(f, name)
	if help != nil {
		if err := help.check(); err != nil {
			return err
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		old, err := accountByID(ctx, s.DB, accountID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if err := setAccountName(ctx, s.DB, accountID, name); err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if help == nil {
			return nil
		}
		// The log names the person through its target, shown with their name while they have an
		// account: no name of theirs is written into it.
		_ = old
		return s.record(ctx, help.Actor, "account.name_change", "account", accountID, s.T("en", "assist.how."+help.How))
	})
}

// passwordCheck checks an account's current password, counting failures against the same
// limit as sign-in, so a borrowed session cannot be used to guess it.
func (s *Service) passwordCheck(ctx context.Context, a Account, field, password string) error {
	key := "signin:account:" + a.Email
	if blocked, err := s.SignInLimit.Blocked(ctx, key); err != nil {
		return errs.Wrap(err, "rate limit")
	} else if blocked {
		return errs.E(errs.RateLimited, "account.err.too_many")
	}
	if password == "" {
		return errs.FieldErrors(map[string]string{field: "account.err.password_current"})
	}
	ok, err := s.CheckPassword(a.password, password)
	if err != nil {
		return errs.Wrap(err, "check password")
	}
	if !ok {
		if _, err := s.SignInLimit.Hit(ctx, key); err != nil {
			return errs.Wrap(err, "rate limit")
		}
		return errs.FieldErrors(map[string]string{field: "account.err.password_wrong"})
	}
	return nil
}

// RequestEmailChange starts a change of email address: a link goes to the new address and the
// old address is told. The account keeps its old address until the link is followed. An address
// that already has an account gets a note instead, and the page looks the same, so the form
// does not tell anyone who has an account. The person's password is asked for (help == nil);
// an admin helping them (help != nil) is recorded in the audit log instead.
func (s *Service) RequestEmailChange(ctx context.Context, lang, accountID, newEmail, password string, help *Assist) error {
	newEmail = NormaliseEmail(newEmail)
	f := map[string]string{}
	checkEmail(f, newEmail)
	if help != nil {
		if err := help.check(); err != nil {
			return err
		}
	}
	a, err := accountByID(ctx, s.DB, accountID)
	if err != nil {
		return s.DB.Err(err, "error.not_found")
	}
	if f["email"] == "" && newEmail == a.Email {
		f["email"] = "account.err.email_same"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	if help == nil {
		if err := s.passwordCheck(ctx, a, "password", password); err != nil {
			return err
		}
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		other, err := accountByEmail(ctx, s.DB, newEmail)
		switch {
		case err == nil:
			if err := s.Outbox.Enqueue(ctx, newEmail, s.T(other.Language, "mail.email_taken.subject"),
				s.T(other.Language, "mail.email_taken.body", "name", other.Name, "reset", s.BaseURL+"/password/forgot")); err != nil {
				return err
			}
		case !isNoRows(err):
			return err
		default:
			token := secret.Token()
			now := s.DB.Now(ctx)
			if err := insertEmailChange(ctx, s.DB, secret.HashToken(token), a.ID, newEmail, now, now.Add(EmailChangeTTL)); err != nil {
				return err
			}
			if err := s.Outbox.Enqueue(ctx, newEmail, s.T(lang, "mail.email_confirm.subject"),
				s.T(lang, "mail.email_confirm.body", "name", a.Name, "link", s.BaseURL+"/confirm-email/"+token,
					"hours", strconv.Itoa(int(EmailChangeTTL.Hours())))); err != nil {
				return err
			}
		}
		// The old address is told either way, in the language the person reads their mail in.
		if err := s.Outbox.Enqueue(ctx, a.Email, s.T(a.Language, "mail.email_requested.subject"),
			s.T(a.Language, "mail.email_requested.body", "name", a.Name, "email", newEmail, "reset", s.BaseURL+"/password/forgot")); err != nil {
			return err
		}
		if help == nil {
			return nil
		}
		return s.record(ctx, help.Actor, "account.email_change", "account", a.ID, s.T("en", "assist.how."+help.How))
	})
}

// EmailChangeLive reports whether a change-of-address link can still be used, and the address
// it changes to.
func (s *Service) EmailChangeLive(ctx context.Context, token string) (string, bool, error) {
	return emailChangeLive(ctx, s.DB, secret.HashToken(token))
}

// ConfirmEmailChange follows the link sent to a new address: the account takes the address,
// which is now confirmed; other pending changes and password reset links sent to the old
// address stop working, and the old address is told.
func (s *Service) ConfirmEmailChange(ctx context.Context, token string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		accountID, newEmail, err := useEmailChange(ctx, s.DB, secret.HashToken(token))
		if err != nil {
			return s.DB.Err(err, "account.link_expired")
		}
		a, err := accountByID(ctx, s.DB, accountID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if err := setAccountEmail(ctx, s.DB, accountID, newEmail); err != nil {
			if errs.Is(s.DB.Err(err, "account.err.email_taken"), errs.Conflict) {
				return errs.E(errs.Conflict, "account.err.email_taken_since")
			}
			return err
		}
		if err := endPendingLinks(ctx, s.DB, accountID); err != nil {
			return err
		}
		if err := s.confirmed(ctx, accountID, newEmail); err != nil {
			return err
		}
		return s.Outbox.Enqueue(ctx, a.Email, s.T(a.Language, "mail.email_changed.subject"),
			s.T(a.Language, "mail.email_changed.body", "name", a.Name, "email", newEmail, "reset", s.BaseURL+"/password/forgot"))
	})
}

// ChangePassword sets a new password after checking the current one, ends every session of the
// account (the caller signs the current browser in again) and tells the person by mail.
func (s *Service) ChangePassword(ctx context.Context, accountID, current, next string) error {
	a, err := accountByID(ctx, s.DB, accountID)
	if err != nil {
		return s.DB.Err(err, "error.not_found")
	}
	f := map[string]string{}
	if current == "" {
		f["current"] = "account.err.password_current"
	}
	checkPassword(f, "password", next)
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	if err := s.passwordCheck(ctx, a, "current", current); err != nil {
		return err
	}
	hash, err := s.HashPassword(next)
	if err != nil {
		return errs.Wrap(err, "hash password")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := setAccountPassword(ctx, s.DB, accountID, hash); err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if err := s.SignInLimit.Reset(ctx, "signin:account:"+a.Email); err != nil {
			return err
		}
		if err := endPendingLinks(ctx, s.DB, accountID); err != nil {
			return err
		}
		if err := s.Sessions.EndSessions(ctx, accountID); err != nil {
			return err
		}
		return s.Outbox.Enqueue(ctx, a.Email, s.T(a.Language, "mail.password_changed.subject"),
			s.T(a.Language, "mail.password_changed.body", "name", a.Name, "reset", s.BaseURL+"/password/forgot"))
	})
}
