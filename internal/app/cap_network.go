package app

import (
	"context"
	"io/fs"
	"time"

	"commons/internal/identity"
	"commons/internal/network"
	"commons/internal/network/spam"
	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
)

// The network capability's part of Commons. Every hook below is called from serve.go, routes.go,
// openapi.go and demo.go; this file (and the capability's own package) is the only place the
// capability is wired in, so capabilities merge without touching each other.

// networkCap holds the network capability's services once Build has wired them.
type networkCap struct {
	Svc *network.Service
}

// networkMigrations are applied after the platform's and identity's, in this order.
func networkMigrations() []db.Migrations { return []db.Migrations{network.Migrations} }

// networkMessages are the capability's message catalogues (messages/*.en.json and *.cy.json).
func networkMessages() []fs.FS { return []fs.FS{network.Messages} }

// networkTemplates are the capability's template folders, by name.
func networkTemplates() map[string]fs.FS { return map[string]fs.FS{"network": network.Templates} }

// networkNav is the capability's service navigation.
func networkNav() []web.NavLink {
	return []web.NavLink{
		{Key: "network.nav", Href: "/groups"},
		{Key: "network.nav_notifications", Href: "/notifications", Roles: identity.Roles},
		{Key: "network.nav_moderation", Href: "/moderation", Roles: []string{identity.RoleModerator, identity.RoleAdmin}},
	}
}

// Spam rules and the posting rate limit.
const (
	networkPostLimit  = 20
	networkPostWindow = 10 * time.Minute
)

// wireNetwork builds the capability's services; Kit, DB, Outbox and Identity are ready.
func (s *Server) wireNetwork(bundle *i18n.Bundle) error {
	s.Network.Svc = network.NewService(network.Deps{
		DB: s.DB, Outbox: s.Outbox, T: bundle.T, BaseURL: s.Config.BaseURL, Log: s.Log,
		HoldFirstPosts: s.Config.HoldFirstPosts,
		PostLimit:      &ratelimit.Limiter{DB: s.DB, Limit: networkPostLimit, Window: networkPostWindow},
		Spam:           spam.Rules{NewAccountAge: network.NewAccountAge, NewLinks: 2},
	})
	// Mail programs POST the one-click unsubscribe (RFC 8058) without a session or CSRF token.
	s.Kit.NoCSRF = append(s.Kit.NoCSRF, "/unsubscribe/")
	return nil
}

// networkRoutes is the capability's part of the route table.
func (s *Server) networkRoutes() []Route {
	h := &network.Handlers{Kit: s.Kit, Svc: s.Network.Svc}
	api := &network.API{Kit: s.Kit, Svc: s.Network.Svc}
	const g = "/groups/{id}"
	const guide = g + "/guides/{guide}"
	return []Route{
		{"GET /groups", Public, h.Groups},
		{"GET /groups.json", Public, h.GroupsJSON},
		{"GET /groups/new", SignedIn, h.NewGroupForm},
		{"POST /groups", SignedIn, h.CreateGroup},
		{"GET " + g, Public, h.Group},
		{"POST " + g + "/join", SignedIn, h.Join},
		{"POST " + g + "/leave", SignedIn, h.Leave},
		{"GET " + g + "/members", Public, h.Members},
		{"GET " + g + "/members.json", Public, h.MembersJSON},
		{"POST " + g + "/members", SignedIn, h.Invite},
		{"POST " + g + "/members/{account}", SignedIn, h.ManageMember},
		{"GET " + g + "/settings", SignedIn, h.SettingsForm},
		{"POST " + g + "/settings", SignedIn, h.SaveSettings},
		{"GET " + g + "/export.json", SignedIn, h.Export},
		{"GET " + g + "/threads.json", Public, h.ThreadsJSON},
		{"GET " + g + "/threads/new", SignedIn, h.NewThreadForm},
		{"POST " + g + "/threads", SignedIn, h.StartThread},
		{"GET " + g + "/threads/{thread}", Public, h.Thread},
		{"POST " + g + "/threads/{thread}/posts", SignedIn, h.Reply},
		{"POST " + g + "/threads/{thread}/summary", SignedIn, h.Summary},
		{"GET " + g + "/posts/{post}/edit", SignedIn, h.EditForm},
		{"POST " + g + "/posts/{post}/edit", SignedIn, h.Edit},
		{"GET " + g + "/posts/{post}/history", Public, h.History},
		{"GET " + g + "/posts/{post}/report", SignedIn, h.ReportForm},
		{"POST " + g + "/posts/{post}/report", SignedIn, h.Report},
		{"GET " + g + "/attachments/{file}", Public, h.Attachment},
		{"POST " + g + "/guides", SignedIn, h.CreateGuide},
		{"GET " + guide, Public, h.Guide},
		{"GET " + guide + "/guide.json", Public, h.GuideJSON},
		{"POST " + guide + "/chapters", SignedIn, h.AddChapter},
		{"GET " + guide + "/chapters/{chapter}", Public, h.Chapter},
		{"POST " + guide + "/chapters/{chapter}/versions", SignedIn, h.SaveVersion},
		{"POST " + guide + "/chapters/{chapter}/comments", SignedIn, h.Comment},
		{"POST " + guide + "/comments/{comment}", SignedIn, h.CommentState},
		{"POST " + guide + "/publish", SignedIn, h.Publish},
		{"GET " + guide + "/published", Public, h.Published},
		{"GET " + guide + "/print", Public, h.Print},
		{"GET /network/print.css", Public, h.PrintCSS},

		{"GET /moderation", Moderator, h.Moderation},
		{"GET /moderation.json", Moderator, h.ModerationJSON},
		{"POST /moderation/posts/{post}", Moderator, h.ModeratePost},
		{"POST /moderation/accounts/{account}/block", Moderator, h.BlockAccount},

		{"GET /notifications", SignedIn, h.Notifications},
		{"GET /notifications.json", SignedIn, h.NotificationsJSON},
		{"POST /notifications/read", SignedIn, h.MarkRead},
		{"GET /unsubscribe/{token}", Public, h.UnsubscribeForm},
		{"POST /unsubscribe/{token}", Public, h.Unsubscribe},

		{"GET /api/v1/groups", Public, api.Groups},
		{"GET /api/v1/groups/{id}", Public, api.Group},
		{"GET /api/v1/groups/{id}/threads", Public, api.Threads},
		{"GET /api/v1/groups/{id}/threads/{thread}", Public, api.Thread},
	}
}

// networkOpenAPI adds the capability's paths and schemas to the OpenAPI document.
func (s *Server) networkOpenAPI(paths, schemas obj) {
	uuid := obj{"type": "string", "format": "uuid"}
	ts := obj{"type": "string", "format": "date-time"}
	threadParam := obj{"name": "thread", "in": "path", "required": true, "schema": uuid}
	paths["/groups"] = obj{"get": obj{"operationId": "listGroups", "summary": "Open and closed groups of the network, by name (private groups are never listed)",
		"parameters": pagingParams, "responses": obj{"200": jsonResponse("A page of groups", listOf("Group")), "422": problemResponse}}}
	paths["/groups/{id}"] = obj{"get": obj{"operationId": "getGroup", "summary": "One open or closed group (a private group is not found)",
		"parameters": []obj{idParam}, "responses": obj{"200": jsonResponse("The group", ref("Group")), "404": problemResponse}}}
	paths["/groups/{id}/threads"] = obj{"get": obj{"operationId": "listGroupThreads", "summary": "Discussions of an open group, latest activity first (other groups: not found)",
		"parameters": append([]obj{idParam}, pagingParams...), "responses": obj{"200": jsonResponse("A page of threads", listOf("Thread")), "404": problemResponse, "422": problemResponse}}}
	paths["/groups/{id}/threads/{thread}"] = obj{"get": obj{"operationId": "getGroupThread", "summary": "One discussion of an open group with its visible posts and their replies",
		"parameters": []obj{idParam, threadParam}, "responses": obj{"200": jsonResponse("The thread", ref("ThreadWithPosts")), "404": problemResponse}}}
	schemas["Group"] = obj{"type": "object", "required": []string{"id", "name", "description", "visibility", "created_at", "members"}, "properties": obj{
		"id": uuid, "name": obj{"type": "string"}, "description": obj{"type": "string", "description": "Markdown"},
		"visibility": obj{"type": "string", "enum": []string{"open", "closed"}}, "created_at": ts, "members": obj{"type": "integer", "minimum": 0},
	}}
	threadProps := obj{
		"id": uuid, "group_id": uuid, "title": obj{"type": "string"}, "author": obj{"type": "string"},
		"created_at": ts, "last_post_at": ts, "summary": obj{"type": "string", "description": "the hosts' summary so far, Markdown"},
		"summary_at": obj{"type": []string{"string", "null"}, "format": "date-time"}, "posts": obj{"type": "integer", "minimum": 0},
	}
	threadReq := []string{"id", "group_id", "title", "author", "created_at", "last_post_at", "summary", "summary_at", "posts"}
	schemas["Thread"] = obj{"type": "object", "required": threadReq, "properties": threadProps}
	postProps := obj{
		"id": uuid, "thread_id": uuid, "parent_id": uuid, "quote_id": uuid, "author": obj{"type": "string"},
		"body": obj{"type": "string", "description": "Markdown as written"}, "body_html": obj{"type": "string", "description": "sanitised HTML"},
		"created_at": ts, "edited_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
		"replies":     obj{"type": "array", "items": ref("Post")},
		"attachments": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"id": uuid, "filename": obj{"type": "string"}, "content_type": obj{"type": "string"}, "size": obj{"type": "integer"}}}},
	}
	schemas["Post"] = obj{"type": "object", "required": []string{"id", "thread_id", "author", "body", "body_html", "created_at", "edited_at"}, "properties": postProps}
	withPosts := obj{}
	for k, v := range threadProps {
		withPosts[k] = v
	}
	withPosts["posts"] = obj{"type": "array", "items": ref("Post")}
	schemas["ThreadWithPosts"] = obj{"type": "object", "required": []string{"id", "group_id", "title", "posts"}, "properties": withPosts}
}

// networkDemo loads the capability's part of the demo borough (once; it must be idempotent).
func (s *Server) networkDemo(ctx context.Context) error { return s.Network.Svc.LoadDemo(ctx) }

// networkWorkers are background loops started by serve (for example reminders); each returns
// when ctx ends.
func (s *Server) networkWorkers() []func(ctx context.Context) {
	return []func(ctx context.Context){func(ctx context.Context) { s.Network.Svc.Run(ctx, time.Minute) }}
}
