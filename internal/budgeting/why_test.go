package budgeting_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/budgeting"
	"commons/internal/identity"
	"commons/internal/platform/actor"
)

// whyProcess makes a process counted by rule ("greedy" or "mes") with projects costing the
// given pounds and paper ballots naming projects by their index, counts it, and returns the
// process id, the ideas and the results.
func whyProcess(t *testing.T, a *apptest.App, rule string, costs []string, ballots [][]int) (string, []budgeting.Idea, budgeting.Results) {
	t.Helper()
	ctx := context.Background()
	svc := app.Service[*budgeting.Service](a.Server)
	id := a.MustAccount(t, "Olwen Officer", fmt.Sprintf("officer-%s@example.org", rule), pw, identity.RoleOfficer)
	officer := &actor.Actor{ID: id, Name: "Olwen Officer", Roles: []string{identity.RoleResident, identity.RoleOfficer}}
	in := budgeting.ProcessInput{Title: "Greener streets " + rule, Description: "Spend it on the streets.", Total: "£10,000",
		Phase: "ideas", IdeasFrom: day(-60), ReviewFrom: day(-30), VotingFrom: day(-10), VotingUntil: day(20), ResultsFrom: day(30),
		Format: budgeting.FormatBudget, MinChoices: "1", MaxChoices: "3", Points: "10", Rule: rule, MinAge: "16", VoterAccess: "either"}
	p, err := svc.SaveProcess(ctx, officer, "", in)
	if err != nil {
		t.Fatal(err)
	}
	var ideas []budgeting.Idea
	for n, c := range costs {
		i, err := svc.SubmitIdea(ctx, officer, p.ID, budgeting.IdeaInput{Title: fmt.Sprintf("Project %c", 'A'+n), Description: "Trees", Estimate: c})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Review(ctx, officer, i.ID, budgeting.ReviewInput{Decision: "accepted", Feasibility: "Can be done", Cost: c}); err != nil {
			t.Fatal(err)
		}
		ideas = append(ideas, i)
	}
	in.Phase = "voting"
	if _, err := svc.SaveProcess(ctx, officer, p.ID, in); err != nil {
		t.Fatal(err)
	}
	for n, b := range ballots {
		var cs []budgeting.Choice
		for _, k := range b {
			cs = append(cs, budgeting.Choice{IdeaID: ideas[k].ID, Points: 1})
		}
		if _, err := svc.Vote(ctx, budgeting.Voter{Account: officer, PaperRef: fmt.Sprintf("P-%d", n+1), NoMail: true}, p.ID, budgeting.BallotInput{Choices: cs}); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.Count(ctx, officer, p.ID, budgeting.CountInput{Confirm: true, CloseEarly: true}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Publish(ctx, officer, p.ID, true); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Results(ctx, nil, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range res.Projects {
		if pr.Why == nil || !pr.Why.Known() {
			t.Fatalf("%s: no reason in parts: %+v", pr.Title, pr.Why)
		}
	}
	return p.ID, ideas, res
}

// A Welsh reader reads each project's reason in Welsh on the results page, the idea page and in
// results.csv; an English reader reads the English the count gave; 360Giving stays in English;
// a result counted before reasons were kept in parts shows its English sentence.
func TestReasonsInTheReadersLanguage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		en, cy := a.Client(t), a.Client(t)
		apptest.MustStatus(t, cy.Get("/?lang=cy"), 303)

		// Greedy: B (£5,000) has 3 votes, C (£3,000) 1, A (£6,000) none; B and C are funded.
		greedy, ideas, res := whyProcess(t, a, "greedy", []string{"6000", "5000", "3000"}, [][]int{{1}, {1, 2}, {1}})
		// MES with a pound added to every share until the budget is used: two voters share
		// B, one buys C alone, nobody supports A.
		mes, _, mesRes := whyProcess(t, a, "mes", []string{"6000", "5000", "3000"}, [][]int{{1}, {1}, {2}})

		for _, c := range []struct {
			id    string
			res   budgeting.Results
			welsh []string
		}{
			{greedy, res, []string{
				"Ariannwyd: yn safle 1 gyda 3 pleidlais; roedd £10,000 ar ôl pan ddaeth ei dro ac mae'n costio £5,000.",
				"Ariannwyd: yn safle 2 gyda 1 bleidlais; roedd £5,000 ar ôl pan ddaeth ei dro ac mae'n costio £3,000.",
				"Heb ei ariannu: roedd £2,000 ar ôl pan ddaeth ei dro (yn safle 3 gyda 0 pleidlais) ac mae'n costio £6,000.",
			}},
			{mes, mesRes, []string{
				"Ariannwyd yn rownd 1: talodd cyfrannau cyfartal ei 2 gefnogwr am ei gost o £5,000",
				"Ariannwyd yn rownd 2: talodd cyfran gyfartal ei unig gefnogwr am ei gost o £3,000",
				"Heb ei ariannu: nid oes unrhyw bleidlais yn ei gefnogi",
			}},
		} {
			page := en.Get("/budgets/" + c.id + "/results")
			for _, pr := range c.res.Projects {
				// The English catalogue words the parts as the count wrote its sentence.
				apptest.MustContain(t, page, "<p class=\"govuk-body\">"+pr.Reason+"</p>")
			}
			apptest.MustNotContain(t, page, "Ariannwyd", "Heb ei ariannu")
			page = cy.Get("/budgets/" + c.id + "/results")
			apptest.MustContain(t, page, c.welsh...)
			for _, pr := range c.res.Projects {
				apptest.MustNotContain(t, page, pr.Reason)
			}
		}
		for _, pr := range mesRes.Projects {
			if pr.Title == "Project B" && !strings.HasPrefix(pr.Reason, "Funded in round 1: its 2 supporters' equal shares covered its £5,000 cost (each paid £") {
				t.Errorf("MES reason of B: %q", pr.Reason)
			}
		}

		// The idea page and the CSV in Welsh.
		apptest.MustContain(t, cy.Get("/budgets/"+greedy+"/ideas/"+ideas[0].ID),
			"Heb ei ariannu: roedd £2,000 ar ôl pan ddaeth ei dro (yn safle 3 gyda 0 pleidlais) ac mae'n costio £6,000.")
		apptest.MustContain(t, en.Get("/budgets/"+greedy+"/ideas/"+ideas[0].ID),
			"Not funded: £2,000 was left when its turn came (ranked 3rd with 0 votes) and it costs £6,000.")
		apptest.MustContain(t, cy.Get("/budgets/"+greedy+"/results.csv"),
			`"Ariannwyd: yn safle 2 gyda 1 bleidlais; roedd £5,000 ar ôl pan ddaeth ei dro ac mae'n costio £3,000."`)
		apptest.MustContain(t, en.Get("/budgets/"+greedy+"/results.csv"),
			`"Funded: ranked 2nd with 1 vote; £5,000 was left when its turn came and it costs £3,000."`)

		// 360Giving is in English whatever the reader's language.
		apptest.MustContain(t, cy.Get("/budgets/"+greedy+"/grants.json"),
			"Participatory budgeting project funded by residents' votes: Funded: ranked 1st with 3 votes; £10,000 was left when its turn came and it costs £5,000.")

		// The API gives the reason in parts beside the English.
		apptest.MustContain(t, cy.Get("/api/v1/budgets/"+greedy+"/results"), `"code": "greedy_funded"`, `"rank": 2`, "Funded: ranked 2nd with 1 vote")

		// A result counted before the parts were kept shows the English it has.
		var doc string
		if err := a.DB.QueryRow(context.Background(), `SELECT result FROM budget_counts WHERE process_id = $1`, greedy).Scan(&doc); err != nil {
			t.Fatal(err)
		}
		var parsed map[string]any
		if err := json.Unmarshal([]byte(doc), &parsed); err != nil {
			t.Fatal(err)
		}
		for _, pr := range parsed["projects"].([]any) {
			if m := pr.(map[string]any); m["project_id"] == ideas[0].ID {
				delete(m, "why")
			}
		}
		edited, _ := json.Marshal(parsed)
		if _, err := a.DB.Exec(context.Background(), `UPDATE budget_counts SET result = $1 WHERE process_id = $2`, string(edited), greedy); err != nil {
			t.Fatal(err)
		}
		apptest.MustContain(t, cy.Get("/budgets/"+greedy+"/results"),
			"Not funded: £2,000 was left when its turn came (ranked 3rd with 0 votes) and it costs £6,000.",
			"Ariannwyd: yn safle 1 gyda 3 pleidlais")
	})
}
