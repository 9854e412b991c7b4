package app

import (
	"crypto/subtle"
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/web"
	"commons/internal/site"
)

// Access says who may reach a route; the guard is applied from it, and a table test checks
// every route refuses everyone else.
type Access = capability.Access

const (
	Public    = capability.Public
	SignedIn  = capability.SignedIn
	Admin     = capability.Admin
	Officer   = capability.Officer
	Moderator = capability.Moderator
)

// Route is one line of the route table.
type Route = capability.Route

// Routes is every route of every capability, in one place.
func (s *Server) Routes() []Route {
	id := &identity.Handlers{Kit: s.Kit, Svc: s.Identity, MailConfigured: s.Config.SMTPURL != "",
		Courses: capability.All[identity.CourseRecord](s.Env)}
	adm := &identity.Admin{Kit: s.Kit, Svc: s.Identity, DB: s.DB}
	api := &identity.API{Kit: s.Kit, Svc: s.Identity}
	st := &site.Handlers{Kit: s.Kit}
	var t capability.Table
	t.Public("GET /{$}", st.Home)
	t.Public("GET /accessibility", st.Accessibility)
	t.Public("GET /privacy", st.Privacy)

	t.Public("GET /register", id.RegisterForm)
	t.Public("POST /register", id.Register)
	t.Public("GET /confirm/{token}", id.ConfirmForm)
	t.Public("POST /confirm/{token}", id.Confirm)
	t.Public("GET /sign-in", id.SignInForm)
	t.Public("POST /sign-in", id.SignIn)
	t.Public("GET /sign-in/link/{token}", id.SignInLinkForm)
	t.Public("POST /sign-in/link/{token}", id.SignInLink)
	t.Public("POST /sign-out", id.SignOut)
	t.Public("GET /password/forgot", id.ForgotForm)
	t.Public("POST /password/forgot", id.Forgot)
	t.Public("GET /password/reset/{token}", id.ResetForm)
	t.Public("POST /password/reset/{token}", id.Reset)
	t.SignedIn("GET /account", id.Account)
	t.SignedIn("POST /account/language", id.SetLanguage)
	t.SignedIn("GET /account/data", id.DataSummary)
	t.SignedIn("GET /account/data.json", id.Data)
	t.SignedIn("GET /account/delete", id.DeleteForm)
	t.SignedIn("POST /account/delete", id.Delete)
	t.SignedIn("GET /account/name", id.NameForm)
	t.SignedIn("POST /account/name", id.ChangeName)
	t.SignedIn("GET /account/email", id.EmailForm)
	t.SignedIn("POST /account/email", id.ChangeEmail)
	t.Public("GET /confirm-email/{token}", id.EmailConfirmForm)
	t.Public("POST /confirm-email/{token}", id.EmailConfirm)
	t.SignedIn("GET /account/password", id.PasswordForm)
	t.SignedIn("POST /account/password", id.ChangePassword)
	t.SignedIn("GET /account/tokens", id.Tokens)
	t.SignedIn("POST /account/tokens", id.CreateToken)
	t.SignedIn("POST /account/tokens/{id}/revoke", id.RevokeToken)

	t.Admin("GET /admin", adm.Home)
	t.Admin("GET /admin/areas", adm.Areas)
	t.Admin("POST /admin/areas", adm.CreateArea)
	t.Admin("GET /admin/areas/{id}", adm.EditArea)
	t.Admin("POST /admin/areas/{id}", adm.UpdateArea)
	t.Admin("POST /admin/areas/{id}/delete", adm.DeleteArea)
	t.Admin("GET /admin/organisations", adm.Organisations)
	t.Admin("POST /admin/organisations", adm.CreateOrganisation)
	t.Admin("GET /admin/organisations/{id}", adm.EditOrganisation)
	t.Admin("POST /admin/organisations/{id}", adm.UpdateOrganisation)
	t.Admin("POST /admin/organisations/{id}/delete", adm.DeleteOrganisation)
	t.Admin("POST /admin/organisations/{id}/members", adm.AddMember)
	t.Admin("POST /admin/organisations/{id}/members/{account}/remove", adm.RemoveMember)
	t.Admin("GET /admin/accounts", adm.Accounts)
	t.Admin("GET /admin/accounts/{id}", adm.Account)
	t.Admin("POST /admin/accounts/{id}/name", adm.AssistName)
	t.Admin("POST /admin/accounts/{id}/email", adm.AssistEmail)
	t.Admin("POST /admin/accounts/{id}/delete", adm.AssistDelete)
	t.Admin("POST /admin/accounts/{id}/roles", adm.SetRole)
	t.Admin("GET /admin/audit", adm.Audit)
	t.Admin("GET /admin/audit.csv", adm.AuditCSV)

	t.Public("GET /api/v1/openapi.json", s.OpenAPI)
	t.Public("GET /api/v1/areas", api.Areas)
	t.Public("GET /api/v1/areas/{id}", api.Area)
	t.Public("GET /api/v1/organisations", api.Organisations)
	t.Public("GET /api/v1/organisations/{id}", api.Organisation)
	t.SignedIn("GET /api/v1/me", api.Me)
	t.SignedIn("GET /api/v1/me/data", id.DataAPI)
	rs := t.Routes
	for _, b := range s.caps {
		rs = append(rs, b.Routes...)
	}
	return rs
}

func nav() []web.NavLink {
	ns := []web.NavLink{{Key: "nav.home", Href: "/"}}
	for _, c := range Capabilities() {
		ns = append(ns, c.Nav...)
	}
	return append(ns, web.NavLink{Key: "nav.admin", Href: "/admin", Roles: []string{identity.RoleAdmin}})
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	limits := map[string]int64{}
	s.Kit.BodyLimit = func(r *http.Request) int64 {
		_, pattern := mux.Handler(r)
		return limits[pattern]
	}
	for _, rt := range s.Routes() {
		if rt.MaxBody > 0 {
			limits[rt.Pattern] = rt.MaxBody
		}
		h := s.Kit.Adapt(rt.Handler)
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
		mux.Handle(rt.Pattern, s.searchChanged(rt.Pattern, h))
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
