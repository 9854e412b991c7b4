package knowledge

import (
	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/search"
	"commons/internal/platform/web"
)

// Capability is the knowledge hub as the composition root sees it.
func Capability() capability.Capability {
	return capability.Capability{
		Name: "knowledge", Migrations: []db.Migrations{Migrations, search.Migrations}, Messages: Messages, Templates: Templates,
		Nav:   []web.NavLink{{Key: "knowledge.nav", Href: "/methods"}, {Key: "search.nav", Href: "/search"}},
		Build: build,
	}
}

func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, Identity: id, T: env.T, BaseURL: env.Config.BaseURL, Log: env.Log,
		Licence: env.Config.KnowledgeLicence})
	sx := newSearch(env.DB, env.Log)
	svc.searchChanged = sx.SearchChanged
	rs := append(routes(env, svc), searchRoutes(env, svc, sx)...)
	return &capability.Parts{
		Routes:   rs,
		Jobs:     []capability.Job{sx.job()},
		OpenAPI:  func(paths, schemas openapi.Obj) { openAPI(paths, schemas); searchOpenAPI(paths, schemas) },
		Account:  svc.accountHooks(),
		Demo:     svc.LoadDemo,
		Services: []any{svc, sx},
		// Every capability that offers templates or case drafts is found once all are built.
		Connect: func(env *capability.Env) error {
			svc.Starters = capability.All[Starter](env)
			svc.Sources = capability.All[CaseSource](env)
			sx.Sources = capability.All[search.Source](env)
			sx.Audiences = capability.All[search.Audiences](env)
			return capability.Connect(&svc.Events)(env)
		},
	}, nil
}

func routes(env *capability.Env, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc}
	var t capability.Table
	t.Public("GET /methods", h.List)
	t.Public("GET /methods/finder", h.Finder)
	t.Officer("GET /methods/new", h.New)
	t.Officer("POST /methods", h.Create)
	t.Officer("GET /methods/editing", h.EditorQueue)
	t.Public("GET /methods/{id}", h.Show)
	t.Officer("GET /methods/{id}/edit", h.Edit)
	t.Officer("POST /methods/{id}/edit", h.Update)
	t.Officer("GET /methods/{id}/versions", h.VersionsPage)
	t.Officer("POST /methods/{id}/versions/{version}/submit", h.Submit)
	t.Officer("POST /methods/{id}/versions/{version}/review", h.Review)
	t.SignedIn("GET /methods/{id}/start", h.StartForm)
	t.SignedIn("POST /methods/{id}/start", h.Start)

	t.Public("GET /cases", h.Cases)
	t.Officer("GET /cases/new", h.NewCase)
	t.Officer("POST /cases", h.CreateCase)
	t.Officer("GET /cases/from", h.CaseSourcesPage)
	t.Officer("POST /cases/from", h.DraftFromWork)
	t.Public("GET /cases/{id}", h.Case)
	t.Officer("GET /cases/{id}/edit", h.EditCase)
	t.Officer("POST /cases/{id}/edit", h.UpdateCase)
	t.Officer("POST /cases/{id}/publish", h.PublishCase)
	t.Officer("POST /cases/{id}/unpublish", h.UnpublishCase)

	t.Public("GET /media", h.MediaList)
	t.Officer("GET /media/new", h.NewMedia)
	t.Officer("POST /media", h.CreateMedia).Body(MaxAudio + web.MaxBody)
	t.Public("GET /media/{id}", h.OneMedia)
	t.Officer("GET /media/{id}/edit", h.EditMedia)
	t.Officer("POST /media/{id}/edit", h.UpdateMedia).Body(MaxAudio + web.MaxBody)
	t.Officer("POST /media/{id}/publish", h.PublishMedia)
	t.Officer("POST /media/{id}/unpublish", h.UnpublishMedia)
	t.Public("GET /media/{id}/file", h.MediaFileDownload)
	toolkitRoutes(&t, h)

	t.Public("GET /training", h.Training)
	t.SignedIn("GET /training/mine", h.MyTraining)
	t.Officer("GET /training/new", h.NewCourse)
	t.Officer("POST /training", h.CreateCourse)
	t.Public("GET /training/{id}", h.Course)
	t.Officer("GET /training/{id}/edit", h.EditCourse)
	t.Officer("POST /training/{id}/edit", h.UpdateCourse)
	t.Officer("POST /training/{id}/modules", h.AddModule)
	t.Officer("POST /training/{id}/modules/{module}/delete", h.RemoveModule)
	t.Officer("POST /training/{id}/publish", h.PublishCourse)
	t.Officer("POST /training/{id}/unpublish", h.UnpublishCourse)
	t.SignedIn("POST /training/{id}/enrol", h.Enrol)
	t.Public("GET /training/{id}/modules/{module}", h.Module)
	t.SignedIn("POST /training/{id}/modules/{module}", h.DoModule)
	t.Officer("GET /training/{id}/people", h.Roster)
	t.Officer("POST /training/{id}/people", h.RecordCompletion)

	t.Public("GET /api/v1/methods", h.APIMethods)
	t.Public("GET /api/v1/methods/{id}", h.APIMethod)
	t.Public("GET /api/v1/cases", h.APICases)
	t.Public("GET /api/v1/cases/{id}", h.APICase)
	t.Public("GET /api/v1/media", h.APIMediaList)
	t.Public("GET /api/v1/media/{id}", h.APIMedia)
	t.Public("GET /api/v1/courses", h.APICourses)
	t.Public("GET /api/v1/courses/{id}", h.APICourse)
	t.Public("GET /api/v1/toolkits", h.APIToolkits)
	t.Public("GET /api/v1/toolkits/{id}", h.APIToolkit)
	return t.Routes
}
