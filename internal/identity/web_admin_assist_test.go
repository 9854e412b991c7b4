package identity_test

import (
	"net/http"
	"net/url"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

// An admin helps someone who phoned: changes their name, starts a change of address and deletes
// their account; each is in the audit log with who helped and how, and the person is told.
func TestAdminHelpsSomeone(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Ada Admin", "ada@example.org", pw, identity.RoleAdmin)
		id := a.MustAccount(t, "Rhys Resident", "rhys@example.org", pw)
		c := a.Client(t)
		c.SignIn("ada@example.org", pw)
		page := "/admin/accounts/" + id
		r := c.Get(page)
		apptest.MustContain(t, r, "Help this person", "How did the person ask for help?")

		r = c.PostForm(page+"/name", url.Values{"name": {"Rhys Jones"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Choose how the person asked for help", `href="#how"`, `id="how"`)
		r = c.PostForm(page+"/name", url.Values{"name": {"Rhys Jones"}, "how": {"phone"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, c.Follow(r), "The name has been changed.", "Rhys Jones")

		r = c.PostForm(page+"/email", url.Values{"email": {"rhys.jones@example.org"}, "how": {"in_person"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		a.MustMailTo(t, "rhys.jones@example.org", "Confirm your new email address")
		a.MustMailTo(t, "rhys@example.org", "A change to your email address was asked for")

		r = c.PostForm(page+"/delete", url.Values{"how": {"letter"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Confirm that the person asked you to delete their account")
		r = c.PostForm(page+"/delete", url.Values{"how": {"letter"}, "confirm": {"yes"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, c.Follow(r), "The account has been deleted")
		a.MustMailTo(t, "rhys@example.org", "Your Commons account has been deleted")
		if n := a.Count(t, `SELECT count(*) FROM accounts WHERE id = $1`, id); n != 0 {
			t.Fatal("the account is still there")
		}
		for _, tc := range []struct{ action, detail string }{
			{"account.name_change", "By phone"},
			{"account.email_change", "In person"},
			{"account.delete", "By letter"},
		} {
			if n := a.Count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND actor_name = 'Ada Admin' AND detail = $2`, tc.action, tc.detail); n != 1 {
				var got string
				_ = a.DB.QueryRow(t.Context(), `SELECT detail FROM audit_log WHERE action = $1`, tc.action).Scan(&got)
				t.Errorf("audit %s: want detail %q, have %q", tc.action, tc.detail, got)
			}
		}
		apptest.MustStatus(t, c.Get(page), http.StatusNotFound)
		apptest.MustStatus(t, c.Get("/admin/accounts/"+identity.FormerMember), http.StatusNotFound)
	})
}
