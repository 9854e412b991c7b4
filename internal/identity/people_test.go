package identity_test

import (
	"context"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Other capabilities read people and their organisations through People, Person and
// Affiliations: by id, many at once, unknown ids left out, and the former member shown without a
// name.
func TestPeopleAndAffiliations(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		adminID := a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin)
		admin := &actor.Actor{ID: adminID, Name: "Ada", Roles: []string{identity.RoleAdmin}}
		rhys := a.MustAccount(t, "Rhys Resident", "rhys@example.org", pw)
		unknown := ids.New()

		ps, err := a.Identity.People(ctx, []string{rhys, adminID, rhys, unknown, "", identity.FormerMember})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 3 || ps[rhys].Name != "Rhys Resident" || ps[rhys].Email != "rhys@example.org" || ps[rhys].Language == "" ||
			ps[rhys].CreatedAt.IsZero() || ps[adminID].Shown() != "Ada" {
			t.Fatalf("people: %+v", ps)
		}
		if _, ok := ps[unknown]; ok {
			t.Error("an unknown id was found")
		}
		if f, ok := ps[identity.FormerMember]; !ok || f.Shown() != "" {
			t.Errorf("the former member is shown as %q (found %v)", f.Shown(), ok)
		}
		if p, err := a.Identity.Person(ctx, rhys); err != nil || p.ID != rhys {
			t.Errorf("Person: %+v %v", p, err)
		}
		if _, err := a.Identity.Person(ctx, unknown); !errs.Is(err, errs.NotFound) {
			t.Errorf("an unknown person: %v, want not found", err)
		}
		if ps, err := a.Identity.People(ctx, nil); err != nil || len(ps) != 0 {
			t.Errorf("nobody: %v %v", ps, err)
		}

		// More ids than one IN list carries.
		many := []string{rhys}
		for i := 0; i < 1200; i++ {
			many = append(many, ids.New())
		}
		many = append(many, adminID)
		if ps, err := a.Identity.People(ctx, many); err != nil || len(ps) != 2 {
			t.Errorf("many ids: %d found, %v", len(ps), err)
		}

		// Affiliations: the first organisation by name; none for someone in no organisation.
		for _, name := range []string{"Zeta Club", "Alpha Trust"} {
			org, err := a.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: name, Sector: map[bool]string{true: "vcf", false: "resident"}[name == "Alpha Trust"]})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Identity.AddMember(ctx, admin, org.ID, "rhys@example.org"); err != nil {
				t.Fatal(err)
			}
		}
		af, err := a.Identity.Affiliations(ctx, []string{rhys, adminID, unknown})
		if err != nil {
			t.Fatal(err)
		}
		if len(af) != 1 || af[rhys].Name != "Alpha Trust" || af[rhys].Sector != "vcf" || af[rhys].OrganisationID == "" {
			t.Errorf("affiliations: %+v", af)
		}
	})
}
