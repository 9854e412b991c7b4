package coproduction_test

import (
	"net/http"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/coproduction"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

func demoActor(t *testing.T, a *apptest.App, email string, roles ...string) *actor.Actor {
	t.Helper()
	acc, err := a.Identity.AccountByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return &actor.Actor{ID: acc.ID, Name: acc.Name, Roles: roles}
}

// The co-production template proposes an unpublished project led by the person, with the stages
// and the suitability questions laid out; a closed project is drafted into a case study with its
// outcomes against their targets and its learning log, without anyone's name.
func TestProjectsStartFromTheMethodAndDraftCases(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		svc := app.Service[*coproduction.Service](a.Server)
		member := demoActor(t, a, "member@aberhaven.example", identity.RoleMember)
		url, err := svc.StartFromTemplate(t.Context(), member, "coproduction/project", map[string]string{hub.ParamTitle: "Prosiect y parc", hub.ParamLang: "cy"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(url, "/projects/") || !strings.HasSuffix(url, "/edit") {
			t.Fatalf("url %q", url)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(url, "/projects/"), "/edit")
		v, err := svc.Project(t.Context(), member, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Published || v.Stage != "proposed" || v.LeadID != member.ID || v.Title.Cy() != "Prosiect y parc" || !strings.Contains(v.Problem.Cy(), "gwiriad addasrwydd") {
			t.Fatalf("draft project: %+v", v.Project)
		}
		apptest.MustStatus(t, a.Client(t).Get("/projects/"+id), http.StatusNotFound)
		if _, err := svc.StartFromTemplate(t.Context(), nil, "coproduction/project", map[string]string{hub.ParamTitle: "x"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a stranger started a project: %v", err)
		}

		officer := demoActor(t, a, "officer@aberhaven.example", identity.RoleOfficer)
		refs, err := svc.CaseSources(t.Context(), officer, "en")
		if err != nil {
			t.Fatal(err)
		}
		var ref string
		for _, r := range refs {
			if r.Title == "Food bank referral pathway" {
				ref = r.Ref
			}
			if r.Title == "Library opening hours" {
				t.Fatal("an open project offered as finished")
			}
		}
		if ref == "" {
			t.Fatalf("the closed project is not offered: %+v", refs)
		}
		if others, _ := svc.CaseSources(t.Context(), member, "en"); len(others) != 0 {
			t.Fatalf("offered to someone who does not manage them: %+v", others)
		}
		if _, err := svc.DraftCase(t.Context(), member, ref); err == nil {
			t.Fatal("a member drafted a case from a project they do not manage")
		}
		d, err := svc.DraftCase(t.Context(), officer, ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Outcomes) != 1 || d.Outcomes[0].Value != 1.2 || d.Outcomes[0].Target != 1 || d.Outcomes[0].Unit != "contacts" {
			t.Fatalf("outcomes: %+v", d.Outcomes)
		}
		if len(d.Learning) != 3 || !strings.Contains(d.Learning[0], "journey map") {
			t.Fatalf("learning: %+v", d.Learning)
		}
		if d.Participants != 3 || len(d.Organisations) < 2 || d.EndedOn == "" || d.Methods[0] != "co-production" {
			t.Fatalf("draft: %+v", d)
		}
		all := d.Story + d.Summary + strings.Join(d.Learning, " ")
		for _, name := range []string{"Food bank users' group", "Advice team"} {
			if strings.Contains(all, name) {
				t.Fatalf("the draft names %q", name)
			}
		}
	})
}
