package identity

import (
	"net/http"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// The account page's changes: name, email address (confirmed by a link to the new address) and
// password. Handlers return their error; the route table turns it into the page.

func (h *Handlers) form(w http.ResponseWriter, r *http.Request, status int, name, title string, f *web.Form) error {
	h.Kit.Render(w, r, status, "identity/"+name, h.page(r, title, f))
	return nil
}

// NameForm asks for a new name.
func (h *Handlers) NameForm(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("name", web.CurrentUser(r).Name)
	return h.form(w, r, http.StatusOK, "name", "name.title", f)
}

// ChangeName saves it.
func (h *Handlers) ChangeName(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	if err := h.Svc.ChangeName(r.Context(), web.CurrentUser(r).ID, f.Get("name"), nil); err != nil {
		if f.Take(err, "name") {
			return h.form(w, r, http.StatusUnprocessableEntity, "name", "name.title", f)
		}
		return err
	}
	h.Kit.Flash(w, "name.done")
	web.Redirect(w, r, "/account")
	return nil
}

// EmailForm asks for the new address and the password.
func (h *Handlers) EmailForm(w http.ResponseWriter, r *http.Request) error {
	return h.form(w, r, http.StatusOK, "email", "email.title", web.EmptyForm())
}

type emailSentPage struct {
	web.Page
	Email          string
	MailConfigured bool
}

// ChangeEmail sends the confirmation link to the new address.
func (h *Handlers) ChangeEmail(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	err := h.Svc.RequestEmailChange(r.Context(), web.Lang(r), web.CurrentUser(r).ID, f.Get("email"), f.Raw("password"), nil)
	if err != nil {
		if f.Take(err, "email", "password") {
			return h.form(w, r, web.Status(errs.CodeOf(err)), "email", "email.title", f)
		}
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "identity/email_sent", &emailSentPage{Page: h.Kit.NewPage(r, "check_email.title"),
		Email: NormaliseEmail(f.Get("email")), MailConfigured: h.MailConfigured})
	return nil
}

type emailConfirmPage struct {
	web.Page
	Token, Email string
}

// EmailConfirmForm shows the button that confirms a new address, for a live link (a GET must
// not use the link: mail scanners follow links). It works signed in or not: the link is the
// proof.
func (h *Handlers) EmailConfirmForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	email, live, err := h.Svc.EmailChangeLive(r.Context(), token)
	if err != nil {
		return err
	}
	if !live {
		h.expired(w, r)
		return nil
	}
	h.Kit.Render(w, r, http.StatusOK, "identity/email_confirm", &emailConfirmPage{Page: h.Kit.NewPage(r, "email_confirm.title"), Token: token, Email: email})
	return nil
}

// EmailConfirm uses the link.
func (h *Handlers) EmailConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := h.Svc.ConfirmEmailChange(r.Context(), r.PathValue("token")); err != nil {
		if errs.Is(err, errs.NotFound) {
			h.expired(w, r)
			return nil
		}
		return err
	}
	h.Kit.Flash(w, "email_confirm.done")
	if web.CurrentUser(r) != nil {
		web.Redirect(w, r, "/account")
	} else {
		web.Redirect(w, r, "/sign-in")
	}
	return nil
}

// PasswordForm asks for the current and the new password.
func (h *Handlers) PasswordForm(w http.ResponseWriter, r *http.Request) error {
	return h.form(w, r, http.StatusOK, "password", "password.title", web.EmptyForm())
}

// ChangePassword sets the new password; every session ends, and this browser is signed in again
// with a new one.
func (h *Handlers) ChangePassword(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	u := web.CurrentUser(r)
	if err := h.Svc.ChangePassword(r.Context(), u.ID, f.Raw("current"), f.Raw("password")); err != nil {
		if f.Take(err, "current", "password") {
			return h.form(w, r, web.Status(errs.CodeOf(err)), "password", "password.title", f)
		}
		return err
	}
	if err := h.Kit.SignIn(w, r, u.ID); err != nil {
		return err
	}
	h.Kit.Flash(w, "password.done")
	web.Redirect(w, r, "/account")
	return nil
}
