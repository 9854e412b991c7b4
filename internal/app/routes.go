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
	t.Public("GET /{$}", web.Std(st.Home))
	t.Public("GET /accessibility", web.Std(st.Accessibility))
	t.Public("GET /privacy", web.Std(st.Privacy))

	t.Public("GET /register", web.Std(id.RegisterForm))
	t.Public("POST /register", web.Std(id.Register))
	t.Public("GET /confirm/{token}", web.Std(id.ConfirmForm))
	t.Public("POST /confirm/{token}", web.Std(id.Confirm))
	t.Public("GET /sign-in", web.Std(id.SignInForm))
	t.Public("POST /sign-in", web.Std(id.SignIn))
	t.Public("GET /sign-in/link/{token}", web.Std(id.SignInLinkForm))
	t.Public("POST /sign-in/link/{token}", web.Std(id.SignInLink))
	t.Public("POST /sign-out", web.Std(id.SignOut))
	t.Public("GET /password/forgot", web.Std(id.ForgotForm))
	t.Public("POST /password/forgot", web.Std(id.Forgot))
	t.Public("GET /password/reset/{token}", web.Std(id.ResetForm))
	t.Public("POST /password/reset/{token}", web.Std(id.Reset))
	t.SignedIn("GET /account", web.Std(id.Account))
	t.SignedIn("POST /account/language", web.Std(id.SetLanguage))
	t.SignedIn("GET /account/data", id.DataSummary)
	t.SignedIn("GET /account/data.json", id.Data)
	t.SignedIn("GET /account/delete", web.Std(id.DeleteForm))
	t.SignedIn("POST /account/delete", web.Std(id.Delete))
	t.SignedIn("GET /account/name", id.NameForm)
	t.SignedIn("POST /account/name", id.ChangeName)
	t.SignedIn("GET /account/email", id.EmailForm)
	t.SignedIn("POST /account/email", id.ChangeEmail)
	t.Public("GET /confirm-email/{token}", id.EmailConfirmForm)
	t.Public("POST /confirm-email/{token}", id.EmailConfirm)
	t.SignedIn("GET /account/password", id.PasswordForm)
	t.SignedIn("POST /account/password", id.ChangePassword)
	t.SignedIn("GET /account/tokens", web.Std(id.Tokens))
	t.SignedIn("POST /account/tokens", web.Std(id.CreateToken))
	t.SignedIn("POST /account/tokens/{id}/revoke", web.Std(id.RevokeToken))

	t.Admin("GET /admin", web.Std(adm.Home))
	t.Admin("GET /admin/areas", web.Std(adm.Areas))
	t.Admin("POST /admin/areas", web.Std(adm.CreateArea))
	t.Admin("GET /admin/areas/{id}", web.Std(adm.EditArea))
	t.Admin("POST /admin/areas/{id}", web.Std(adm.UpdateArea))
	t.Admin("POST /admin/areas/{id}/delete", web.Std(adm.DeleteArea))
	t.Admin("GET /admin/organisations", web.Std(adm.Organisations))
	t.Admin("POST /admin/organisations", web.Std(adm.CreateOrganisation))
	t.Admin("GET /admin/organisations/{id}", web.Std(adm.EditOrganisation))
	t.Admin("POST /admin/organisations/{id}", web.Std(adm.UpdateOrganisation))
	t.Admin("POST /admin/organisations/{id}/delete", web.Std(adm.DeleteOrganisation))
	t.Admin("POST /admin/organisations/{id}/members", web.Std(adm.AddMember))
	t.Admin("POST /admin/organisations/{id}/members/{account}/remove", web.Std(adm.RemoveMember))
	t.Admin("GET /admin/accounts", web.Std(adm.Accounts))
	t.Admin("GET /admin/accounts/{id}", adm.Account)
	t.Admin("POST /admin/accounts/{id}/name", adm.AssistName)
	t.Admin("POST /admin/accounts/{id}/email", adm.AssistEmail)
	t.Admin("POST /admin/accounts/{id}/delete", adm.AssistDelete)
	t.Admin("POST /admin/accounts/{id}/roles", web.Std(adm.SetRole))
	t.Admin("GET /admin/audit", web.Std(adm.Audit))
	t.Admin("GET /admin/audit.csv", web.Std(adm.AuditCSV))

	t.Public("GET /api/v1/openapi.json", web.Std(s.OpenAPI))
	t.Public("GET /api/v1/areas", web.Std(api.Areas))
	t.Public("GET /api/v1/areas/{id}", web.Std(api.Area))
	t.Public("GET /api/v1/organisations", web.Std(api.Organisations))
	t.Public("GET /api/v1/organisations/{id}", web.Std(api.Organisation))
	t.SignedIn("GET /api/v1/me", web.Std(api.Me))
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
