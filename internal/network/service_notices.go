package network

import (
	"commons/internal/platform/actor"
	"context"
	"sort"
	"time"

	"commons/internal/identity"
	"commons/internal/network/mention"

	"commons/internal/platform/mail"
)

// Kinds of notice: what happened to what a person did, or what waits for them.
const (
	NoticeJoinRequest   = "join_request"   // to a group's hosts: someone asked to join
	NoticeGuideComment  = "guide_comment"  // to a chapter's authors: someone commented on it
	NoticePostHidden    = "post_hidden"    // to a post's author: a moderator hid it (Detail: the reason)
	NoticePostRestored  = "post_restored"  // to a post's author: a moderator showed it again
	NoticePostApproved  = "post_approved"  // to a post's author: a held post is now shown
	NoticeReportOutcome = "report_outcome" // to a reporter: what the moderators did (Detail: the action)
)

// Notice is one item of a person's notifications that is not a post: see the kinds above.
type Notice struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	GroupID   string    `json:"group_id"`
	GroupName string    `json:"group"`
	ActorID   string    `json:"-"`
	Actor     string    `json:"actor"` // who did it; "" when their account has been deleted
	Subject   string    `json:"subject"`
	Link      string    `json:"link"`
	Detail    string    `json:"detail"`
	CreatedAt time.Time `json:"created_at"`
	Read      bool      `json:"read"`
}

// notify records a notice for each person (but never for whoever caused it) and mails them at
// once, in their language, unless they turned the group's mail off. It runs in the caller's
// transaction, so a notice exists only if what it tells of happened.
func (s *Service) notify(ctx context.Context, n Notice, to ...string) error {
	var actorName string
	if n.ActorID != "" {
		actor, err := s.People.Person(ctx, n.ActorID)
		if err != nil {
			return err
		}
		actorName = actor.Name
	}
	for _, id := range to {
		if id == n.ActorID && n.Kind != NoticeReportOutcome {
			continue
		}
		if err := insertNotice(ctx, s.DB, n, id); err != nil {
			return err
		}
		r, err := s.People.Person(ctx, id)
		if err != nil {
			return err
		}
		off, err := mailOff(ctx, s.DB, id, n.GroupID)
		if err != nil {
			return err
		}
		if r.Email == "" || off || s.Outbox == nil {
			continue
		}
		group, err := groupName(ctx, s.DB, n.GroupID)
		if err != nil {
			return err
		}
		outcome := ""
		if n.Kind == NoticeReportOutcome {
			outcome = s.T(r.Language, "network.notice.outcome."+n.Detail)
		}
		what := s.T(r.Language, "network.notice."+n.Kind, "name", actorName, "title", n.Subject, "group", group, "outcome", outcome)
		detail := ""
		switch n.Kind {
		case NoticePostHidden:
			detail = s.T(r.Language, "network.notice.reason", "reason", n.Detail) + "\n\n"
		case NoticeGuideComment:
			detail = "“" + n.Detail + "”\n\n"
		}
		if err := s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{r.Email}, Subject: what,
			Text: s.T(r.Language, "network.mail.notice_body", "name", r.Name, "what", what, "detail", detail,
				"link", s.BaseURL+n.Link, "settings", s.BaseURL+"/groups/"+n.GroupID+"/settings")}); err != nil {
			return err
		}
	}
	return nil
}

// Notices lists the viewer's notices, newest first.
func (s *Service) Notices(ctx context.Context, u *actor.Actor, limit int) ([]Notice, error) {
	ns, err := noticesOf(ctx, s.DB, u.ID, limit)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(ns))
	for i := range ns {
		ids[i] = ns[i].ActorID
	}
	people, err := s.People.People(ctx, ids)
	for i := range ns {
		ns[i].Actor = people[ns[i].ActorID].Name // a deleted account's is ""
	}
	return ns, err
}

// Unread is the number the menu shows beside Notifications: unread mentions, replies and
// notices.
func (s *Service) Unread(ctx context.Context, accountID string) (int, error) {
	return unreadCount(ctx, s.DB, accountID)
}

// memberHandles maps the handles of a group's members to their account ids, for linking
// mentions (two members with one handle: the first by name keeps it, as notifications do).
func (s *Service) memberHandles(ctx context.Context, groupID string) (map[string]string, error) {
	ids, err := groupMemberIDs(ctx, s.DB, groupID)
	if err != nil {
		return nil, err
	}
	people, err := s.People.People(ctx, ids)
	if err != nil {
		return nil, err
	}
	ps := make([]identity.Person, 0, len(people))
	for _, p := range people {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Name != ps[j].Name {
			return ps[i].Name < ps[j].Name
		}
		return ps[i].ID < ps[j].ID
	})
	out := map[string]string{}
	for _, p := range ps {
		if h := mention.Handle(p.Name); h != "" && out[h] == "" {
			out[h] = p.ID
		}
	}
	return out, nil
}
