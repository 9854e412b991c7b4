package budgeting_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/budgeting"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

func hubActor(t *testing.T, a *apptest.App, email string, roles ...string) *actor.Actor {
	t.Helper()
	acc, err := a.Identity.AccountByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return &actor.Actor{ID: acc.ID, Name: acc.Name, Roles: roles}
}

// The PB method's template creates a budget with its phases laid out from the day asked for
// (officers only); a delivered project is drafted into a case study with its votes, its cost
// against the estimate and its delivery, without naming who proposed it.
func TestPBStartsFromTheMethodAndDeliveredProjectsDraftCases(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		svc := app.Service[*budgeting.Service](a.Server)
		officer := hubActor(t, a, "officer@aberhaven.example", identity.RoleOfficer)
		resident := hubActor(t, a, "resident@aberhaven.example", identity.RoleResident)
		day := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
		params := map[string]string{hub.ParamTitle: "Nant decides", hub.ParamDate: day, hub.ParamAmount: "25000", hub.ParamLang: "en"}
		url, err := svc.StartFromTemplate(t.Context(), officer, "budgeting/pb-process", params)
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Process(t.Context(), strings.TrimSuffix(strings.TrimPrefix(url, "/budgets/"), "/edit"))
		if err != nil {
			t.Fatal(err)
		}
		if !p.Draft || p.Title != "Nant decides" || p.TotalPence != 2_500_000 || p.Phase != "ideas" || p.IdeasFrom != day || p.VotingFrom <= p.ReviewFrom || p.ResultsFrom <= p.VotingUntil ||
			!strings.Contains(p.Description, "£25,000") {
			t.Fatalf("process: %+v", p)
		}
		// A draft: only officers see it, and nobody can put an idea to it, until one publishes it.
		page := "/budgets/" + p.ID
		anon, res, off := a.Client(t), a.Client(t), a.Client(t)
		res.SignIn("resident@aberhaven.example", "commons-demo")
		off.SignIn("officer@aberhaven.example", "commons-demo")
		for name, c := range map[string]*apptest.Client{"a stranger": anon, "a resident": res} {
			paths := []string{page, "/api/v1/budgets/" + p.ID}
			if c == res {
				paths = append(paths, page+"/ideas/new") // a stranger is asked to sign in first
			}
			for _, path := range paths {
				if r := c.Get(path); r.Status != http.StatusNotFound {
					t.Errorf("%s gets %s: %d, want 404", name, path, r.Status)
				}
			}
			apptest.MustNotContain(t, c.Get("/budgets"), "Nant decides")
			apptest.MustNotContain(t, c.Get("/api/v1/budgets"), "Nant decides")
		}
		if _, err := svc.SubmitIdea(t.Context(), resident, p.ID, budgeting.IdeaInput{Title: "A bench"}); !errs.Is(err, errs.NotFound) {
			t.Errorf("an idea for a draft: %v", err)
		}
		apptest.MustContain(t, off.Get("/budgets"), "Draft budgets", "Nant decides")
		apptest.MustContain(t, off.Get(page), "This budget is a draft")
		res.Get("/budgets")
		apptest.MustStatus(t, res.PostForm(page+"/publish-draft", nil), http.StatusForbidden)
		apptest.MustStatus(t, off.PostForm(page+"/publish-draft", nil), http.StatusSeeOther)
		apptest.MustContain(t, anon.Get("/budgets"), "Nant decides")
		apptest.MustStatus(t, anon.Get(page), http.StatusOK)

		if _, err := svc.StartFromTemplate(t.Context(), resident, "budgeting/pb-process", params); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a resident started a budget: %v", err)
		}
		params[hub.ParamAmount] = "0"
		if _, err := svc.StartFromTemplate(t.Context(), officer, "budgeting/pb-process", params); errs.As(err).Fields["amount"] == "" {
			t.Fatalf("no budget: %v", err)
		}

		if refs, _ := svc.CaseSources(t.Context(), resident, "en"); len(refs) != 0 {
			t.Fatalf("offered to a resident: %+v", refs)
		}
		refs, err := svc.CaseSources(t.Context(), officer, "en")
		if err != nil || len(refs) != 1 {
			t.Fatalf("the demo's delivered project: %+v %v", refs, err)
		}
		if _, err := svc.DraftCase(t.Context(), resident, refs[0].Ref); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a resident drafted a case: %v", err)
		}
		d, err := svc.DraftCase(t.Context(), officer, refs[0].Ref)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title == "" || len(d.Outcomes) == 0 || d.Outcomes[0].Value <= 0 || d.Participants < 40 || len(d.Learning) < 2 ||
			!strings.Contains(d.Story, "Finished and opened") || d.Methods[0] != "participatory-budgeting" || d.EndedOn == "" {
			t.Fatalf("draft: %+v", d)
		}
	})
}
