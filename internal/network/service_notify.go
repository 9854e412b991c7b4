package network

import (
	"commons/internal/platform/actor"
	"context"
	"strings"
	"time"

	"commons/internal/network/digest"
	"commons/internal/platform/db"
	"commons/internal/platform/mail"
	"commons/internal/platform/markdown"
	"commons/internal/platform/secret"
)

// Kick wakes the mail worker (after a post commits, or when someone asks for their digest now).
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Notifications lists the viewer's in-app notifications, newest first: mentions and activity in
// threads they follow, in groups they are still a member of.
func (s *Service) Notifications(ctx context.Context, u *actor.Actor, limit int) ([]Notification, int, error) {
	out, err := notificationsOf(ctx, s.DB, u.ID, limit)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(out))
	unread := 0
	for i, n := range out {
		ids[i] = n.authorID
		if !n.Read {
			unread++
		}
	}
	names, err := s.shownNames(ctx, ids)
	for i := range out {
		out[i].Author = names[out[i].authorID]
	}
	return out, unread, err
}

// MarkRead marks all the viewer's notifications read.
func (s *Service) MarkRead(ctx context.Context, u *actor.Actor) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if err := markNotificationsRead(ctx, s.DB, u.ID, now); err != nil {
			return err
		}
		return markNoticesRead(ctx, s.DB, u.ID, now)
	})
}

// Unsubscribe obeys a one-click unsubscribe link: no more mail from that group.
func (s *Service) Unsubscribe(ctx context.Context, token string) (string, error) {
	var name string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		accountID, groupID, groupName, err := unsubscribeLink(ctx, s.DB, secret.HashToken(token))
		if err != nil {
			return notFoundOr(err)
		}
		name = groupName
		if err := stopMail(ctx, s.DB, accountID, groupID, digest.NextDue(digest.Off, s.DB.Now(ctx))); err != nil {
			return err
		}
		return s.skipBacklog(ctx, accountID, groupID)
	})
	return name, err
}

// UnsubscribeGroup names the group an unsubscribe link is for, or not found.
func (s *Service) UnsubscribeGroup(ctx context.Context, token string) (string, error) {
	_, _, name, err := unsubscribeLink(ctx, s.DB, secret.HashToken(token))
	return name, noRowsNotFound(err)
}

// Run sends notification mail until ctx ends, waking when kicked and every poll interval.
// Any number of servers may run it at once: each message is claimed by a conditional update
// before it is queued, so nothing is sent twice.
func (s *Service) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("network mail", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// DigestLines is the most threads a digest lists.
const DigestLines = 10

// SendDue queues immediate notifications and due digests into the outbox and reports how many
// messages it queued.
func (s *Service) SendDue(ctx context.Context) (int, error) {
	sent := 0
	// Immediate: each unsent notification of a person who wants mail at once.
	immediate, err := dueImmediate(ctx, s.DB, 200)
	if err != nil {
		return 0, err
	}
	for _, id := range immediate {
		ok, err := s.sendImmediate(ctx, id)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	// Digests: each person and group whose digest is due.
	dues, err := dueDigests(ctx, s.DB, s.DB.Now(ctx), 200)
	if err != nil {
		return sent, err
	}
	for _, d := range dues {
		ok, err := s.sendDigest(ctx, d.account, d.group, d.at)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// recipient is whom a notification mail goes to; lang is the language their account prefers,
// since these mails are written by a worker, not during one of their requests.
type recipient struct {
	id, name, email, lang, group, groupName string
}

func (s *Service) recipient(ctx context.Context, accountID, groupID string) (recipient, bool, error) {
	r := recipient{id: accountID, group: groupID}
	name, err := memberGroupName(ctx, s.DB, accountID, groupID)
	if db.IsNoRows(err) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	ps, err := s.People.People(ctx, []string{accountID})
	p, ok := ps[accountID]
	if err != nil || !ok {
		return r, false, err
	}
	r.name, r.email, r.lang, r.groupName = p.Name, p.Email, p.Language, name
	return r, true, nil
}

func (s *Service) sendImmediate(ctx context.Context, id string) (bool, error) {
	sent := false
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		sent = false
		now := s.DB.Now(ctx)
		n, err := claimNotification(ctx, s.DB, id, now)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil // another server claimed it
		}
		x, err := notificationToMail(ctx, s.DB, id)
		if err != nil {
			if db.IsNoRows(err) {
				return nil
			}
			return err
		}
		ps, err := s.People.People(ctx, []string{x.authorID})
		if err != nil {
			return err
		}
		author, ok := ps[x.authorID]
		if !ok {
			return nil // as the join on accounts did
		}
		accountID, groupID, threadID, title, kind, body := x.accountID, x.groupID, x.threadID, x.title, x.kind, x.body
		r, ok, err := s.recipient(ctx, accountID, groupID)
		if err != nil || !ok {
			return err
		}
		link := s.BaseURL + "/groups/" + groupID + "/threads/" + threadID
		subject := s.T(r.lang, "network.mail.post_subject", "group", r.groupName, "title", title)
		if kind == "mention" {
			subject = s.T(r.lang, "network.mail.mention_subject", "name", author.Name, "title", title)
		}
		text := s.T(r.lang, "network.mail.post_body", "name", r.name, "author", author.Name, "title", title, "excerpt", markdown.Excerpt(body, 300), "link", link)
		sent = true
		return s.enqueue(ctx, r, subject, text)
	})
	return sent, err
}

func (s *Service) sendDigest(ctx context.Context, accountID, groupID string, dueAt time.Time) (bool, error) {
	sent := false
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		sent = false
		now := s.DB.Now(ctx)
		freq, err := mailFrequency(ctx, s.DB, accountID, groupID)
		if err != nil {
			return notFoundOr(err)
		}
		// Claim: only the server whose update finds the due time unchanged sends this digest.
		n, err := claimDigest(ctx, s.DB, accountID, groupID, dueAt, digest.NextDue(freq, now))
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		r, ok, err := s.recipient(ctx, accountID, groupID)
		if err != nil || !ok {
			return err
		}
		items, authors, err := digestItems(ctx, s.DB, accountID, groupID, now.AddDate(0, 0, -8))
		if err != nil {
			return err
		}
		ps, err := s.People.People(ctx, authors)
		if err != nil {
			return err
		}
		kept := items[:0]
		for i, it := range items {
			p, ok := ps[authors[i]]
			if !ok {
				continue // as the join on accounts did
			}
			it.Author = p.Name
			kept = append(kept, it)
		}
		items = kept
		if err := markGroupMailed(ctx, s.DB, accountID, groupID, now); err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		lines, more := digest.Build(items, DigestLines)
		var b strings.Builder
		b.WriteString(s.T(r.lang, "network.mail.digest_intro", "name", r.name, "group", r.groupName))
		b.WriteString("\n\n")
		for _, l := range lines {
			mark := ""
			switch {
			case l.Mentioned:
				mark = s.T(r.lang, "network.mail.digest_mentioned") + " "
			case l.Followed:
				mark = s.T(r.lang, "network.mail.digest_followed") + " "
			}
			b.WriteString("* " + mark + l.Title + " (" + s.T(r.lang, "network.mail.digest_posts", "count", l.Posts) + ")\n")
			b.WriteString("  " + l.Author + ": " + l.Excerpt + "\n")
			b.WriteString("  " + s.BaseURL + "/groups/" + groupID + "/threads/" + l.ThreadID + "\n\n")
		}
		if more > 0 {
			b.WriteString(s.T(r.lang, "network.mail.digest_more", "count", more, "link", s.BaseURL+"/groups/"+groupID) + "\n")
		}
		key := "network.mail.digest_subject_daily"
		if freq == digest.Weekly {
			key = "network.mail.digest_subject_weekly"
		}
		sent = true
		return s.enqueue(ctx, r, s.T(r.lang, key, "group", r.groupName), b.String())
	})
	return sent, err
}

// enqueue queues a message with a fresh one-click unsubscribe link (RFC 8058) and a footer.
func (s *Service) enqueue(ctx context.Context, r recipient, subject, text string) error {
	token := secret.Token()
	if err := insertUnsubscribe(ctx, s.DB, secret.HashToken(token), r.id, r.group, s.DB.Now(ctx)); err != nil {
		return err
	}
	link := s.BaseURL + "/unsubscribe/" + token
	text += "\n--\n" + s.T(r.lang, "network.mail.footer", "group", r.groupName, "link", link, "settings", s.BaseURL+"/groups/"+r.group+"/settings") + "\n"
	return s.Outbox.EnqueueMessage(ctx, mail.Message{
		To: []string{r.email}, Subject: subject, Text: text,
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + link + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	})
}
