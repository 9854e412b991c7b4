package identity

import (
	"commons/internal/platform/actor"
	"context"
	"strconv"
	"time"

	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/secret"
)

// Outbox queues mail in the caller's transaction; it is sent once the transaction commits.
type Outbox interface {
	Enqueue(ctx context.Context, to, subject, text string) error
}

// Deps is what the identity service needs.
type Deps struct {
	DB            *db.DB
	Outbox        Outbox
	HashPassword  func(pw string) (string, error)
	CheckPassword func(hash, pw string) (bool, error)
	T             func(lang, key string, args ...any) string
	BaseURL       string
	SignInLimit   *ratelimit.Limiter // sign-in attempts per account
	AddrLimit     *ratelimit.Limiter // sign-in attempts per network address
	FormLimit     *ratelimit.Limiter // mail-sending forms per network address (nil: no limit)
	MailLimit     *ratelimit.Limiter // mail those forms send to one address (nil: no limit)
	SlowDown      time.Duration      // the wait before answering the third sign-in attempt in a window (0: none)
	Sessions      interface {
		EndSessions(ctx context.Context, accountID string) error
	}
}

// Service holds the identity rules.
type Service struct {
	Deps
	// Holders are every capability's account hooks, set by the composition root once the
	// capabilities are built.
	Holders []Holder
	// Confirmed are told, in the same transaction, when someone proves they own an address
	// (confirming a new account or a change of address): a group that invited the address by
	// email takes them in. The composition root adds every capability service that has an
	// AccountConfirmed method.
	Confirmed []AddressConfirmed
}

// AddressConfirmed is a capability that acts when an account's address is confirmed.
type AddressConfirmed interface {
	AccountConfirmed(ctx context.Context, accountID, email string) error
}

func (s *Service) confirmed(ctx context.Context, accountID, email string) error {
	for _, c := range s.Confirmed {
		if err := c.AccountConfirmed(ctx, accountID, email); err != nil {
			return err
		}
	}
	return nil
}

// NewService returns the service.
func NewService(d Deps) *Service { return &Service{Deps: d} }

// How long single-use links last.
const (
	ConfirmLinkTTL = 72 * time.Hour
	ResetLinkTTL   = time.Hour
	SignInLinkTTL  = 30 * time.Minute
)

// formAllowed counts one use of a form that sends mail to an address someone typed, from one
// network address, before anything costly (a password hash, a mail) is done.
func (s *Service) formAllowed(ctx context.Context, addr string) error {
	if s.FormLimit == nil || addr == "" {
		return nil
	}
	ok, err := s.FormLimit.Allow(ctx, "mailform:"+addr)
	if err != nil {
		return errs.Wrap(err, "rate limit")
	}
	if !ok {
		return errs.E(errs.RateLimited, "account.err.too_many_forms")
	}
	return nil
}

// mailAllowed counts one mail to an address from these forms and reports whether it may go: a
// stranger cannot flood someone's mailbox, and the form answers the same either way, so it
// tells nobody anything.
func (s *Service) mailAllowed(ctx context.Context, email string) (bool, error) {
	if s.MailLimit == nil {
		return true, nil
	}
	ok, err := s.MailLimit.Allow(ctx, "mailto:"+NormaliseEmail(email))
	if err != nil {
		return false, errs.Wrap(err, "rate limit")
	}
	return ok, nil
}

// Register creates an account and sends a confirmation link. An address that already has an
// account gets a note saying so instead, and the page looks the same, so the form does not tell
// strangers who has an account. addr is the client's network address, for the form's limit.
func (s *Service) Register(ctx context.Context, lang, addr string, in RegisterInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.formAllowed(ctx, addr); err != nil {
		return err
	}
	hash, err := s.HashPassword(in.Password)
	if err != nil {
		return errs.Wrap(err, "hash password")
	}
	err = s.register(ctx, lang, in, hash)
	if errs.Is(err, errs.Conflict) {
		// The same address registered at the same moment by another request, which has sent
		// its mail: answer as for any existing address, so the form tells nobody anything.
		return nil
	}
	return err
}

func (s *Service) register(ctx context.Context, lang string, in RegisterInput, hash string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		existing, err := accountByEmail(ctx, s.DB, in.Email)
		if err == nil {
			if ok, err := s.mailAllowed(ctx, existing.Email); !ok || err != nil {
				return err
			}
			return s.Outbox.Enqueue(ctx, existing.Email, s.T(lang, "mail.exists.subject"),
				s.T(lang, "mail.exists.body", "name", existing.Name, "signin", s.BaseURL+"/sign-in", "reset", s.BaseURL+"/password/forgot"))
		}
		if !isNoRows(err) {
			return err
		}
		a := Account{ID: ids.New(), Name: in.Name, Email: in.Email, password: hash, CreatedAt: s.DB.Now(ctx), Language: LanguageOf(lang)}
		if err := insertAccount(ctx, s.DB, a); err != nil {
			return s.DB.Err(err, "account.err.email_taken")
		}
		if _, err := grantRole(ctx, s.DB, a.ID, RoleResident); err != nil {
			return err
		}
		return s.sendConfirm(ctx, lang, a)
	})
}

func (s *Service) sendConfirm(ctx context.Context, lang string, a Account) error {
	if ok, err := s.mailAllowed(ctx, a.Email); !ok || err != nil {
		return err
	}
	token := secret.Token()
	if err := insertLinkToken(ctx, s.DB, secret.HashToken(token), a.ID, "confirm", s.DB.Now(ctx).Add(ConfirmLinkTTL)); err != nil {
		return err
	}
	return s.Outbox.Enqueue(ctx, a.Email, s.T(lang, "mail.confirm.subject"),
		s.T(lang, "mail.confirm.body", "name", a.Name, "link", s.BaseURL+"/confirm/"+token, "hours", strconv.Itoa(int(ConfirmLinkTTL.Hours()))))
}

// LinkLive reports whether a single-use link (purpose confirm or reset) can still be used.
func (s *Service) LinkLive(ctx context.Context, token, purpose string) (bool, error) {
	return linkTokenLive(ctx, s.DB, secret.HashToken(token), purpose)
}

// Confirm uses a confirmation link.
func (s *Service) Confirm(ctx context.Context, token string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		id, err := useLinkToken(ctx, s.DB, secret.HashToken(token), "confirm")
		if err != nil {
			return s.DB.Err(err, "account.link_expired")
		}
		email, err := confirmEmail(ctx, s.DB, id, s.DB.Now(ctx))
		if isNoRows(err) {
			return nil // confirmed already (by a reset link)
		}
		if err != nil {
			return err
		}
		return s.confirmed(ctx, id, email)
	})
}

// SignIn checks an email address and password from a browser the account has not signed in
// from before (see SignInFrom).
func (s *Service) SignIn(ctx context.Context, lang, email, password, addr string) (Account, error) {
	return s.SignInFrom(ctx, lang, email, password, addr, "")
}

// SignInFrom checks an email address and password, limiting failed attempts per account and per
// network address, and slowing the answers down as the attempts mount. A browser the account
// has signed in from before (device, its token from RememberDevice) has a limit of its own and
// is not counted against the address, so a stranger's guesses cannot keep the owner out (V5).
// An unconfirmed account is sent a fresh confirmation link.
func (s *Service) SignInFrom(ctx context.Context, lang, email, password, addr, device string) (Account, error) {
	email = NormaliseEmail(email)
	f := map[string]string{}
	checkEmail(f, email)
	if password == "" {
		f["password"] = "account.err.password_missing"
	}
	if len(f) > 0 {
		return Account{}, errs.FieldErrors(f)
	}
	// Count the attempt first, in one statement each, and check the password only within the
	// limits: requests sent at the same moment cannot all pass a check made before any of them
	// was counted (V3). The address is counted only for an attempt within the account's limit:
	// guesses at one account, already refused, do not use up the address's allowance (a
	// library's other people), and an attempt the account let through is not lost to a burst of
	// refused ones counted against the address between its two statements.
	accountKey, addrKey := "signin:account:"+email, "signin:addr:"+addr
	known, err := s.knownDevice(ctx, email, device)
	if err != nil {
		return Account{}, errs.Wrap(err, "known device")
	}
	if known {
		accountKey = "signin:device:" + secret.HashToken(device)
	}
	nAccount, err := s.SignInLimit.Hit(ctx, accountKey)
	if err != nil {
		return Account{}, errs.Wrap(err, "rate limit")
	}
	if err := slowDown(ctx, s.SlowDown, nAccount); err != nil {
		return Account{}, err
	}
	nAddr := 0
	if nAccount <= s.SignInLimit.Limit && !known {
		if nAddr, err = s.AddrLimit.Hit(ctx, addrKey); err != nil {
			return Account{}, errs.Wrap(err, "rate limit")
		}
	}
	if nAccount > s.SignInLimit.Limit || nAddr > s.AddrLimit.Limit {
		// Too many attempts on this account or from this address: the password is not checked
		// now, but the owner is not shut out: a single-use sign-in link goes to the account's
		// mailbox, with a notice of the attempts, and only the owner can use it (V5).
		if err := s.sendSignInLink(ctx, email); err != nil {
			return Account{}, err
		}
		return Account{}, errs.E(errs.RateLimited, "account.err.too_many")
	}
	a, err := accountByEmail(ctx, s.DB, email)
	ok := false
	if err == nil {
		ok, err = s.CheckPassword(a.password, password)
		if err != nil {
			return Account{}, errs.Wrap(err, "check password")
		}
	} else if !isNoRows(err) {
		return Account{}, errs.Wrap(err, "find account")
	} else {
		// Spend the same time as a real check, so timing does not tell who has an account.
		_, _ = s.HashPassword(password)
	}
	if !ok {
		return Account{}, errs.E(errs.Unauthenticated, "account.err.bad_credentials")
	}
	// The right password: this attempt does not count against the address (a library's
	// people signing in are not a guesser), and the account's count starts again.
	if !known {
		if err := s.AddrLimit.Undo(ctx, addrKey); err != nil {
			return Account{}, errs.Wrap(err, "rate limit")
		}
	}
	if a.Confirmed == nil {
		err := s.DB.WithTx(ctx, func(ctx context.Context) error { return s.sendConfirm(ctx, lang, a) })
		if err != nil {
			return Account{}, err
		}
		return Account{}, errs.E(errs.Unauthenticated, "account.err.unconfirmed")
	}
	if err := s.SignInLimit.Reset(ctx, accountKey); err != nil {
		return Account{}, errs.Wrap(err, "rate limit")
	}
	return a, nil
}

// mailable is the account with this address, when there is one and it may be mailed now (within
// the per-recipient mail limit); ok is false when there is nothing to send.
func (s *Service) mailable(ctx context.Context, email string) (a Account, ok bool, err error) {
	a, err = accountByEmail(ctx, s.DB, email)
	if isNoRows(err) {
		return a, false, nil
	}
	if err != nil {
		return a, false, err
	}
	ok, err = s.mailAllowed(ctx, a.Email)
	return a, ok && err == nil, err
}

// sendSignInLink mails a single-use sign-in link to the account with this address, if there is
// one, within the per-recipient mail limit; in the account's own language, as the person at the
// form may be a stranger.
func (s *Service) sendSignInLink(ctx context.Context, email string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, ok, err := s.mailable(ctx, email)
		if !ok || err != nil {
			return err
		}
		token := secret.Token()
		if err := insertSignInLink(ctx, s.DB, secret.HashToken(token), a.ID, s.DB.Now(ctx).Add(SignInLinkTTL)); err != nil {
			return err
		}
		lang := LanguageOf(a.Language)
		return s.Outbox.Enqueue(ctx, a.Email, s.T(lang, "mail.signin_link.subject"),
			s.T(lang, "mail.signin_link.body", "name", a.Name, "link", s.BaseURL+"/sign-in/link/"+token,
				"minutes", strconv.Itoa(int(SignInLinkTTL.Minutes())), "reset", s.BaseURL+"/password/forgot"))
	})
}

// SignInLinkLive reports whether a sign-in link can still be used.
func (s *Service) SignInLinkLive(ctx context.Context, token string) (bool, error) {
	return signInLinkLive(ctx, s.DB, secret.HashToken(token), s.DB.Now(ctx))
}

// UseSignInLink signs in with a mailed link: it works once, confirms the address (the link
// proved it) and starts the account's sign-in count again.
func (s *Service) UseSignInLink(ctx context.Context, token string) (Account, error) {
	var a Account
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		id, err := useSignInLink(ctx, s.DB, secret.HashToken(token), now)
		if err != nil {
			return s.DB.Err(err, "account.link_expired")
		}
		if err := confirmEmailOnce(ctx, s.DB, id, now); err != nil {
			return err
		}
		if a, err = accountByID(ctx, s.DB, id); err != nil {
			return err
		}
		return s.SignInLimit.Reset(ctx, "signin:account:"+a.Email)
	})
	return a, err
}

// RequestReset sends a password reset link if the address has an account (and says nothing
// either way). addr is the client's network address, for the form's limit.
func (s *Service) RequestReset(ctx context.Context, lang, addr, email string) error {
	email = NormaliseEmail(email)
	f := map[string]string{}
	checkEmail(f, email)
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	if err := s.formAllowed(ctx, addr); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, ok, err := s.mailable(ctx, email)
		if !ok || err != nil {
			return err
		}
		token := secret.Token()
		if err := insertLinkToken(ctx, s.DB, secret.HashToken(token), a.ID, "reset", s.DB.Now(ctx).Add(ResetLinkTTL)); err != nil {
			return err
		}
		return s.Outbox.Enqueue(ctx, a.Email, s.T(lang, "mail.reset.subject"),
			s.T(lang, "mail.reset.body", "name", a.Name, "link", s.BaseURL+"/password/reset/"+token, "minutes", strconv.Itoa(int(ResetLinkTTL.Minutes()))))
	})
}

// ResetPassword uses a reset link to set a new password, confirms the address (the link proved
// it) and signs the account out everywhere.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	f := map[string]string{}
	checkPassword(f, "password", password)
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	hash, err := s.HashPassword(password)
	if err != nil {
		return errs.Wrap(err, "hash password")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		id, err := useLinkToken(ctx, s.DB, secret.HashToken(token), "reset")
		if err != nil {
			return s.DB.Err(err, "account.link_expired")
		}
		now := s.DB.Now(ctx)
		if err := resetPassword(ctx, s.DB, id, hash, now); err != nil {
			return err
		}
		email, err := emailOf(ctx, s.DB, id)
		if err != nil {
			return err
		}
		if err := s.SignInLimit.Reset(ctx, "signin:account:"+email); err != nil {
			return err
		}
		if err := s.confirmed(ctx, id, email); err != nil { // the link proved the address
			return err
		}
		return s.Sessions.EndSessions(ctx, id)
	})
}

// Account returns an account with its roles.
func (s *Service) Account(ctx context.Context, id string) (Account, error) {
	a, err := accountByID(ctx, s.DB, id)
	return a, s.DB.Err(err, "error.not_found")
}

// User loads the signed-in person for the web kit.
func (s *Service) User(ctx context.Context, id string) (*actor.Actor, error) {
	a, err := s.Account(ctx, id)
	if err != nil {
		return nil, err
	}
	orgs, err := orgIDsOf(ctx, s.DB, id)
	if err != nil {
		return nil, errs.Wrap(err, "load organisations")
	}
	return &actor.Actor{ID: a.ID, Name: a.Name, Email: a.Email, Roles: a.Roles, Orgs: orgs, Language: a.Language}, nil
}

// Language is the language an account prefers (en or cy), for mail written without a request.
func (s *Service) Language(ctx context.Context, id string) (string, error) {
	lang, err := languageOf(ctx, s.DB, id)
	return lang, s.DB.Err(err, "error.not_found")
}

// SetLanguage records the language an account prefers; anything but en or cy is refused.
func (s *Service) SetLanguage(ctx context.Context, id, lang string) error {
	if lang != "en" && lang != "cy" {
		return errs.FieldErrors(map[string]string{"language": "account.err.language"})
	}
	return s.DB.Err(setLanguage(ctx, s.DB, id, lang), "error.not_found")
}

// record writes an audit entry for an admin action.
func (s *Service) record(ctx context.Context, actor *actor.Actor, action, targetType, targetID, detail string) error {
	return audit.Record(ctx, s.DB, audit.Entry{ActorID: actor.ID, ActorName: actor.Name, Action: action,
		TargetType: targetType, TargetID: targetID, Detail: detail})
}
