package identity

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the identity tables.
var Migrations = db.Embedded("identity", migrationsFS)

// Handlers serve the identity pages.
type Handlers struct {
	Kit            *web.Kit
	Svc            *Service
	MailConfigured bool
	// Courses are the capabilities that keep the courses a person completed (the knowledge
	// hub's training), shown on their account page.
	Courses []CourseRecord
}

// CourseRecord is a capability that keeps the courses a person has completed.
type CourseRecord interface {
	CompletedCourses(ctx context.Context, accountID, lang string) ([]hub.Completion, error)
}

type formPage struct {
	web.Page
	Form *web.Form
}

type checkEmailPage struct {
	web.Page
	Email          string
	MailConfigured bool
}

func (h *Handlers) page(r *http.Request, title string, f *web.Form) *formPage {
	p := &formPage{Page: h.Kit.NewPage(r, title), Form: f}
	p.Errors = f
	return p
}

// RegisterForm shows the registration form.
func (h *Handlers) RegisterForm(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	// An invitation's link fills in the address it was sent to.
	if e := NormaliseEmail(r.URL.Query().Get("email")); ValidEmail(e) {
		f.Values.Set("email", e)
	}
	h.Kit.Render(w, r, http.StatusOK, "identity/register", h.page(r, "register.title", f))
	return nil
}

// Register creates the account and says to check mail.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	in := RegisterInput{Name: f.Get("name"), Email: f.Get("email"), Password: f.Raw("password")}
	if f.Raw("website") != "" {
		// The honeypot: a field people never see, filled in by robots. They get the usual answer
		// and no account; the reason is logged.
		web.Log(r).Warn("register refused: honeypot field filled", "addr", web.ClientAddr(r))
		h.checkEmail(w, r, in.Email)
		return nil
	}
	if err := h.Svc.Register(r.Context(), web.Lang(r), web.ClientAddr(r), in); err != nil {
		if f.Take(err, "name", "email", "password") {
			h.Kit.Render(w, r, web.Status(errs.CodeOf(err)), "identity/register", h.page(r, "register.title", f))
			return nil
		}
		return err
	}
	h.checkEmail(w, r, in.Email)
	return nil
}

func (h *Handlers) checkEmail(w http.ResponseWriter, r *http.Request, email string) {
	h.Kit.Render(w, r, http.StatusOK, "identity/check_email", &checkEmailPage{
		Page: h.Kit.NewPage(r, "check_email.title"), Email: NormaliseEmail(email), MailConfigured: h.MailConfigured})
}

type linkPage struct {
	web.Page
	Token string
	Form  *web.Form
}

func (h *Handlers) expired(w http.ResponseWriter, r *http.Request) {
	h.Kit.Render(w, r, http.StatusGone, "identity/link_expired", &formPage{Page: h.Kit.NewPage(r, "link_expired.title")})
}

// ConfirmForm shows the confirm button for a live link. (Confirming on GET would let mail
// scanners that follow links use it up.)
func (h *Handlers) ConfirmForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	live, err := h.Svc.LinkLive(r.Context(), token, "confirm")
	if err != nil {
		return err
	}
	if !live {
		h.expired(w, r)
		return nil
	}
	h.Kit.Render(w, r, http.StatusOK, "identity/confirm", &linkPage{Page: h.Kit.NewPage(r, "confirm.title"), Token: token})
	return nil
}

// Confirm uses the link.
func (h *Handlers) Confirm(w http.ResponseWriter, r *http.Request) error {
	if err := h.Svc.Confirm(r.Context(), r.PathValue("token")); err != nil {
		if errs.Is(err, errs.NotFound) {
			h.expired(w, r)
			return nil
		}
		return err
	}
	h.Kit.Flash(w, "confirm.done")
	web.Redirect(w, r, "/sign-in")
	return nil
}

// SignInForm shows the sign-in form.
func (h *Handlers) SignInForm(w http.ResponseWriter, r *http.Request) error {
	if web.CurrentUser(r) != nil {
		web.Redirect(w, r, "/account")
		return nil
	}
	f := web.EmptyForm()
	f.Values.Set("next", r.URL.Query().Get("next"))
	h.Kit.Render(w, r, http.StatusOK, "identity/sign_in", h.page(r, "signin.title", f))
	return nil
}

// safeNext keeps redirects after sign-in on this site. Browsers drop tabs and new lines from
// URLs and read a backslash as a slash, so "/\t/evil.example" would leave the site: a next with
// control characters or backslashes is refused, as is anything with a scheme or host.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return "/account"
	}
	return next
}

// SignIn checks the credentials and starts a session.
func (h *Handlers) SignIn(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	a, err := h.Svc.SignInFrom(r.Context(), web.Lang(r), f.Get("email"), f.Raw("password"), web.ClientAddr(r), deviceToken(r))
	if err != nil {
		if f.Take(err, "email", "password") {
			status := web.Status(errs.CodeOf(err))
			h.Kit.Render(w, r, status, "identity/sign_in", h.page(r, "signin.title", f))
			return nil
		}
		return err
	}
	if err := h.signInRemembering(w, r, a.ID); err != nil {
		return err
	}
	web.Redirect(w, r, safeNext(f.Get("next")))
	return nil
}

// deviceCookie keeps the token of a browser its account has signed in from (RememberDevice).
const deviceCookie = "commons_device"

func deviceToken(r *http.Request) string {
	if c, err := r.Cookie(deviceCookie); err == nil && len(c.Value) <= 100 {
		return c.Value
	}
	return ""
}

// signInRemembering starts a session and remembers the browser for the account, so that its
// owner can still sign in from it while strangers' guesses hold the account's sign-in.
func (h *Handlers) signInRemembering(w http.ResponseWriter, r *http.Request, accountID string) error {
	token, err := h.Svc.RememberDevice(r.Context(), accountID, deviceToken(r))
	if err != nil {
		return err
	}
	if err := h.Kit.SignIn(w, r, accountID); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.Kit.Secure, MaxAge: int(DeviceTTL.Seconds())})
	return nil
}

// SignInLinkForm shows the button of a live sign-in link. (Signing in on GET would let mail
// scanners that follow links use it up.)
func (h *Handlers) SignInLinkForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	live, err := h.Svc.SignInLinkLive(r.Context(), token)
	if err != nil {
		return err
	}
	if !live {
		h.expired(w, r)
		return nil
	}
	h.Kit.Render(w, r, http.StatusOK, "identity/sign_in_link", &linkPage{Page: h.Kit.NewPage(r, "signin_link.title"), Token: token})
	return nil
}

// SignInLink signs in with a mailed link.
func (h *Handlers) SignInLink(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Svc.UseSignInLink(r.Context(), r.PathValue("token"))
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			h.expired(w, r)
			return nil
		}
		return err
	}
	if err := h.signInRemembering(w, r, a.ID); err != nil {
		return err
	}
	h.Kit.Flash(w, "signin_link.done")
	web.Redirect(w, r, "/account")
	return nil
}

// SignOut ends the session.
func (h *Handlers) SignOut(w http.ResponseWriter, r *http.Request) error {
	if err := h.Kit.SignOut(w, r); err != nil {
		return err
	}
	h.Kit.Flash(w, "signout.done")
	web.Redirect(w, r, "/")
	return nil
}

// ForgotForm asks for the address to send a reset link to.
func (h *Handlers) ForgotForm(w http.ResponseWriter, r *http.Request) error {
	h.Kit.Render(w, r, http.StatusOK, "identity/forgot", h.page(r, "forgot.title", web.EmptyForm()))
	return nil
}

// Forgot sends the reset link.
func (h *Handlers) Forgot(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	if err := h.Svc.RequestReset(r.Context(), web.Lang(r), web.ClientAddr(r), f.Get("email")); err != nil {
		if f.Take(err, "email") {
			h.Kit.Render(w, r, web.Status(errs.CodeOf(err)), "identity/forgot", h.page(r, "forgot.title", f))
			return nil
		}
		return err
	}
	h.checkEmail(w, r, f.Get("email"))
	return nil
}

// ResetForm asks for a new password, for a live link.
func (h *Handlers) ResetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	live, err := h.Svc.LinkLive(r.Context(), token, "reset")
	if err != nil {
		return err
	}
	if !live {
		h.expired(w, r)
		return nil
	}
	p := &linkPage{Page: h.Kit.NewPage(r, "reset.title"), Token: token, Form: web.EmptyForm()}
	h.Kit.Render(w, r, http.StatusOK, "identity/reset", p)
	return nil
}

// Reset sets the new password.
func (h *Handlers) Reset(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	token := r.PathValue("token")
	if err := h.Svc.ResetPassword(r.Context(), token, f.Raw("password")); err != nil {
		if errs.Is(err, errs.NotFound) {
			h.expired(w, r)
			return nil
		}
		if f.Take(err, "password") {
			p := &linkPage{Page: h.Kit.NewPage(r, "reset.title"), Token: token, Form: f}
			p.Errors = f
			h.Kit.Render(w, r, http.StatusUnprocessableEntity, "identity/reset", p)
			return nil
		}
		return err
	}
	_ = h.Kit.SignOut(w, r)
	h.Kit.Flash(w, "reset.done")
	web.Redirect(w, r, "/sign-in")
	return nil
}

type accountPage struct {
	web.Page
	Account Account
	Orgs    []Organisation
	Form    *web.Form // the language choice
	Courses []hub.Completion
}

// Account shows the signed-in person their account.
func (h *Handlers) Account(w http.ResponseWriter, r *http.Request) error {
	return h.account(w, r, http.StatusOK, nil)
}

// account renders the account page; f is a language form that failed, or nil.
func (h *Handlers) account(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	u := web.CurrentUser(r)
	a, err := h.Svc.Account(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		f.Values.Set("language", a.Language)
	}
	p := &accountPage{Page: h.Kit.NewPage(r, "account.title"), Account: a, Form: f}
	p.Errors = f
	for _, id := range u.Orgs {
		o, err := h.Svc.Organisation(r.Context(), id)
		if err == nil {
			p.Orgs = append(p.Orgs, o)
		}
	}
	for _, c := range h.Courses {
		done, err := c.CompletedCourses(r.Context(), u.ID, p.Lang)
		if err != nil {
			return err
		}
		p.Courses = append(p.Courses, done...)
	}
	h.Kit.Render(w, r, status, "identity/account", p)
	return nil
}

// SetLanguage saves the language the person wants their mail in.
func (h *Handlers) SetLanguage(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	if err := h.Svc.SetLanguage(r.Context(), web.CurrentUser(r).ID, f.Get("language")); err != nil {
		if f.Take(err, "language") {
			return h.account(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, "account.language_saved")
	web.Redirect(w, r, "/account")
	return nil
}

// DeleteForm asks the person to confirm deleting their account.
func (h *Handlers) DeleteForm(w http.ResponseWriter, r *http.Request) error {
	h.Kit.Render(w, r, http.StatusOK, "identity/delete", h.page(r, "delete.title", web.EmptyForm()))
	return nil
}

// Delete removes the account.
func (h *Handlers) Delete(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	if err := h.Svc.Delete(r.Context(), web.CurrentUser(r).ID, f.Raw("password")); err != nil {
		if f.Take(err, "password") {
			h.Kit.Render(w, r, http.StatusUnprocessableEntity, "identity/delete", h.page(r, "delete.title", f))
			return nil
		}
		return err
	}
	_ = h.Kit.SignOut(w, r)
	h.Kit.Flash(w, "delete.done")
	web.Redirect(w, r, "/")
	return nil
}

type tokensPage struct {
	web.Page
	Tokens []APIToken
	New    string
	Form   *web.Form
	// Scopes are the scopes offered, with whether each is ticked.
	Scopes []scopeChoice
}

type scopeChoice struct {
	Name    string
	Checked bool
}

func (h *Handlers) renderTokens(w http.ResponseWriter, r *http.Request, status int, f *web.Form, secret string) error {
	tokens, err := h.Svc.APITokens(r.Context(), web.CurrentUser(r).ID)
	if err != nil {
		return err
	}
	p := &tokensPage{Page: h.Kit.NewPage(r, "tokens.title"), Tokens: tokens, New: secret, Form: f}
	p.Errors = f
	ticked := f.Values["scopes"]
	if len(ticked) == 0 && f.Valid() {
		ticked = []string{actor.ScopeRead}
	}
	for _, sc := range actor.Scopes {
		if sc == actor.ScopeAdmin && !h.Svc.CanGrantAdminScope(web.CurrentUser(r)) {
			continue
		}
		p.Scopes = append(p.Scopes, scopeChoice{Name: sc, Checked: slices.Contains(ticked, sc)})
	}
	h.Kit.Render(w, r, status, "identity/tokens", p)
	return nil
}

// Tokens lists the person's API tokens.
func (h *Handlers) Tokens(w http.ResponseWriter, r *http.Request) error {
	return h.renderTokens(w, r, http.StatusOK, web.EmptyForm(), "")
}

// CreateToken makes a token and shows it once.
func (h *Handlers) CreateToken(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	secret, err := h.Svc.CreateAPIToken(r.Context(), web.CurrentUser(r).ID, f.Get("name"), f.Values["scopes"])
	if err != nil {
		if f.Take(err, "name", "scopes") {
			return h.renderTokens(w, r, http.StatusUnprocessableEntity, f, "")
		}
		return err
	}
	return h.renderTokens(w, r, http.StatusOK, web.EmptyForm(), secret)
}

// RevokeToken stops a token working.
func (h *Handlers) RevokeToken(w http.ResponseWriter, r *http.Request) error {
	return h.Kit.Act(w, r, func(ctx context.Context, u *actor.Actor, id string) error {
		return h.Svc.RevokeAPIToken(ctx, u.ID, id)
	}, "tokens.revoked", "/account/tokens")
}
