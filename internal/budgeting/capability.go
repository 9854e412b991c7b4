package budgeting

import (
	"commons/internal/platform/actor"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"commons/internal/budgeting/pabulib"
	"commons/internal/budgeting/tallycmd"
	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/web"
)

// Capability is the budgeting capability as the composition root sees it: its tables, messages,
// templates, navigation, routes with who may reach each, OpenAPI paths and demo (see package
// capability).
func Capability() capability.Capability {
	return capability.Capability{
		Name: "budgeting", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:      []web.NavLink{{Key: "budgeting.nav", Href: "/budgets"}},
		Commands: []capability.Command{tallyCommand, demoCommand},
		Build:    build,
	}
}

// build wires the capability over the ready platform.
func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return -1
	}, env.Config.PlaceName)
	// Until the council sets its registered prefix and org-id, placeholders that say what they are.
	prefix, funder := env.Config.GivingPrefix, env.Config.OrgID
	if prefix == "" {
		prefix = "360G-commons-" + slug
	}
	if funder == "" {
		funder = "XI-COMMONS-" + strings.ToUpper(slug)
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, T: env.T, BaseURL: env.Config.BaseURL,
		GrantPrefix: prefix, FunderID: funder, FunderName: env.Config.PlaceName, People: id})

	return &capability.Parts{
		Routes:   routes(env, id, svc),
		OpenAPI:  openAPI,
		Demo:     svc.LoadDemo,
		Services: []any{svc},
		Account:  accountHooks(svc, id),
	}, nil
}

// routes is the capability's part of the route table.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, Areas: func(ctx context.Context) ([]identity.Area, error) {
		return id.Areas(ctx, 1000, 0)
	}, TileURL: env.Config.MapTileURL, MapCentre: env.Config.MapCentre}
	api := &API{Kit: env.Kit, Svc: svc}
	var t capability.Table
	t.Public("GET /budgets", h.List)
	t.Public("GET /budgets/ballot.js", ballotScript.Serve)
	t.Public("GET /budgets/budgeting.css", styleSheet.Serve)
	t.Public("GET /budgets/idea-map.js", mapScript.Serve)
	t.Public("GET /budgets/{id}", h.Show)
	t.Public("GET /budgets/{id}/ideas/{idea}", h.ShowIdea)
	t.Public("GET /budgets/{id}/vote", h.Ballot)
	t.Public("POST /budgets/{id}/vote", h.Vote) // voters with a one-time code have no account
	t.Public("GET /budgets/{id}/receipts/{receipt}", h.Receipt)
	t.Public("GET /budgets/{id}/results", h.Results)
	t.Public("GET /budgets/{id}/photos/{photo}", h.ServePhoto)
	t.Public("GET /budgets/{id}/results.csv", h.ResultsCSV)
	t.Public("GET /budgets/{id}/ballots.pb", h.BallotsPB)
	t.Public("GET /budgets/{id}/grants.json", h.GrantsJSON)
	t.Public("GET /budgets/{id}/ideas.geojson", h.IdeasGeoJSON)

	t.SignedIn("GET /budgets/mine", h.Mine)
	t.SignedIn("GET /budgets/{id}/ideas/new", h.NewIdea)
	t.SignedIn("POST /budgets/{id}/ideas", h.CreateIdea).Body(MaxPhoto + web.MaxBody)
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/support", h.Support)
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/comments", h.Comment)
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/name", h.ShowName)
	// A reload of a form's address after an error shows the idea rather than "Page not found".
	for _, form := range []string{"review", "comments", "support", "milestones", "updates", "hide", "name", "delivered"} {
		t.Public("GET /budgets/{id}/ideas/{idea}/"+form, h.BackToIdea)
	}

	t.Moderator("POST /budgets/{id}/ideas/{idea}/hide", h.Hide)

	t.Officer("GET /budgets/new", h.New)
	t.Officer("POST /budgets", h.Save)
	t.Officer("GET /budgets/{id}/edit", h.Edit)
	t.Officer("POST /budgets/{id}/publish-draft", h.PublishProcess)
	t.Officer("POST /budgets/{id}", h.Save)
	t.SignedIn("POST /budgets/{id}/ideas/{idea}/review", h.Review) // officers and the process's review panel
	t.Officer("POST /budgets/{id}/reviewers", h.AddReviewer)
	t.Officer("GET /budgets/{id}/codes", h.Codes)
	t.Officer("POST /budgets/{id}/codes", h.MakeCodes)
	t.Officer("GET /budgets/{id}/paper", h.PaperForm)
	t.Officer("POST /budgets/{id}/paper", h.Paper)
	t.Officer("POST /budgets/{id}/paper/{ballot}/withdraw", h.WithdrawPaper)
	t.Officer("GET /budgets/{id}/assist", h.AssistForm)
	t.Officer("POST /budgets/{id}/assist", h.Assist)
	t.Officer("GET /budgets/{id}/codes/print", h.PrintCodes)
	t.Officer("POST /budgets/{id}/count", h.Count)
	t.Officer("POST /budgets/{id}/reopen", h.Reopen)
	t.Officer("POST /budgets/{id}/publish", h.Publish)
	t.Officer("POST /budgets/{id}/ideas/{idea}/milestones", h.Milestone)
	t.Officer("POST /budgets/{id}/ideas/{idea}/updates", h.PostUpdate)
	t.Officer("POST /budgets/{id}/ideas/{idea}/delivered", h.Delivered)

	t.Public("GET /api/v1/budgets", api.Processes)
	t.Public("GET /api/v1/budgets/{id}", api.Process)
	t.Public("GET /api/v1/budgets/{id}/projects", api.Projects)
	t.Public("GET /api/v1/budgets/{id}/ideas", api.Ideas)
	t.Public("GET /api/v1/budgets/{id}/ideas/{idea}/delivery", api.Delivery)
	t.Public("GET /api/v1/budgets/{id}/results", api.Results)
	t.Public("GET /api/v1/budgets/{id}/turnout", api.Turnout)
	// Writes: the web kit requires a token's write scope; officers' writes also its admin scope.
	t.SignedIn("POST /api/v1/budgets/{id}/ideas", api.SubmitIdea)
	t.SignedIn("POST /api/v1/budgets/{id}/ideas/{idea}/review", api.Review) // officers and the process's review panel
	t.SignedIn("POST /api/v1/budgets/{id}/ballots", api.CastBallot)         // the code is the voter; the token only lets it in
	t.Officer("POST /api/v1/budgets/{id}/ideas/{idea}/milestones", api.SaveMilestone)
	t.Officer("POST /api/v1/budgets/{id}/ideas/{idea}/updates", api.PostUpdate)
	t.Officer("POST /api/v1/budgets/{id}/ideas/{idea}/delivered", api.Delivered)
	return t.Routes
}

// tallyCommand is commons tally: the count of a Pabulib file, without a database.
var tallyCommand = capability.Command{
	Name: "tally", Args: "[flags]", Summary: "count a participatory budgeting election (.pb file)", Offline: true,
	Run: func(_ context.Context, _ *capability.Env, args []string, stdout, stderr io.Writer) error {
		switch code := tallycmd.Run(args, stdout, stderr); code {
		case 0:
			return nil
		case 2:
			return capability.ErrUsage
		default:
			return capability.ExitStatus(code)
		}
	},
}

// demoCommand is commons demo --election FILE.pb: a real Pabulib election loaded as a finished,
// counted and published participatory budget (see Service.LoadElection).
var demoCommand = capability.Command{
	Name: "demo", Args: "--election FILE.pb [--officer EMAIL]", Summary: "load a real Pabulib election as a finished, counted participatory budget",
	Run: func(ctx context.Context, env *capability.Env, args []string, stdout, stderr io.Writer) error {
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		fs.SetOutput(stderr)
		file := fs.String("election", "", "a Pabulib `file` (.pb) to load as a finished participatory budget")
		officer := fs.String("officer", identity.DemoAccounts[1].Email, "the `email` of the officer account that runs it (the demo borough's officer by default)")
		if err := fs.Parse(args); err != nil || *file == "" || fs.NArg() > 0 {
			if err == nil {
				fmt.Fprintln(stderr, "usage: commons demo --election FILE.pb [--officer EMAIL]")
			}
			return capability.ErrUsage
		}
		id, err := capability.Need[*identity.Service](env)
		if err != nil {
			return err
		}
		a, err := id.AccountByEmail(ctx, *officer)
		if err == nil {
			a, err = id.Account(ctx, a.ID) // with its roles
		}
		if err != nil {
			return fmt.Errorf("no account %s: load the demo borough first (commons serve --demo) or name an officer with --officer", *officer)
		}
		actor := &actor.Actor{ID: a.ID, Name: a.Name, Email: a.Email, Roles: a.Roles}
		if !isOfficer(actor) {
			return fmt.Errorf("%s is not a council officer", *officer)
		}
		f, err := os.Open(*file)
		if err != nil {
			return err
		}
		defer f.Close()
		e, err := pabulib.Read(f)
		if err != nil {
			return fmt.Errorf("%s: %w", *file, err)
		}
		// No mail: the projects' "authors" are the officer who loaded them.
		svc := NewService(Deps{DB: env.DB, T: env.T, BaseURL: env.Config.BaseURL, FunderName: env.Config.PlaceName})
		p, loaded, err := svc.LoadElection(ctx, actor, e, strings.TrimSuffix(filepath.Base(*file), ".pb"))
		if err != nil {
			return err
		}
		if !loaded {
			fmt.Fprintf(stdout, "%s was loaded before: %s/budgets/%s/results\n", p.Title, env.Config.BaseURL, p.ID)
			return nil
		}
		fmt.Fprintf(stdout, "loaded %s with %d ballots, counted and published: %s/budgets/%s/results\n", p.Title, len(e.Votes), env.Config.BaseURL, p.ID)
		return nil
	},
}
