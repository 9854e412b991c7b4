package network

import (
	"commons/internal/identity"
	"commons/internal/network/spam"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/openapi"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/web"
	"context"
	"time"
)

// Capability is the network capability as the composition root sees it: its tables, messages,
// templates, navigation, routes with who may reach each, OpenAPI paths and demo (see package
// capability).
func Capability() capability.Capability {
	return capability.Capability{
		Name: "network", Migrations: []db.Migrations{Migrations}, Messages: Messages, Templates: Templates,
		Nav: []web.NavLink{
			{Key: "network.nav", Href: "/groups"},
			{Key: "network.nav_notifications", Href: "/notifications", Roles: identity.Roles},
			{Key: "network.nav_moderation", Href: "/moderation", Roles: []string{identity.RoleModerator, identity.RoleAdmin}},
		},
		// Mail programs POST the one-click unsubscribe (RFC 8058) without a session or CSRF token.
		NoCSRF: []string{"/unsubscribe/"},
		Build:  build,
	}
}

// Spam rules and the posting rate limit.
const (
	postLimit  = 20
	postWindow = 10 * time.Minute
)

// build wires the capability over the ready platform.
func build(env *capability.Env) (*capability.Parts, error) {
	id, err := capability.Need[*identity.Service](env)
	if err != nil {
		return nil, err
	}
	svc := NewService(Deps{
		DB: env.DB, Outbox: env.Outbox, T: env.T, BaseURL: env.Config.BaseURL, Log: env.Log,
		HoldFirstPosts: env.Config.HoldFirstPosts,
		PostLimit:      &ratelimit.Limiter{DB: env.DB, Limit: postLimit, Window: postWindow},
		Spam:           spam.Rules{NewAccountAge: NewAccountAge, NewLinks: 2},
		People:         id,
	})

	return &capability.Parts{
		Routes:    routes(env, id, svc),
		OpenAPI:   openAPI,
		Demo:      svc.LoadDemo,
		Services:  []any{svc},
		Jobs:      []capability.Job{{Name: "network_notifications", Every: time.Minute, Kick: svc.kick, Run: svc.SendDue}},
		Account:   accountHooks(svc, id),
		NavCounts: map[string]func(context.Context, string) (int, error){"/notifications": svc.Unread},
	}, nil
}

// routes is the capability's part of the route table.
func routes(env *capability.Env, id *identity.Service, svc *Service) []capability.Route {
	h := &Handlers{Kit: env.Kit, Svc: svc}
	api := &API{Kit: env.Kit, Svc: svc}
	const g = "/groups/{id}"
	const guide = g + "/guides/{guide}"
	var t capability.Table
	t.Public("GET /groups", h.Groups)
	t.Public("GET /groups.json", h.GroupsJSON)
	t.SignedIn("GET /groups/new", h.NewGroupForm)
	t.SignedIn("POST /groups", h.CreateGroup)
	t.Public("GET "+g, h.Group)
	t.SignedIn("POST "+g+"/join", h.Join)
	t.SignedIn("POST "+g+"/leave", h.Leave)
	t.Public("GET "+g+"/members", h.Members)
	t.Public("GET "+g+"/members.json", h.MembersJSON)
	t.SignedIn("POST "+g+"/members", h.Invite)
	t.SignedIn("POST "+g+"/members/{account}", h.ManageMember)
	t.Public("GET "+g+"/members/{account}", h.Member)
	t.Public("GET /invitations/{token}", h.InvitationForm)
	t.SignedIn("POST /invitations/{token}", h.AcceptInvitation)
	t.SignedIn("GET "+g+"/settings", h.SettingsForm)
	t.SignedIn("POST "+g+"/settings", h.SaveSettings)
	t.SignedIn("GET "+g+"/export.json", h.Export)
	t.Public("GET "+g+"/threads.json", h.ThreadsJSON)
	t.SignedIn("GET "+g+"/threads/new", h.NewThreadForm)
	t.SignedIn("POST "+g+"/threads", h.StartThread).Body(UploadBody)
	t.Public("GET "+g+"/threads/{thread}", h.Thread)
	t.SignedIn("POST "+g+"/threads/{thread}/posts", h.Reply).Body(UploadBody)
	t.SignedIn("POST "+g+"/threads/{thread}/summary", h.Summary)
	t.SignedIn("GET "+g+"/posts/{post}/edit", h.EditForm)
	t.SignedIn("POST "+g+"/posts/{post}/edit", h.Edit)
	t.Public("GET "+g+"/posts/{post}/history", h.History)
	t.SignedIn("GET "+g+"/posts/{post}/report", h.ReportForm)
	t.SignedIn("POST "+g+"/posts/{post}/report", h.Report)
	t.Public("GET "+g+"/attachments/{file}", h.Attachment)
	t.SignedIn("POST "+g+"/guides", h.CreateGuide)
	t.Public("GET "+guide, h.Guide)
	t.Public("GET "+guide+"/guide.json", h.GuideJSON)
	t.SignedIn("POST "+guide+"/chapters", h.AddChapter)
	t.Public("GET "+guide+"/chapters/{chapter}", h.Chapter)
	t.SignedIn("POST "+guide+"/chapters/{chapter}/versions", h.SaveVersion)
	t.SignedIn("POST "+guide+"/chapters/{chapter}/comments", h.Comment)
	t.SignedIn("POST "+guide+"/comments/{comment}", h.CommentState)
	t.SignedIn("POST "+guide+"/publish", h.Publish)
	t.Public("GET "+guide+"/published", h.Published)
	t.Public("GET "+guide+"/print", h.Print)
	t.Public("GET /network/print.css", h.PrintCSS)

	t.Moderator("GET /moderation", h.Moderation)
	t.Moderator("GET /moderation.json", h.ModerationJSON)
	t.Moderator("POST /moderation/posts/{post}", h.ModeratePost)
	t.Moderator("POST /moderation/accounts/{account}/block", h.BlockAccount)

	t.SignedIn("GET /notifications", h.Notifications)
	t.SignedIn("GET /notifications.json", h.NotificationsJSON)
	t.SignedIn("POST /notifications/read", h.MarkRead)
	t.Public("GET /unsubscribe/{token}", h.UnsubscribeForm)
	t.Public("POST /unsubscribe/{token}", h.Unsubscribe)

	t.Public("GET /api/v1/groups", api.Groups)
	t.Public("GET /api/v1/groups/{id}", api.Group)
	t.Public("GET /api/v1/groups/{id}/threads", api.Threads)
	t.Public("GET /api/v1/groups/{id}/threads/{thread}", api.Thread)
	return t.Routes
}

// openAPI adds the capability's paths and schemas to the OpenAPI document.
func openAPI(paths, schemas openapi.Obj) {
	uuid := openapi.Obj{"type": "string", "format": "uuid"}
	ts := openapi.Obj{"type": "string", "format": "date-time"}
	threadParam := openapi.Obj{"name": "thread", "in": "path", "required": true, "schema": uuid}
	paths["/groups"] = openapi.Obj{"get": openapi.Obj{"operationId": "listGroups", "summary": "Open and closed groups of the network, by name (private groups are never listed)",
		"parameters": openapi.Paging, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of groups", openapi.ListOf("Group")), "422": openapi.Problem}}}
	paths["/groups/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getGroup", "summary": "One open or closed group (a private group is not found)",
		"parameters": []openapi.Obj{openapi.IDParam}, "responses": openapi.Obj{"200": openapi.JSONResponse("The group", openapi.Ref("Group")), "404": openapi.Problem}}}
	paths["/groups/{id}/threads"] = openapi.Obj{"get": openapi.Obj{"operationId": "listGroupThreads", "summary": "Discussions of an open group, latest activity first (other groups: not found)",
		"parameters": append([]openapi.Obj{openapi.IDParam}, openapi.Paging...), "responses": openapi.Obj{"200": openapi.JSONResponse("A page of threads", openapi.ListOf("Thread")), "404": openapi.Problem, "422": openapi.Problem}}}
	paths["/groups/{id}/threads/{thread}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getGroupThread", "summary": "One discussion of an open group with its visible posts and their replies",
		"parameters": []openapi.Obj{openapi.IDParam, threadParam}, "responses": openapi.Obj{"200": openapi.JSONResponse("The thread", openapi.Ref("ThreadWithPosts")), "404": openapi.Problem}}}
	schemas["Group"] = openapi.Obj{"type": "object", "required": []string{"id", "name", "description", "visibility", "created_at", "members"}, "properties": openapi.Obj{
		"id": uuid, "name": openapi.Obj{"type": "string"}, "description": openapi.Obj{"type": "string", "description": "Markdown"},
		"visibility": openapi.Obj{"type": "string", "enum": []string{"open", "closed"}}, "created_at": ts, "members": openapi.Obj{"type": "integer", "minimum": 0},
	}}
	threadProps := openapi.Obj{
		"id": uuid, "group_id": uuid, "title": openapi.Obj{"type": "string"}, "author": openapi.Obj{"type": "string"},
		"created_at": ts, "last_post_at": ts, "summary": openapi.Obj{"type": "string", "description": "the hosts' summary so far, Markdown"},
		"summary_at": openapi.Obj{"type": []string{"string", "null"}, "format": "date-time"}, "posts": openapi.Obj{"type": "integer", "minimum": 0},
	}
	threadReq := []string{"id", "group_id", "title", "author", "created_at", "last_post_at", "summary", "summary_at", "posts"}
	schemas["Thread"] = openapi.Obj{"type": "object", "required": threadReq, "properties": threadProps}
	postProps := openapi.Obj{
		"id": uuid, "thread_id": uuid, "parent_id": uuid, "quote_id": uuid, "author": openapi.Obj{"type": "string"},
		"body": openapi.Obj{"type": "string", "description": "Markdown as written"}, "body_html": openapi.Obj{"type": "string", "description": "sanitised HTML"},
		"created_at": ts, "edited_at": openapi.Obj{"type": []string{"string", "null"}, "format": "date-time"},
		"replies":     openapi.Obj{"type": "array", "items": openapi.Ref("Post")},
		"attachments": openapi.Obj{"type": "array", "items": openapi.Obj{"type": "object", "properties": openapi.Obj{"id": uuid, "filename": openapi.Obj{"type": "string"}, "content_type": openapi.Obj{"type": "string"}, "size": openapi.Obj{"type": "integer"}}}},
	}
	schemas["Post"] = openapi.Obj{"type": "object", "required": []string{"id", "thread_id", "author", "body", "body_html", "created_at", "edited_at"}, "properties": postProps}
	withPosts := openapi.Obj{}
	for k, v := range threadProps {
		withPosts[k] = v
	}
	withPosts["posts"] = openapi.Obj{"type": "array", "items": openapi.Ref("Post")}
	schemas["ThreadWithPosts"] = openapi.Obj{"type": "object", "required": []string{"id", "group_id", "title", "posts"}, "properties": withPosts}
}
