package app

import (
	"crypto/subtle"
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/web"
	"commons/internal/site"
)

// Access says who may reach a route; the guard is applied from it, and a table test checks
// every route refuses everyone else.
type Access string

const (
	Public   Access = "public"
	SignedIn Access = "signed-in"
	Admin    Access = "admin"
	// Officer routes are for council officers (and admins); Moderator routes for moderators (and admins).
	Officer   Access = "officer"
	Moderator Access = "moderator"
)

// Route is one line of the route table.
type Route struct {
	Pattern string // net/http method pattern
	Access  Access
	Handler http.HandlerFunc
}

// Routes is every route of every capability, in one place.
func (s *Server) Routes() []Route {
	id := &identity.Handlers{Kit: s.Kit, Svc: s.Identity, MailConfigured: s.Config.SMTPURL != ""}
	adm := &identity.Admin{Kit: s.Kit, Svc: s.Identity, DB: s.DB}
	api := &identity.API{Kit: s.Kit, Svc: s.Identity}
	st := &site.Handlers{Kit: s.Kit}
	rs := []Route{
		{"GET /{$}", Public, st.Home},
		{"GET /accessibility", Public, st.Accessibility},
		{"GET /privacy", Public, st.Privacy},

		{"GET /register", Public, id.RegisterForm},
		{"POST /register", Public, id.Register},
		{"GET /confirm/{token}", Public, id.ConfirmForm},
		{"POST /confirm/{token}", Public, id.Confirm},
		{"GET /sign-in", Public, id.SignInForm},
		{"POST /sign-in", Public, id.SignIn},
		{"POST /sign-out", Public, id.SignOut},
		{"GET /password/forgot", Public, id.ForgotForm},
		{"POST /password/forgot", Public, id.Forgot},
		{"GET /password/reset/{token}", Public, id.ResetForm},
		{"POST /password/reset/{token}", Public, id.Reset},
		{"GET /account", SignedIn, id.Account},
		{"POST /account/language", SignedIn, id.SetLanguage},
		{"GET /account/data.json", SignedIn, id.Data},
		{"GET /account/delete", SignedIn, id.DeleteForm},
		{"POST /account/delete", SignedIn, id.Delete},
		{"GET /account/tokens", SignedIn, id.Tokens},
		{"POST /account/tokens", SignedIn, id.CreateToken},
		{"POST /account/tokens/{id}/revoke", SignedIn, id.RevokeToken},

		{"GET /admin", Admin, adm.Home},
		{"GET /admin/areas", Admin, adm.Areas},
		{"POST /admin/areas", Admin, adm.CreateArea},
		{"GET /admin/areas/{id}", Admin, adm.EditArea},
		{"POST /admin/areas/{id}", Admin, adm.UpdateArea},
		{"POST /admin/areas/{id}/delete", Admin, adm.DeleteArea},
		{"GET /admin/organisations", Admin, adm.Organisations},
		{"POST /admin/organisations", Admin, adm.CreateOrganisation},
		{"GET /admin/organisations/{id}", Admin, adm.EditOrganisation},
		{"POST /admin/organisations/{id}", Admin, adm.UpdateOrganisation},
		{"POST /admin/organisations/{id}/delete", Admin, adm.DeleteOrganisation},
		{"POST /admin/organisations/{id}/members", Admin, adm.AddMember},
		{"POST /admin/organisations/{id}/members/{account}/remove", Admin, adm.RemoveMember},
		{"GET /admin/accounts", Admin, adm.Accounts},
		{"GET /admin/accounts/{id}", Admin, adm.Account},
		{"POST /admin/accounts/{id}/roles", Admin, adm.SetRole},
		{"GET /admin/audit", Admin, adm.Audit},
		{"GET /admin/audit.csv", Admin, adm.AuditCSV},

		{"GET /api/v1/openapi.json", Public, s.OpenAPI},
		{"GET /api/v1/areas", Public, api.Areas},
		{"GET /api/v1/areas/{id}", Public, api.Area},
		{"GET /api/v1/organisations", Public, api.Organisations},
		{"GET /api/v1/organisations/{id}", Public, api.Organisation},
		{"GET /api/v1/me", SignedIn, api.Me},
	}
	// Each capability appends its routes in its own block below (one block each keeps merges clean).
	rs = append(rs, s.budgetingRoutes()...)
	rs = append(rs, s.assetsRoutes()...)
	rs = append(rs, s.coproductionRoutes()...)
	rs = append(rs, s.eventsRoutes()...)
	rs = append(rs, s.networkRoutes()...)
	return rs
}

func nav() []web.NavLink {
	ns := []web.NavLink{{Key: "nav.home", Href: "/"}}
	for _, more := range [][]web.NavLink{budgetingNav(), assetsNav(), coproductionNav(), eventsNav(), networkNav()} {
		ns = append(ns, more...)
	}
	return append(ns, web.NavLink{Key: "nav.admin", Href: "/admin", Roles: []string{identity.RoleAdmin}})
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		var h http.Handler = rt.Handler
		switch rt.Access {
		case SignedIn:
			h = s.Kit.SignedIn(h)
		case Admin:
			h = s.Kit.Role(h, identity.RoleAdmin)
		case Officer:
			h = s.Kit.Role(h, identity.RoleOfficer, identity.RoleAdmin)
		case Moderator:
			h = s.Kit.Role(h, identity.RoleModerator, identity.RoleAdmin)
		}
		mux.Handle(rt.Pattern, h)
	}
	mux.Handle("GET /static/", s.Kit.Static())
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.Metrics.Handler())
	mux.Handle("/", s.Kit.NotFound())
	return mux
}

// guardedMetrics is the Prometheus endpoint behind the bearer token of
// COMMONS_METRICS_TOKEN.
func (s *Server) guardedMetrics() http.Handler {
	h, token := s.Metrics.Handler(), s.Config.MetricsToken
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "a bearer token is needed", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.DB.Ping(r.Context()); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}
