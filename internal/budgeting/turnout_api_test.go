package budgeting_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/budgeting"
	"commons/internal/identity"
)

// GET /api/v1/budgets/{id}/turnout gives the ballots so far, from the live counters, to anyone
// who may see the process, and by area and channel to officers only, as the process page does.
func TestTurnoutAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		if err := a.LoadDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		var id string
		if err := a.DB.QueryRow(t.Context(), `SELECT id FROM budget_processes WHERE phase = 'voting' ORDER BY created_at LIMIT 1`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		// Ballots on paper and online, as an officer would import them from another system.
		r := a.Client(t).Get("/api/v1/budgets/" + id + "/projects")
		apptest.MustStatus(t, r, http.StatusOK)
		var projects struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(r.Body), &projects); err != nil || len(projects.Items) == 0 {
			t.Fatalf("projects: %v %s", err, r.Body)
		}
		svc := app.Service[*budgeting.Service](a.Server)
		officer := hubActor(t, a, "officer@aberhaven.example", identity.RoleOfficer)
		var bs []budgeting.ImportedBallot
		for i := range 7 {
			bs = append(bs, budgeting.ImportedBallot{Channel: []string{"online", "paper"}[i%2],
				Choices: []budgeting.Choice{{IdeaID: projects.Items[i%len(projects.Items)].ID, Points: 1}}})
		}
		if err := svc.ImportBallots(t.Context(), officer, id, bs); err != nil {
			t.Fatal(err)
		}
		ballots := a.Count(t, `SELECT count(*) FROM budget_ballots WHERE process_id = $1`, id)
		if ballots < 7 {
			t.Fatalf("%d ballots after importing 7", ballots)
		}
		type turnout struct {
			ProcessID string `json:"process_id"`
			Phase     string `json:"phase"`
			Ballots   int    `json:"ballots"`
			ByArea    []struct {
				AreaName string `json:"area_name"`
				Channel  string `json:"channel"`
				Ballots  int    `json:"ballots"`
			} `json:"by_area_and_channel"`
		}
		read := func(c *apptest.Client) turnout {
			t.Helper()
			r := c.Get("/api/v1/budgets/" + id + "/turnout")
			apptest.MustStatus(t, r, http.StatusOK)
			var got turnout
			if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
				t.Fatal(err)
			}
			return got
		}
		anon := read(a.Client(t))
		if anon.ProcessID != id || anon.Phase != "voting" || anon.Ballots != ballots || anon.ByArea != nil {
			t.Errorf("a stranger read %+v, want %d ballots and no breakdown", anon, ballots)
		}
		off := a.Client(t)
		off.SignIn("officer@aberhaven.example", "commons-demo")
		got := read(off)
		sum := 0
		for _, row := range got.ByArea {
			sum += row.Ballots
		}
		if got.Ballots != ballots || len(got.ByArea) == 0 || sum != ballots {
			t.Errorf("an officer read %+v, want %d ballots by area and channel", got, ballots)
		}
		r = a.Client(t).Get("/api/v1/budgets/00000000-0000-4000-8000-000000000000/turnout")
		apptest.MustStatus(t, r, http.StatusNotFound)
	})
}
