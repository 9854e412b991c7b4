package identity_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

const square = `{"type":"Polygon","coordinates":[[[-3.2,51.4],[-3.1,51.4],[-3.1,51.5],[-3.2,51.4]]]}`

func adminClient(t *testing.T, a *apptest.App) *apptest.Client {
	t.Helper()
	a.MustAccount(t, "Ada Admin", "ada@example.org", pw, identity.RoleAdmin)
	c := a.Client(t)
	c.SignIn("ada@example.org", pw)
	return c
}

// idFromDB returns the id of the row of table with the name.
func idFromDB(t *testing.T, a *apptest.App, table, name string) string {
	t.Helper()
	var id string
	if err := a.DB.QueryRow(t.Context(), `SELECT id FROM `+table+` WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatalf("%s %q: %v", table, name, err)
	}
	return id
}

func TestAdminAreas(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := adminClient(t, a)
	apptest.MustContain(t, c.Get("/admin"), "Admin")

	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"empty", url.Values{}, []string{"Enter the area's name", "Choose whether the area is a ward or a locality"}},
		{"bad districts and boundary", url.Values{"name": {"Castle"}, "kind": {"ward"}, "postcode_districts": {"CF10 not-a-district"}, "boundary": {`{"type":"Point","coordinates":[0,0]}`}},
			[]string{"Enter postcode districts like CF10", "Enter the boundary as a GeoJSON Polygon"}},
		{"unclosed ring", url.Values{"name": {"Castle"}, "kind": {"locality"}, "boundary": {`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`}},
			[]string{"Enter the boundary as a GeoJSON Polygon"}},
		{"long name", url.Values{"name": {strings.Repeat("a", 121)}, "kind": {"ward"}}, []string{"The name must be 120 characters or fewer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.PostForm("/admin/areas", tc.form)
			apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
			sum := apptest.ErrorSummary(r)
			for _, w := range tc.want {
				if !strings.Contains(sum, w) {
					t.Errorf("summary lacks %q:\n%s", w, sum)
				}
			}
		})
	}

	r := c.PostForm("/admin/areas", url.Values{"name": {"Castle"}, "kind": {"ward"}, "postcode_districts": {"cf10, cf11 CF10"}, "boundary": {square}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "The area has been saved.", "Castle")
	id := idFromDB(t, a, "areas", "Castle")
	r = c.PostForm("/admin/areas", url.Values{"name": {"Castle"}, "kind": {"ward"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "There is already an area with this name")

	r = c.Get("/admin/areas/" + id)
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "CF10 CF11", "Polygon")
	apptest.MustStatus(t, c.Get("/admin/areas/not-a-uuid"), http.StatusNotFound)
	apptest.MustStatus(t, c.Get("/admin/areas/00000000-0000-4000-8000-000000000000"), http.StatusNotFound)

	r = c.PostForm("/admin/areas/"+id, url.Values{"name": {""}, "kind": {"ward"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Enter the area's name")
	r = c.PostForm("/admin/areas/"+id, url.Values{"name": {"Castle and Quay"}, "kind": {"locality"}, "postcode_districts": {"CF10"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	if n := a.Count(t, `SELECT count(*) FROM areas WHERE name = 'Castle and Quay' AND kind = 'locality' AND boundary IS NULL`); n != 1 {
		t.Error("update did not save")
	}
	apptest.MustStatus(t, c.PostForm("/admin/areas/00000000-0000-4000-8000-000000000000", url.Values{"name": {"X"}, "kind": {"ward"}}), http.StatusNotFound)

	r = c.PostForm("/admin/areas/"+id+"/delete", nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "The area has been deleted.")
	apptest.MustStatus(t, c.PostForm("/admin/areas/"+id+"/delete", nil), http.StatusNotFound)

	r = c.Get("/admin/audit?action=area.")
	for _, action := range []string{"area.create", "area.update", "area.delete"} {
		apptest.MustContain(t, r, action)
	}
}

func TestAdminOrganisationsAndMembers(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := adminClient(t, a)
	memberID := a.MustAccount(t, "Gwen Member", "gwen@example.org", pw)

	apptest.MustStatus(t, c.Get("/admin/organisations"), http.StatusOK)
	r := c.PostForm("/admin/organisations", url.Values{"name": {""}, "sector": {"army"}, "website": {"ftp://x"}, "area_id": {"00000000-0000-4000-8000-000000000000"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	sum := apptest.ErrorSummary(r)
	for _, w := range []string{"Enter the organisation's name", "Choose the organisation's sector", "Enter a website address starting with https://"} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary lacks %q:\n%s", w, sum)
		}
	}
	r = c.PostForm("/admin/organisations", url.Values{"name": {"Food Bank"}, "sector": {"vcf"}, "area_id": {"00000000-0000-4000-8000-000000000000"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Choose an area from the list")

	r = c.PostForm("/admin/organisations", url.Values{"name": {"Food Bank"}, "sector": {"vcf"}, "website": {"https://food.example"}, "description": {"Parcels"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	id := idFromDB(t, a, "organisations", "Food Bank")
	if r.Location() != "/admin/organisations/"+id {
		t.Errorf("Location %q", r.Location())
	}
	apptest.MustContain(t, c.Follow(r), "The organisation has been saved.", "https://food.example")
	apptest.MustContain(t, c.Get("/admin/organisations?sector=vcf"), "Food Bank")
	apptest.MustNotContain(t, c.Get("/admin/organisations?sector=private"), "Food Bank")

	r = c.PostForm("/admin/organisations/"+id, url.Values{"name": {"Food Bank"}, "sector": {""}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	r = c.PostForm("/admin/organisations/"+id, url.Values{"name": {"Harbour Food Bank"}, "sector": {"vcf"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustStatus(t, c.Get("/admin/organisations/nope"), http.StatusNotFound)

	// Members.
	r = c.PostForm("/admin/organisations/"+id+"/members", url.Values{"email": {"nobody@example.org"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "There is no account with this email address")
	r = c.PostForm("/admin/organisations/"+id+"/members", url.Values{"email": {"GWEN@example.org"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "The person has been added", "Gwen Member")
	r = c.PostForm("/admin/organisations/"+id+"/members", url.Values{"email": {"gwen@example.org"}})
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "This person is already a member")
	if n := a.Count(t, `SELECT count(*) FROM account_roles WHERE account_id = $1 AND role = 'member'`, memberID); n != 1 {
		t.Error("a new member did not get the member role")
	}
	r = c.PostForm("/admin/organisations/"+id+"/members/"+memberID+"/remove", nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	if n := a.Count(t, `SELECT count(*) FROM account_roles WHERE account_id = $1 AND role = 'member'`, memberID); n != 0 {
		t.Error("the member role stayed after leaving the last organisation")
	}
	apptest.MustStatus(t, c.PostForm("/admin/organisations/"+id+"/members/"+memberID+"/remove", nil), http.StatusNotFound)
	apptest.MustStatus(t, c.PostForm("/admin/organisations/"+id+"/members/bad/remove", nil), http.StatusNotFound)

	r = c.PostForm("/admin/organisations/"+id+"/delete", nil)
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "The organisation has been deleted.")
	apptest.MustStatus(t, c.PostForm("/admin/organisations/"+id+"/delete", nil), http.StatusNotFound)

	r = c.Get("/admin/audit?target=" + id)
	for _, action := range []string{"organisation.create", "organisation.update", "organisation.member_add", "organisation.member_remove", "organisation.delete"} {
		apptest.MustContain(t, r, action)
	}
}

func TestAdminRolesAndAudit(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	c := adminClient(t, a)
	adminID := idFromDB(t, a, "accounts", "Ada Admin")
	id := a.MustAccount(t, "Owen Officer", "owen@example.org", pw)

	r := c.Get("/admin/accounts?q=OWEN")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Owen Officer")
	apptest.MustNotContain(t, r, "ada@example.org")
	apptest.MustContain(t, c.Get("/admin/accounts/"+id), "Owen Officer")
	apptest.MustStatus(t, c.Get("/admin/accounts/"+strings.ToUpper(id)), http.StatusNotFound)

	r = c.PostForm("/admin/accounts/"+id+"/roles", url.Values{"role": {"officer"}, "action": {"grant"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "The role has been granted.")
	if n := a.Count(t, `SELECT count(*) FROM account_roles WHERE account_id = $1 AND role = 'officer'`, id); n != 1 {
		t.Fatal("role not granted")
	}
	r = c.PostForm("/admin/accounts/"+id+"/roles", url.Values{"role": {"officer"}, "action": {"revoke"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	apptest.MustContain(t, c.Follow(r), "The role has been revoked.")

	for _, bad := range []url.Values{{"role": {"king"}, "action": {"grant"}}, {"role": {"officer"}, "action": {"toggle"}}} {
		r = c.PostForm("/admin/accounts/"+id+"/roles", bad)
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "Choose a role from the list")
	}
	r = c.PostForm("/admin/accounts/"+adminID+"/roles", url.Values{"role": {"admin"}, "action": {"revoke"}})
	apptest.MustStatus(t, r, http.StatusConflict)
	apptest.MustContain(t, r, "You cannot take the admin role from yourself")

	// The audit log, filtered.
	const grant, revoke = "<code>role.grant</code>", "<code>role.revoke</code>"
	r = c.Get("/admin/audit?action=role.grant")
	apptest.MustContain(t, r, grant, "officer: Owen Officer")
	apptest.MustNotContain(t, r, revoke)
	r = c.Get("/admin/audit?action=role.&actor=ada")
	apptest.MustContain(t, r, grant, revoke)
	r = c.Get("/admin/audit?actor=nobody")
	apptest.MustNotContain(t, r, grant)
	r = c.Get("/admin/audit?since=2000-01-01&target=" + id)
	apptest.MustContain(t, r, grant)
	r = c.Get("/admin/audit?since=2999-01-01")
	apptest.MustNotContain(t, r, grant)
	r = c.Get("/admin/audit?since=yesterday")
	apptest.MustStatus(t, r, http.StatusOK)
	apptest.MustContain(t, r, "Enter the date as year-month-day")

	// CSV, newest first.
	r = c.Get("/admin/audit.csv?action=role.")
	apptest.MustStatus(t, r, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][3] != "action" || rows[1][3] != "role.revoke" || rows[2][3] != "role.grant" || rows[2][2] != "Ada Admin" {
		t.Fatalf("CSV rows:\n%v", rows)
	}
	// A cell a spreadsheet would read as a formula is made plain text.
	c.PostForm("/admin/areas", url.Values{"name": {"=HYPERLINK(1)"}, "kind": {"ward"}})
	rows, err = csv.NewReader(strings.NewReader(c.Get("/admin/audit.csv?action=area.create").Body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][6] != "'=HYPERLINK(1)" {
		t.Errorf("CSV rows %v, %v", rows, err)
	}
	apptest.MustStatus(t, c.Get("/admin/audit.csv?since=bad"), http.StatusUnprocessableEntity)
}
