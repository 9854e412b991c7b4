package network

import (
	"context"
	"strings"
	"time"

	"commons/internal/platform/audit"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// ReportPost records a report of a post the reporter can read.
func (s *Service) ReportPost(ctx context.Context, u *web.User, groupID, postID, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_missing"})
	case len(reason) > MaxReason:
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, _, err := s.readable(ctx, u, groupID); err != nil {
			return err
		}
		p, err := s.post(ctx, postID)
		if err != nil || p.GroupID != groupID || p.State != PostVisible {
			return notFoundOr(err)
		}
		_, err = s.DB.Exec(ctx, `INSERT INTO network_reports (id, post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
			ids.New(), postID, u.ID, reason, s.DB.Now(ctx))
		return err
	})
}

// Queue is what moderators see: open reports, held posts, and the spam checks' recent refusals.
type Queue struct {
	Reports []Report
	Held    []Report
	Spam    []SpamEntry
	Blocked []Blocked
}

// SpamEntry is one refused post.
type SpamEntry struct {
	Account, Reason, Detail string
	At                      time.Time
}

// Blocked is a blocked account.
type Blocked struct {
	AccountID, Name, Reason string
	At                      time.Time
}

// ModerationQueue returns the queue (moderators only; the route guards it).
func (s *Service) ModerationQueue(ctx context.Context) (Queue, error) {
	var q Queue
	rows, err := s.DB.Query(ctx, `SELECT r.id, p.id, g.id, g.name, p.thread_id, ra.name, r.reason, r.created_at, CASE WHEN pa.email = '' THEN '' ELSE pa.name END, pa.id, p.body_html, p.state
		FROM network_reports r JOIN network_posts p ON p.id = r.post_id JOIN network_groups g ON g.id = p.group_id
		JOIN accounts ra ON ra.id = r.reporter_id JOIN accounts pa ON pa.id = p.author_id
		WHERE r.resolved_at IS NULL ORDER BY r.created_at, r.id`)
	if err != nil {
		return q, err
	}
	q.Reports, err = scanReports(rows)
	if err != nil {
		return q, err
	}
	rows, err = s.DB.Query(ctx, `SELECT '', p.id, g.id, g.name, p.thread_id, '', '', p.created_at, CASE WHEN pa.email = '' THEN '' ELSE pa.name END, pa.id, p.body_html, p.state
		FROM network_posts p JOIN network_groups g ON g.id = p.group_id JOIN accounts pa ON pa.id = p.author_id
		WHERE p.state = 'held' ORDER BY p.created_at, p.id`)
	if err != nil {
		return q, err
	}
	if q.Held, err = scanReports(rows); err != nil {
		return q, err
	}
	rows, err = s.DB.Query(ctx, `SELECT COALESCE(a.name, ''), l.reason, l.detail, l.created_at FROM network_spam_log l
		LEFT JOIN accounts a ON a.id = l.account_id ORDER BY l.created_at DESC, l.id LIMIT 20`)
	if err != nil {
		return q, err
	}
	for rows.Next() {
		var e SpamEntry
		if err := rows.Scan(&e.Account, &e.Reason, &e.Detail, &e.At); err != nil {
			rows.Close()
			return q, err
		}
		e.At = e.At.UTC()
		q.Spam = append(q.Spam, e)
	}
	rows.Close()
	rows, err = s.DB.Query(ctx, `SELECT b.account_id, a.name, b.reason, b.blocked_at FROM network_blocks b JOIN accounts a ON a.id = b.account_id ORDER BY a.name`)
	if err != nil {
		return q, err
	}
	defer rows.Close()
	for rows.Next() {
		var b Blocked
		if err := rows.Scan(&b.AccountID, &b.Name, &b.Reason, &b.At); err != nil {
			return q, err
		}
		q.Blocked = append(q.Blocked, b)
	}
	return q, rows.Err()
}

func scanReports(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]Report, error) {
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var html string
		if err := rows.Scan(&r.ID, &r.PostID, &r.GroupID, &r.GroupName, &r.ThreadID, &r.Reporter, &r.Reason, &r.CreatedAt, &r.PostAuthor, &r.AuthorID, &html, &r.PostState); err != nil {
			return nil, err
		}
		r.PostHTML = trusted(html)
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Moderation actions on a post.
const (
	ModHide    = "hide"
	ModRestore = "restore"
	ModApprove = "approve"
	ModDismiss = "dismiss"
)

// Moderate hides a post with a reason its author sees, restores it, approves a held post, or
// dismisses its reports. Every action resolves the post's open reports and is audited.
func (s *Service) Moderate(ctx context.Context, u *web.User, postID, action, reason string) error {
	reason = strings.TrimSpace(reason)
	if action == ModHide && reason == "" {
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_missing"})
	}
	if len(reason) > MaxReason {
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.post(ctx, postID)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		reporters, err := openReporters(ctx, s.DB, postID)
		if err != nil {
			return err
		}
		var title string
		if err := s.DB.QueryRow(ctx, `SELECT title FROM network_threads WHERE id = $1`, p.ThreadID).Scan(&title); err != nil {
			return err
		}
		link := "/groups/" + p.GroupID + "/threads/" + p.ThreadID + "#post-" + p.ID
		told := Notice{GroupID: p.GroupID, Subject: title, Link: link}
		switch action {
		case ModHide:
			_, err = s.DB.Exec(ctx, `UPDATE network_posts SET state = 'hidden', hidden_reason = $1 WHERE id = $2`, reason, postID)
		case ModRestore:
			_, err = s.DB.Exec(ctx, `UPDATE network_posts SET state = 'visible', hidden_reason = '' WHERE id = $1`, postID)
		case ModApprove:
			if p.State != PostHeld {
				return nil
			}
			if _, err = s.DB.Exec(ctx, `UPDATE network_posts SET state = 'visible' WHERE id = $1`, postID); err == nil {
				p.State = PostVisible
				err = s.published(ctx, p)
			}
		case ModDismiss:
		default:
			return errs.E(errs.Invalid, "network.err.action")
		}
		if err != nil {
			return err
		}
		if _, err := s.DB.Exec(ctx, `UPDATE network_reports SET resolved_at = $1, resolved_by = $2 WHERE post_id = $3 AND resolved_at IS NULL`, now, u.ID, postID); err != nil {
			return err
		}
		// The author hears what happened to their post, with the reason; whoever reported it
		// hears the outcome.
		author := told
		switch {
		case action == ModHide && p.State != PostHidden:
			author.Kind, author.Detail = NoticePostHidden, reason
		case action == ModRestore && p.State == PostHidden:
			author.Kind = NoticePostRestored
		case action == ModApprove:
			author.Kind = NoticePostApproved
		}
		if author.Kind != "" {
			if err := s.notify(ctx, author, p.AuthorID); err != nil {
				return err
			}
		}
		outcome := told
		outcome.Kind, outcome.Detail = NoticeReportOutcome, action
		if err := s.notify(ctx, outcome, reporters...); err != nil {
			return err
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: "network.post." + action, TargetType: "network_post", TargetID: postID, Detail: reason})
	})
}

// Block stops an account posting, joining and commenting anywhere in the network; unblock
// lifts it.
func (s *Service) Block(ctx context.Context, u *web.User, accountID, reason string, block bool) error {
	reason = strings.TrimSpace(reason)
	if block && reason == "" {
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_missing"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		var n int
		if err := s.DB.QueryRow(ctx, `SELECT count(*) FROM accounts WHERE id = $1`, accountID).Scan(&n); err != nil || n == 0 {
			return notFoundOr(err)
		}
		var err error
		if block {
			_, err = s.DB.Exec(ctx, `INSERT INTO network_blocks (account_id, reason, blocked_by, blocked_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (account_id) DO UPDATE SET reason = excluded.reason`, accountID, reason, u.ID, s.DB.Now(ctx))
		} else {
			_, err = s.DB.Exec(ctx, `DELETE FROM network_blocks WHERE account_id = $1`, accountID)
		}
		if err != nil {
			return err
		}
		action := "network.account.unblock"
		if block {
			action = "network.account.block"
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: action, TargetType: "account", TargetID: accountID, Detail: reason})
	})
}
