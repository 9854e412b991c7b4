package timebank

import (
	"context"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
)

// Capability is the time bank capability as the composition root sees it: its tables,
// messages, templates, navigation, routes with who may reach each, OpenAPI paths, demo,
// account hooks and the CreditVolunteering service it offers (see package capability).
func Capability() capability.Capability {
	return capability.Capability{
		Name: "timebank", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav:   []web.NavLink{{Key: "timebank.nav", Href: "/timebanks"}},
		Build: build,
	}
}

// build wires the capability over the ready platform.
func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{DB: env.DB, Outbox: env.Outbox, Identity: id, T: env.T, BaseURL: env.Config.BaseURL,
		// Messages a member sends others through Commons: enough to arrange help, too few to spam.
		ContactLimit: &ratelimit.Limiter{DB: env.DB, Limit: 20, Window: 24 * time.Hour}})
	return &capability.Parts{
		Routes:   routes(env, id, svc),
		OpenAPI:  openAPI,
		Account:  svc.accountHooks(),
		Demo:     svc.LoadDemo,
		Services: []any{svc},
		Workers:  []func(context.Context){func(ctx context.Context) { svc.RunReminders(ctx, time.Hour, env.Log) }},
		Connect:  capability.Connect(&svc.Locate),
	}, nil
}

// routes is the capability's part of the route table. Finer rules (a bank's brokers, an
// exchange's parties) are the service's.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc, ID: id}
	var t capability.Table
	t.Public("GET /timebanks", h.List)
	t.Officer("GET /timebanks/new", h.New)
	t.Officer("POST /timebanks", h.Create)
	t.Public("GET /timebanks/{id}", h.Show)
	t.SignedIn("GET /timebanks/{id}/join", h.JoinForm)
	t.SignedIn("POST /timebanks/{id}/join", h.Join)
	t.SignedIn("GET /timebanks/{id}/me", h.Me)
	t.SignedIn("POST /timebanks/{id}/me", h.SaveProfile)
	t.SignedIn("POST /timebanks/{id}/leave", h.Leave)
	t.SignedIn("GET /timebanks/{id}/directory", h.Directory)
	t.SignedIn("GET /timebanks/{id}/contact/{m}", h.ContactForm)
	t.SignedIn("POST /timebanks/{id}/contact/{m}", h.Contact)

	t.Public("GET /timebanks/{id}/listings", h.Listings)
	t.SignedIn("GET /timebanks/{id}/listings/new", h.NewListing)
	t.SignedIn("POST /timebanks/{id}/listings", h.CreateListing)
	t.Public("GET /timebanks/{id}/listings/{l}", h.Listing)
	t.SignedIn("GET /timebanks/{id}/listings/{l}/edit", h.EditListing)
	t.SignedIn("POST /timebanks/{id}/listings/{l}/edit", h.UpdateListing)
	t.SignedIn("POST /timebanks/{id}/listings/{l}/renew", h.RenewListing)
	t.SignedIn("POST /timebanks/{id}/listings/{l}/close", h.CloseListing)
	t.SignedIn("POST /timebanks/{id}/listings/{l}/photo", h.UploadPhoto)
	t.SignedIn("POST /timebanks/{id}/listings/{l}/photo/remove", h.RemovePhoto)
	t.Public("GET /timebanks/{id}/photos/{p}", h.Photo)

	t.SignedIn("GET /timebanks/{id}/exchanges/new", h.NewExchange)
	t.SignedIn("POST /timebanks/{id}/exchanges", h.CreateExchange)
	t.SignedIn("GET /timebanks/{id}/exchanges/{ex}", h.Exchange)
	t.SignedIn("POST /timebanks/{id}/exchanges/{ex}/confirm", h.ConfirmExchange)
	t.SignedIn("POST /timebanks/{id}/exchanges/{ex}/decline", h.DeclineExchange)
	t.SignedIn("POST /timebanks/{id}/exchanges/{ex}/cancel", h.CancelExchange)
	t.SignedIn("POST /timebanks/{id}/exchanges/{ex}/reverse", h.ReverseExchange)
	t.SignedIn("GET /timebanks/{id}/accounts/{acc}/statement", h.Statement)
	t.SignedIn("GET /timebanks/{id}/accounts/{acc}/statement.csv", h.StatementCSV)
	t.SignedIn("GET /timebanks/{id}/group", h.GroupForm)
	t.SignedIn("POST /timebanks/{id}/group", h.Group)

	// Brokers.
	t.SignedIn("GET /timebanks/{id}/manage", h.Manage)
	t.SignedIn("GET /timebanks/{id}/settings", h.Settings)
	t.SignedIn("POST /timebanks/{id}/settings", h.SaveSettings)
	t.SignedIn("POST /timebanks/{id}/members/offline", h.AddOffline)
	t.SignedIn("POST /timebanks/{id}/members/organisation", h.AddOrganisation)
	t.SignedIn("GET /timebanks/{id}/members/{m}", h.Member)
	t.SignedIn("POST /timebanks/{id}/members/{m}", h.SaveMember)
	t.SignedIn("POST /timebanks/{id}/members/{m}/approve", h.Approve)
	t.SignedIn("POST /timebanks/{id}/members/{m}/decline", h.DeclineMember)
	t.SignedIn("POST /timebanks/{id}/members/{m}/limit", h.SetLimit)
	t.SignedIn("POST /timebanks/{id}/members/{m}/role", h.SetRole)
	t.SignedIn("POST /timebanks/{id}/members/{m}/remove", h.RemoveMember)
	t.SignedIn("GET /timebanks/{id}/record", h.BrokerForm)
	t.SignedIn("POST /timebanks/{id}/record", h.BrokerRecord)
	t.SignedIn("GET /timebanks/{id}/exchanges", h.Exchanges)
	t.SignedIn("GET /timebanks/{id}/exchanges.csv", h.ExchangesCSV)
	t.SignedIn("GET /timebanks/{id}/insights", h.Insights)
	t.SignedIn("GET /timebanks/{id}/insights.csv", h.InsightsCSV)
	t.SignedIn("GET /timebanks/{id}/import", h.ImportForm)
	t.SignedIn("POST /timebanks/{id}/import", h.CheckImport)
	t.SignedIn("GET /timebanks/{id}/import/{im}", h.Import)
	t.SignedIn("POST /timebanks/{id}/import/{im}/apply", h.ApplyImport)
	t.SignedIn("GET /timebanks/{id}/agreements", h.Agreements)
	t.SignedIn("POST /timebanks/{id}/agreements", h.Propose)
	t.SignedIn("POST /timebanks/{id}/agreements/{ag}/accept", h.Accept)
	t.SignedIn("POST /timebanks/{id}/agreements/{ag}/decline", h.Refuse)
	t.SignedIn("POST /timebanks/{id}/agreements/{ag}/end", h.EndAgreement)

	t.Public("GET /api/v1/timebanks", h.APIBanks)
	t.Public("GET /api/v1/timebanks/{id}", h.APIBank)
	t.Public("GET /api/v1/timebanks/{id}/listings", h.APIListings)
	t.SignedIn("GET /api/v1/timebanks/{id}/members", h.APIMembers)
	t.SignedIn("GET /api/v1/timebanks/{id}/exchanges", h.APIExchanges)
	t.SignedIn("POST /api/v1/timebanks/{id}/exchanges", h.APIRecord)
	t.SignedIn("GET /api/v1/timebanks/{id}/exchanges/{ex}", h.APIExchange)
	t.SignedIn("POST /api/v1/timebanks/{id}/exchanges/{ex}/confirm", h.APIConfirm)
	t.SignedIn("POST /api/v1/timebanks/{id}/exchanges/{ex}/decline", h.APIDecline)
	t.SignedIn("POST /api/v1/timebanks/{id}/exchanges/{ex}/reverse", h.APIReverse)
	t.SignedIn("GET /api/v1/timebanks/{id}/accounts", h.APIAccounts)
	t.SignedIn("GET /api/v1/timebanks/{id}/accounts/{acc}/statement", h.APIStatement)
	t.SignedIn("GET /api/v1/timebanks/{id}/insights", h.APIInsights)
	return t.Routes
}
