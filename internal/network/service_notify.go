package network

import (
	"context"
	"strings"
	"time"

	"commons/internal/network/digest"
	"commons/internal/platform/db"
	"commons/internal/platform/mail"
	"commons/internal/platform/markdown"
	"commons/internal/platform/secret"
	"commons/internal/platform/web"
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
func (s *Service) Notifications(ctx context.Context, u *web.User, limit int) ([]Notification, int, error) {
	rows, err := s.DB.Query(ctx, `SELECT n.id, n.kind, g.id, g.name, t.id, t.title, n.post_id, `+shownName+`, n.created_at, n.read_at IS NOT NULL
		FROM network_notifications n
		JOIN network_groups g ON g.id = n.group_id
		JOIN network_threads t ON t.id = n.thread_id
		JOIN network_posts p ON p.id = n.post_id
		JOIN accounts a ON a.id = p.author_id
		JOIN network_members m ON m.group_id = n.group_id AND m.account_id = n.account_id AND m.state = 'member'
		WHERE n.account_id = $1 AND n.kind IN ('mention', 'reply') AND p.state = 'visible'
		ORDER BY n.created_at DESC, n.id LIMIT $2`, u.ID, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Notification
	unread := 0
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.Kind, &n.GroupID, &n.GroupName, &n.ThreadID, &n.Title, &n.PostID, &n.Author, &n.CreatedAt, &n.Read); err != nil {
			return nil, 0, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		if !n.Read {
			unread++
		}
		out = append(out, n)
	}
	return out, unread, rows.Err()
}

// MarkRead marks all the viewer's notifications read.
func (s *Service) MarkRead(ctx context.Context, u *web.User) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if _, err := s.DB.Exec(ctx, `UPDATE network_notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL`, now, u.ID); err != nil {
			return err
		}
		return markNoticesRead(ctx, s.DB, u.ID, now)
	})
}

// Unsubscribe obeys a one-click unsubscribe link: no more mail from that group.
func (s *Service) Unsubscribe(ctx context.Context, token string) (string, error) {
	var name string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var accountID, groupID string
		if err := s.DB.QueryRow(ctx, `SELECT u.account_id, u.group_id, g.name FROM network_unsubscribe u JOIN network_groups g ON g.id = u.group_id
			WHERE u.token_hash = $1`, secret.HashToken(token)).Scan(&accountID, &groupID, &name); err != nil {
			return notFoundOr(err)
		}
		if _, err := s.DB.Exec(ctx, `UPDATE network_prefs SET frequency = 'off', next_digest_at = $1 WHERE account_id = $2 AND group_id = $3`,
			digest.NextDue(digest.Off, s.DB.Now(ctx)), accountID, groupID); err != nil {
			return err
		}
		return s.skipBacklog(ctx, accountID, groupID)
	})
	return name, err
}

// UnsubscribeGroup names the group an unsubscribe link is for, or not found.
func (s *Service) UnsubscribeGroup(ctx context.Context, token string) (string, error) {
	var name string
	err := s.DB.QueryRow(ctx, `SELECT g.name FROM network_unsubscribe u JOIN network_groups g ON g.id = u.group_id WHERE u.token_hash = $1`,
		secret.HashToken(token)).Scan(&name)
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
	rows, err := s.DB.Query(ctx, `SELECT n.id FROM network_notifications n
		JOIN network_prefs p ON p.account_id = n.account_id AND p.group_id = n.group_id
		WHERE n.mailed_at IS NULL AND p.frequency = 'immediate' ORDER BY n.created_at LIMIT 200`)
	if err != nil {
		return 0, err
	}
	var immediate []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		immediate = append(immediate, id)
	}
	rows.Close()
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
	type due struct {
		account, group string
		at             time.Time
	}
	rows, err = s.DB.Query(ctx, `SELECT account_id, group_id, next_digest_at FROM network_prefs
		WHERE frequency IN ('daily', 'weekly') AND next_digest_at <= $1 ORDER BY next_digest_at LIMIT 200`, s.DB.Now(ctx))
	if err != nil {
		return sent, err
	}
	var dues []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.account, &d.group, &d.at); err != nil {
			rows.Close()
			return sent, err
		}
		dues = append(dues, d)
	}
	rows.Close()
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
	err := s.DB.QueryRow(ctx, `SELECT a.name, a.email, a.language, g.name FROM accounts a
		JOIN network_members m ON m.account_id = a.id AND m.group_id = $2 AND m.state = 'member'
		JOIN network_groups g ON g.id = m.group_id WHERE a.id = $1`, accountID, groupID).Scan(&r.name, &r.email, &r.lang, &r.groupName)
	if db.IsNoRows(err) {
		return r, false, nil
	}
	return r, err == nil, err
}

func (s *Service) sendImmediate(ctx context.Context, id string) (bool, error) {
	sent := false
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		sent = false
		now := s.DB.Now(ctx)
		res, err := s.DB.Exec(ctx, `UPDATE network_notifications SET mailed_at = $1 WHERE id = $2 AND mailed_at IS NULL`, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another server claimed it
		}
		var accountID, groupID, threadID, title, kind, author, body string
		if err := s.DB.QueryRow(ctx, `SELECT n.account_id, n.group_id, n.thread_id, t.title, n.kind, a.name, p.body
			FROM network_notifications n JOIN network_threads t ON t.id = n.thread_id JOIN network_posts p ON p.id = n.post_id
			JOIN accounts a ON a.id = p.author_id WHERE n.id = $1 AND p.state = 'visible'`, id).
			Scan(&accountID, &groupID, &threadID, &title, &kind, &author, &body); err != nil {
			if db.IsNoRows(err) {
				return nil
			}
			return err
		}
		r, ok, err := s.recipient(ctx, accountID, groupID)
		if err != nil || !ok {
			return err
		}
		link := s.BaseURL + "/groups/" + groupID + "/threads/" + threadID
		subject := s.T(r.lang, "network.mail.post_subject", "group", r.groupName, "title", title)
		if kind == "mention" {
			subject = s.T(r.lang, "network.mail.mention_subject", "name", author, "title", title)
		}
		text := s.T(r.lang, "network.mail.post_body", "name", r.name, "author", author, "title", title, "excerpt", markdown.Excerpt(body, 300), "link", link)
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
		var freq string
		if err := s.DB.QueryRow(ctx, `SELECT frequency FROM network_prefs WHERE account_id = $1 AND group_id = $2`, accountID, groupID).Scan(&freq); err != nil {
			return notFoundOr(err)
		}
		// Claim: only the server whose update finds the due time unchanged sends this digest.
		res, err := s.DB.Exec(ctx, `UPDATE network_prefs SET next_digest_at = $1 WHERE account_id = $2 AND group_id = $3 AND next_digest_at = $4`,
			digest.NextDue(freq, now), accountID, groupID, dueAt)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		r, ok, err := s.recipient(ctx, accountID, groupID)
		if err != nil || !ok {
			return err
		}
		rows, err := s.DB.Query(ctx, `SELECT t.id, t.title, p.body, a.name, p.created_at, n.kind = 'mention',
			EXISTS (SELECT 1 FROM network_follows f WHERE f.account_id = n.account_id AND f.thread_id = n.thread_id)
			FROM network_notifications n JOIN network_threads t ON t.id = n.thread_id JOIN network_posts p ON p.id = n.post_id
			JOIN accounts a ON a.id = p.author_id
			WHERE n.account_id = $1 AND n.group_id = $2 AND n.mailed_at IS NULL AND p.state = 'visible' AND n.created_at > $3`,
			accountID, groupID, now.AddDate(0, 0, -8))
		if err != nil {
			return err
		}
		var items []digest.Item
		for rows.Next() {
			var it digest.Item
			var body string
			if err := rows.Scan(&it.ThreadID, &it.Title, &body, &it.Author, &it.At, &it.Mentioned, &it.Followed); err != nil {
				rows.Close()
				return err
			}
			it.Excerpt = markdown.Excerpt(body, 140)
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := s.DB.Exec(ctx, `UPDATE network_notifications SET mailed_at = $1 WHERE account_id = $2 AND group_id = $3 AND mailed_at IS NULL`,
			now, accountID, groupID); err != nil {
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
	if _, err := s.DB.Exec(ctx, `INSERT INTO network_unsubscribe (token_hash, account_id, group_id, created_at) VALUES ($1, $2, $3, $4)`,
		secret.HashToken(token), r.id, r.group, s.DB.Now(ctx)); err != nil {
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
