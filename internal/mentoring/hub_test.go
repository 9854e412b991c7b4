package mentoring_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/mentoring"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// A closed relationship is offered to the knowledge hub as a case study only once both
// organisations agreed, and the draft holds only what they agreed to: check-in notes stay out.
func TestAClosedRelationshipIsACaseOnlyWithBothOrganisationsAgreement(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		svc := app.Service[*mentoring.Service](a.Server)
		acc, err := a.Identity.AccountByEmail(t.Context(), "admin@aberhaven.example")
		if err != nil {
			t.Fatal(err)
		}
		admin := &actor.Actor{ID: acc.ID, Roles: []string{identity.RoleAdmin}}
		closed, err := svc.AllRelationships(t.Context(), admin, "closed")
		if err != nil || len(closed) == 0 {
			t.Fatalf("the demo's closed relationship: %v %v", closed, err)
		}
		r := closed[0]
		refs, _ := svc.CaseSources(t.Context(), admin, "en")
		if len(refs) != 0 {
			t.Fatalf("offered without agreement: %+v", refs)
		}
		// Through the page, a coordinator records the mentor's agreement on its behalf.
		c := a.Client(t)
		c.SignIn("admin@aberhaven.example", "commons-demo")
		page := "/mentoring/relationships/" + r.ID
		apptest.MustContain(t, c.Get(page), "A case study of this mentoring", "not agreed")
		apptest.MustStatus(t, c.PostForm(page+"/case-consent", url.Values{"org": {r.MentorOrgID}, "agree": {"yes"}}), http.StatusSeeOther)
		if refs, _ := svc.CaseSources(t.Context(), admin, "en"); len(refs) != 0 {
			t.Fatalf("offered with one side's agreement: %+v", refs)
		}
		if err := svc.AgreeCaseStudy(t.Context(), admin, r.ID, r.MenteeOrgID, true); err != nil {
			t.Fatal(err)
		}
		refs, err = svc.CaseSources(t.Context(), admin, "en")
		if err != nil || len(refs) != 1 || !strings.Contains(refs[0].Title, r.MentorOrg) {
			t.Fatalf("offered: %+v %v", refs, err)
		}
		resident := &actor.Actor{ID: "someone", Roles: []string{identity.RoleResident}}
		if others, _ := svc.CaseSources(t.Context(), resident, "en"); len(others) != 0 {
			t.Fatalf("offered to a resident: %+v", others)
		}
		if _, err := svc.DraftCase(t.Context(), resident, refs[0].Ref); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a resident drafted it: %v", err)
		}
		d, err := svc.DraftCase(t.Context(), admin, refs[0].Ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Organisations) != 2 || !strings.Contains(d.Story, r.Helped) {
			t.Fatalf("draft: %+v", d)
		}
		for _, ch := range r.Checkins {
			if ch.Note != "" && strings.Contains(d.Story+d.Summary+strings.Join(d.Learning, " "), ch.Note) {
				t.Fatalf("a check-in note went into the draft: %q", ch.Note)
			}
		}
		// Taking the agreement back takes it off the list.
		if err := svc.AgreeCaseStudy(t.Context(), admin, r.ID, r.MenteeOrgID, false); err != nil {
			t.Fatal(err)
		}
		if refs, _ := svc.CaseSources(t.Context(), admin, "en"); len(refs) != 0 {
			t.Fatalf("still offered after the agreement was taken back: %+v", refs)
		}
	})
}
