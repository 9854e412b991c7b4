package identity

import (
	"net/http"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// Assisted digital: an admin changes a person's name or email address, or deletes their
// account, when the person asks them to (by phone, in person, by letter or email). The audit
// log records who helped and how; a change of address still goes through the link sent to the
// new address, and the person is told of a deletion by mail.

type assistPage struct {
	web.Page
	Account  Account
	Roles    []string
	Channels []string
	Name     *web.Form
	Email    *web.Form
	Delete   *web.Form
	Failed   string // the form that failed: name, email or delete
}

// HowID is the id of a form's "how did they ask" question: "how" in the form that failed, so
// the error summary's link finds it.
func (p *assistPage) HowID(form string) string {
	if form == p.Failed {
		return "how"
	}
	return form + "-how"
}

// accountPage renders the admin's page of one account with its help forms (one of them failed
// when form is set).
func (a *Admin) accountPage(w http.ResponseWriter, r *http.Request, status int, which string, f *web.Form) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if IsFormerMember(id) {
		return errs.E(errs.NotFound, "error.not_found")
	}
	acc, err := a.Svc.Account(r.Context(), id)
	if err != nil {
		return err
	}
	p := &assistPage{Page: a.Kit.NewPage(r, "admin.account.title", "name", acc.Name), Account: acc, Roles: Roles,
		Channels: HelpChannels, Name: web.EmptyForm(), Email: web.EmptyForm(), Delete: web.EmptyForm()}
	p.Name.Values.Set("name", acc.Name)
	p.Failed = which
	switch which {
	case "name":
		p.Name = f
	case "email":
		p.Email = f
	case "delete":
		p.Delete = f
	}
	if f != nil {
		p.Errors = f
	}
	a.Kit.Render(w, r, status, "identity/admin_account", p)
	return nil
}

// Account shows one account: its roles, and forms to help its person.
func (a *Admin) Account(w http.ResponseWriter, r *http.Request) error {
	return a.accountPage(w, r, http.StatusOK, "", nil)
}

func assist(r *http.Request, f *web.Form) *Assist {
	return &Assist{Actor: web.CurrentUser(r), How: f.Get("how")}
}

// AssistName changes a person's name for them.
func (a *Admin) AssistName(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := a.Svc.ChangeName(r.Context(), id, f.Get("name"), assist(r, f)); err != nil {
		if f.Take(err, "name", "how") {
			return a.accountPage(w, r, http.StatusUnprocessableEntity, "name", f)
		}
		return err
	}
	a.Kit.Flash(w, "admin.assist.name_done")
	web.Redirect(w, r, "/admin/accounts/"+id)
	return nil
}

// AssistEmail sends the link that changes a person's address to the new address.
func (a *Admin) AssistEmail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := a.Svc.RequestEmailChange(r.Context(), web.Lang(r), id, f.Get("email"), "", assist(r, f)); err != nil {
		if f.Take(err, "email", "how") {
			return a.accountPage(w, r, http.StatusUnprocessableEntity, "email", f)
		}
		return err
	}
	a.Kit.Flash(w, "admin.assist.email_done")
	web.Redirect(w, r, "/admin/accounts/"+id)
	return nil
}

// AssistDelete deletes a person's account for them.
func (a *Admin) AssistDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if f.Get("confirm") != "yes" {
		f.Fail("confirm", "admin.assist.err.confirm")
	}
	if f.Valid() {
		err = a.Svc.AssistDelete(r.Context(), *assist(r, f), id)
	} else {
		err = errs.FieldErrors(map[string]string{"confirm": "admin.assist.err.confirm"})
	}
	if err != nil {
		if f.Take(err, "how", "confirm") {
			return a.accountPage(w, r, http.StatusUnprocessableEntity, "delete", f)
		}
		return err
	}
	a.Kit.Flash(w, "admin.assist.deleted")
	web.Redirect(w, r, "/admin/accounts")
	return nil
}
