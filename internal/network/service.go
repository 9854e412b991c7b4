package network

import (
	"commons/internal/platform/actor"
	"context"
	"database/sql"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/network/digest"
	"commons/internal/network/mention"
	"commons/internal/network/spam"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/markdown"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/secret"
)

// Outbox queues mail in the caller's transaction.
type Outbox interface {
	EnqueueMessage(ctx context.Context, m mail.Message) error
}

// Deps is what the network service needs.
type Deps struct {
	DB      *db.DB
	Outbox  Outbox
	T       func(lang, key string, args ...any) string
	BaseURL string
	// HoldFirstPosts is how many first posts of a new account wait for a moderator (0: none).
	HoldFirstPosts int
	PostLimit      *ratelimit.Limiter // posts per account per window
	Spam           spam.Rules
	Log            *slog.Logger
	People         People // identity: names, addresses and organisations of accounts
}

// People is what the network reads of people, through identity's exported functions rather
// than by naming its tables.
type People interface {
	People(ctx context.Context, ids []string) (map[string]identity.Person, error)
	Person(ctx context.Context, id string) (identity.Person, error)
	Affiliations(ctx context.Context, accountIDs []string) (map[string]identity.Affiliation, error)
	AccountByEmail(ctx context.Context, email string) (identity.Account, error)
}

// shownNames are the names accounts are shown with on pages ("" for the former member, whom
// pages call "a former member"), read in one go for a whole list.
func (s *Service) shownNames(ctx context.Context, accountIDs []string) (map[string]string, error) {
	ps, err := s.People.People(ctx, accountIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ps))
	for id, p := range ps {
		out[id] = p.Shown()
	}
	return out, nil
}

// Service holds the network's rules.
type Service struct {
	Deps
	kick chan struct{}
}

// NewService returns the service.
func NewService(d Deps) *Service { return &Service{Deps: d, kick: make(chan struct{}, 1)} }

// NewAccountAge is how long an account counts as new (first posts held, fewer links).
const NewAccountAge = 7 * 24 * time.Hour

var notFound = errs.E(errs.NotFound, "error.not_found")

func forbidden() error { return errs.E(errs.Forbidden, "error.forbidden") }

// access loads a group and the viewer's membership. A private group the viewer is neither a
// member of nor invited to is not found.
func (s *Service) access(ctx context.Context, u *actor.Actor, groupID string) (Group, Membership, error) {
	g, err := groupByID(ctx, s.DB, groupID)
	if err != nil {
		return g, Membership{}, notFoundOr(err)
	}
	var m Membership
	if u != nil {
		m.SignedIn = true
		m.Admin = u.Has("admin")
		if err := membershipOf(ctx, s.DB, groupID, u.ID, &m); err != nil && !db.IsNoRows(err) {
			return g, m, err
		}
		blocked, err := isBlocked(ctx, s.DB, u.ID)
		if err != nil {
			return g, m, err
		}
		m.Blocked = blocked
	}
	if g.Visibility == Private && m.State != StateMember && m.State != StateInvited {
		return Group{}, Membership{}, notFound
	}
	return g, m, nil
}

// readable loads a group whose discussions and guides the viewer may read: anyone for open
// groups, members for the others (not found for everyone else).
func (s *Service) readable(ctx context.Context, u *actor.Actor, groupID string) (Group, Membership, error) {
	g, m, err := s.access(ctx, u, groupID)
	if err != nil {
		return g, m, err
	}
	if g.Visibility != Open && !m.IsMember() {
		return Group{}, Membership{}, notFound
	}
	return g, m, nil
}

// notFoundOr is the error to return when a lookup failed or found the wrong thing (a post of
// another group, say): not found, or the database's own error. It is never nil, so a caller
// that reaches it because ids did not match can never report success (V2).
func notFoundOr(err error) error {
	if err == nil || db.IsNoRows(err) {
		return notFound
	}
	return err
}

// noRowsNotFound turns a lookup's "no rows" into not found and passes everything else, nil
// included, through: for returning a lookup's result as it is.
func noRowsNotFound(err error) error {
	if db.IsNoRows(err) {
		return notFound
	}
	return err
}

// Groups lists the groups the viewer can see (open and closed ones, and private ones they are
// in), optionally matching q in the name or description.
func (s *Service) Groups(ctx context.Context, u *actor.Actor, q string) ([]Group, error) {
	viewer := ""
	if u != nil {
		viewer = u.ID
	}
	return visibleGroups(ctx, s.DB, viewer, q)
}

// PublicGroups lists open and closed groups for the API.
func (s *Service) PublicGroups(ctx context.Context, limit, offset int) ([]Group, error) {
	return publicGroups(ctx, s.DB, limit+1, offset)
}

// Group returns a group the viewer may see and their membership.
func (s *Service) Group(ctx context.Context, u *actor.Actor, id string) (Group, Membership, error) {
	return s.access(ctx, u, id)
}

// CreateGroup starts a group; its creator is its first host.
func (s *Service) CreateGroup(ctx context.Context, u *actor.Actor, in GroupInput) (Group, error) {
	if err := in.Validate(); err != nil {
		return Group{}, err
	}
	html, err := markdown.Render(in.Description)
	if err != nil {
		return Group{}, errs.FieldErrors(map[string]string{"description": markdown.TooLongKey})
	}
	g := Group{ID: ids.New(), Name: in.Name, Description: in.Description, DescriptionHTML: html, Visibility: in.Visibility}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if blocked, err := s.blocked(ctx, u.ID); err != nil || blocked {
			return orBlocked(err, blocked)
		}
		g.CreatedAt = s.DB.Now(ctx)
		if err := insertGroup(ctx, s.DB, g, u.ID); err != nil {
			return err
		}
		return s.addMember(ctx, g.ID, u.ID, RoleHost, StateMember)
	})
	return g, err
}

func orBlocked(err error, blocked bool) error {
	if err != nil {
		return err
	}
	if blocked {
		return errs.E(errs.Forbidden, "network.err.blocked")
	}
	return nil
}

func (s *Service) blocked(ctx context.Context, accountID string) (bool, error) {
	return isBlocked(ctx, s.DB, accountID)
}

// addMember adds or updates a membership and gives a new member default mail settings.
func (s *Service) addMember(ctx context.Context, groupID, accountID, role, state string) error {
	now := s.DB.Now(ctx)
	if err := upsertMember(ctx, s.DB, groupID, accountID, role, state, now); err != nil {
		return err
	}
	if state != StateMember {
		return nil
	}
	return defaultPrefs(ctx, s.DB, accountID, groupID, digest.Weekly, digest.NextDue(digest.Weekly, now))
}

// Join joins an open group, asks to join a closed one, or accepts an invitation to a private
// one. It returns the membership state reached.
func (s *Service) Join(ctx context.Context, u *actor.Actor, groupID string) (string, error) {
	var state string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		g, m, err := s.access(ctx, u, groupID)
		if err != nil {
			return err
		}
		if m.Blocked {
			return errs.E(errs.Forbidden, "network.err.blocked")
		}
		if m.IsMember() || m.State == StateRequested {
			state = m.State
			return nil
		}
		state = StateMember
		if g.Visibility == Closed && m.State != StateInvited {
			state = StateRequested
		}
		if err := s.addMember(ctx, groupID, u.ID, RoleMember, state); err != nil || state != StateRequested {
			return err
		}
		// The hosts hear that someone is waiting for them.
		hosts, err := groupHosts(ctx, s.DB, groupID)
		if err != nil {
			return err
		}
		return s.notify(ctx, Notice{Kind: NoticeJoinRequest, GroupID: groupID, ActorID: u.ID, Subject: g.Name,
			Link: "/groups/" + groupID + "/members"}, hosts...)
	})
	return state, err
}

// Leave leaves a group (or withdraws a request or declines an invitation). The last host
// cannot leave.
func (s *Service) Leave(ctx context.Context, u *actor.Actor, groupID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, m, err := s.access(ctx, u, groupID)
		if err != nil {
			return err
		}
		if m.IsHost() {
			if n, err := s.hosts(ctx, groupID); err != nil || n <= 1 {
				return orConflict(err, "network.err.last_host")
			}
		}
		return removeMember(ctx, s.DB, groupID, u.ID)
	})
}

func orConflict(err error, key string) error {
	if err != nil {
		return err
	}
	return errs.E(errs.Conflict, key)
}

func (s *Service) hosts(ctx context.Context, groupID string) (int, error) {
	return countHosts(ctx, s.DB, groupID)
}

// Members lists a group's members (hosts also see requests and invitations). Organisation and
// sector show only for people who chose to show them.
func (s *Service) Members(ctx context.Context, u *actor.Actor, groupID string) ([]Member, Group, Membership, error) {
	g, m, err := s.readable(ctx, u, groupID)
	if err != nil {
		return nil, g, m, err
	}
	ms, err := groupMembers(ctx, s.DB, groupID, m.IsHost())
	if err != nil {
		return nil, g, m, err
	}
	ids := make([]string, len(ms))
	for i := range ms {
		ids[i] = ms[i].AccountID
	}
	people, err := s.People.People(ctx, ids)
	if err != nil {
		return nil, g, m, err
	}
	orgs, err := s.People.Affiliations(ctx, ids)
	if err != nil {
		return nil, g, m, err
	}
	var out []Member
	for _, x := range ms {
		p, ok := people[x.AccountID]
		if !ok {
			continue // as the join on accounts did
		}
		x.Name = p.Name
		if x.showOrg {
			x.Org, x.Sector = orgs[x.AccountID].Name, orgs[x.AccountID].Sector
		}
		x.Handle = mention.Handle(x.Name)
		out = append(out, x)
	}
	// Requests first, then invitations, then members; hosts, editors, members; then by name.
	rank := func(x Member) (int, int) {
		st, ro := 2, 2
		switch x.State {
		case StateRequested:
			st = 0
		case StateInvited:
			st = 1
		}
		switch x.Role {
		case RoleHost:
			ro = 0
		case RoleEditor:
			ro = 1
		}
		return st, ro
	}
	sort.SliceStable(out, func(i, j int) bool {
		si, ri := rank(out[i])
		sj, rj := rank(out[j])
		if si != sj {
			return si < sj
		}
		if ri != rj {
			return ri < rj
		}
		return out[i].Name < out[j].Name
	})
	return out, g, m, nil
}

// Member actions a host takes.
const (
	ActApprove = "approve"
	ActRemove  = "remove"
	ActHost    = "host"
	ActEditor  = "editor"
	ActMember  = "member"
)

// ManageMember lets a host approve a request, remove someone, or change their role.
func (s *Service) ManageMember(ctx context.Context, u *actor.Actor, groupID, accountID, action string) error {
	_, err := s.ChangeMember(ctx, u, groupID, accountID, action)
	return err
}

// ChangeMember is ManageMember, reporting whether anything changed (approving someone already
// in, or giving someone the role they have, changes nothing and is not audited).
func (s *Service) ChangeMember(ctx context.Context, u *actor.Actor, groupID, accountID, action string) (bool, error) {
	changed := false
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		changed = false
		_, m, err := s.access(ctx, u, groupID)
		if err != nil {
			return err
		}
		if !m.IsHost() {
			if !m.IsMember() {
				return notFound
			}
			return forbidden()
		}
		role, state, err := memberRoleState(ctx, s.DB, groupID, accountID)
		if err != nil {
			return notFoundOr(err)
		}
		if role == RoleHost && action != ActHost && accountID != "" {
			if n, err := s.hosts(ctx, groupID); err != nil || n <= 1 {
				return orConflict(err, "network.err.last_host")
			}
		}
		person, err := s.People.Person(ctx, accountID)
		if err != nil {
			return err
		}
		name := person.Name
		// Nothing to do is not a change: no audit entry, and the page says so.
		if action == role && state == StateMember || action == ActApprove && state != StateRequested {
			return nil
		}
		changed = true
		switch action {
		case ActApprove:
			if err = s.addMember(ctx, groupID, accountID, RoleMember, StateMember); err == nil {
				err = s.tell(ctx, accountID, groupID, "network.mail.approved_subject", "network.mail.approved_body", u.Name)
			}
		case ActRemove:
			err = removeMember(ctx, s.DB, groupID, accountID)
		case ActHost, ActEditor, ActMember:
			if state != StateMember {
				return errs.E(errs.Invalid, "network.err.not_member")
			}
			err = setMemberRole(ctx, s.DB, groupID, accountID, action)
		default:
			return errs.E(errs.Invalid, "network.err.action")
		}
		if err != nil {
			return err
		}
		group, err := groupName(ctx, s.DB, groupID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: "network.member." + action,
			TargetType: "network_group", TargetID: groupID, Detail: group + ": " + name})
	})
	return changed, err
}

// InvitationTTL is how long an invitation by email to someone without an account lasts.
const InvitationTTL = 14 * 24 * time.Hour

// Invite invites someone by email address to a group (hosts only). Someone with an account is
// invited in the group and told by mail; an address without one gets a mail with a link to
// register (or sign in) and join, and joins when they confirm that address. The answer is the
// same either way, so the form does not tell hosts who has an account. lang is the host's
// language, used for the mail to someone Commons knows nothing about yet.
func (s *Service) Invite(ctx context.Context, u *actor.Actor, lang, groupID, email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	switch {
	case email == "":
		return errs.FieldErrors(map[string]string{"email": "network.err.email_missing"})
	case !validEmail(email):
		return errs.FieldErrors(map[string]string{"email": "network.err.email_format"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		g, m, err := s.access(ctx, u, groupID)
		if err != nil {
			return err
		}
		if !m.IsHost() {
			return forbidden()
		}
		invitee, err := s.People.AccountByEmail(ctx, email)
		accountID := invitee.ID
		if errs.Is(err, errs.NotFound) {
			token := secret.Token()
			now := s.DB.Now(ctx)
			if err := saveInvitation(ctx, s.DB, groupID, email, u.ID, secret.HashToken(token), now, now.Add(InvitationTTL)); err != nil {
				return err
			}
			if err := s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{email},
				Subject: s.T(lang, "network.mail.invite_new_subject", "group", g.Name),
				Text: s.T(lang, "network.mail.invite_new_body", "by", u.Name, "group", g.Name, "link", s.BaseURL+"/invitations/"+token,
					"days", strconv.Itoa(int(InvitationTTL.Hours()/24)))}); err != nil {
				return err
			}
			return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: "network.member.invite",
				TargetType: "network_group", TargetID: groupID, Detail: g.Name + ": " + email})
		}
		if err != nil {
			return err
		}
		_, state, err := memberRoleState(ctx, s.DB, groupID, accountID)
		switch {
		case err == nil && state == StateMember:
			return nil
		case err == nil && state == StateRequested:
			return s.addMember(ctx, groupID, accountID, RoleMember, StateMember)
		case err != nil && !db.IsNoRows(err):
			return err
		}
		if err := s.addMember(ctx, groupID, accountID, RoleMember, StateInvited); err != nil {
			return err
		}
		return s.tell(ctx, accountID, groupID, "network.mail.invited_subject", "network.mail.invited_body", u.Name)
	})
}

// validEmail is a light check of an address typed by a host (the mail server has the last word).
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return len(s) <= 254 && at > 0 && at < len(s)-3 && strings.Contains(s[at+1:], ".") &&
		!strings.ContainsAny(s, " \t\r\n<>,;\"()[]\\") && !strings.HasSuffix(s, ".")
}

// InvitationByToken is the invitation an invitation link is for, or not found (used, expired
// or never made).
func (s *Service) InvitationByToken(ctx context.Context, token string) (Invitation, error) {
	in, err := invitationByHash(ctx, s.DB, secret.HashToken(token))
	if err != nil {
		return in, noRowsNotFound(err)
	}
	people, err := s.People.People(ctx, []string{in.invitedByID})
	in.InvitedBy = people[in.invitedByID].Name // "" when the host's account is gone
	return in, err
}

// AcceptInvitation joins the signed-in person to the group an invitation link is for, whatever
// address they signed up with: the link itself is the invitation.
func (s *Service) AcceptInvitation(ctx context.Context, u *actor.Actor, token string) (string, error) {
	var groupID string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		in, err := invitationByHash(ctx, s.DB, secret.HashToken(token))
		if err != nil {
			return notFoundOr(err)
		}
		if blocked, err := s.blocked(ctx, u.ID); err != nil || blocked {
			return orBlocked(err, blocked)
		}
		ok, err := acceptInvitation(ctx, s.DB, in.ID)
		if err != nil || !ok {
			return notFoundOr(err)
		}
		groupID = in.GroupID
		return s.join(ctx, in.GroupID, u.ID)
	})
	return groupID, err
}

// join makes someone a member of a group they were invited to (keeping a host's or editor's
// role if they have one).
func (s *Service) join(ctx context.Context, groupID, accountID string) error {
	role, state, err := memberRoleState(ctx, s.DB, groupID, accountID)
	if err == nil && state == StateMember {
		return nil
	}
	if err != nil && !db.IsNoRows(err) {
		return err
	}
	if role == "" {
		role = RoleMember
	}
	return s.addMember(ctx, groupID, accountID, role, StateMember)
}

// AccountConfirmed runs when someone proves they own an address (confirming a new account or a
// change of address): groups that invited that address by email take them in.
func (s *Service) AccountConfirmed(ctx context.Context, accountID, email string) error {
	invs, err := liveInvitationsFor(ctx, s.DB, email)
	if err != nil {
		return err
	}
	for _, in := range invs {
		ok, err := acceptInvitation(ctx, s.DB, in.ID)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if blocked, err := s.blocked(ctx, accountID); err != nil || blocked {
			return err
		}
		if err := s.join(ctx, in.GroupID, accountID); err != nil {
			return err
		}
	}
	return nil
}

// PendingInvitations lists the addresses a group invited that have not joined (hosts only).
func (s *Service) PendingInvitations(ctx context.Context, u *actor.Actor, groupID string) ([]PendingInvitation, error) {
	_, m, err := s.access(ctx, u, groupID)
	if err != nil || !m.IsHost() {
		return nil, err
	}
	return pendingInvitations(ctx, s.DB, groupID)
}

// tell mails one person about their membership of a group (an invitation, an approval).
func (s *Service) tell(ctx context.Context, accountID, groupID, subjectKey, bodyKey, by string) error {
	p, err := s.People.Person(ctx, accountID)
	if err != nil {
		return err
	}
	group, err := groupName(ctx, s.DB, groupID)
	if err != nil {
		return err
	}
	name, email, lang := p.Name, p.Email, p.Language
	// In the language the person invited or approved prefers, not the sender's.
	return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{email},
		Subject: s.T(lang, subjectKey, "group", group),
		Text:    s.T(lang, bodyKey, "name", name, "by", by, "group", group, "link", s.BaseURL+"/groups/"+groupID)})
}

// Settings are a member's choices for one group.
type Settings struct {
	ShowOrg   bool
	Frequency string
}

// MySettings reads the viewer's settings for a group.
func (s *Service) MySettings(ctx context.Context, u *actor.Actor, groupID string) (Settings, error) {
	st := Settings{Frequency: digest.Off}
	err := memberSettings(ctx, s.DB, groupID, u.ID, &st)
	if db.IsNoRows(err) {
		return st, nil
	}
	return st, err
}

// SaveSettings stores a member's choices; when sendNow is set, their digest is due at once.
func (s *Service) SaveSettings(ctx context.Context, u *actor.Actor, groupID string, st Settings, sendNow bool) error {
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, m, err := s.access(ctx, u, groupID)
		if err != nil {
			return err
		}
		if !m.IsMember() {
			return notFound
		}
		switch st.Frequency {
		case digest.Immediate, digest.Daily, digest.Weekly, digest.Off:
		default:
			return errs.FieldErrors(map[string]string{"frequency": "network.err.frequency"})
		}
		now := s.DB.Now(ctx)
		if err := setShowOrg(ctx, s.DB, groupID, u.ID, st.ShowOrg); err != nil {
			return err
		}
		if st.Frequency == digest.Immediate || st.Frequency == digest.Off {
			// No backlog: mail at once starts with the next post.
			if err := s.skipBacklog(ctx, u.ID, groupID); err != nil {
				return err
			}
		}
		next := digest.NextDue(st.Frequency, now)
		if sendNow {
			next = now
		}
		return savePrefs(ctx, s.DB, u.ID, groupID, st.Frequency, next)
	})
	if err == nil && sendNow {
		s.Kick()
	}
	return err
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// skipBacklog marks a person's unsent notifications of a group as dealt with.
func (s *Service) skipBacklog(ctx context.Context, accountID, groupID string) error {
	return skipNotifications(ctx, s.DB, accountID, groupID, s.DB.Now(ctx))
}
