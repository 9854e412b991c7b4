package identity_test

import (
	"context"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/identity"
)

// TestReadViewsKeepTheirColumns: other capabilities read people, organisations and areas
// through identity's views (identity_people, identity_areas, identity_organisations,
// identity_members), never its tables. This holds the views' columns, so a change to
// identity's tables that would break a capability's query fails here, and keeps secrets out.
func TestReadViewsKeepTheirColumns(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		s := a.Identity
		officer := a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleOfficer, identity.RoleAdmin)
		person := a.MustAccount(t, "Rhys Resident", "Rhys@Example.org", pw)
		if err := s.SetLanguage(ctx, person, "cy"); err != nil {
			t.Fatal(err)
		}
		actor, err := s.User(ctx, officer)
		if err != nil {
			t.Fatal(err)
		}
		area, err := s.SaveArea(ctx, actor, "", identity.AreaInput{Name: "Northfield", Kind: "ward", PostcodeDistricts: "TB1 TB2"})
		if err != nil {
			t.Fatal(err)
		}
		org, err := s.SaveOrganisation(ctx, actor, "", identity.OrganisationInput{Name: "Northfield Village Hall",
			Sector: "vcf", Description: "A hall for the village.", Website: "https://hall.example.org", AreaID: area.ID})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, actor, org.ID, "rhys@example.org"); err != nil {
			t.Fatal(err)
		}

		var name, email, lang string
		var created time.Time
		if err := a.DB.QueryRow(ctx, `SELECT name, email, language, created_at FROM identity_people WHERE id = $1`, person).
			Scan(&name, &email, &lang, &created); err != nil {
			t.Fatal(err)
		}
		if name != "Rhys Resident" || email != "rhys@example.org" || lang != "cy" || created.IsZero() {
			t.Errorf("identity_people gave %q %q %q %v", name, email, lang, created)
		}
		var aname, kind, districts string
		if err := a.DB.QueryRow(ctx, `SELECT name, kind, postcode_districts FROM identity_areas WHERE id = $1`, area.ID).
			Scan(&aname, &kind, &districts); err != nil {
			t.Fatal(err)
		}
		if aname != "Northfield" || kind != "ward" || districts == "" {
			t.Errorf("identity_areas gave %q %q %q", aname, kind, districts)
		}
		var oname, sector, desc, site string
		var oarea *string
		if err := a.DB.QueryRow(ctx, `SELECT name, sector, description, website, area_id FROM identity_organisations WHERE id = $1`, org.ID).
			Scan(&oname, &sector, &desc, &site, &oarea); err != nil {
			t.Fatal(err)
		}
		if oname != "Northfield Village Hall" || sector != "vcf" || desc == "" || site == "" || oarea == nil || *oarea != area.ID {
			t.Errorf("identity_organisations gave %q %q %q %q %v", oname, sector, desc, site, oarea)
		}
		if n := a.Count(t, `SELECT count(*) FROM identity_members WHERE organisation_id = $1 AND account_id = $2`, org.ID, person); n != 1 {
			t.Errorf("identity_members has the member %d times", n)
		}
		// Nothing secret is offered.
		for _, q := range []string{`SELECT password_hash FROM identity_people`, `SELECT email_confirmed_at FROM identity_people`,
			`SELECT boundary FROM identity_areas`} {
			if rows, err := a.DB.Query(ctx, q); err == nil {
				rows.Close()
				t.Errorf("%s: the view offers it", q)
			}
		}
	})
}
